"""Personas of sets of posts, and whether a set sounds like another person than the brand.

A *persona* is what a reader recognises in a set of posts: how formal it is, tu or vous,
nous/je (we/I), emoji, exclamation and question marks, sentence and post length, hashtags,
mentions, hard-sell phrases, the familiar register (French: negations without "ne", "faut" and
"y a" without "il", "ça"; :data:`PERSONA_TRAITS`, measured by :mod:`voicelint.nlp.style` and
:func:`french_register`), plus the wording: character n-grams (spelling, typography, hashtags)
and what sentence embeddings see (meaning).

:func:`judge` asks, for every group of posts (per platform, author, campaign or month), whether
it comes from the same distribution as the brand's approved posts (``voice.examples``,
``voice.examples_from``, or the examples kept in a learned voice model), and as the other groups,
with a **permutation two-sample test** (:mod:`voicelint.drift_judge`): exact at any sample size
(3 new posts against 16 approved ones is a valid test), deterministic (seeded). The statistic
combines six block statistics (:data:`BLOCKS`), each calibrated on the same permutations:

- ``traits``: sum of squared standardised mean differences of the persona traits;
- ``register``: the same over the familiar-register traits only (:data:`REGISTER_TRAITS`), so
  that a register shift is not drowned among fifteen other traits;
- ``chars``: MMD with a linear kernel over sublinear tf-idf character 2-4-gram profiles (case
  and typography kept: ’ and ', « and ", "!" and " !");
- ``style``: MMD (Gaussian kernel, median bandwidth) over every style feature (function words,
  punctuation, ...), z-scored and clipped;
- ``meaning``: MMD over sentence embeddings (only when semantic checks are on);
- ``voice``: the learned voice model's score (:mod:`voicelint.drift_voice`), one-sided.

Groups are compared with the approved voice and, step-down, with the groups not yet found
drifted; p-values are Holm-adjusted over the groups of one dimension (and Bonferroni over the two
comparisons of a group). Platforms may declare a ``formality_delta`` (the expected formality
there is the brand's plus the delta: posts are judged after removing it) and a ``tolerance``
(the critical value is multiplied by it). A finding names the traits that moved and, when the
wording moved most, the words and marks that did (:func:`wording_markers`).

numpy is imported lazily.
"""
from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from .drift_judge import TestResult, _kernel, _standardise, permutation_test  # noqa: F401 (re-exported)
from .nlp import style

DIMENSIONS = ("platform", "author", "campaign", "date")
PERIODS = ("month", "week", "quarter", "year")

#: Traits shown and tested, per language, in display order.
PERSONA_TRAITS: dict[str, tuple[str, ...]] = {
    "fr": ("formality", "address_tu", "address_vous", "person_we", "person_i", "emoji",
           "exclamation", "question", "hashtags", "mentions", "sentence_len", "post_len", "push",
           "slang", "caps", "ne_dropped", "bare_il", "ca"),
    "en": ("formality", "address_you", "person_we", "person_i", "emoji", "exclamation",
           "question", "hashtags", "mentions", "sentence_len", "post_len", "push", "slang",
           "contractions", "caps"),
}
#: How a trait is shown: "score" 0..1, "share" per 100 words, "count" per post, "words", "chars".
TRAIT_UNIT = {
    "formality": "score", "address_tu": "share", "address_vous": "share", "address_you": "share",
    "person_we": "share", "person_i": "share", "emoji": "count", "exclamation": "count",
    "question": "count", "hashtags": "count", "mentions": "count", "sentence_len": "words",
    "post_len": "chars", "push": "count", "slang": "share", "contractions": "share", "caps": "share",
    "ne_dropped": "share", "bare_il": "share", "ca": "share",
}
#: The familiar-register markers among the traits, tested together as one block (a reader hears
#: "tu", "faut", "c'est pas", "ça" at once; "gonna", "thx", "we're" in English).
REGISTER_TRAITS: dict[str, tuple[str, ...]] = {
    "fr": ("address_tu", "ne_dropped", "bare_il", "ca", "slang"),
    "en": ("contractions", "slang"),
}
TRAIT_SHORT = {
    "en": {"formality": "formality", "address_tu": "tu", "address_vous": "vous", "address_you": "you",
           "person_we": "we", "person_i": "I", "emoji": "emoji", "exclamation": "'!'",
           "question": "'?'", "hashtags": "hashtags", "mentions": "@mentions",
           "sentence_len": "sentence length", "post_len": "post length", "push": "hard sell",
           "slang": "slang", "contractions": "contractions", "caps": "ALL CAPS",
           "ne_dropped": "negation without 'ne'", "bare_il": "'faut', 'y a' without 'il'", "ca": "'ça'"},
    "fr": {"formality": "formalité", "address_tu": "tu", "address_vous": "vous", "address_you": "you",
           "person_we": "nous", "person_i": "je", "emoji": "emoji", "exclamation": "« ! »",
           "question": "« ? »", "hashtags": "hashtags", "mentions": "mentions",
           "sentence_len": "longueur des phrases", "post_len": "longueur des posts",
           "push": "vente forcée", "slang": "familiarités", "contractions": "contractions",
           "caps": "MAJUSCULES", "ne_dropped": "négations sans « ne »",
           "bare_il": "« faut », « y a » sans « il »", "ca": "« ça »"},
}
_UNIT_TEXT = {
    "en": {"score": "", "share": " per 100 words", "count": "/post", "words": " words", "chars": " chars"},
    "fr": {"score": "", "share": " pour 100 mots", "count": "/post", "words": " mots", "chars": " car."},
}
# Counts and lengths are compared on a log scale (one post with 10 emoji is not 10 posts).
_LOG = {"emoji", "exclamation", "question", "hashtags", "mentions", "post_len", "push", "sentence_len"}
# Floors of a trait's spread (in test units), so that a brand that never uses emoji does not
# make a single emoji a 100-sigma event.
_FLOOR = {"formality": 0.06, "sentence_len": 0.15, "post_len": 0.2}
_FLOOR_LOG_COUNT = 0.25
_FLOOR_SHARE = 0.01
# Display spread floors (display units) for the per-trait z in explanations.
_DISPLAY_FLOOR = {"formality": 0.08, "sentence_len": 3.0, "post_len": 30.0, "score": 0.08,
                  "share": 1.0, "count": 0.3}

