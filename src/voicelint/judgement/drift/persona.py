"""Personas of sets of posts, and whether a set sounds like another person than the brand.

:class:`Analysis` measures the posts and the approved voice per language and judges groups
(platform, author, campaign, month) with the permutation test of :mod:`.judge`. How it works:
docs/judgement.md and docs/drift.md. The parts: judge, groups, register, grams, voice, display.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .display import (TRAIT_SHORT, TRAIT_UNIT, describe, display_value, fmt_value,  # noqa: F401 (re-exported)
    marker_label, wording_markers)
from .grams import GramTable, char_grams, gram_kernel  # noqa: F401 (re-exported)
from .groups import DIMENSIONS, PERIODS, GroupVerdict, group_key, period_of  # noqa: F401
from .judge import TestResult, kernel, standardise, permutation_test  # noqa: F401 (re-exported)
from .register import french_register
from voicelint.nlp import style
from voicelint.shared.numbers import numpy as _np
from voicelint.judgement.traits import display_spread_floor
from voicelint.shared.lang import guess_lang, reads_as
from voicelint.shared.textpatterns import reply_body
from voicelint.judgement.brand import approved_posts, approved_sources, load_learned, measured
from voicelint.inputs.posts import post_text  # noqa: F401 (re-exported)

if TYPE_CHECKING:  # numpy is imported lazily at run time
    import numpy as np


#: Traits shown and tested, per language, in display order.
PERSONA_TRAITS: dict[str, tuple[str, ...]] = {
    "fr": ("formality", "address_tu", "address_vous", "person_we", "person_i", "emoji",
           "exclamation", "question", "hashtags", "mentions", "sentence_len", "post_len", "push",
           "slang", "caps", "ne_dropped", "bare_il", "ca"),
    "en": ("formality", "address_you", "person_we", "person_i", "emoji", "exclamation",
           "question", "hashtags", "mentions", "sentence_len", "post_len", "push", "slang",
           "contractions", "caps"),
}
#: The familiar-register markers among the traits, tested together as one block (a reader hears
#: "tu", "faut", "c'est pas", "ça" at once; "gonna", "thx", "we're" in English).
REGISTER_TRAITS: dict[str, tuple[str, ...]] = {
    "fr": ("address_tu", "ne_dropped", "bare_il", "ca", "slang"),
    "en": ("contractions", "slang"),
}
# Counts and lengths are compared on a log scale (one post with 10 emoji is not 10 posts).
_LOG = {"emoji", "exclamation", "question", "hashtags", "mentions", "post_len", "push", "sentence_len"}
# Floors of a trait's spread (in test units), so that a brand that never uses emoji does not
# make a single emoji a 100-sigma event.
_FLOOR = {"formality": 0.06, "sentence_len": 0.15, "post_len": 0.2}
_FLOOR_LOG_COUNT = 0.25
_FLOOR_SHARE = 0.01

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


# ------------------------------------------------------------------------------------------
# The brand's approved voice
# ------------------------------------------------------------------------------------------


# ------------------------------------------------------------------------------------------
# Features
# ------------------------------------------------------------------------------------------


def persona_traits(text: str, lang: str) -> dict[str, float]:
    """Every persona trait of one post (raw units: shares 0..1, counts, lengths)."""
    out = style.traits(text, lang)
    if lang == "fr":
        out.update(french_register(text))
    return out


@dataclass
class Features:
    """Per-post features of one language, one row a post (the group's posts, then the approved
    ones): persona traits, the full style vector, character n-gram profiles, embeddings and the
    learned voice's scores. Matrices are numpy arrays of float64."""

    lang: str                                    # "fr" | "en"
    traits: np.ndarray                           # (N, len(PERSONA_TRAITS[lang])) raw trait values, as judged
    style: np.ndarray                            # (N, D) style matrix (nlp.style.style_matrix)
    emb: np.ndarray | None = None                # (N, dim) unit rows, or None without embeddings
    grams: list[dict[str, int]] = field(default_factory=list)  # per post: character n-gram counts
    texts: list[str] = field(default_factory=list)  # the measured texts (for the wording markers)
    written: np.ndarray | None = None            # the traits as written (before platform expectations are removed)
    gram_table: GramTable | None = None          # GramTable of ``grams``, built when a test first needs it
    voice: np.ndarray | None = None              # (N, 1) learned voice logits (:mod:`.voice`), or None


def post_features(text: str, lang: str) -> dict:
    """What the test measures of one post alone, JSON-able: its persona traits (raw units, in
    :data:`PERSONA_TRAITS` order), its style vector and its character n-gram counts. Depends on
    the text and the language only, so it is kept per post in the results cache.

    The run of @handles a reply opens with is not measured: the platform puts it there, and a
    draft of the reply has none (six of a bank's own replies without them were "another
    persona: @mentions 0.0/post vs brand 1.0")."""
    text = reply_body(text)
    t = persona_traits(text, lang)
    return {"traits": [t[n] for n in PERSONA_TRAITS[lang]],
            "style": style.style_matrix([text], lang)[0].tolist(),
            "grams": char_grams(text)}


def compute_features(texts: list[str], lang: str, embedder=None, rows: list | None = None) -> Features:
    """Features of ``texts``; ``rows`` are their :func:`post_features` when already known."""
    np = _np()
    texts = [reply_body(t) for t in texts]   # as post_features measures them: embeddings, markers
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


