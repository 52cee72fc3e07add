"""The linear voice model (brand vs. rest, NB-weighted n-grams, embeddings, style): how
:class:`voicelint.judgement.voice.model.VoiceModel` learns it, with its out-of-fold calibration."""
from __future__ import annotations

import math

from .features import NGRAM_BLOCKS, nb_ratios, nb_scale, sklearn_modules
from voicelint.shared.numbers import numpy as _np
from .stats import auc, sigmoid
from voicelint.shared.numbers import low_quantile


class LinearFit:
    """The learning of the ``linear`` kind (a mixin of :class:`~voicelint.judgement.voice.model.VoiceModel`)."""

    def _design(self, emb, grams, ratios, sty_z):
        """Concatenate the blocks, each scaled by its weight, as a sparse CSR matrix: the
        embeddings, each n-gram block (binary, weighted by its log-count ratios, rows of norm
        1) and the style z-scores."""
        import scipy.sparse as sparse

        p = self.params
        blocks = []
        if emb is not None:
            blocks.append(sparse.csr_matrix(emb.astype("float64") * p["w_emb"]))
        for name in NGRAM_BLOCKS:
            blocks.append(nb_scale(grams[name], ratios[name]) * p[f"w_{name}"])
        blocks.append(sparse.csr_matrix(sty_z * (p["w_style"] / math.sqrt(sty_z.shape[1]))))
        return sparse.hstack(blocks, format="csr")

    def _ratios(self, grams, y, rows):
        """Dense log-count ratios of every n-gram block, from the training ``rows`` only."""
        np = _np()
        out = {}
        for name, m in grams.items():
            sub = m[rows]
            yy = y[rows]
            pos = np.asarray(sub[yy == 1].sum(axis=0)).ravel()
            neg = np.asarray(sub[yy == 0].sum(axis=0)).ravel()
            out[name] = nb_ratios(pos, neg, m.shape[1], self.params["nb_alpha"])[0]
        return out

    def _fit_lr(self, X, y):
        _, lm, _ = sklearn_modules()
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
        _, _, ms = sklearn_modules()
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
        self.threshold = sigmoid(low_quantile(oof[y == 1], self.target_fa))
        # the kept examples' out-of-fold logits: comparable with a new post's (drift's voice block)
        self.examples_oof = [float(v) for v in oof[:len(self.examples)]]
        self.oof_logits = (oof.copy(), y.copy())  # for voicelint.judgement.calibration (not saved)
        oof = np.array([sigmoid(v) for v in oof])
        own = oof[y == 1]
        self.calibration = {
            "folds": k,
            "oof_own_median": float(np.median(own)),
            "oof_fa": float(np.mean(own < self.threshold)),
            "oof_detection": float(np.mean(oof[y == 0] < self.threshold)),
            "oof_auc": auc(own, oof[y == 0]),
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
