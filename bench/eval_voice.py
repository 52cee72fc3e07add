"""Benchmark of the learned brand voice, single post: does a post sound like the brand?

For each brand of a group, learn its voice from ``--per-brand`` of its posts (fewer when it has
few, always keeping at least 20 unseen) plus ``--peers`` posts of the other brands of its group
(as competitors; the shipped generic background is added as usual), then judge posts that were
never seen in training: the brand's own (false alarms) and its peers' (detections), plus the
single-post ROC AUC own-vs-peers of the VL210 score.

Two modes:

- ``--mode check`` (default, what a user gets): ``voicelint profile learn`` writes a profile from
  the approved and the competitors' posts (``learn.learn_profile``, the command's own code), then
  the real check runs on the unseen posts (``voicelint.api.run``, rule and semantic checks, set
  checks VL5xx left out: this is single-post judgement, sets are bench/eval_drift.py). A post is
  **flagged when any warning or error lands on it**. The VL210-only columns say how much of it is
  the voice model. Posts are written as an X calendar (platform twitter), after removing two
  artefacts of the API dump the dev set comes from: HTML entities are unescaped (the API escapes
  ``&``, ``<`` and ``>``), and the t.co link the API appends to a tweet with a photo, a video or a
  quoted tweet is dropped when the tweet is over X's limit with it and not without (X does not
  count it; an author drafting the post does not write it). The number of posts touched is
  printed.
- ``--mode model`` (fast, for iterating on ``voicelint.judgement.voice.model``): the learned
  :class:`~voicelint.judgement.voice.model.VoiceModel` alone; flagged = scored below its threshold.

    PYTHONPATH=src python bench/eval_voice.py --data ../shared/data/brand_posts_dev.jsonl \
        [--seed 0] [--mode check|model] [--per-brand 100] [--no-embeddings] [--params '{"C": 1.0}']

Derived groups (``DERIVED``; ``--mode check`` only): another group's accounts, their posts rewritten
into another platform's shape, because a rule whose learned limit holds on tweets may break on other
post shapes. Each rewrite is deterministic (seeded by the account and the post, the same for every
``--seed``, which splits the rewritten posts as usual) and keeps a brand's habits a brand's habits
(its hashtag pool, its rates of emoji, calls to action, links...), drawn from its name, so a
learned profile can learn them and peers differ:

- ``tiktok_fr`` (platform tiktok, :func:`tiktok_caption`): the French accounts' posts as long,
  hashtag-heavy TikTok captions (3-10 hashtags a caption on average, a long tail), calls to action,
  written-out links now and then;
- ``instagram_en`` (platform instagram, :func:`instagram_caption`): the English care and skincare
  accounts' posts as Instagram captions: one sentence a line, runs of the account's emoji, a block
  of 5-25 hashtags at the end from its own pool (name, hashtags, frequent words) and generic tags,
  "link in bio" and other calls to action, @mentions of its sister accounts;
- ``linkedin_fr`` (platform linkedin, :func:`linkedin_post`): the French accounts' posts as
  LinkedIn posts of 2-4 of the account's posts (paragraphs, one as bullet lines with the
  account's bullet, "→" or an emoji), a question at the end, 0-5 hashtags added to the posts' own,
  a link to the account's site now and then. Its posts share paragraphs, so unseen posts share
  some with approved ones: VL210's figures on it flatter the voice model; it is there for the
  rules.

The embedding back end is the usual one (``$VOICELINT_EMBEDDING_BACKEND``: auto, numpy or torch;
both give the same vectors, each has its own namespace in the cache). The data file is read by
path only (see ../shared/data/README.md). Embeddings are cached in ``--cache-dir`` (default
.voicelint_cache/), so reruns do not load the model.
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from voicelint.judgement.voice.model import VoiceModel, auc as _auc  # noqa: E402

GROUPS = {
    "care_en": ["AppleSupport", "SpotifyCares", "AirAsiaSupport", "McDonalds", "NikeSupport",
                "Walmart", "AskRBC"],
    "skincare_en": ["cerave", "esteelauder", "neutrogena", "skinceuticals", "dermalogica"],
    "fr": None,  # every French account; those with < MIN_TRAIN_POSTS posts are peers only
}
#: Groups made from another group's accounts, their posts rewritten for another platform:
#: name -> (language of the accounts, platform, rewrite). See tiktok_caption.
DERIVED = {"tiktok_fr": ("fr", "tiktok", "tiktok_caption"),
           "instagram_en": (("care_en", "skincare_en"), "instagram", "instagram_caption"),
           "linkedin_fr": ("fr", "linkedin", "linkedin_post")}
MIN_TRAIN_POSTS = 30
MIN_UNSEEN = 20
TARGETS = {"fa": 0.05, "det": 0.90, "auc": 0.95}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="brand_posts_dev.jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mode", choices=("check", "model"), default="check",
                    help="check: profile learn + the real check, any warning/error flags a post "
                         "[default]; model: the voice model alone")
    ap.add_argument("--per-brand", type=int, default=100, help="own posts to learn from")
    ap.add_argument("--peers", type=int, default=100, help="peer posts to learn from")
    ap.add_argument("--test-own", type=int, default=300, help="max unseen own posts scored")
    ap.add_argument("--test-per-peer", type=int, default=60,
                    help="max unseen posts scored per peer brand")
    ap.add_argument("--target-fa", type=float, default=0.03)
    ap.add_argument("--groups", default="care_en,skincare_en,fr,tiktok_fr",
                    help="comma-separated; tiktok_fr: the French accounts' posts as long, "
                         "hashtag-heavy TikTok captions (platform tiktok); instagram_en: the "
                         "English accounts' posts as Instagram captions; linkedin_fr: the French "
                         "accounts' posts as LinkedIn posts (see DERIVED)")
    ap.add_argument("--no-embeddings", action="store_true", help="char n-grams + style only")
    ap.add_argument("--no-background", action="store_true")
    ap.add_argument("--no-proposal", action="store_true",
                    help="profile learn --no-proposal: no proposed strategy, VL4xx stay off "
                         "(the default is what `profile learn` does: propose one)")
    ap.add_argument("--params", default="{}", help="JSON overrides of voicelint.judgement.voice.model.DEFAULTS")
    ap.add_argument("--cache-dir", default=".voicelint_cache")
    ap.add_argument("--model", default=None, help="embedding model (default: all-MiniLM-L6-v2)")
    ap.add_argument("--per-brand-table", action="store_true", help="print one row per brand")
    ap.add_argument("--json", help="also write the results as JSON here")
    return ap.parse_args(argv)


def load(path):
    by_brand = defaultdict(list)
    lang_of = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                by_brand[row["brand"]].append(row["text"])
                lang_of[row["brand"]] = row["lang"]
    return by_brand, lang_of


def split_brand(brand, by_brand, peers, args):
    rng = random.Random(f"{args.seed}:{brand}")
    own = sorted(by_brand[brand])
    rng.shuffle(own)
    n_train = min(args.per_brand, len(own) - MIN_UNSEEN)
    train_own, test_own = own[:n_train], own[n_train:][: args.test_own]
    pool = []
    for p in peers:
        posts = sorted(by_brand[p])
        random.Random(f"{args.seed}:{brand}:{p}").shuffle(posts)
        pool.extend((p, t) for t in posts)
    rng.shuffle(pool)
    train_peer_items = pool[: args.peers]
    seen = {id(x) for x in train_peer_items}
    test_peers, per_peer = [], defaultdict(int)
    for item in pool[args.peers:]:
        if id(item) in seen or per_peer[item[0]] >= args.test_per_peer:
            continue
        per_peer[item[0]] += 1
        test_peers.append(item[1])
    # never score a text that was in training (duplicates across brands are possible)
    train_set = set(train_own) | {t for _, t in train_peer_items}
    test_own = [t for t in test_own if t not in train_set]
    test_peers = [t for t in test_peers if t not in train_set]
    return train_own, [t for _, t in train_peer_items], test_own, test_peers


# ----------------------------------------------------------------------- the dev set as drafts

_TRAILING_TCO = re.compile(r"\s*https://t\.co/\w+\s*$")


def as_drafted(text: str) -> tuple[str, bool]:
    """The post as its author would draft it (see the module docstring); True when changed."""
    from voicelint.checks.length import count

    out = html.unescape(text)
    if count(out, "twitter")[0] > 280:
        cut = _TRAILING_TCO.sub("", out)
        if cut != out and count(cut, "twitter")[0] <= 280:
            out = cut
    return out, out != text


def _write_calendar(path: Path, texts, platform: str = "twitter") -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"id": f"{path.stem}-{i}", "platform": platform, "text": t},
                                ensure_ascii=False) + "\n")


# ------------------------------------------------------------------ a TikTok-like group (derived)

_TCO = re.compile(r"\s*https?://t\.co/\w+")
_HASHTAG = re.compile(r"#\w+")
_WORD = re.compile(r"(?u)\b[^\W\d_]{5,}\b")
#: Tags every French news/politics TikTok caption may carry (no account owns them).
TIKTOK_TAGS_FR = ["#pourtoi", "#fyp", "#actu", "#france", "#politique", "#info", "#viral",
                  "#tiktokfrance", "#debat", "#presidentielle", "#election", "#apprendresurtiktok"]
#: Calls to action of TikTok captions (every account draws from the same ones, at its own rates).
TIKTOK_CTA_FR = ["Abonne-toi pour ne rien rater 👉", "Dis-nous en commentaire ce que tu en penses 👇",
                 "Partage si tu es d'accord !", "La suite en vidéo 🎥", "Lien en bio 🔗",
                 "Et vous, qu'en pensez-vous ?"]


def _poisson(rng: random.Random, lam: float) -> int:
    k, p, limit = 0, 1.0, pow(2.718281828459045, -lam)
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def tiktok_caption(brand: str, texts: list[str]) -> list[str]:
    """The account's posts as long, hashtag-heavy TikTok captions (seed-independent: this is the
    group's data, every seed splits the same captions).

    Each account gets its own habits, drawn from its name: a mean number of hashtags (3 to 10, the
    count of one caption is Poisson with a gamma-distributed mean, so it has a long tail: 15-25
    now and then), a rate of calls to action and a rate of written-out links (TikTok links are not
    clickable: VL305). Hashtags come from the post's own words, the account's hashtags and
    generic tags. The tweets' t.co links are dropped (a caption has none)."""
    import zlib

    h = zlib.crc32(brand.encode("utf-8"))
    lam, cta_rate, link_rate = 3 + h % 8, 0.15 + 0.1 * ((h >> 3) % 4), 0.02 * ((h >> 5) % 4)
    own_tags = sorted({m.lower() for t in texts for m in _HASHTAG.findall(t)}) or ["#" + brand.lower()]
    out = []
    for i, text in enumerate(texts):
        rng = random.Random(f"tiktok:{brand}:{i}")
        body = _TCO.sub("", text).strip()
        words = ["#" + w.lower() for w in _WORD.findall(body)]
        n = _poisson(rng, lam * rng.gammavariate(2.0, 0.5))
        tags: list[str] = []
        for _ in range(n):
            r = rng.random()
            pool = words if r < 0.4 and words else own_tags if r < 0.7 else TIKTOK_TAGS_FR
            tag = rng.choice(pool)
            if tag not in tags and tag.lower() not in body.lower():
                tags.append(tag)
        parts = [body]
        if rng.random() < cta_rate:
            parts.append(rng.choice(TIKTOK_CTA_FR))
        if rng.random() < link_rate:
            parts.append(f"www.{re.sub(r'[^a-z]', '', brand.lower())}.fr")
        if tags:
            parts.append(" ".join(tags))
        out.append("\n\n".join(parts))
    return out