DEFAULTS = {
    "alpha": 0.01,          # family-wise error rate over the groups of one dimension
    "min_posts": 3,         # smallest group judged against the approved voice
    "min_posts_between": 5,  # smallest group judged against the other groups
    "min_reference": 3,     # fewest approved posts (or posts of other groups) to compare with
    "permutations": 1999,
    "seed": 0,
    "tolerance": 1.0,
    "period": "month",
    "semantic": True,
    "max_sample": 400,      # larger groups (and references) are subsampled for the test
}


#: The blocks of the test statistic (see :func:`permutation_test`); "meaning" only with embeddings.
BLOCKS = ("traits", "register", "chars", "style", "meaning", "voice")


def _np():
    import numpy
    return numpy


# ------------------------------------------------------------------------------------------
# The brand's approved voice
# ------------------------------------------------------------------------------------------

def _learned(profile):
    """What ``voicelint profile learn`` stored (``learned.voice_model``), or None."""
    if profile is None or not isinstance(profile.data.get("learned"), dict):
        return None
    from .learn import load_learned
    return load_learned(profile)


def approved_texts(profile) -> tuple[list[str], str]:
    """The approved posts and where they come from: ``voice.examples`` / ``examples_from``, plus
    the approved posts a learned voice model keeps (``learned.voice_model``)."""
    if profile is None:
        return [], ""
    texts = [t for t in profile.examples("voice") if t and t.strip()]
    sources = ["voice.examples"] if texts else []
    learned = _learned(profile)
    if learned is not None and learned.approved:
        seen = {" ".join(t.split()) for t in texts}
        extra = [t for t in learned.approved if t.strip() and " ".join(t.split()) not in seen]
        if extra:
            texts += extra
            sources.append("the learned voice model")
    return texts, " and ".join(sources)


def post_text(post) -> str:
    """The prose of a post, without front matter (which would count as blank lines)."""
    return post.text[post.body_start:].strip()


def prose_of(text: str) -> str:
    """An approved post's text masked as drafts are (URLs, Markdown code, HTML comments blanked),
    so that both sides of a comparison are measured the same way."""
    from .documents import parse_string
    try:
        return parse_string(text, name="<approved>").text.strip()
    except Exception:  # noqa: BLE001 - an odd example is measured as written
        return text.strip()


def _guess_lang(text: str, default: str) -> str:
    from .lang import guess_lang
    return guess_lang(text) or default


# ------------------------------------------------------------------------------------------
# Features
# ------------------------------------------------------------------------------------------

# French familiar register: a negation without its "ne" ("c'est pas", "on sait jamais"), "faut" and
# "y a" without their "il". Tokens as nlp.style cuts them (elisions apart), per clause.
_FR_TOKEN_RE = re.compile(r"(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])['’](?=[^\W\d_])|[^\W\d_]+(?:-[^\W\d_]+)*",
                          re.IGNORECASE)
