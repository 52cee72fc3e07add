"""The statistics of the voice model's calibration: the logistic link, a low quantile that
extrapolates below the smallest score, and the Mann-Whitney AUC."""
from __future__ import annotations

import math

from .features import _np


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def low_quantile(values, fa: float) -> float:
    """The ``fa`` quantile of ``values``, extrapolated below the smallest when the sample cannot
    resolve it.

    n values resolve quantiles down to about 0.5 / n (Hazen: the smallest sits at 0.5 / n); below
    that, the quantile is extrapolated linearly from the two smallest values, as
    :func:`voicelint.judgement.strategy.space.low_cut` does, instead of being pinned between them. With 13
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

