"""The learned brand voice (VL210): does this post sound like the brand?

:class:`VoiceModel` is a brand-vs-rest classifier (or, without negatives, a one-class score) over
embeddings, hashed character and word n-grams and style features, with a threshold calibrated out
of fold. How it works: docs/judgement.md. The parts: features, linear, oneclass, serialise, stats.
"""
from __future__ import annotations

import math
import re
from typing import Any

from voicelint.shared.errors import ModelError
from voicelint.nlp import style
from .features import (  # noqa: F401 (re-exported: the model module is the API)
    CHAR_NGRAMS, DATA_DIR, NGRAM_BLOCKS, WORD_NGRAMS, WORD_TOKENS, _HASHED, _binary_ngrams, _char_text,
    dedupe, _hasher, nb_ratios, nb_scale, _word_hasher, load_background, surface_text)
from voicelint.shared.numbers import numpy as _np
from voicelint.shared.textpatterns import LEADING_HANDLES_RE
from .serialise import FORMAT, VERSION, Serialised  # noqa: F401
from .linear import LinearFit
from .oneclass import OneClassFit
from .stats import auc, sigmoid  # noqa: F401
from voicelint.judgement.traits import trait_stats
from voicelint.shared.textpatterns import whitespace_key

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
#: A voice learned from replies: this share of its approved posts opens with an @handle (VL210
#: then says that a draft without one is judged as an original post, and how to mark a reply).
REPLIES = 0.5


class VoiceModel(LinearFit, OneClassFit, Serialised):
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
        self.reply_share: float | None = 0.0  # approved posts that open with an @handle (None: unknown)
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
        pos = dedupe(approved or [])
        if len(pos) < 5:
            given = sum(isinstance(t, str) and bool(t.strip()) for t in approved or [])
            same = (f" different ones ({given - len(pos)} repeat a post word for word and count once)"
                    if given > len(pos) else "")
            raise ValueError(f"at least 5 approved posts are needed to learn a voice, got {len(pos)}{same}")
        sources = {k: list(v or []) for k, v in sorted((negatives or {}).items())}
        if use_background and "background" not in sources:
            sources["background"] = load_background(lang)
        pos_keys = {whitespace_key(t) for t in pos}
        neg: list[str] = []
        counts = {"approved": len(pos)}
        for name, texts in sources.items():
            kept = [t for t in dedupe(texts) if whitespace_key(t) not in pos_keys]
            kept = [t for t in kept if whitespace_key(t) not in {whitespace_key(n) for n in neg}]
            counts[name] = len(kept)
            neg.extend(kept)

        self = cls()
        self.lang, self.seed, self.target_fa = lang, int(seed), float(target_fa)
        self.params.update(params or {})
        self.counts = counts
        self.embedder = embedder
        self.model_id = getattr(embedder, "model_id", None) if embedder is not None else None

        # Evidence statistics on the brand's own posts.
        for name, st in trait_stats(pos, lang).items():
            self.trait_mean[name], self.trait_std[name] = st["mean"], st["std"]
        self.examples = pos[:_MAX_EXAMPLES]
        self.reply_share = sum(bool(LEADING_HANDLES_RE.match(t)) for t in pos) / len(pos)

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

    # Shared by both kinds ------------------------------------------------------------------

    def _zscore(self, sty, mean, std):
        np = _np()
        z = (sty - mean) / std
        c = self.params["z_clip"]
        return np.clip(z, -c, c)

    def _style_stats(self, sty):
        np = _np()
        mean = sty.mean(axis=0)
        std = sty.std(axis=0)
        std = np.where(std < 1e-6, 1.0, std)
        return mean.astype(np.float32).astype(np.float64), std.astype(np.float32).astype(np.float64)

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
        import scipy.sparse as sparse

        clean = [_char_text(t) for t in texts]
        p = self.params
        chars = _hasher().transform(clean).astype("float64") * p["w_char"]
        if p.get("w_word", 0.0):
            words = _word_hasher().transform(clean).astype("float64") * p["w_word"]
        else:
            words = sparse.csr_matrix((len(clean), WORD_NGRAMS["n_features"]))
        return sparse.hstack([chars, words], format="csr")

    def _dense_coef(self, idx, val):
        """``_sparse_coef(idx, val)`` as a dense column, made once per model (scoring post after
        post would otherwise rebuild a 2^19-row array each time)."""
        cache = self.__dict__.setdefault("_dense_coefs", {})
        key = (id(idx), id(val), len(idx))
        if key not in cache:
            cache[key] = self._sparse_coef(idx, val).toarray()
        return cache[key]

    def _sparse_coef(self, idx, val):
        import scipy.sparse as sparse
        np = _np()
        n = _HASHED
        return sparse.csc_matrix((np.asarray(val, dtype=np.float64), (np.asarray(idx), np.zeros(len(idx), dtype=np.int64))),
                             shape=(n, 1))

    def _ngram_tables(self) -> dict:
        """Per n-gram block, the dense column ratios and coefficients, made once per model."""
        np = _np()
        tables = self.__dict__.get("_ngram_dense")
        if tables is None:
            tables = {}
            for name, b in self.ngrams.items():
                n = NGRAM_BLOCKS[name]["n_features"]
                r, default = nb_ratios(b["pos"], b["neg"], n, float(self.params["nb_alpha"]))
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
        norm = math.sqrt(float(np.sum(ratio[np.unique(cols)] ** 2))) or 1.0   # as nb_scale
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
                logit = logit + np.asarray(nb_scale(grams[name], ratio) @ coef).ravel()
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



__all__ = ["VoiceModel", "load_background", "DEFAULTS", "CHAR_NGRAMS"]
