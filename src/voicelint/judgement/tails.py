"""Thresholds in the lower tail of a few hundred scores or fewer: where a *new* post falls.

:mod:`voicelint.judgement.calibration_joint` places every component of the false-alarm budget with
these: between two out-of-fold scores (:func:`tail_cut` with k > 0), some scales below the lowest
(k = 0; the scale measured by :func:`tail_scale`), or, with too few posts to measure a tail, at the
normal prediction bound (:func:`predictive_low`). :func:`new_post_share` is what each costs on new
posts.
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


def predictive_low(scores, target: float) -> float:
    """Where a *new* post's score falls below with probability ``target``, if the scores are
    normal: the normal prediction bound (:func:`voicelint.shared.numbers.prediction_low`).

    VL210's threshold under ``1 / target - 1`` approved posts (33 at 3 %): a dozen out-of-fold
    scores have no 3 % tail to measure, and the cut half a spacing below the lowest is one post's
    accident (on the dev set's French accounts with 13-14 posts it flagged 4.7 % of their unseen
    posts, 15-20 % in one seed; this bound, which reads the spread of all of them, 2.8 %, for
    4 points of detection). The lowest score when the spread is not defined."""
    from voicelint.shared.numbers import prediction_low

    return prediction_low(scores, target)


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