# ------------------------------------------- Instagram- and LinkedIn-like groups (derived)

_LEAD_MENTIONS = re.compile(r"^(?:\s*@\w+)+\s*")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_STOP_EN = {"about", "after", "again", "could", "there", "their", "these", "thank", "thanks",
            "please", "which", "would", "where", "while", "other", "being", "should", "still"}
#: Tags any English Instagram caption may carry (no account owns them).
IG_TAGS_EN = ["#instagood", "#photooftheday", "#love", "#selfcare", "#tips", "#motivation",
              "#happy", "#beauty", "#lifestyle", "#instadaily", "#community", "#newpost",
              "#weekendvibes", "#mondaymotivation", "#reels", "#explore", "#trending", "#follow",
              "#goodvibes", "#qualitytime"]
IG_EMOJI = ["✨", "💙", "🙌", "😊", "💧", "🌿", "🔥", "💕", "👉", "🎉", "☀️", "💪", "👏", "🙏",
            "❤️", "😍", "🌸", "💯", "⭐", "📱", "✈️", "🍔", "👟", "🛒", "🎧", "💳"]
IG_CTA_EN = ["Link in bio 🔗", "Tap the link in bio to learn more.", "More at the link in bio.",
             "Tag a friend who needs this 👇", "Save this for later 📌", "Tell us in the comments 👇"]
