"""The learned brand voice: does this post sound like the brand?

:class:`VoiceModel` learns, from a brand's approved posts and every negative the profile offers
(counter-examples, competitors' posts) plus a small shipped *generic background* corpus (bland
posts any brand could sign, ``voicelint/data/background_<lang>.txt``), a brand-vs-rest linear
classifier over four blocks of features:

- sentence embeddings (when an :class:`~voicelint.nlp.embeddings.Embedder` is given): *what*
  the brand talks about and how;
- character n-grams (``char_wb`` 2-5, hashed: deterministic, no vocabulary stored): spelling,
  formulas, signatures, emoji, punctuation habits, elisions, typographic apostrophes;
- word uni- and bigrams (hashed; hashtags, @handles, punctuation marks and emoji are tokens):
  set phrases, product names, campaign hashtags, sign-offs;
- stylometric features (:mod:`voicelint.nlp.style`): function words, punctuation, tu/vous,
  we/I, formality, ...

Both n-gram blocks are *binary* (does the post use the n-gram) and weighted by their naive-Bayes
log-count ratio, ``r = log(share of approved posts using it / share of other posts using it)``
(smoothed by ``nb_alpha``), before each row is normalised (NB-LR, Wang & Manning 2012). With a
hundred posts a side, the classifier alone spreads its weight over every n-gram; the ratio tells
it up front which ones only one side uses: a competitor's hashtag, handle or sign-off seen in a
dozen of their posts and none of the brand's, or the brand's own product names. Absence of a
marker is never evidence (a binary feature that is not there contributes nothing); presence is.
The n-grams a flagged post owes its score to are reported with how many approved and other posts
use them (:meth:`VoiceModel.explain`).

What the n-grams see (:func:`surface_text`): the post as written (HTML entities unescaped,
typographic apostrophes and quotes kept: they are a habit), the leading run of @handles of a
reply replaced by one ``@user`` (whom a brand answers says nothing about its voice), links by
``http`` plus their domain (link shorteners' domains dropped).

The score of a post is the classifier's probability that the post is the brand's. The
threshold is *calibrated*, not hand-set: k-fold out-of-fold scores of the brand's own approved
posts are computed (the log-count ratios too are learned on each fold's training part only),
and the threshold is their ``target_fa`` quantile, so about ``target_fa`` of genuine posts score
below it (are flagged).

Without any negative (no counter-examples, no competitors, ``use_background=False``) the model
falls back to a one-class score: cosine to the centroid of the approved posts (embeddings and
character n-grams) minus the style z-distance, turned into the percentile among out-of-fold
scores of the approved posts, with the same calibration.

numpy and scikit-learn are imported lazily (``voicelint[semantic]``); scikit-learn only to
learn a model: the n-gram hashing is :mod:`voicelint.nlp.hashing` (same columns as scikit-learn's
``HashingVectorizer``), so scoring never imports it.
"""
from __future__ import annotations

import base64
import html
import json
import math
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from voicelint.errors import ModelError
from voicelint.nlp import style

FORMAT = "voicelint-voice"
VERSION = 2               # 2: binary NB-weighted n-grams of surface_text (1: l2 counts)
DATA_DIR = Path(__file__).parent / "data"

#: Hashing of character n-grams (part of the model: changing it invalidates saved models).
CHAR_NGRAMS = {"analyzer": "char_wb", "ngram_range": (2, 5), "n_features": 2 ** 18}
#: Hashing of word uni- and bigrams (punctuation marks and emoji are tokens too).
WORD_NGRAMS = {"ngram_range": (1, 2), "n_features": 2 ** 18}
_HASHED = CHAR_NGRAMS["n_features"] + WORD_NGRAMS["n_features"]
#: Tokens of the word n-grams of the linear model: hashtags and handles whole, words, and every
#: other visible character (punctuation, emoji) on its own.
WORD_TOKENS = r"(?u)[#@]?\w+|[^\w\s]"

#: Default hyper-parameters, tuned on seed 0 of bench/eval_voice.py (seed 1 held out).
DEFAULTS = {
    "C": 30.0,             # inverse L2 strength of the logistic regression (weak: p >> n)
    "solver": "liblinear",  # dual coordinate descent; "lbfgs" gives the same model, slower
    "w_emb": 1.0,          # block weights: each block's rows are scaled before concatenation
    "w_char": 1.0,         # (embedding, char and word rows have norm 1 before scaling)
    "w_word": 1.0,
    "w_style": 1.0,        # style z-scores are divided by sqrt(n_style_features) first
    "nb_alpha": 0.25,      # smoothing of the n-grams' naive-Bayes log-count ratios
    "folds": 5,            # k of the out-of-fold calibration
    "z_clip": 5.0,         # style z-scores are clipped to +-z_clip
}
_MAX_EXAMPLES = 500        # approved posts kept for "nearest example" evidence
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MENTION_RE = re.compile(r"(?<![\w@])@\w+")
_LEADING_HANDLES_RE = re.compile(r"^(?:\s*[.]?@\w+)+")
_URL_PARTS_RE = re.compile(r"(?:https?://|www\.)(?:www\.)?([^/\s?#]*)\S*", re.I)
#: Link shorteners: their domain says nothing about who posted.
_SHORTENERS = frozenset({"t.co", "bit.ly", "ow.ly", "buff.ly", "goo.gl", "tinyurl.com", "lnkd.in",
                         "fb.me", "dlvr.it", "ift.tt", "trib.al", "spr.ly"})

