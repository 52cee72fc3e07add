"""A proposed strategy from what the brand publishes (``profile learn`` without a strategy).

From the brand's approved posts, :func:`propose` gives, for a person to review:

- 2-8 **pillars** (one when no two clusters of :data:`MIN_CLUSTER` posts exist): clusters of the posts (k-means on the centred sentence embeddings, k chosen
  by the silhouette; clusters under :data:`MIN_CLUSTER` posts join their nearest neighbour),
  each with an id and a description from its most distinctive terms (class-based tf-idf, as
  BERTopic does: ``tf(t, c) * log(1 + A / f(t))``, A the average number of words per cluster,
  f(t) the term's frequency over all clusters), 3-5 representative posts (closest to the
  cluster's centre) as examples, and its share of the posts;
- a **proposition** naming what the pillars are about;
- the brand's **signature terms**: words in many of its posts and rare in the shipped generic
  and other-sector posts (candidates for ``lexicon.preferred``);
- the **voice in words** ("short, casual, speaks as 'we', asks questions, emoji rare") from the
  mean style traits.

Everything is marked as proposed: ``learned.proposal`` says so and holds the shares and terms;
the strategy stays the team's decision. numpy and scikit-learn are imported lazily.
"""
from __future__ import annotations

import math
import re
from collections import Counter

MIN_CLUSTER = 5          # smaller clusters join their nearest one
MIN_SHARE = 0.04         # ... and k is at most 1 / MIN_SHARE
MAX_PILLARS = 8
TOP_TERMS = 5
SILHOUETTE_SLACK = 0.95
COMMON_SHARE = 0.25
MIN_TERM_SHARE = 0.04   # a pillar's term is in at least this share of its posts (and 2)
_MENTION = re.compile(r"[@＠]\w+")
_HASHTAG = re.compile(r"[#＃](\w+)")
#: A cluster whose posts have at most this many content words (median) has no topic: it is the
#: brand talking with people ("We love you!", "Have a great weekend!"). Its terms were whatever
#: two of its posts shared ("grail, holy", "morning, tonight"); it is proposed as one
#: conversation pillar, said as such.
CONVERSATION_TERMS = 3
_WORDS = {"en": {"about": "Posts about {}.", "and": "and", "publishes": "{} publishes about {}.",
                 "conversation": "Conversation with the community: thanks, greetings and short replies.",
                 "talks": "{} talks with its community."},
          "fr": {"about": "Posts sur {}.", "and": "et", "publishes": "{} publie sur {}.",
                 "conversation": "Conversation avec la communauté : remerciements, salutations et réponses courtes.",
                 "talks": "{} échange avec sa communauté."}}


def _terms(text: str, lang: str, names=None, generic=frozenset()) -> list[str]:
    """Content words of a post, without mentions, links, the brand's name and generic words
    (an English possessive is its noun: "account's" is "account")."""
    from .space import content_words, neutral_text
    words = content_words(_MENTION.sub(" ", neutral_text(text, names)), lang)
    if lang == "en":        # "that's", "here's" are "that is": the head is a function word
        from voicelint.nlp import style
        stop = style.FUNCTION_WORDS.get(lang, ())
        words = [w[:-2] if w.endswith("'s") and len(w) > 4 else w for w in words]
        words = [w for w in words if w not in stop]
    return [w for w in words if w not in generic]