IG_HANDLE_SUFFIX = ["_uk", "_ca", "team", "_official", "careers", "_au", "partners"]


def _brand_pool(brand: str, texts: list[str], size: int) -> list[str]:
    """The account's own hashtags: its name, its hashtags, its most frequent long words."""
    from collections import Counter

    name = re.sub(r"[^a-z]", "", brand.lower())
    words = Counter(w.lower() for t in texts for w in _WORD.findall(_TCO.sub("", t))
                    if w.lower() not in _STOP_EN and w.lower() != name)
    frequent = [w for w, _ in sorted(words.items(), key=lambda x: (-x[1], x[0]))][:size]
    own = sorted({m.lower() for t in texts for m in _HASHTAG.findall(t)})
    return [f"#{name}", f"#{name}love", f"#team{name}"] + own + ["#" + w for w in frequent]


def instagram_caption(brand: str, texts: list[str]) -> list[str]:
    """The account's posts as Instagram captions (seed-independent, as tiktok_caption).

    The reply's leading @handles and the tweets' t.co links are dropped; each sentence goes on its
    own line. Each account gets its own habits, drawn from its name: a number of hashtags per
    caption (a mean of 5 to 20, a spread of 1 to 4, kept within 5-25), in a block at the end,
    drawn from its own pool (its name, its hashtags, its most frequent words) at a rate of its own
    (40-80 %), the rest from generic tags; 4 emoji of its own, in runs of 1-4 at line ends (a mean
    of 0.3 to 2.3 runs a caption); a rate of "link in bio" and other calls to action (5-35 %),
    and of @mentions of its sister accounts (5-35 %); some accounts space the hashtag block with
    a line of dots."""
    import zlib

    h = zlib.crc32(brand.encode("utf-8"))
    mu, sd = 5 + h % 16, 1 + (h >> 4) % 4
    own_share, emoji_rate = 0.4 + 0.1 * ((h >> 6) % 5), 0.3 + 0.4 * ((h >> 9) % 6)
    cta_rate, mention_rate = 0.05 + 0.1 * ((h >> 12) % 4), 0.05 + 0.1 * ((h >> 14) % 4)
    dots = (h >> 16) % 3 == 0
    brng = random.Random(f"instagram:{brand}")
    emoji = brng.sample(IG_EMOJI, 4)
    pool = _brand_pool(brand, texts, 20)
    name = re.sub(r"[^a-z]", "", brand.lower())
    handles = [f"@{name}{s}" for s in brng.sample(IG_HANDLE_SUFFIX, 3)]
    out = []
    for i, text in enumerate(texts):
        rng = random.Random(f"instagram:{brand}:{i}")
        body = _LEAD_MENTIONS.sub("", _TCO.sub("", text)).strip() or text.strip()
        lines = [s.strip() for s in _SENTENCE.split(body) if s.strip()]
        for _ in range(_poisson(rng, emoji_rate)):
            j = rng.randrange(len(lines))
            lines[j] += " " + "".join(rng.choice(emoji) for _ in range(1 + min(3, _poisson(rng, 0.8))))
        parts = ["\n".join(lines)]
        if rng.random() < cta_rate:
            parts.append(rng.choice(IG_CTA_EN))
        if rng.random() < mention_rate:
            parts.append("With " + " ".join(rng.sample(handles, 1 + (rng.random() < 0.3))))
        n = max(5, min(25, round(rng.gauss(mu, sd))))
        tags: list[str] = []
        for _ in range(4 * n):
            if len(tags) >= n:
                break
            tag = rng.choice(pool if rng.random() < own_share else IG_TAGS_EN)
            if tag not in tags and tag.lower() not in body.lower():
                tags.append(tag)
        if dots:
            parts.append(".\n.\n.")
        parts.append(" ".join(tags))
        out.append("\n\n".join(parts))
    return out