# Floors for the spread of a trait, so that a brand that never uses emoji does not make one
# emoji a 100-sigma event in explanations.
_TRAIT_STD_FLOOR = {
    "formality": 0.08, "sentence_len": 3.0, "word_len": 0.4, "post_len": 30.0,
    "emoji": 0.5, "exclamation": 0.5, "question": 0.5, "hashtags": 0.5, "mentions": 0.5,
    "urls": 0.5, "push": 0.5, "digits": 0.02,
}
_SHARE_STD_FLOOR = 0.03


def _np():
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy ships with voicelint[semantic]
        raise ModelError("numpy is not installed (needed for the voice model): "
                         "pip install 'voicelint[semantic]'") from None
    return numpy


def _sk():
    try:
        import sklearn  # noqa: F401
    except ImportError:  # pragma: no cover
        raise ModelError("scikit-learn is not installed (needed to learn the voice model): "
                         "pip install 'voicelint[semantic]'") from None
    import sklearn.feature_extraction.text as fe
    import sklearn.linear_model as lm
    import sklearn.model_selection as ms
    return fe, lm, ms


def load_background(lang: str) -> list[str]:
    """The shipped generic background posts for ``lang`` (one per line)."""
    path = DATA_DIR / f"background_{lang}.txt"
    if not path.is_file():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _char_text(text: str) -> str:
    """What the character n-grams see: entities unescaped, links and handles neutralised."""
    text = style.normalise(text)
    text = _URL_RE.sub(" http ", text)
    text = _MENTION_RE.sub("@user", text)
    return " ".join(text.split())


def _hasher():
    # scikit-learn's HashingVectorizer, same columns and values, without importing sklearn
    # (1.5-2.5 s) when a check only scores posts
    from voicelint.nlp import hashing
    return hashing.HashingVectorizer(analyzer=CHAR_NGRAMS["analyzer"],
                                     ngram_range=CHAR_NGRAMS["ngram_range"],
                                     n_features=CHAR_NGRAMS["n_features"], alternate_sign=False,
                                     lowercase=False, norm="l2", dtype=_np().float32)


def _word_hasher():
    from voicelint.nlp import hashing
    return hashing.HashingVectorizer(analyzer="word", ngram_range=WORD_NGRAMS["ngram_range"],
                                     n_features=WORD_NGRAMS["n_features"], alternate_sign=False,
                                     lowercase=True, norm="l2", token_pattern=r"(?u)\w+|[^\w\s]",
                                     dtype=_np().float32)


def surface_text(text: str) -> str:
    """What the n-grams of the linear model see: the post as written, minus who it answers.

    HTML entities unescaped and NFC, but apostrophes, quotes and case kept; the leading run of
    @handles of a reply becomes one ``@user`` (handles inside the text stay: naming a partner is
    a habit); a link becomes ``http`` and its domain, unless the domain is a link shortener.
    """
    text = unicodedata.normalize("NFC", html.unescape(text or ""))
    text = _LEADING_HANDLES_RE.sub(" @user ", text, count=1)

    def link(m: re.Match) -> str:
        domain = m.group(1).lower().rstrip(".,;:!?)»”'\"")
        return " http " if not domain or domain in _SHORTENERS else f" http {domain} "

    text = _URL_PARTS_RE.sub(link, text)
    return " ".join(text.split())


#: The two hashed n-gram blocks of the linear model: name -> HashingVectorizer settings.
NGRAM_BLOCKS = {
    "char": {"analyzer": CHAR_NGRAMS["analyzer"], "ngram_range": CHAR_NGRAMS["ngram_range"],
             "n_features": CHAR_NGRAMS["n_features"], "lowercase": False},
    "word": {"analyzer": "word", "ngram_range": WORD_NGRAMS["ngram_range"],
             "n_features": WORD_NGRAMS["n_features"], "lowercase": True,
             "token_pattern": WORD_TOKENS},
}


def _binary_ngrams(texts) -> dict:
    """``{block: binary CSR matrix}`` of the n-grams each text uses (see :data:`NGRAM_BLOCKS`)."""
    from voicelint.nlp import hashing
    np = _np()
    clean = [surface_text(t) for t in texts]
    out = {}
    for name, cfg in NGRAM_BLOCKS.items():
        m = hashing.HashingVectorizer(alternate_sign=False, norm=None, dtype=np.float64,
                                      **cfg).transform(clean).tocsr()
        m.sum_duplicates()
        m.data[:] = 1.0
        out[name] = m
    return out


def _nb_ratios(pos_counts, neg_counts, n_features: int, alpha: float):
    """Naive-Bayes log-count ratios of the columns ``pos_counts``/``neg_counts`` describe, and
    the ratio of a column neither side uses (``log(Q / P)``)."""
    np = _np()
    p = np.asarray(pos_counts, dtype=np.float64) + alpha
    q = np.asarray(neg_counts, dtype=np.float64) + alpha
    big_p = float(np.sum(pos_counts)) + alpha * n_features
    big_q = float(np.sum(neg_counts)) + alpha * n_features
    return np.log(p / big_p) - np.log(q / big_q), math.log(big_q / big_p)