#: Parts of speech that name what a post is about: a pillar is described by them, not by verbs
#: and adverbs ("want", "definitely", "veux", "suis") that every kind of post uses.
TOPICAL_POS = frozenset({"NOUN", "PROPN", "ADJ"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
MIN_TERMS = 2           # a description falls back on other words only to reach this many
GREETINGS = frozenset({"hi", "hey", "hello", "dear", "thanks", "bonjour", "salut", "coucou", "merci"})
SIGN_OFFS = frozenset({"^", "-", "–", "—", "~"})     # a care agent signs "^Brian", "-JG"
NAME = -1.0


def topical_shares(texts: list[str], nlp) -> dict[str, float]:
    """For each lower-case word of ``texts``, the share of its occurrences that spaCy's tagger
    tags as a noun, proper noun or adjective (:data:`TOPICAL_POS`); :data:`NAME` for a person's
    name (after a greeting, or an agent's sign-off), which never describes a pillar."""
    return pos_shares(texts, nlp)[0]


def pos_shares(texts: list[str], nlp) -> tuple[dict[str, float], dict[str, float]]:
    """(:func:`topical_shares`, the share of each word's occurrences tagged a noun or proper
    noun). Nouns name what a post is about; an adjective ("glad", "awesome") is often how it
    says it, so a pillar is described by nouns first (:func:`propose`)."""
    hits: Counter = Counter()
    noun: Counter = Counter()
    seen: Counter = Counter()
    greeted: set[str] = set()
    for doc in nlp.pipe([_MENTION.sub(" ", t) for t in texts], batch_size=64):
        prev = ""
        for tok in doc:
            w = tok.lower_.replace("’", "'")
            seen[w] += 1
            hits[w] += tok.pos_ in TOPICAL_POS
            noun[w] += tok.pos_ in NOUN_POS
            if (prev in GREETINGS and tok.pos_ == "PROPN") or prev in SIGN_OFFS:
                greeted.add(w)          # "Hi Liz!", "^ Brian": a name, not what a pillar is about
            elif len(w) > 1 and w[0] in SIGN_OFFS:
                greeted.add(w[1:])      # "-Brian", "^Rad" (one token)
            prev = w
    shares = {w: hits[w] / n for w, n in seen.items()}
    shares.update(dict.fromkeys(greeted, NAME))
    return shares, {w: noun[w] / n for w, n in seen.items()}


def brand_words(name: str | None) -> frozenset:
    """The words of the brand's name (4 letters or more, without accents): "Benoît Hamon 2017"
    gives benoit, hamon."""
    from .text import _strip_accents
    return frozenset(w for w in re.findall(r"[^\W\d_]+", _strip_accents((name or "").lower())) if len(w) >= 4)


def of_brand(word: str, own: frozenset) -> bool:
    """A term that holds the brand's name ("hamonelysee", a campaign's hashtag) is the brand's
    signature, not what one pillar is about."""
    from .text import _strip_accents
    w = _strip_accents(word.lower())
    return any(n in w for n in own)


#: A word of at least this many shipped generic posts is form, not content ("team", "hear",
#: "help"). One post is not enough: the ~150 generic posts use ~370 content words once each
#: ("product", "care", "collection"), which is what a care or a product pillar is about.
GENERIC_MIN_POSTS = 3


def generic_words(lang: str) -> frozenset:
    """Words of the shipped generic background (form, not content: "glad", "hear", "reach"):
    those in :data:`GENERIC_MIN_POSTS` of its posts or more."""
    from voicelint.judgement.voice.model import load_background
    df = Counter(w for t in load_background(lang) for w in set(_terms(t, lang)))
    return frozenset(w for w, k in df.items() if k >= GENERIC_MIN_POSTS)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_WORDS[lang]['and']} " + items[-1]


def ctfidf(docs_terms: list[list[str]], labels, top: int = TOP_TERMS) -> dict[int, list[tuple[str, float]]]:
    """The most distinctive terms of each cluster (class-based tf-idf); a term must occur in
    at least two posts of the cluster, and in a larger cluster in :data:`MIN_TERM_SHARE` of them
    (a customer's name in two replies does not describe thirty)."""
    per: dict[int, Counter] = {}
    df: dict[int, Counter] = {}
    sizes = Counter(int(c) for c in labels)
    for terms, c in zip(docs_terms, labels):
        per.setdefault(int(c), Counter()).update(terms)
        df.setdefault(int(c), Counter()).update(set(terms))
    total = Counter()
    for cnt in per.values():
        total.update(cnt)
    avg = sum(total.values()) / max(1, len(per))
    out = {}
    for c, cnt in per.items():
        n = sum(cnt.values()) or 1
        size = sizes[c]
        need = max(2, math.ceil(MIN_TERM_SHARE * size))
        scores = [(t, (k / n) * math.log(1 + avg / total[t])) for t, k in cnt.items() if df[c][t] >= need]
        if not scores:      # a small cluster with no shared word: its words, once each
            scores = [(t, (k / n) * math.log(1 + avg / total[t])) for t, k in cnt.items()]
        scores.sort(key=lambda x: (-x[1], x[0]))
        out[c] = [(t, round(s, 4)) for t, s in scores[:top]]
    return out


def _cluster(X, seed: int):
    """Labels of k-means with k in 2..8 chosen by the cosine silhouette."""
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    n = len(X)
    best = None
    runs = []
    for k in range(2, min(MAX_PILLARS, n // max(MIN_CLUSTER, round(MIN_SHARE * n))) + 1):
        lab = _merge_small(X, KMeans(n_clusters=k, n_init=4, random_state=seed).fit_predict(X))
        if len(set(lab.tolist())) >= 2:
            runs.append((float(silhouette_score(X, lab, metric="cosine")), k, lab))
    if not runs:
        return np.zeros(n, dtype=int), None
    # sentence-embedding silhouettes are flat: the most pillars within 5 % of the best one
    top = max(r[0] for r in runs)
    best = max((r for r in runs if r[0] >= SILHOUETTE_SLACK * top), key=lambda r: r[1])
    return best[2], round(best[0], 4)


def _conversation(labels, terms: list[list[str]]):
    """(labels, the conversation cluster or None): the clusters whose posts have a median of at
    most :data:`CONVERSATION_TERMS` content words, merged into one, unless every cluster is such
    (then there is nothing to tell apart)."""
    import numpy as np
    labels = np.asarray(labels).copy()
    clusters = sorted(set(labels.tolist()))
    talk = [c for c in clusters
            if float(np.median([len(set(terms[i])) for i in np.flatnonzero(labels == c)])) <= CONVERSATION_TERMS]
    if not talk or len(talk) == len(clusters):
        return labels, None
    merged = np.isin(labels, talk)
    labels[merged] = talk[0]
    _, labels = np.unique(labels, return_inverse=True)
    return labels, int(labels[int(np.flatnonzero(merged)[0])])


def _merge_small(X, labels):
    import numpy as np
    labels = np.asarray(labels).copy()
    while True:
        sizes = Counter(labels.tolist())
        small = [c for c, s in sizes.items() if s < max(MIN_CLUSTER, MIN_SHARE * len(labels))]
        if not small or len(sizes) <= 1:
            break
        c = min(small, key=lambda x: (sizes[x], x))
        cent = {d: X[labels == d].mean(axis=0) for d in sizes if d != c}
        mine = X[labels == c].mean(axis=0)
        nearest = max(cent, key=lambda d: (float(cent[d] @ mine), -d))
        labels[labels == c] = nearest
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def signature_terms(texts: list[str], lang: str, names=None, top: int = 10,
                    topical: dict[str, float] | None = None) -> list[str]:
    """Words in many of the brand's posts and rare in the shipped generic / other-sector posts:
    candidates for ``lexicon.preferred``. With ``topical`` (:func:`topical_shares`), a person's
    name (a care agent's sign-off, "-Danny": :data:`NAME`) and a word mostly used as a verb or
    an adverb ("veux", "propose") are left out, unless the brand uses it as a hashtag; spellings
    of one word that differ only by their accents ("legranddébat", "legranddebat") count as one,
    under the most used."""
    from .calibration import load_sectors
    from .text import _strip_accents
    from voicelint.judgement.voice.model import load_background
    ref = [t for _, t in load_sectors(lang)] + list(load_background(lang))
    posts = [set(_terms(x, lang, names)) for x in texts]
    if topical is not None:     # a hashtag is the brand's word whatever the tagger makes of it
        tags = {_strip_accents(t.lower()) for x in texts for t in _HASHTAG.findall(x)}
        posts = [{w for w in ws if topical.get(w) != NAME and (_topical(w, topical) or _strip_accents(w) in tags)}
                 for ws in posts]
    used = Counter(w for ws in posts for w in ws)
    spelling: dict[str, str] = {}
    for w, _ in sorted(used.items(), key=lambda x: (-x[1], x[0])):
        spelling.setdefault(_strip_accents(w), w)
    own_df = Counter(k for ws in posts for k in {_strip_accents(w) for w in ws})
    ref_df = Counter(k for x in ref for k in {_strip_accents(w) for w in _terms(x, lang)})
    n, m = len(texts), max(1, len(ref))
    floor = max(3, math.ceil(0.02 * n))
    scored = [(spelling[w], math.log((k / n) / ((ref_df[w] + 0.5) / m))) for w, k in own_df.items() if k >= floor]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return [w for w, s in scored[:top] if s > 0]


def voice_in_words(stats: dict, lang: str) -> str:
    """The mean style traits said in a few words."""
    def m(name):
        return float((stats.get(name) or {}).get("mean", 0.0))
    fr = lang == "fr"
    out = []
    n = m("post_len")
    out.append(("court" if fr else "short") if n < 120 else ("moyen" if fr else "medium-length") if n < 280
               else ("long" if fr else "long"))
    f = m("formality")
    out.append(("familier" if fr else "casual") if f < 0.4 else ("soutenu" if fr else "formal") if f > 0.6
               else ("neutre" if fr else "neutral register"))
    if m("person_we") >= max(0.01, m("person_i")):
        out.append("parle en « nous »" if fr else "speaks as 'we'")
    elif m("person_i") >= 0.01:
        out.append("parle en « je »" if fr else "speaks as 'I'")
    if fr and max(m("address_tu"), m("address_vous")) >= 0.01:
        out.append("tutoie" if m("address_tu") > m("address_vous") else "vouvoie")
    elif not fr and m("address_you") >= 0.02:
        out.append("talks to 'you'")
    if m("question") >= 0.25:
        out.append("pose des questions" if fr else "asks questions")
    e = m("emoji")
    out.append(("sans emoji" if fr else "no emoji") if e < 0.05 else ("emoji rares" if fr else "emoji rare")
               if e < 0.4 else ("emoji fréquents" if fr else "emoji often"))
    if m("exclamation") >= 0.5:
        out.append("s'exclame souvent" if fr else "exclaims often")
    if m("hashtags") >= 1.0:
        out.append("hashtags" if fr else "uses hashtags")
    if m("mentions") >= 0.5:
        out.append("répond aux gens (@mentions)" if fr else "replies to people (@mentions)")
    return ", ".join(out)


#: Words of the calendar: when a post is published, not what a pillar is about ("jeudi",
#: "semaines" described a cosmetics brand's pillars).
CALENDAR = frozenset("""
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février fevrier mars avril mai juin
juillet août aout septembre octobre novembre décembre decembre jour jours semaine semaines mois an
ans année années annee annees heure heures minute minutes soir soirs matin matins week-end weekend
aujourd'hui demain hier
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december day days week weeks weekend month months year years
hour hours minute minutes today tomorrow tonight yesterday morning mornings evening evenings
""".split())


def singulars(words: list[str]) -> list[str]:
    """``words`` without a plural whose singular is there too ("bike", "bikes": "bike"), in
    order; the first spelling stays."""
    seen: set[str] = set()
    out = []
    for w in words:
        stem = w[:-1] if len(w) > 3 and w[-1] in "sx" else w
        if w in seen or stem in seen:
            continue
        seen.update({w, stem})
        out.append(w)
    return out


#: Two of a pillar's terms are one name ("puerto rico", "service client") when at least this share
#: of the cluster's posts that use the first have the second right beside it.
PHRASE_SHARE = 0.6


def phrases(words: list[str], docs: list[str]) -> list[str]:
    """``words`` (a pillar's terms, best first) with two that its posts (``docs``) write side by
    side as one name merged into it, in the order they are written: "puerto", "rico" is "puerto
    rico" (as BERTopic's n-gram c-TF-IDF would find), which a reader takes for a place, not two
    topics. A term joins at most one other."""
    low = [d.lower().replace("’", "'") for d in docs]
    uses = {w: [d for d in low if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", d)] for w in words}
    out: list[str] = []
    taken: set[str] = set()
    for i, a in enumerate(words):
        if a in taken:
            continue
        merged = a
        for b in words[i + 1:]:
            if b in taken:
                continue
            for first, second in ((a, b), (b, a)):
                pat = re.compile(rf"(?<!\w){re.escape(first)}[\s-]+{re.escape(second)}(?!\w)")
                side = sum(bool(pat.search(d)) for d in uses[first])
                if side >= 2 and side >= PHRASE_SHARE * len(uses[first]):
                    merged = f"{first} {second}"
                    break
            if merged != a:
                taken.add(b)
                break
        taken.add(a)
        out.append(merged)
    return out


def _slug(terms: list[str], used: set) -> str:
    from .space import _strip_accents
    base = "-".join(re.sub(r"[^a-z0-9]+", "", _strip_accents(t).lower()) for t in terms[:2]) or "pillar"
    slug, i = base, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def _topical(word: str, shares: dict[str, float] | None) -> bool:
    """Is ``word`` mostly a noun or adjective? A contraction the tagger split ("you've") is
    judged by its head; a word the tagger never saw alone is kept."""
    if shares is None:
        return True
    share = shares.get(word)
    if share is None and "'" in word:
        share = shares.get(word.split("'")[0])
    return share is None or share >= 0.5


def propose(texts: list[str], lang: str, embedder, name: str, stats: dict | None = None,
            seed: int = 0, topical: dict[str, float] | None = None,
            nouns: dict[str, float] | None = None) -> tuple[dict, dict]:
    """(profile keys to add: proposition and pillars, the ``learned.proposal`` block).
    ``topical`` (:func:`topical_shares`) keeps a pillar's description to words mostly used as
    nouns or adjectives, nouns first when ``nouns`` (:func:`pos_shares`) is given; without it
    every content word may describe a pillar."""
    import numpy as np
    from .space import norm_text, neutral_text, trait_stats
    from voicelint.judgement.voice.model import load_background
    lang = lang if lang in _WORDS else "en"
    texts = [norm_text(t) for t in texts if norm_text(t)]
    if len(texts) < 2 * MIN_CLUSTER:
        return {}, {"skipped": f"too few approved posts to propose pillars ({len(texts)}; "
                               f"at least {2 * MIN_CLUSTER} are needed)"}
    names = re.compile(rf"(?<![\w@]){re.escape(name)}(?!\w)", re.I) if name and name.strip() else None
    generic = generic_words(lang)
    terms = [_terms(t, lang, names, generic) for t in texts]
    df = Counter(w for ts in terms for w in set(ts))
    # a word in over a quarter of the posts is the brand's (a signature term), not a pillar's
    common = {w for w, k in df.items() if k > COMMON_SHARE * len(texts)}
    own = brand_words(name)
    terms_desc = [[w for w in ts if w not in common and (topical is None or topical.get(w, 1.0) != NAME)
                   and not of_brand(w, own) and w not in CALENDAR] for ts in terms]
    E = embedder.encode([neutral_text(t) for t in texts]).astype(np.float64)
    bg = list(load_background(lang))
    if bg:
        E = E - embedder.encode(bg).astype(np.float64).mean(axis=0)
    E /= np.where(np.linalg.norm(E, axis=1, keepdims=True) > 0, np.linalg.norm(E, axis=1, keepdims=True), 1)
    labels, silhouette = _cluster(E, seed)
    labels, talk = _conversation(labels, terms)
    top = ctfidf(terms_desc, labels)
    if topical is not None:     # nouns, then adjectives; other words only to reach MIN_TERMS
        tiers = [ctfidf([[w for w in ts if _topical(w, topical)] for ts in terms_desc], labels)]
        if nouns is not None:
            tiers.insert(0, ctfidf([[w for w in ts if _topical(w, nouns)] for ts in terms_desc], labels))
        for c, ranked in top.items():
            chosen: list = []
            for tier in tiers:
                chosen += [(t, sc) for t, sc in tier.get(c, []) if t not in {x for x, _ in chosen}]
            chosen = chosen[:TOP_TERMS]
            if len(chosen) < MIN_TERMS:
                chosen += [(t, sc) for t, sc in ranked if t not in {x for x, _ in chosen}][:MIN_TERMS - len(chosen)]
            top[c] = chosen
    order = sorted(set(labels.tolist()), key=lambda c: (-int((labels == c).sum()), c))
    pillars, info, used = [], {}, set()
    for c in order:
        idx = np.flatnonzero(labels == c)
        words = singulars(phrases([t for t, _ in top.get(c, [])], [texts[i] for i in idx]))
        if not words:       # only generic or brand-wide words: the cluster's most frequent ones
            words = [w for w, _ in Counter(w for i in idx for w in terms[i]).most_common(TOP_TERMS)]
        cent = E[idx].mean(axis=0)
        ranked = idx[np.argsort(-(E[idx] @ cent))]
        rich = [i for i in ranked if len(terms[i]) >= 4] + [i for i in ranked if len(terms[i]) < 4]
        k = 5 if len(idx) >= 20 else 3
        examples, seen = [], set()
        for i in rich:
            if texts[i].lower() not in seen:
                seen.add(texts[i].lower())
                examples.append(texts[i])
            if len(examples) == k:
                break
        if c == talk:
            pid, words = _slug(["conversation"], used), []
            desc = _WORDS[lang]["conversation"]
        else:
            pid = _slug(words, used)
            desc = _WORDS[lang]["about"].format(_join(words, lang)) if words else None
        p = {"id": pid}
        if desc:
            p["description"] = desc
        if words:
            p["keywords"] = words
        p["examples"] = examples
        p["share"] = round(len(idx) / len(texts), 2)     # the brand's mix: VL405/VL406 expect it
        pillars.append(p)
        info[pid] = {"share": round(len(idx) / len(texts), 3), "posts": int(len(idx)),
                     "terms": [{"term": t, "score": s} for t, s in top.get(c, [])] if c != talk else []}
        if c == talk:
            info[pid]["kind"] = "conversation"
    lead = []
    for p in pillars:
        for w in (p.get("keywords") or [])[:2]:
            if w not in lead:
                lead.append(w)
    proposition = (_WORDS[lang]["publishes"].format(name, _join(lead[:6], lang)) if lead
                   else _WORDS[lang]["talks"].format(name) if talk is not None else None)
    stats = stats or trait_stats(texts, lang)
    keys = {"pillars": pillars}
    if proposition:
        keys["proposition"] = proposition
    block = {
        "status": "proposed",
        "note": ("proposition and pillars were proposed from the brand's published posts by "
                 "`profile learn`: review them, rename, merge or drop pillars, then delete this note"),
        "from_posts": len(texts), "silhouette": silhouette,
        "pillars": info,
        "signature_terms": signature_terms(texts, lang, names, topical=topical),
        "voice": voice_in_words(stats, lang),
    }
    return keys, block