_CLAUSE_RE = re.compile(r"[.!?…;:,()«»\"“”\n]+")
_NEGATIONS = {"pas", "jamais", "rien", "personne", "guère"}
_NOT_A_VERB_NEGATION = {"non", "pourquoi", "ou", "une", "la", "les", "des", "chaque", "cette", "de", "d'",
                        "aucune", "toute", "même"}


def french_register(text: str) -> dict[str, float]:
    """Shares of the words: negations without "ne" (``ne_dropped``), "faut" / "y a" without "il"
    (``bare_il``), "ça" (``ca``)."""
    text = style.normalise(text)
    dropped = bare = ca = words = 0
    for clause in _CLAUSE_RE.split(text):
        toks = [t.lower() for t in _FR_TOKEN_RE.findall(clause)]
        words += len(toks)
        for i, w in enumerate(toks):
            prev = toks[i - 1] if i else ""
            if w in _NEGATIONS and i and prev not in _NOT_A_VERB_NEGATION:  # "Pas de panique": no verb
                before, after = toks[max(0, i - 5):i], toks[i + 1:i + 3]
                # "rien ne va", "personne n'a": the subject comes before its "ne"
                if not ({"ne", "n'"} & set(before)) and not (w in ("rien", "personne") and {"ne", "n'"} & set(after)):
                    dropped += 1
            elif w == "faut" and prev not in ("il", "faut") or w == "y" and toks[i + 1:i + 2] == ["a"] and prev not in ("il", "n'"):
                bare += 1
            elif w in ("ça", "ca"):
                ca += 1
    n = max(1, words)
    return {"ne_dropped": dropped / n, "bare_il": bare / n, "ca": ca / n}


def persona_traits(text: str, lang: str) -> dict[str, float]:
    """Every persona trait of one post (raw units: shares 0..1, counts, lengths)."""
    out = style.traits(text, lang)
    if lang == "fr":
        out.update(french_register(text))
    return out


# Character n-grams (2-4 characters within a word and its edges, case and typography kept: ’ and ',
# « and ", "!" and " !", #LeGrandDébat and #LeGrandDebat): spelling, signatures, typographic habits.
_GRAM_MIN, _GRAM_MAX = 2, 4
_MAX_GRAMS = 4096  # most frequent shared n-grams kept per test (the rest still counts in the norms)


def char_grams(text: str) -> dict[str, int]:
    """Counts of the character 2-4-grams of ``text``'s words, each word padded with one space."""
    counts: dict[str, int] = {}
    for tok in text.split():
        w = f" {tok} "
        for k in range(_GRAM_MIN, _GRAM_MAX + 1):
            for i in range(len(w) - k + 1):
                g = w[i:i + k]
                counts[g] = counts.get(g, 0) + 1
    return counts


class GramTable:
    """The character n-gram counts of many posts as flat arrays (compressed rows), built once per
    run so that the kernel of any subset of the posts (one test's pooled sample) is computed
    with numpy, not one Python step per n-gram and test."""

    def __init__(self, grams: list[dict[str, int]]):
        np = _np()
        vocab: dict[str, int] = {}
        cols: list[int] = []
        tfs: list[int] = []
        ends = []
        for c in grams:
            for g, tf in c.items():
                cols.append(vocab.setdefault(g, len(vocab)))
                tfs.append(tf)
            ends.append(len(cols))
        self.cols = np.array(cols, dtype=np.int64)
        self.logtf = 1.0 + np.log(np.array(tfs, dtype=np.float64))
        self.starts = np.array([0] + ends[:-1], dtype=np.int64)
        self.ends = np.array(ends, dtype=np.int64)
        names = list(vocab)
        self.rank = np.empty(len(names), dtype=np.int64)  # n-grams in string order (ties of df)
        self.rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))

    def kernel(self, rows):
        """Cosine similarities of sublinear tf-idf profiles of the posts ``rows`` (idf over these
        posts themselves, so the kernel is a symmetric function of the pooled sample and the
        permutation test stays exact). Only n-grams shared by two posts or more can make two
        posts alike; the ``_MAX_GRAMS`` most frequent of them are kept (ties in string order),
        the others still count in the norms."""
        np = _np()
        rows = np.asarray(list(rows), dtype=np.int64)
        N = len(rows)
        lens = self.ends[rows] - self.starts[rows]
        at = np.repeat(self.starts[rows] - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) \
            + np.arange(int(lens.sum()))
        cols, who = self.cols[at], np.repeat(np.arange(N), lens)
        df = np.bincount(cols, minlength=len(self.rank))
        w = self.logtf[at] * (np.log((1.0 + N) / (1.0 + df[cols])) + 1.0)
        norm = np.sqrt(np.bincount(who, weights=w * w, minlength=N))
        shared = np.flatnonzero(df >= 2)
        shared = shared[np.lexsort((self.rank[shared], -df[shared]))][:_MAX_GRAMS]
        col = np.full(len(self.rank), -1, dtype=np.int64)
        col[shared] = np.arange(len(shared))
        X = np.zeros((N, len(shared)), dtype=np.float64)
        kept = col[cols] >= 0
        X[who[kept], col[cols[kept]]] = w[kept] / norm[who[kept]]
        K = X @ X.T
        np.fill_diagonal(K, 1.0)
        return K