def _nb_scale(m, ratio):
    """Binary rows weighted by the (dense) column ratios, then each row normalised to norm 1."""
    np = _np()
    import scipy.sparse as sp
    m = m.copy()
    m.data = ratio[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m


def _b64(array, dtype) -> str:
    np = _np()
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def _unb64(text: str, dtype):
    np = _np()
    return np.frombuffer(base64.b64decode(text.encode("ascii")), dtype=dtype).copy()


def _r(x: float, digits: int = 6) -> float:
    """Round for serialisation (significant digits), so files stay small and stable."""
    x = float(x)
    if x == 0.0 or not math.isfinite(x):
        return 0.0 if not math.isfinite(x) else x
    return float(f"{x:.{digits}g}")


def _dedupe(texts) -> list[str]:
    seen, out = set(), []
    for t in texts:
        if not isinstance(t, str):
            continue
        key = " ".join(t.split())
        if key and key not in seen:
            seen.add(key)
            out.append(t)
    return out


class VoiceModel:
    """A brand's learned voice. Build it with :meth:`learn` or :meth:`load`."""

    def __init__(self) -> None:
        self.lang = "en"
        self.kind = "linear"             # "linear" | "one_class"
        self.model_id: str | None = None  # embedding model id, None without embeddings
        self.params: dict[str, float] = dict(DEFAULTS)
        self.target_fa = 0.03
        self.threshold = 0.5
        self.seed = 0
        self.counts: dict[str, int] = {}
        self.calibration: dict[str, float] = {}
        self.style_mean = None
        self.style_std = None
        self.coef_emb = None
        self.coef_style = None
        self.ngrams: dict[str, dict] = {}   # block -> idx, pos, neg (post counts), coef
        self.intercept = 0.0
        # one-class parts
        self.centroid_emb = None
        self.centroid_char_idx = None
        self.centroid_char_val = None
        self.oc_norm: dict[str, list[float]] = {}
        self.oc_quantiles = None
        # evidence
        self.trait_mean: dict[str, float] = {}
        self.trait_std: dict[str, float] = {}
        self.examples: list[str] = []
        self.examples_oof: list[float] = []  # out-of-fold logits of the examples (linear model)
        self.embedder = None
        self._example_emb = None
        self._example_char = None

    # ---------------------------------------------------------------------------- learning

    @classmethod
    def learn(cls, approved: list[str], negatives: dict[str, list[str]] | None = None,
              lang: str = "en", embedder=None, seed: int = 0, target_fa: float = 0.03,
              use_background: bool = True, params: dict | None = None) -> "VoiceModel":
        """Learn the voice from ``approved`` posts against ``negatives``.

        ``negatives`` maps a source name (``counter_examples``, ``competitors``, ...) to posts
        that are *not* the brand's voice; the shipped generic background for ``lang`` is added
        as ``background`` unless ``use_background`` is False. With no negative at all, a
        one-class model is learned. ``params`` overrides :data:`DEFAULTS`.
        """
        np = _np()
        lang = style._check_lang(lang)
        if not 0.0 < target_fa < 0.5:
            raise ValueError("target_fa must be in (0, 0.5)")
        pos = _dedupe(approved or [])
        if len(pos) < 5:
            raise ValueError(f"at least 5 approved posts are needed to learn a voice, got {len(pos)}")
        sources = {k: list(v or []) for k, v in sorted((negatives or {}).items())}
        if use_background and "background" not in sources:
            sources["background"] = load_background(lang)
        pos_keys = {" ".join(t.split()) for t in pos}
        neg: list[str] = []
        counts = {"approved": len(pos)}
        for name, texts in sources.items():
            kept = [t for t in _dedupe(texts) if " ".join(t.split()) not in pos_keys]
            kept = [t for t in kept if " ".join(t.split()) not in {" ".join(n.split()) for n in neg}]
            counts[name] = len(kept)
            neg.extend(kept)

        self = cls()
        self.lang, self.seed, self.target_fa = lang, int(seed), float(target_fa)
        self.params.update(params or {})
        self.counts = counts
        self.embedder = embedder
        self.model_id = getattr(embedder, "model_id", None) if embedder is not None else None

        # Evidence statistics on the brand's own posts.
        tr = [style.traits(t, lang) for t in pos]
        for name in style.TRAIT_NAMES:
            vals = np.array([t[name] for t in tr], dtype=np.float64)
            self.trait_mean[name] = float(vals.mean())
            floor = _TRAIT_STD_FLOOR.get(name, _SHARE_STD_FLOOR)
            self.trait_std[name] = float(max(vals.std(), floor))
        self.examples = pos[:_MAX_EXAMPLES]

        texts = pos + neg
        y = np.array([1] * len(pos) + [0] * len(neg), dtype=np.int64)
        emb = embedder.encode(texts) if embedder is not None else None
        sty = style.style_matrix(texts, lang).astype(np.float64)

        if neg and len(neg) >= 2:
            self.kind = "linear"
            self._fit_linear(emb, _binary_ngrams(texts), sty, y)
        else:
            self.kind = "one_class"
            chars = self._char_matrix(texts)
            self._fit_one_class(emb, chars, sty)
            self._example_char = chars[: len(self.examples)]
        self._example_emb = emb[: len(self.examples)] if emb is not None else None
        return self

    # Linear model --------------------------------------------------------------------------

    def _design(self, emb, grams, ratios, sty_z):
        """Concatenate the blocks, each scaled by its weight, as a sparse CSR matrix: the
        embeddings, each n-gram block (binary, weighted by its log-count ratios, rows of norm
        1) and the style z-scores."""
        import scipy.sparse as sp

        p = self.params
        blocks = []
        if emb is not None:
            blocks.append(sp.csr_matrix(emb.astype("float64") * p["w_emb"]))
        for name in NGRAM_BLOCKS:
            blocks.append(_nb_scale(grams[name], ratios[name]) * p[f"w_{name}"])
        blocks.append(sp.csr_matrix(sty_z * (p["w_style"] / math.sqrt(sty_z.shape[1]))))
        return sp.hstack(blocks, format="csr")

    def _ratios(self, grams, y, rows):
        """Dense log-count ratios of every n-gram block, from the training ``rows`` only."""
        np = _np()
        out = {}
        for name, m in grams.items():
            sub = m[rows]
            yy = y[rows]
            pos = np.asarray(sub[yy == 1].sum(axis=0)).ravel()
            neg = np.asarray(sub[yy == 0].sum(axis=0)).ravel()
            out[name] = _nb_ratios(pos, neg, m.shape[1], self.params["nb_alpha"])[0]
        return out

    def _zscore(self, sty, mean, std):
        np = _np()
        z = (sty - mean) / std
        c = self.params["z_clip"]
        return np.clip(z, -c, c)

    def _fit_lr(self, X, y):
        _, lm, _ = _sk()
        if self.params.get("solver", "lbfgs") == "liblinear":
            # dual liblinear: fast when features outnumber posts; the intercept is a feature
            # of value intercept_scaling, so barely penalised.
            clf = lm.LogisticRegression(C=self.params["C"], class_weight="balanced",
                                        solver="liblinear", dual=True, intercept_scaling=10.0,
                                        max_iter=5000, random_state=self.seed, tol=1e-5)
        else:
            clf = lm.LogisticRegression(C=self.params["C"], class_weight="balanced",
                                        max_iter=5000, random_state=self.seed, solver="lbfgs")
        clf.fit(X, y)
        return clf

    def _fit_linear(self, emb, grams, sty, y):
        np = _np()
        _, _, ms = _sk()
        n_pos, n_neg = int(y.sum()), int((1 - y).sum())
        k = int(max(2, min(self.params["folds"], n_pos, n_neg)))
        # Out-of-fold scores of the approved posts: the calibration set. Everything learned from
        # the posts (log-count ratios, style statistics, the classifier) is learned on each
        # fold's training part only.
        oof = np.zeros(len(y))
        skf = ms.StratifiedKFold(n_splits=k, shuffle=True, random_state=self.seed)
        for tr_idx, te_idx in skf.split(np.zeros(len(y)), y):
            mean, std = self._style_stats(sty[tr_idx])
            X = self._design(emb, grams, self._ratios(grams, y, tr_idx), self._zscore(sty, mean, std))
            clf, active = self._fit_active(X[tr_idx], y[tr_idx])
            oof[te_idx] = clf.decision_function(X[te_idx][:, active])
        self.threshold = _sigmoid(low_quantile(oof[y == 1], self.target_fa))
        # the kept examples' out-of-fold logits: comparable with a new post's (drift's voice block)
        self.examples_oof = [float(v) for v in oof[:len(self.examples)]]
        self.oof_logits = (oof.copy(), y.copy())  # for voicelint.calibration (not saved)
        oof = np.array([_sigmoid(v) for v in oof])
        own = oof[y == 1]
        self.calibration = {
            "folds": k,
            "oof_own_median": float(np.median(own)),
            "oof_fa": float(np.mean(own < self.threshold)),
            "oof_detection": float(np.mean(oof[y == 0] < self.threshold)),
            "oof_auc": _auc(own, oof[y == 0]),
        }
        # Final model on everything.
        self.style_mean, self.style_std = self._style_stats(sty)
        Z = self._zscore(sty, self.style_mean, self.style_std)
        X = self._design(emb, grams, self._ratios(grams, y, np.arange(len(y))), Z)
        clf, active = self._fit_active(X, y)
        coef = np.zeros(X.shape[1])
        coef[active] = clf.coef_[0]
        p = self.params
        d_emb = emb.shape[1] if emb is not None else 0
        # Fold the block weights into the stored coefficients.
        self.coef_emb = (coef[:d_emb] * p["w_emb"]).astype(np.float32) if d_emb else None
        at = d_emb
        self.ngrams = {}
        for name, m in grams.items():
            pos = np.asarray(m[y == 1].sum(axis=0)).ravel()
            neg = np.asarray(m[y == 0].sum(axis=0)).ravel()
            idx = np.flatnonzero(pos + neg)           # every n-gram some training post uses
            self.ngrams[name] = {"idx": idx.astype(np.int32), "pos": pos[idx].astype(np.int32),
                                 "neg": neg[idx].astype(np.int32),
                                 "coef": (coef[at:at + m.shape[1]][idx] * p[f"w_{name}"]).astype(np.float32)}
            at += m.shape[1]
        ws = p["w_style"] / math.sqrt(sty.shape[1])
        self.coef_style = (coef[at:] * ws).astype(np.float32)
        self.intercept = float(clf.intercept_[0])

    def _fit_active(self, X, y):
        """The classifier fitted on the columns the rows of ``X`` use (only those can get a
        non-zero weight under L2: the same solution, an order of magnitude faster)."""
        np = _np()
        active = np.unique(X.nonzero()[1])
        return self._fit_lr(X[:, active], y), active

    def _style_stats(self, sty):
        np = _np()
        mean = sty.mean(axis=0)
        std = sty.std(axis=0)
        std = np.where(std < 1e-6, 1.0, std)
        return mean.astype(np.float32).astype(np.float64), std.astype(np.float32).astype(np.float64)

    # One-class model -----------------------------------------------------------------------

    def _oc_components(self, emb, chars, sty, centroid_emb, centroid_char, mean, std):
        """Raw one-class components: cosine(s) to the centroid and minus style z-distance."""
        np = _np()
        comps = {}
        if emb is not None:
            comps["emb"] = emb.astype(np.float64) @ centroid_emb
        comps["char"] = np.asarray(chars @ centroid_char).ravel()
        z = np.abs(self._zscore(sty, mean, std))
        comps["style"] = -z.mean(axis=1)
        return comps

    @staticmethod
    def _centroid(matrix):
        np = _np()
        c = np.asarray(matrix.mean(axis=0), dtype=np.float64).ravel()
        n = np.linalg.norm(c)
        return c / n if n > 0 else c

    def _fit_one_class(self, emb, chars, sty):
        np = _np()
        _, _, ms = _sk()
        n = sty.shape[0]
        k = int(max(2, min(self.params["folds"], n)))
        kf = ms.KFold(n_splits=k, shuffle=True, random_state=self.seed)
        raw = {name: np.zeros(n) for name in (["emb"] if emb is not None else []) + ["char", "style"]}
        for tr_idx, te_idx in kf.split(np.zeros(n)):
            ce = self._centroid(emb[tr_idx]) if emb is not None else None
            cc = self._centroid(chars[tr_idx])
            mean, std = self._style_stats(sty[tr_idx])
            comps = self._oc_components(None if emb is None else emb[te_idx], chars[te_idx],
                                        sty[te_idx], ce, cc, mean, std)
            for name, v in comps.items():
                raw[name][te_idx] = v
        self.oc_norm = {name: [float(v.mean()), float(max(v.std(), 1e-6))]
                        for name, v in raw.items()}
        total = self._oc_combine(raw)
        qs = np.quantile(total, np.linspace(0.0, 1.0, 101))
        self.oc_quantiles = qs.astype(np.float32)
        self.threshold = float(0.01 + 0.98 * self.target_fa)
        self.calibration = {"folds": k, "oof_fa": float(np.mean(self._oc_percentile(total) < self.threshold))}
        self.centroid_emb = self._centroid(emb).astype(np.float32) if emb is not None else None
        cc = self._centroid(chars)
        nz = np.flatnonzero(cc)
        self.centroid_char_idx = nz.astype(np.int32)
        self.centroid_char_val = cc[nz].astype(np.float32)
        self.style_mean, self.style_std = self._style_stats(sty)

    def _oc_combine(self, comps):
        np = _np()
        total = None
        for name, (mu, sd) in sorted(self.oc_norm.items()):
            v = (comps[name] - mu) / sd
            total = v if total is None else total + v
        return total / max(1, len(self.oc_norm)) if total is not None else np.zeros(0)

    def _oc_percentile(self, total):
        """Where a combined one-class score falls among the approved posts' OOF scores.

        Piecewise-linear through the stored percentiles, mapped onto [0.01, 0.99], with
        exponential tails beyond the extremes so that the ranking is kept everywhere.
        """
        np = _np()
        qs = np.asarray(self.oc_quantiles, dtype=np.float64)
        xs = qs + np.arange(len(qs)) * 1e-9          # strictly increasing for np.interp
        grid = 0.01 + 0.98 * np.linspace(0.0, 1.0, len(xs))
        spread = max(1e-6, float(xs[-1] - xs[0]) / 10.0)
        t = np.asarray(total, dtype=np.float64)
        out = np.interp(t, xs, grid)
        out = np.where(t < xs[0], 0.01 * np.exp(np.minimum(0.0, t - xs[0]) / spread), out)
        out = np.where(t > xs[-1], 1.0 - 0.01 * np.exp(-np.maximum(0.0, t - xs[-1]) / spread), out)
        return out

    # ----------------------------------------------------------------------------- scoring

    def bind(self, embedder) -> "VoiceModel":
        """Attach the embedder used at scoring time (needed when the model uses embeddings)."""
        if embedder is not None and self.model_id and embedder.model_id != self.model_id:
            raise ModelError(f"this voice model was learned with the embedding model "
                             f"'{self.model_id}', not '{embedder.model_id}': learn it again")
        self.embedder = embedder
        self._example_emb = None
        return self

    def _embed(self, texts):
        if not self.model_id:
            return None
        if self.embedder is None:
            raise ModelError("this voice model uses sentence embeddings: pass an embedder "
                             "(voicelint[semantic]) or learn the profile again without them")
        return self.embedder.encode(list(texts))

    def _char_matrix(self, texts):
        """Hashed character n-grams and word n-grams, each block scaled by its weight."""
        import scipy.sparse as sp

        clean = [_char_text(t) for t in texts]
        p = self.params
        chars = _hasher().transform(clean).astype("float64") * p["w_char"]
        if p.get("w_word", 0.0):
            words = _word_hasher().transform(clean).astype("float64") * p["w_word"]
        else:
            words = sp.csr_matrix((len(clean), WORD_NGRAMS["n_features"]))
        return sp.hstack([chars, words], format="csr")

    def _dense_coef(self, idx, val):
        """``_sparse_coef(idx, val)`` as a dense column, made once per model (scoring post after
        post would otherwise rebuild a 2^19-row array each time)."""
        cache = self.__dict__.setdefault("_dense_coefs", {})
        key = (id(idx), id(val), len(idx))
        if key not in cache:
            cache[key] = self._sparse_coef(idx, val).toarray()
        return cache[key]

    def _sparse_coef(self, idx, val):
        import scipy.sparse as sp
        np = _np()
        n = _HASHED
        return sp.csc_matrix((np.asarray(val, dtype=np.float64), (np.asarray(idx), np.zeros(len(idx), dtype=np.int64))),
                             shape=(n, 1))

    def _ngram_tables(self) -> dict:
        """Per n-gram block, the dense column ratios and coefficients, made once per model."""
        np = _np()
        tables = self.__dict__.get("_ngram_dense")
        if tables is None:
            tables = {}
            for name, b in self.ngrams.items():
                n = NGRAM_BLOCKS[name]["n_features"]
                r, default = _nb_ratios(b["pos"], b["neg"], n, float(self.params["nb_alpha"]))
                ratio = np.full(n, default)
                ratio[b["idx"]] = r
                coef = np.zeros(n)
                coef[b["idx"]] = b["coef"]
                tables[name] = (ratio, coef)
            self._ngram_dense = tables
        return tables

    def markers(self, text: str, top: int = 3) -> dict:
        """The words, hashtags, handles, emoji and two-word phrases of ``text`` that move its
        score most, each with how many approved and other posts of the training set use it.

        ``unlike`` lists those that pull the post away from the brand (a competitor's hashtag,
        sign-off or product seen in their posts and none of the brand's), ``like`` those that
        pull it towards the brand. Empty for a one-class model.
        """
        np = _np()
        if self.kind != "linear" or "word" not in self.ngrams:
            return {"unlike": [], "like": []}
        from voicelint.nlp import hashing
        cfg = NGRAM_BLOCKS["word"]
        b = self.ngrams["word"]
        ratio, coef = self._ngram_tables()["word"]
        tokens = re.findall(cfg["token_pattern"], surface_text(text).lower())
        lo, hi = cfg["ngram_range"]
        grams = []
        for n in range(lo, hi + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        grams = list(dict.fromkeys(grams))
        if not grams:
            return {"unlike": [], "like": []}
        cols = np.abs(hashing.murmurhash3_32(grams).astype(np.int64)) % cfg["n_features"]
        norm = math.sqrt(float(np.sum(ratio[np.unique(cols)] ** 2))) or 1.0   # as _nb_scale
        order = np.argsort(b["idx"])
        sorted_idx = b["idx"][order]
        rows = []
        for g, c in zip(grams, cols):
            if g == "@user":
                continue
            effect = float(ratio[c] * coef[c]) / norm
            if effect == 0.0:
                continue
            at = int(np.searchsorted(sorted_idx, c))
            if at >= len(sorted_idx) or sorted_idx[at] != c:
                continue
            j = order[at]
            rows.append({"text": g, "approved_posts": int(b["pos"][j]), "other_posts": int(b["neg"][j]),
                         "effect": round(effect, 3)})
        unlike = sorted((r for r in rows if r["effect"] < 0 and r["other_posts"] > r["approved_posts"]),
                        key=lambda r: (r["effect"], r["text"]))
        like = sorted((r for r in rows if r["effect"] > 0 and r["approved_posts"] > r["other_posts"]),
                      key=lambda r: (-r["effect"], r["text"]))
        return {"unlike": unlike[:top], "like": like[:top]}

    def score(self, texts) -> Any:
        """Probability-like score in [0, 1] that each text is in the brand's voice."""
        np = _np()
        texts = [texts] if isinstance(texts, str) else list(texts)
        if not texts:
            return np.zeros(0)
        emb = self._embed(texts)
        sty = style.style_matrix(texts, self.lang).astype(np.float64)
        if self.kind == "linear":
            z = self._zscore(sty, np.asarray(self.style_mean), np.asarray(self.style_std))
            logit = z @ np.asarray(self.coef_style, dtype=np.float64) + self.intercept
            grams = _binary_ngrams(texts)
            for name, (ratio, coef) in self._ngram_tables().items():
                logit = logit + np.asarray(_nb_scale(grams[name], ratio) @ coef).ravel()
            if emb is not None:
                logit = logit + emb.astype(np.float64) @ np.asarray(self.coef_emb, dtype=np.float64)
            return 1.0 / (1.0 + np.exp(-logit))
        chars = self._char_matrix(texts)
        cc = self._dense_coef(self.centroid_char_idx, self.centroid_char_val).ravel()
        comps = self._oc_components(emb, chars, sty,
                                    None if emb is None else np.asarray(self.centroid_emb, dtype=np.float64),
                                    cc, np.asarray(self.style_mean), np.asarray(self.style_std))
        return self._oc_percentile(self._oc_combine(comps))

    def flags(self, texts) -> Any:
        """True where a text scores below the calibrated threshold (does not sound like us)."""
        return self.score(texts) < self.threshold

    def explain(self, text: str, top: int = 3, score: float | None = None) -> dict:
        """Evidence for one post: score, threshold, nearest approved example, drifting traits.
        ``score``: the post's :meth:`score`, when the caller has it (a check scores its posts in
        one batch first), so that it is not computed again."""
        np = _np()
        s = float(self.score([text])[0]) if score is None else float(score)
        out: dict[str, Any] = {
            "score": round(s, 4),
            "threshold": round(float(self.threshold), 4),
            "flagged": bool(s < self.threshold),
            "model": self.kind,
        }
        out["nearest_example"] = self._nearest(text)
        tr = style.traits(text, self.lang)
        rows = []
        for name in style.TRAIT_NAMES:
            mean = self.trait_mean.get(name)
            if mean is None:
                continue
            z = (tr[name] - mean) / self.trait_std[name]
            rows.append({"trait": name, "label": style.TRAIT_LABELS[name],
                         "value": round(tr[name], 3), "brand_mean": round(mean, 3),
                         "z": round(float(z), 2)})
        rows.sort(key=lambda r: (-abs(r["z"]), r["trait"]))
        out["traits"] = [r for r in rows[:top] if abs(r["z"]) >= 1.0]
        if self.kind == "linear":
            out["markers"] = self.markers(text, top)
        return out

    def _nearest(self, text: str) -> dict | None:
        np = _np()
        if not self.examples:
            return None
        if self.model_id and self.embedder is not None:
            if self._example_emb is None:
                self._example_emb = self.embedder.encode(self.examples)
            sims = self._example_emb @ self.embedder.encode([text])[0]
            how = "embedding"
        else:
            if self._example_char is None:
                self._example_char = self._char_matrix(self.examples)
            ex_m = self._example_char
            q = self._char_matrix([text])
            dots = np.asarray((ex_m @ q.T).toarray()).ravel()
            norms = np.sqrt(np.asarray(ex_m.multiply(ex_m).sum(axis=1)).ravel()
                            * float(q.multiply(q).sum()))
            sims = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
            how = "character n-grams"
        i = int(np.argmax(sims))
        ex = self.examples[i]
        snippet = ex if len(ex) <= 140 else ex[:137].rstrip() + "..."
        return {"text": snippet, "cosine": round(float(sims[i]), 3), "similarity": how}

    # ------------------------------------------------------------------------ persistence

    def to_dict(self) -> dict:
        """A JSON-serialisable, deterministic description of the model."""
        np = _np()
        d: dict[str, Any] = {
            "format": FORMAT, "version": VERSION, "lang": self.lang, "kind": self.kind,
            "model_id": self.model_id, "seed": self.seed,
            "params": {k: (_r(v) if isinstance(v, (int, float)) else v)
                       for k, v in sorted(self.params.items())},
            "char_ngrams": {"analyzer": CHAR_NGRAMS["analyzer"],
                            "ngram_range": list(CHAR_NGRAMS["ngram_range"]),
                            "n_features": CHAR_NGRAMS["n_features"]},
            "word_ngrams": {"ngram_range": list(WORD_NGRAMS["ngram_range"]),
                            "n_features": WORD_NGRAMS["n_features"], "token_pattern": WORD_TOKENS},
            "style_features": len(style.feature_names(self.lang)),
            "target_fa": _r(self.target_fa), "threshold": _r(self.threshold),
            "counts": dict(sorted(self.counts.items())),
            "calibration": {k: _r(v, 4) for k, v in sorted(self.calibration.items())},
            "traits": {name: {"mean": _r(self.trait_mean[name], 5), "std": _r(self.trait_std[name], 5)}
                       for name in style.TRAIT_NAMES if name in self.trait_mean},
            "style_mean": _b64(self.style_mean, "<f4"),
            "style_std": _b64(self.style_std, "<f4"),
            "examples": list(self.examples),
        }
        if self.examples_oof:
            d["examples_oof"] = [_r(v, 5) for v in self.examples_oof]
        if self.kind == "linear":
            d["intercept"] = _r(self.intercept, 8)
            d["coef_style"] = _b64(self.coef_style, "<f4")
            d["coef_emb"] = _b64(self.coef_emb, "<f4") if self.coef_emb is not None else None
            d["ngrams"] = {name: {"idx": _b64(b["idx"], "<i4"), "pos": _b64(b["pos"], "<i4"),
                                  "neg": _b64(b["neg"], "<i4"), "coef": _b64(b["coef"], "<f4")}
                           for name, b in sorted(self.ngrams.items())}
        else:
            d["centroid_emb"] = (_b64(self.centroid_emb, "<f4")
                                 if self.centroid_emb is not None else None)
            d["centroid_char"] = {"idx": _b64(self.centroid_char_idx, "<i4"),
                                  "val": _b64(self.centroid_char_val, "<f4")}
            d["oc_norm"] = {k: [_r(a, 8), _r(b, 8)] for k, (a, b) in sorted(self.oc_norm.items())}
            d["oc_quantiles"] = _b64(np.asarray(self.oc_quantiles), "<f4")
        return d

    @classmethod
    def from_dict(cls, d: dict, embedder=None) -> "VoiceModel":
        np = _np()
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ValueError("not a voicelint voice model")
        if int(d.get("version", 0)) > VERSION:
            raise ValueError(f"voice model version {d.get('version')} is newer than this "
                             f"voicelint understands ({VERSION}): upgrade voicelint")
        if int(d.get("version", 0)) < VERSION:
            raise ValueError(f"voice model version {d.get('version')} was written by an older "
                             f"voicelint (this one reads version {VERSION}): learn it again")
        ng = d.get("char_ngrams", {})
        if (ng.get("analyzer"), tuple(ng.get("ngram_range", ())), ng.get("n_features")) != (
                CHAR_NGRAMS["analyzer"], tuple(CHAR_NGRAMS["ngram_range"]), CHAR_NGRAMS["n_features"]):
            raise ValueError("voice model was learned with other character n-gram settings: learn it again")
        wg = d.get("word_ngrams", {})
        if (tuple(wg.get("ngram_range", ())), wg.get("n_features"), wg.get("token_pattern")) != (
                tuple(WORD_NGRAMS["ngram_range"]), WORD_NGRAMS["n_features"], WORD_TOKENS):
            raise ValueError("voice model was learned with other word n-gram settings: learn it again")
        self = cls()
        self.lang = style._check_lang(d["lang"])
        if d.get("style_features") != len(style.feature_names(self.lang)):
            raise ValueError("voice model was learned with other style features: learn it again")
        self.kind = d["kind"]
        self.model_id = d.get("model_id")
        self.seed = int(d.get("seed", 0))
        self.params.update(d.get("params", {}))
        self.target_fa = float(d["target_fa"])
        self.threshold = float(d["threshold"])
        self.counts = dict(d.get("counts", {}))
        self.calibration = dict(d.get("calibration", {}))
        for name, st in d.get("traits", {}).items():
            self.trait_mean[name] = float(st["mean"])
            self.trait_std[name] = float(st["std"])
        self.style_mean = _unb64(d["style_mean"], "<f4").astype(np.float64)
        self.style_std = _unb64(d["style_std"], "<f4").astype(np.float64)
        self.examples = list(d.get("examples", []))
        self.examples_oof = [float(v) for v in d.get("examples_oof") or []]
        if self.kind == "linear":
            self.intercept = float(d["intercept"])
            self.coef_style = _unb64(d["coef_style"], "<f4")
            self.coef_emb = _unb64(d["coef_emb"], "<f4") if d.get("coef_emb") else None
            self.ngrams = {}
            for name, b in sorted(d["ngrams"].items()):
                if name not in NGRAM_BLOCKS:
                    raise ValueError(f"unknown n-gram block {name!r}")
                blk = {"idx": _unb64(b["idx"], "<i4"), "pos": _unb64(b["pos"], "<i4"),
                       "neg": _unb64(b["neg"], "<i4"), "coef": _unb64(b["coef"], "<f4")}
                if len({len(v) for v in blk.values()}) != 1 or (
                        len(blk["idx"]) and (blk["idx"].min() < 0
                                             or blk["idx"].max() >= NGRAM_BLOCKS[name]["n_features"])):
                    raise ValueError(f"n-gram block {name!r} is damaged")
                self.ngrams[name] = blk
        elif self.kind == "one_class":
            self.centroid_emb = _unb64(d["centroid_emb"], "<f4") if d.get("centroid_emb") else None
            self.centroid_char_idx = _unb64(d["centroid_char"]["idx"], "<i4")
            self.centroid_char_val = _unb64(d["centroid_char"]["val"], "<f4")
            self.oc_norm = {k: [float(a), float(b)] for k, (a, b) in d["oc_norm"].items()}
            self.oc_quantiles = _unb64(d["oc_quantiles"], "<f4")
        else:
            raise ValueError(f"unknown voice model kind {self.kind!r}")
        if embedder is not None:
            self.bind(embedder)
        return self

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":")) + "\n"

    def save(self, path) -> Path:
        """Write the model as JSON (deterministic: same model, byte-identical file)."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(self.dumps(), encoding="utf-8", newline="\n")
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path, embedder=None) -> "VoiceModel":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls.from_dict(data, embedder=embedder)
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the voice model: {exc}", path=str(path)) from None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def low_quantile(values, fa: float) -> float:
    """The ``fa`` quantile of ``values``, extrapolated below the smallest when the sample cannot
    resolve it.

    n values resolve quantiles down to about 0.5 / n (Hazen: the smallest sits at 0.5 / n); below
    that, the quantile is extrapolated linearly from the two smallest values, as
    :func:`voicelint.strategy.low_cut` does, instead of being pinned between them. With 13
    approved posts and ``fa`` = 0.03 the threshold falls below the least typical post rather than
    just above it. Applied to out-of-fold logits.
    """
    np = _np()
    s = np.sort(np.asarray(values, dtype=np.float64))
    n = len(s)
    if n == 0:
        raise ValueError("no scores to calibrate on")
    if n == 1 or fa >= 0.5 / n:
        return float(np.quantile(s, fa))
    slope = (s[1] - s[0]) * n       # Hazen positions are 1 / n apart
    return float(s[0] - slope * (0.5 / n - fa))


def _auc(pos, neg) -> float:
    """Mann-Whitney AUC (ties count one half); 0.5 when a side is empty."""
    np = _np()
    pos = np.asarray(pos, dtype=np.float64)
    neg = np.asarray(neg, dtype=np.float64)
    if len(pos) == 0 or len(neg) == 0:
        return 0.5
    allv = np.concatenate([pos, neg])
    order = allv.argsort(kind="mergesort")
    ranks = np.empty(len(allv))
    sorted_v = allv[order]
    # average ranks for ties
    i = 0
    while i < len(sorted_v):
        j = i
        while j + 1 < len(sorted_v) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    r_pos = ranks[: len(pos)].sum()
    return float((r_pos - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


__all__ = ["VoiceModel", "load_background", "DEFAULTS", "CHAR_NGRAMS"]
