"""The one-class voice model (no negative to learn from): cosine to the approved posts'
centroid and style z-distance, as a percentile among their out-of-fold scores."""
from __future__ import annotations

from .features import sklearn_modules
from voicelint.shared.numbers import numpy as _np


class OneClassFit:
    """The learning and scoring parts of the ``one_class`` kind (a mixin of
    :class:`~voicelint.judgement.voice.model.VoiceModel`)."""

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
        _, _, ms = sklearn_modules()
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