def gram_kernel(grams: list[dict[str, int]]):
    """:meth:`GramTable.kernel` of every post of ``grams``."""
    return GramTable(grams).kernel(range(len(grams)))


# What a reader can point at when the wording moved: hashtags and mentions as written, words, and
# typographic marks (apostrophes, quotes, spaced punctuation, ellipsis, emoji).
_MARK_RE = re.compile(r"[#@][^\W_][\w-]*|[^\W\d_]{2,}|[ \u00a0\u202f][!?;:]|[’'«»\"“”…!?;:]")
_MARK_NAMES = {
    "en": {"’": "’ (curly apostrophe)", "'": "' (straight apostrophe)", "«": "« » (guillemets)",
           '"': '" (straight quotes)', "“": "“ ” (curly quotes)", "…": "… (ellipsis)",
           " !": "space before !", " ?": "space before ?", " :": "space before :",
           " ;": "space before ;"},
    "fr": {"’": "’ (apostrophe courbe)", "'": "' (apostrophe droite)", "«": "« » (guillemets)",
           '"': '" (guillemets droits)', "“": "“ ” (guillemets anglais)", "…": "… (points de suspension)",
           " !": "espace avant !", " ?": "espace avant ?", " :": "espace avant :", " ;": "espace avant ;"},
}


def _marks(text: str) -> set[str]:
    out = set()
    for m in _MARK_RE.findall(text):
        if m[0] in " \u00a0\u202f":
            m = " " + m[1]
        elif m in "»":
            m = "«"
        elif m in "”":
            m = "“"
        elif m[0].isalpha():
            m = m.lower()
        out.add(m)
    out.update(style._EMOJI_RE.findall(text))
    return out


def wording_markers(group: list[str], ref: list[str], top: int = 3, min_z: float = 2.5) -> list[dict]:
    """Words, hashtags and typographic marks whose share of posts differs most between ``group``
    and ``ref`` (two-proportion z, smoothed): what a reader would point at. Explanation only,
    not part of the test."""
    n, m = len(group), len(ref)
    if not n or not m:
        return []
    cg: dict[str, int] = {}
    cr: dict[str, int] = {}
    for texts, counts in ((group, cg), (ref, cr)):
        for t in texts:
            for k in _marks(t):
                counts[k] = counts.get(k, 0) + 1
    out = []
    for k in set(cg) | set(cr):
        a, b = cg.get(k, 0), cr.get(k, 0)
        if a + b < 3:
            continue
        p = (a + b + 1.0) / (n + m + 2.0)
        z = (a / n - b / m) / math.sqrt(p * (1 - p) * (1.0 / n + 1.0 / m))
        if abs(z) >= min_z:
            out.append({"marker": k, "group": round(a / n, 3), "brand": round(b / m, 3), "z": round(z, 2)})
    spaced = {(d["marker"][1:], d["group"], d["brand"]) for d in out if d["marker"][:1] == " "}
    out = [d for d in out if (d["marker"], d["group"], d["brand"]) not in spaced]  # " !" says "!"
    out.sort(key=lambda d: (-abs(d["z"]), d["marker"]))
    return out[:top]


def marker_label(marker: str, lang: str = "en") -> str:
    return _MARK_NAMES.get(lang, _MARK_NAMES["en"]).get(marker, marker)


@dataclass
class Features:
    """Per-post features of one language: persona traits, full style vector, character n-gram
    profiles, embeddings."""

    lang: str
    traits: Any          # (N, len(PERSONA_TRAITS[lang])) raw trait values, as judged
    style: Any           # (N, D) style matrix
    emb: Any = None      # (N, dim) unit rows, or None
    grams: list = field(default_factory=list)  # per post: character n-gram counts
    texts: list = field(default_factory=list)  # the measured texts (for the wording markers)
    written: Any = None  # the traits as written (before platform expectations are removed)
    gram_table: Any = None  # GramTable of ``grams``, built when a test first needs it
    voice: Any = None    # (N, 1) learned voice logits (:mod:`voicelint.drift_voice`), or None