#: LinkedIn habits of French accounts (every account draws from the same ones, at its own rates).
LI_BULLETS = ["→", "✅", "🔹", "👉", "▶️", "•"]
LI_INTROS_FR = ["Concrètement :", "Nos propositions :", "Ce que cela veut dire :", "En clair :",
                "Trois points à retenir :", "Ce que nous ferons :"]
LI_QUESTIONS_FR = ["Et vous, qu'en pensez-vous ?", "Partagez-vous ce constat ?",
                   "Quelle mesure vous semble la plus urgente ?", "Qu'en dites-vous en commentaire ?",
                   "Êtes-vous d'accord ?", "Quelle est votre priorité ?"]


def linkedin_post(brand: str, texts: list[str]) -> list[str]:
    """The account's posts as LinkedIn posts (seed-independent, as tiktok_caption).

    Post i opens with the account's post i; 1 to 3 other posts of the account follow (2-4 in all),
    one of them as bullet lines (its sentences) under an introduction, the others as paragraphs;
    then a question (at the account's rate, 50-90 %), 0-5 hashtags (a mean of its own, 0.5 to 3,
    from the post's words and its own hashtags) and, now and then (0-15 %), a link to its site.
    Each account bullets its own way (one of "→", "✅", "🔹", "👉", "▶️", "•", sometimes another).
    The tweets' t.co links are dropped. The other posts are drawn from all of the account's, so
    unseen posts share paragraphs with approved ones: the group is for the rules' behaviour on the
    shape, and VL210's figures on it flatter the voice model."""
    import zlib

    h = zlib.crc32(brand.encode("utf-8"))
    bullet, q_rate = LI_BULLETS[h % len(LI_BULLETS)], 0.5 + 0.1 * ((h >> 3) % 5)
    tag_mean, url_rate = 0.5 + 0.5 * ((h >> 6) % 6), 0.05 * ((h >> 9) % 4)
    own_tags = sorted({m.lower() for t in texts for m in _HASHTAG.findall(t)})
    site = re.sub(r"[^a-z]", "", brand.lower())
    bodies = [_TCO.sub("", t).strip() for t in texts]
    out = []
    for i, body in enumerate(bodies):
        rng = random.Random(f"linkedin:{brand}:{i}")
        others = [j for j in range(len(bodies)) if j != i]
        extra = rng.sample(others, min(len(others), 1 + rng.randrange(3)))
        parts = [body]
        for k, j in enumerate(extra):
            if k == 0:
                mark = bullet if rng.random() < 0.85 else rng.choice(LI_BULLETS)
                lines = [s.strip() for s in _SENTENCE.split(bodies[j]) if s.strip()]
                parts.append(rng.choice(LI_INTROS_FR) + "\n" + "\n".join(f"{mark} {s}" for s in lines))
            else:
                parts.append(bodies[j])
        if rng.random() < q_rate:
            parts.append(rng.choice(LI_QUESTIONS_FR))
        if rng.random() < url_rate:
            parts.append(f"https://www.{site}.fr/{rng.choice(['programme', 'agenda', 'propositions'])}")
        text_so_far = "\n\n".join(parts).lower()
        words = ["#" + w.lower() for w in _WORD.findall(body)]
        tags: list[str] = []
        for _ in range(min(5, _poisson(rng, tag_mean))):
            tag = rng.choice(own_tags if own_tags and rng.random() < 0.5 or not words else words)
            if tag not in tags and tag not in text_so_far:
                tags.append(tag)
        if tags:
            parts.append(" ".join(tags))
        out.append("\n\n".join(parts))
    return out