def _feature_rows(per_post, lang: str, posts: list, approved: list[str]) -> list[dict]:
    """:func:`post_features` of ``posts`` then of the ``approved`` texts, through ``per_post``
    (the results cache). An approved text is keyed as a post of its own (its text, its language
    and the profile, which the cache key covers)."""
    from voicelint.inputs.documents import parse_string

    keyed = [parse_string(t, name="<approved>", meta={"lang": lang}, markdown=False) for t in approved]
    measured = [post_text(p) for p in posts] + list(approved)
    items = list(posts) + keyed
    text_of = {id(p): t for p, t in zip(items, measured)}
    got = per_post(f"persona-features:{lang}", items,
                   lambda todo: [post_features(text_of[id(p)], lang) for p in todo])
    return [got[id(p)] for p in items]


def sample(group_rows, ref_rows, opts, salt: str) -> tuple[int, list[int], list]:
    """``(seed, picked, ref_rows)`` of one group test: the seed from the options and the test's
    ``salt``, and, past ``max_sample``, the seeded subsample of each side (``picked``: positions
    in ``group_rows``)."""
    np = _np()
    seed = (int(opts["seed"]) * 1000003 + zlib.crc32(salt.encode("utf-8"))) % (2 ** 32)
    cap = int(opts.get("max_sample") or 0)
    picked = list(range(len(group_rows)))
    ref_rows = list(ref_rows)
    if cap and (len(group_rows) > cap or len(ref_rows) > cap):
        rng = np.random.default_rng(seed ^ 0x5EED)
        if len(group_rows) > cap:
            picked = sorted(rng.choice(len(group_rows), cap, replace=False).tolist())
        if len(ref_rows) > cap:
            ref_rows = [ref_rows[i] for i in sorted(rng.choice(len(ref_rows), cap, replace=False).tolist())]
    return seed, picked, ref_rows


def spread(res: TestResult, picked: list[int], n: int) -> TestResult:
    """``res`` of a subsample back over the ``n`` posts of the group: the posts left out of the
    sample rank last."""
    if len(picked) < n:
        np = _np()
        full = np.full(n, -np.inf)
        full[picked] = res.contributions
        res.contributions = full
    return res


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
        approved = approved_posts(profile, pillars=False)  # the voice, not the topics' illustrations
        self.approved_source = approved_sources(profile, pillars=False)
        base = profile.language if profile is not None and profile.language else None
        default_lang = base or "en"
        self.post_lang = {id(p): lang_of(p) for p in self.posts}
        langs = sorted({self.post_lang[id(p)] for p in self.posts} & set(style.LANGS))
        self.approved: dict[str, list[str]] = {}
        approved_raw: dict[str, list[str]] = {}
        for raw in approved:
            t = measured(raw)
            if not t:
                continue
            lg = (reads_as(t, base) if base else guess_lang(t)) or default_lang
            self.approved.setdefault(lg, []).append(t)
            approved_raw.setdefault(lg, []).append(raw)
        learned = load_learned(profile)
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
                from .voice import voice_column
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
            floor = display_spread_floor(name, TRAIT_UNIT[name])
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
            blocks["traits"] = ("mean", standardise(T, floors))
        if "register" in which:
            cols = [PERSONA_TRAITS[lang].index(t) for t in REGISTER_TRAITS[lang]]
            blocks["register"] = ("mean", standardise(feats.traits[rows][:, cols], floors[cols]))
        if "chars" in which:
            if feats.gram_table is None:
                feats.gram_table = GramTable(feats.grams)
            blocks["chars"] = ("kernel", feats.gram_table.kernel(rows))
        if "style" in which:
            S = standardise(feats.style[rows], clip=5.0)
            if S.shape[1]:
                blocks["style"] = ("kernel", kernel(S / math.sqrt(S.shape[1])))
        if "meaning" in which and opts["semantic"] and feats.emb is not None:
            blocks["meaning"] = ("kernel", kernel(feats.emb[rows]))
        if "voice" in which and feats.voice is not None:
            blocks["voice"] = ("lower", standardise(feats.voice[rows]))
        return blocks

    def test(self, lang, group_rows, ref_rows, opts, salt: str) -> TestResult:
        """Permutation test of ``group_rows`` against ``ref_rows``. Sides larger than
        ``max_sample`` are subsampled (seeded; the test stays exact on the subsample), which keeps
        the kernel matrices small on big calendars."""
        seed, picked, ref_rows = sample(group_rows, ref_rows, opts, salt)
        res = self.test_rows(lang, [group_rows[i] for i in picked], ref_rows, opts, seed)
        return spread(res, picked, len(group_rows))

    def test_rows(self, lang, g_rows, ref_rows, opts, seed: int) -> TestResult:
        """The permutation test of exactly these rows (no subsampling): what :meth:`test` runs,
        and what a worker runs on the rows it was sent (``engine.distributed.drift_tests``)."""
        rows = list(g_rows) + list(ref_rows)
        return permutation_test(self._blocks(lang, rows, len(g_rows), opts),
                                len(g_rows), int(opts["permutations"]), seed)

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
        from .judge import judge_lang
        return judge_lang(self, dimension, lang, groups, opts)

    def tolerance_of(self, dimension, key, opts) -> float:
        from .judge import tolerance_of
        return tolerance_of(self, dimension, key, opts)


__all__ = [
    "DEFAULTS",
    "DIMENSIONS",
    "PERSONA_TRAITS",
    "REGISTER_TRAITS",
    "TRAIT_SHORT",
    "Analysis",
    "GroupVerdict",
    "describe",
    "fmt_value",
    "french_register",
    "period_of",
    "permutation_test",
    "persona_traits",
    "post_features",
    "wording_markers",
]