def post_features(text: str, lang: str) -> dict:
    """What the test measures of one post alone, JSON-able: its persona traits (raw units, in
    :data:`PERSONA_TRAITS` order), its style vector and its character n-gram counts. Depends on
    the text and the language only, so it is kept per post in the results cache."""
    t = persona_traits(text, lang)
    return {"traits": [t[n] for n in PERSONA_TRAITS[lang]],
            "style": style.style_matrix([text], lang)[0].tolist(),
            "grams": char_grams(text)}


def compute_features(texts: list[str], lang: str, embedder=None, rows: list | None = None) -> Features:
    """Features of ``texts``; ``rows`` are their :func:`post_features` when already known."""
    np = _np()
    if rows is None:
        rows = [post_features(t, lang) for t in texts]
    n = len(texts)
    tr = np.array([r["traits"] for r in rows], dtype=np.float64).reshape(n, len(PERSONA_TRAITS[lang]))
    sty = np.array([r["style"] for r in rows], dtype=np.float64).reshape(n, len(style.feature_names(lang)))
    emb = None
    if embedder is not None and texts:
        emb = np.asarray(embedder.encode(list(texts)), dtype=np.float64)
    return Features(lang, tr, sty, emb, [r["grams"] for r in rows], list(texts), written=tr.copy())


def _test_traits(raw, lang):
    """Traits in test units: log1p for counts and lengths."""
    np = _np()
    out = raw.copy()
    for j, name in enumerate(PERSONA_TRAITS[lang]):
        if name in _LOG:
            out[:, j] = np.log1p(np.maximum(out[:, j], 0.0))
    return out


def _floors(lang):
    out = []
    for name in PERSONA_TRAITS[lang]:
        if name in _FLOOR:
            out.append(_FLOOR[name])
        elif name in _LOG:
            out.append(_FLOOR_LOG_COUNT)
        else:
            out.append(_FLOOR_SHARE)
    return _np().array(out)


def display_value(name: str, raw_mean: float) -> float:
    """A trait's mean in the unit people read (shares become 'per 100 words')."""
    return raw_mean * 100.0 if TRAIT_UNIT[name] == "share" else raw_mean


def fmt_value(name: str, value: float, lang: str = "en", unit: bool = True) -> str:
    kind = TRAIT_UNIT[name]
    if kind in ("chars", "words"):
        s = f"{value:.0f}"
    elif kind == "score":
        s = f"{value:.2f}"
    else:
        s = f"{value:.1f}"
    if lang == "fr":
        s = s.replace(".", ",")
    return s + (_UNIT_TEXT[lang if lang in _UNIT_TEXT else "en"][kind] if unit else "")


# ------------------------------------------------------------------------------------------
# Groups
# ------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def period_of(value, period: str = "month") -> str | None:
    """'2024-03-14' -> '2024-03' (month), '2024-W11' (week), '2024-Q1', '2024'; None if unreadable."""
    import datetime as dt
    if value is None:
        return None
    s = str(value)
    m = _DATE_RE.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    else:
        m = _DMY_RE.match(s)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    if period == "year":
        return f"{y:04d}"
    if period == "quarter":
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    if period == "week":
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return f"{y:04d}-{mo:02d}"


def group_key(post, dimension: str, period: str = "month") -> str | None:
    if dimension == "date":
        return period_of(post.meta.get("date"), period)
    v = post.meta.get(dimension)
    return str(v) if v not in (None, "") else None


@dataclass
class GroupVerdict:
    dimension: str
    key: str
    lang: str
    posts: list                     # the group's posts
    n: int
    drifted: bool = False
    judged: bool = False
    versus: str = ""                # "brand" | "others" | ""
    p_value: float | None = None
    p_brand: float | None = None
    p_others: float | None = None
    score: float | None = None
    threshold: float | None = None
    blocks: dict = field(default_factory=dict)
    traits: list = field(default_factory=list)      # every persona trait: group vs brand
    moved: list = field(default_factory=list)       # traits that moved (|z| >= 1), largest first
    markers: list = field(default_factory=list)     # words / marks whose share of posts moved most
    order: list = field(default_factory=list)       # group posts, largest contribution first
    reason: str = ""                # why not judged


def _feature_rows(per_post, lang: str, posts: list, approved: list[str]) -> list[dict]:
    """:func:`post_features` of ``posts`` then of the ``approved`` texts, through ``per_post``
    (the results cache). An approved text is keyed as a post of its own (its text, its language
    and the profile, which the cache key covers)."""
    from .documents import parse_string

    keyed = [parse_string(t, name="<approved>", meta={"lang": lang}, markdown=False) for t in approved]
    measured = [post_text(p) for p in posts] + list(approved)
    items = list(posts) + keyed
    text_of = {id(p): t for p, t in zip(items, measured)}
    got = per_post(f"persona-features:{lang}", items,
                   lambda todo: [post_features(text_of[id(p)], lang) for p in todo])
    return [got[id(p)] for p in items]


