"""Thresholds in the lower tail of a few hundred scores or fewer: where a *new* post falls.

:mod:`voicelint.judgement.calibration_joint` places every component of the false-alarm budget with
these: between two out-of-fold scores (:func:`tail_cut` with k > 0) or some scales below the
lowest (k = 0; the scale measured by :func:`tail_scale`). :func:`new_post_share` is what each costs
on new posts; under :func:`approved_needed` posts there is no tail to measure.
"""
from __future__ import annotations

import math

from voicelint.shared.numbers import numpy as _np

#: A component left at the tail sits this many spacings below the lowest out-of-fold score. The
#: spacing is the tail's scale as the :data:`TAIL_K` lowest scores measure it (the mean of their
#: normalised spacings, Hill's estimator: for an exponential tail, i x (s[i] - s[i-1]) are
#: independent draws of the scale), not the gap between the two lowest alone: that gap is one
#: exponential draw, under half the scale more than a third of the time, and the cut 3 of them
#: below the lowest then sat among the brand's new posts (a French account learned from 100
#: posts, VL401's margin: gap 0.006, scale 0.014; 4 of its 71 unseen posts under the cut).
TAIL_SPACINGS = 3.0
#: The lowest out-of-fold scores whose spacings measure the tail's scale (fewer with fewer posts).
TAIL_K = 5


def tail_cut(own, k: int, spacings: float = None) -> float:
    """A threshold flagging the ``k`` lowest of the out-of-fold scores ``own`` (midway to the
    next), or, for ``k`` = 0, ``spacings`` (:data:`TAIL_SPACINGS`) spacings below the lowest."""
    np = _np()
    s = np.sort(np.asarray(own, dtype=np.float64))
    s = s[np.isfinite(s)]
    if len(s) == 0:
        return -math.inf
    if k <= 0:
        return float(s[0] - (TAIL_SPACINGS if spacings is None else spacings) * max(tail_scale(s), 1e-6))
    if k >= len(s):
        return float(s[-1] + 1e-9)
    return float((s[k - 1] + s[k]) / 2)


def tail_scale(scores) -> float:
    """The scale of the scores' lower tail from their :data:`TAIL_K` lowest (Hill's estimator:
    the mean of i x (s[i] - s[i-1]), i = 1..k, which is the mean excess of s[k] over the k below
    it); 0 for fewer than two scores."""
    np = _np()
    s = np.sort(np.asarray(scores, dtype=np.float64))
    s = s[np.isfinite(s)]
    k = min(TAIL_K, len(s) - 1)
    if k < 1:
        return 0.0
    return float(np.mean(s[k] - s[:k]))


def approved_needed(target: float) -> int:
    """Approved posts for a ``target`` false-alarm rate to be an estimate, not a hope: below
    ``1/target - 1`` of them, the threshold is the lowest approved score, and a new post of the
    brand's own falls below the lowest of n about once in n + 1 (3 %: 33 posts). Under it,
    ``profile learn`` says the target cannot be promised, VL210 takes the normal prediction bound
    (:func:`voicelint.shared.numbers.prediction_low`) and its check-time notice asks for more."""
    return max(1, math.ceil(1.0 / target) - 1)


def new_post_share(k: int, spacings: float, tail_k: int = TAIL_K) -> float:
    """Expected share of a post (in units of 1 / (n + 1)) beyond what the ``k`` flagged approved
    posts say, that a new post falls under a threshold placed by :func:`tail_cut`: midway between
    two order statistics, half a post; m = ``spacings`` estimated scales below the lowest, for an
    exponential tail, prod over i = 1..tail_k of (i + 1) / (i + 1 + i m / tail_k). (A new post is
    the lowest once in n + 1 and then beyond m scales with probability exp(-m); the estimate is a
    mean of ``tail_k`` normalised spacings, which the lowest score shares, so its average is not
    the independent (1 + m / tail_k) ** -tail_k but that product: 0.17 for 3 scales from 5
    spacings, 0.71 for half a scale; the gap between the two lowest alone, tail_k = 1, gave
    2 / (2 + m), 0.4 for 3 gaps.)"""
    if k > 0:
        return 0.5
    out = 1.0
    for i in range(1, tail_k + 1):
        out *= (i + 1) / (i + 1 + i * spacings / tail_k)
    return out