def judge_model(train_own, train_peers, test_own, test_peers, lang, embedder, args, params):
    """The voice model alone: flagged = scored below its calibrated threshold."""
    model = VoiceModel.learn(train_own, {"competitors": train_peers}, lang=lang, embedder=embedder,
                             seed=args.seed, target_fa=args.target_fa,
                             use_background=not args.no_background, params=params)
    s_own, s_peer = model.score(test_own), model.score(test_peers)
    f_own, f_peer = s_own < model.threshold, s_peer < model.threshold
    return {"own": f_own, "peer": f_peer, "own210": f_own, "peer210": f_peer,
            "s_own": s_own, "s_peer": s_peer, "threshold": model.threshold, "codes": {}}


def judge_check(train_own, train_peers, test_own, test_peers, lang, embedder, args, brand, work,
                platform="twitter"):
    """``profile learn`` then the real check: flagged = any warning or error on the post."""
    from voicelint import api
    from voicelint.judgement import learn
    from voicelint.judgement.brand import load_learned

    work.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, texts in (("approved", train_own), ("competitors", train_peers),
                        ("own", test_own), ("peer", test_peers)):
        files[name] = work / f"{name}.jsonl"
        _write_calendar(files[name], texts, platform)
    prof = work / "profile.yaml"
    learn.learn_profile(str(files["approved"]), str(prof), competitors=str(files["competitors"]),
                        name=brand, lang=lang, model=args.model, cache_dir=args.cache_dir,
                        seed=args.seed, propose_strategy=not args.no_proposal)
    out = {"codes": defaultdict(lambda: [0, 0])}
    for side, texts in (("own", test_own), ("peer", test_peers)):
        res = api.run([str(files[side])], api.Options(
            profile=str(prof), cache_dir=args.cache_dir, cache=False, model=args.model,
            ignore=["VL5", "VL405", "VL406"]))
        flagged = np.zeros(len(texts), dtype=bool)
        flagged210 = np.zeros(len(texts), dtype=bool)
        codes_of = defaultdict(set)
        for f in res.findings:
            if f.severity not in ("warning", "error") or not f.post_id:
                continue
            i = int(f.post_id.rsplit("-", 1)[1])
            codes_of[i].add(f.code)
            flagged[i] = True
            flagged210[i] |= f.code == "VL210"
        for codes in codes_of.values():
            for code in codes:
                out["codes"][code][0 if side == "own" else 1] += 1
            if len(codes) == 1:     # the posts that code alone flags
                out["codes"][next(iter(codes)) + " alone"][0 if side == "own" else 1] += 1
        out[side], out[side + "210"] = flagged, flagged210
    from voicelint.inputs import profile as profile_mod

    model = load_learned(profile_mod.load(str(prof))).voice_model(embedder)
    out["s_own"], out["s_peer"] = model.score(test_own), model.score(test_peers)
    out["threshold"] = model.threshold
    return out