class Analysis:
    """Features of a set of posts and of the approved voice, per language; judges groups."""

    def __init__(self, posts: list, profile, lang_of, embedder=None, notices=None, per_post=None):
        """``per_post(kind, posts, compute)``, when given (``Context.per_post``), keeps each
        post's :func:`post_features` in the results cache, so unchanged posts (and the approved
        ones) are not measured again on the next run."""
        self.profile = profile
        self.posts = list(posts)
        self.embedder = embedder
        self.notices = notices if notices is not None else []
        approved, self.approved_source = approved_texts(profile)
        default_lang = (profile.language if profile is not None else None) or "en"
        self.post_lang = {id(p): lang_of(p) for p in self.posts}
        langs = sorted({self.post_lang[id(p)] for p in self.posts} & set(style.LANGS))
        self.approved: dict[str, list[str]] = {}
        approved_raw: dict[str, list[str]] = {}
        for raw in approved:
            t = prose_of(raw)
            if not t:
                continue
            lg = (profile.language if profile is not None and profile.language else None) or _guess_lang(t, default_lang)
            self.approved.setdefault(lg, []).append(t)
            approved_raw.setdefault(lg, []).append(raw)
        learned = _learned(profile)
        self.learned_traits = learned.traits if learned is not None else {}
        self.feats: dict[str, Features] = {}
        self.index: dict[int, int] = {}
        self.n_approved: dict[str, int] = {}
        for lg in langs:
            mine = [p for p in self.posts if self.post_lang[id(p)] == lg]
            ref = self.approved.get(lg, [])
            texts = [post_text(p) for p in mine] + ref
            rows = _feature_rows(per_post, lg, mine, ref) if per_post is not None else None
            feats = compute_features(texts, lg, embedder, rows)
            self._adjust(feats, mine)
            if learned is not None:
                from .drift_voice import voice_column
                feats.voice = voice_column(learned, lg, mine, approved_raw.get(lg, []), embedder, per_post)
            self.feats[lg] = feats
            self.n_approved[lg] = len(ref)
            for i, p in enumerate(mine):
                self.index[id(p)] = i

    # -- platform expectations -----------------------------------------------------------
    def platform_setting(self, platform: str | None, key: str, default=None):
        if self.profile is None or not platform:
            return default
        v = self.profile.platform(platform).get(key)
        return default if v is None else v

    def _adjust(self, feats: Features, posts):
        """Judge posts after removing what their platform is expected to do differently."""
        f_col = PERSONA_TRAITS[feats.lang].index("formality")
        s_col = style.feature_names(feats.lang).index("trait:formality")
        for i, p in enumerate(posts):
            delta = float(self.platform_setting(p.platform, "formality_delta", 0.0) or 0.0)
            if delta:
                feats.traits[i, f_col] -= delta
                feats.style[i, s_col] -= delta
            want = self.platform_setting(p.platform, "address")
            brand = self.profile.voice.get("address") if self.profile is not None else None
            if feats.lang == "fr" and want and brand and want != brand:
                names = PERSONA_TRAITS["fr"]
                a, b = names.index("address_tu"), names.index("address_vous")
                feats.traits[i, [a, b]] = feats.traits[i, [b, a]]
                sa = style.feature_names("fr").index("trait:address_tu")
                sb = style.feature_names("fr").index("trait:address_vous")
                feats.style[i, [sa, sb]] = feats.style[i, [sb, sa]]

    # -- personas --------------------------------------------------------------------------
    def brand_persona(self, lang: str) -> dict[str, dict[str, float]] | None:
        """Mean and spread of every persona trait over the approved posts (display units)."""
        feats = self.feats.get(lang)
        if feats is None:
            return None
        n_ref = self.n_approved.get(lang, 0)
        learned = self.learned_traits
        out = {}
        for j, name in enumerate(PERSONA_TRAITS[lang]):
            if n_ref:
                vals = feats.traits[len(feats.traits) - n_ref:, j]
                mean, sd = float(vals.mean()), float(vals.std())
            elif isinstance(learned, dict) and isinstance(learned.get(name), dict):
                mean, sd = float(learned[name].get("mean", 0.0)), float(learned[name].get("std", 0.0))
            else:
                return None
            out[name] = {"mean": display_value(name, mean), "std": display_value(name, sd)}
        return out

    def persona(self, posts) -> dict[str, float]:
        """Mean of every persona trait over ``posts`` (one language), in display units, as written
        (before platform expectations are removed)."""
        if not posts:
            return {}
        lang = self.post_lang[id(posts[0])]
        means = self.feats[lang].written[[self.index[id(p)] for p in posts]].mean(0)
        return {name: display_value(name, float(means[j])) for j, name in enumerate(PERSONA_TRAITS[lang])}

    def _trait_table(self, lang, posts, ref_rows, ref_label, shift: float = 0.0) -> list[dict]:
        """Group vs reference per trait; ``shift`` (a platform's formality_delta) is added back to
        both sides of formality, so the table reads 'as written' vs 'expected here'."""
        feats = self.feats[lang]
        idx = [self.index[id(p)] for p in posts]
        out = []
        brand = self.brand_persona(lang) if ref_label == "brand" else None
        for j, name in enumerate(PERSONA_TRAITS[lang]):
            g = display_value(name, float(feats.traits[idx, j].mean()))
            if brand is not None:
                r, sd = brand[name]["mean"], brand[name]["std"]
            else:
                vals = feats.traits[ref_rows, j]
                r, sd = display_value(name, float(vals.mean())), display_value(name, float(vals.std()))
            if name == "formality" and shift:
                g, r = g + shift, r + shift
            floor = _DISPLAY_FLOOR.get(name, _DISPLAY_FLOOR.get(TRAIT_UNIT[name], 1.0))
            z = (g - r) / max(sd, floor)
            out.append({"trait": name, "group": round(g, 4), "brand": round(r, 4),
                        "delta": round(g - r, 4), "z": round(z, 2), "versus": ref_label})
        return out

    # -- the test -----------------------------------------------------------------------------
    def _blocks(self, lang, rows, n, opts):
        feats = self.feats[lang]
        which = opts.get("blocks") or BLOCKS
        blocks: dict[str, tuple[str, Any]] = {}
        floors = _floors(lang)
        if "traits" in which:
            T = _test_traits(feats.traits[rows], lang)
            blocks["traits"] = ("mean", _standardise(T, floors))
        if "register" in which:
            cols = [PERSONA_TRAITS[lang].index(t) for t in REGISTER_TRAITS[lang]]
            blocks["register"] = ("mean", _standardise(feats.traits[rows][:, cols], floors[cols]))
        if "chars" in which:
            if feats.gram_table is None:
                feats.gram_table = GramTable(feats.grams)
            blocks["chars"] = ("kernel", feats.gram_table.kernel(rows))
        if "style" in which:
            S = _standardise(feats.style[rows], clip=5.0)
            if S.shape[1]:
                blocks["style"] = ("kernel", _kernel(S / math.sqrt(S.shape[1])))
        if "meaning" in which and opts["semantic"] and feats.emb is not None:
            blocks["meaning"] = ("kernel", _kernel(feats.emb[rows]))
        if "voice" in which and feats.voice is not None:
            blocks["voice"] = ("lower", _standardise(feats.voice[rows]))
        return blocks

    def test(self, lang, group_rows, ref_rows, opts, salt: str) -> TestResult:
        """Permutation test of ``group_rows`` against ``ref_rows``. Sides larger than
        ``max_sample`` are subsampled (seeded; the test stays exact on the subsample), which keeps
        the kernel matrices small on big calendars."""
        np = _np()
        seed = (int(opts["seed"]) * 1000003 + zlib.crc32(salt.encode("utf-8"))) % (2 ** 32)
        cap = int(opts.get("max_sample") or 0)
        picked = list(range(len(group_rows)))
        if cap and (len(group_rows) > cap or len(ref_rows) > cap):
            rng = np.random.default_rng(seed ^ 0x5EED)
            if len(group_rows) > cap:
                picked = sorted(rng.choice(len(group_rows), cap, replace=False).tolist())
            if len(ref_rows) > cap:
                ref_rows = [ref_rows[i] for i in sorted(rng.choice(len(ref_rows), cap, replace=False).tolist())]
        g_rows = [group_rows[i] for i in picked]
        rows = g_rows + list(ref_rows)
        res = permutation_test(self._blocks(lang, rows, len(g_rows), opts),
                               len(g_rows), int(opts["permutations"]), seed)
        if len(picked) < len(group_rows):  # posts left out of the sample rank last
            full = np.full(len(group_rows), -np.inf)
            full[picked] = res.contributions
            res.contributions = full
        return res

    def judge(self, dimension: str, options: dict | None = None) -> list[GroupVerdict]:
        """Every group of ``dimension`` (platform, author, campaign, date), judged."""
        opts = dict(DEFAULTS)
        opts.update({k: v for k, v in (options or {}).items() if v is not None})
        verdicts: list[GroupVerdict] = []
        for lang in self.feats:
            groups: dict[str, list] = {}
            for p in self.posts:
                if self.post_lang[id(p)] != lang:
                    continue
                k = group_key(p, dimension, opts["period"])
                if k is not None:
                    groups.setdefault(k, []).append(p)
            if not groups:
                continue
            if dimension == "date" and len(groups) < 2 and not opts.get("single_period"):
                for k, ps in groups.items():
                    verdicts.append(GroupVerdict(dimension, k, lang, ps, len(ps),
                                                 reason="one period only: nothing to compare it with over time; posts dated in another period would make it judgeable"))
                continue
            verdicts.extend(self._judge_lang(dimension, lang, groups, opts))
        return verdicts

    def _judge_lang(self, dimension, lang, groups, opts) -> list[GroupVerdict]:
        from .drift_judge import judge_lang
        return judge_lang(self, dimension, lang, groups, opts)

    def _tolerance(self, dimension, key, opts) -> float:
        from .drift_judge import _tolerance
        return _tolerance(self, dimension, key, opts)