def main(argv=None):
    args = parse_args(argv)
    params = json.loads(args.params)
    by_brand, lang_of = load(args.data)
    touched = 0
    if args.mode == "check":
        for brand, texts in by_brand.items():
            drafted = [as_drafted(t) for t in texts]
            touched += sum(ch for _, ch in drafted)
            by_brand[brand] = [t for t, _ in drafted]
        if params or args.no_background or args.no_embeddings:
            sys.exit("--params, --no-background and --no-embeddings are for --mode model")
    embedder = None
    if not args.no_embeddings:
        from voicelint.nlp.embeddings import get_embedder

        embedder = get_embedder(args.model, cache_dir=args.cache_dir)
    t0 = time.time()
    results = {}
    rows = []
    codes_total = defaultdict(lambda: [0, 0])
    with tempfile.TemporaryDirectory(prefix="eval_voice_") as tmp:
        for group in args.groups.split(","):
            posts_of, platform = by_brand, "twitter"
            if group in DERIVED:
                source, platform, rewrite = DERIVED[group]
                members = (sorted(b for b, lg in lang_of.items() if lg == source)
                           if isinstance(source, str)
                           else [b for g in source for b in GROUPS[g]])
                posts_of = {b: globals()[rewrite](b, by_brand[b]) for b in members}
                if args.mode == "model":
                    sys.exit(f"{group}: a platform's group is for --mode check")
            else:
                members = GROUPS[group]
            if members is None:
                members = sorted(b for b, lg in lang_of.items() if lg == group)
            members = [b for b in members if b in by_brand]
            lang = lang_of[members[0]]
            per = []
            for brand in members:
                if len(posts_of[brand]) < MIN_TRAIN_POSTS:
                    continue
                peers = [b for b in members if b != brand]
                train_own, train_peers, test_own, test_peers = split_brand(brand, posts_of, peers, args)
                t = time.time()
                if args.mode == "check":
                    j = judge_check(train_own, train_peers, test_own, test_peers, lang, embedder,
                                    args, brand, Path(tmp) / group / brand, platform)
                else:
                    j = judge_model(train_own, train_peers, test_own, test_peers, lang, embedder,
                                    args, params)
                for code, (a, b) in j["codes"].items():
                    codes_total[code][0] += a
                    codes_total[code][1] += b
                r = {
                    "group": group, "brand": brand, "n_train": len(train_own),
                    "n_own": len(test_own), "n_peer": len(test_peers),
                    "threshold": float(j["threshold"]),
                    "fa": float(np.mean(j["own"])), "det": float(np.mean(j["peer"])),
                    "fa210": float(np.mean(j["own210"])), "det210": float(np.mean(j["peer210"])),
                    "auc": _auc(j["s_own"], j["s_peer"]),
                    "seconds": time.time() - t,
                    "codes": {c: list(v) for c, v in sorted(j["codes"].items())},
                }
                print(f"  {group}/{brand}: done ({r['seconds']:.0f}s)", file=sys.stderr, flush=True)
                per.append(r)
                rows.append(r)
            results[group] = {k: float(np.mean([r[k] for r in per]))
                              for k in ("fa", "det", "fa210", "det210", "auc")}
            results[group].update(brands=len(per), min_auc=float(np.min([r["auc"] for r in per])))
    elapsed = time.time() - t0

    feats = "NB-weighted char + word n-grams + style" + (
        "" if args.no_embeddings else f" + embeddings ({getattr(embedder, 'backend', '?')} back end)")
    how = ("profile learn + voicelint check, flagged = any warning or error (VL5xx set checks left "
           f"out); {touched} posts cleaned of API artefacts" if args.mode == "check"
           else f"voice model alone, target_fa {args.target_fa}")
    print(f"voice match benchmark: seed {args.seed}, {args.per_brand} own + {args.peers} peer "
          f"posts per brand; {how}; VL210 features: {feats}"
          + ("" if args.no_background else " (+ generic background)")
          + (f", params {params}" if params else ""))
    if args.per_brand_table:
        print()
        print(f"{'group':12s} {'brand':16s} {'train':>5s} {'own':>4s} {'peer':>4s} "
              f"{'thr':>6s} {'FA':>6s} {'det':>6s} {'FA210':>6s} {'det210':>6s} {'AUC':>6s}")
        for r in rows:
            print(f"{r['group']:12s} {r['brand']:16s} {r['n_train']:5d} {r['n_own']:4d} "
                  f"{r['n_peer']:4d} {r['threshold']:6.3f} {r['fa']:6.1%} {r['det']:6.1%} "
                  f"{r['fa210']:6.1%} {r['det210']:6.1%} {r['auc']:6.3f}")
    print()
    print(f"{'group':12s} {'brands':>6s} {'FA own':>8s} {'detect':>8s} {'VL210 FA':>9s} "
          f"{'VL210 det':>9s} {'AUC':>7s} {'min AUC':>8s}  targets: FA<={TARGETS['fa']:.0%} "
          f"det>={TARGETS['det']:.0%} AUC>={TARGETS['auc']}")
    for group, g in results.items():
        ok = g["fa"] <= TARGETS["fa"] and g["det"] >= TARGETS["det"] and g["auc"] >= TARGETS["auc"]
        print(f"{group:12s} {g['brands']:6d} {g['fa']:8.1%} {g['det']:8.1%} {g['fa210']:9.1%} "
              f"{g['det210']:9.1%} {g['auc']:7.3f} {g['min_auc']:8.3f}  {'ok' if ok else 'MISS'}")
    allr = rows
    print(f"{'overall':12s} {len(allr):6d} {np.mean([r['fa'] for r in allr]):8.1%} "
          f"{np.mean([r['det'] for r in allr]):8.1%} {np.mean([r['fa210'] for r in allr]):9.1%} "
          f"{np.mean([r['det210'] for r in allr]):9.1%} {np.mean([r['auc'] for r in allr]):7.3f} "
          f"{np.min([r['auc'] for r in allr]):8.3f}")
    if codes_total:
        print("\nposts flagged, by code (own / peer; a post is counted under every code that lands "
              "on it, and under 'CODE alone' when no other does), own posts per group:")
        gnames = list(results)
        print(f"  {'code':14s} {'own':>5s} {'peer':>6s}  " + " ".join(f"{g:>12s}" for g in gnames))
        for code in sorted(codes_total):
            a, b = codes_total[code]
            per_group = [sum(r["codes"].get(code, [0, 0])[0] for r in rows if r["group"] == g)
                         for g in gnames]
            print(f"  {code:14s} {a:5d} {b:6d}  " + " ".join(f"{x:12d}" for x in per_group))
    print(f"\n{elapsed:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "groups": results,
                                               "brands": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