# Marks already told by a trait ("'!' 0.4/post" says "'!' in 40% of posts").
_MARK_TRAIT = {"!": "exclamation", "?": "question"}
#: Blocks of the statistic that see wording rather than named traits.
_WORDING_BLOCKS = ("chars", "style", "meaning")


def describe(v: GroupVerdict, lang: str = "en", top: int = 3) -> str:
    """'formality 0.31 vs brand 0.62, tu 8.0 per 100 words vs 0.0, emoji 2.4/post vs 0.3'; when the
    wording moved most (character n-grams, style, meaning), also the words and marks that moved:
    "'#LeGrandDebat' in 75% of posts vs 5%"."""
    short = TRAIT_SHORT.get(lang, TRAIT_SHORT["en"])
    versus = v.versus or "brand"
    ref_word = {"en": {"brand": "brand", "others": "elsewhere"},
                "fr": {"brand": "marque", "others": "ailleurs"}}["fr" if lang == "fr" else "en"][versus]
    parts = []
    for t in v.moved[:top]:
        if lang == "fr":
            who = f" ({ref_word} : " if not parts else " ("
            parts.append(f"{short[t['trait']]} {fmt_value(t['trait'], t['group'], lang)}{who}"
                         f"{fmt_value(t['trait'], t['brand'], lang, unit=False)})")
        else:
            who = f" {ref_word}" if not parts else ""
            parts.append(f"{short[t['trait']]} {fmt_value(t['trait'], t['group'], lang)} vs{who} "
                         f"{fmt_value(t['trait'], t['brand'], lang, unit=False)}")
    lead = max(v.blocks, key=lambda b: v.blocks[b]) if v.blocks else None
    if v.markers and (lead in _WORDING_BLOCKS or not parts):
        if len(parts) > 2:
            parts = parts[:2]
        said = {t["trait"] for t in v.moved[:len(parts)]}
        markers = [d for d in v.markers if _MARK_TRAIT.get(d["marker"].strip()) not in said]
        for d in markers[:2]:
            g, b = round(100 * d["group"]), round(100 * d["brand"])
            label = marker_label(d["marker"], lang)
            if lang == "fr":
                who = f" ({ref_word} : " if not parts else " ("
                parts.append(f"« {label} » dans {g} % des posts{who}{b} %)")
            else:
                who = f" {ref_word}" if not parts else ""
                parts.append(f"'{label}' in {g}% of posts vs{who} {b}%")
    if lead == "voice":  # the learned voice model heard it first: say so, with how far
        z = f"{v.blocks['voice']:.1f}".replace(".", "," if lang == "fr" else ".")
        parts.insert(0, f"score de voix appris {z} écarts-types sous les posts approuvés" if lang == "fr"
                     else f"learned voice score {z} SD below the approved posts")
        parts = parts[:3]
    if not parts:
        if lang == "fr":
            return "le vocabulaire et les sujets s'écartent des posts approuvés (aucun trait isolé ne ressort)"
        return "wording and topics differ from the approved posts (no single trait stands out)"
    return ", ".join(parts)


__all__ = [
    "DEFAULTS",
    "DIMENSIONS",
    "PERSONA_TRAITS",
    "REGISTER_TRAITS",
    "TRAIT_SHORT",
    "Analysis",
    "GroupVerdict",
    "approved_texts",
    "describe",
    "fmt_value",
    "french_register",
    "period_of",
    "permutation_test",
    "persona_traits",
    "post_features",
    "wording_markers",
]
