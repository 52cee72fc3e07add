"""Numbers shared by the judgements: numpy imported when first needed, rounding for files and
messages, and low quantiles of small samples."""
from __future__ import annotations

import math


def numpy():
    """The numpy module, imported on first use so that ``import voicelint`` stays light."""
    import numpy as np
    return np


def round_places(x: float, places: int = 4) -> float:
    """``x`` as a float rounded to ``places`` decimal places (learned figures, thresholds)."""
    return float(round(float(x), places))


def round_floats(data, places: int = 4):
    """``data`` (nested dicts of floats) with every float rounded to ``places`` decimal places."""
    if isinstance(data, dict):
        return {k: round_floats(v, places) for k, v in data.items()}
    if isinstance(data, float):
        return round_places(data, places)
    return data


def round_significant(x: float, digits: int = 6) -> float:
    """``x`` rounded to ``digits`` significant digits (model weights in a saved model: small,
    stable files); not-a-number and infinities become 0.0."""
    x = float(x)
    if not math.isfinite(x):
        return 0.0
    if x == 0.0:
        return x
    return float(f"{x:.{digits}g}")


def hazen_low(scores, fa: float) -> float:
    """The empirical ``fa`` quantile with Hazen plotting positions (the i-th smallest of n sits at
    (i - 0.5) / n), extrapolated linearly from the two smallest below 0.5 / n."""
    np = numpy()
    s = np.sort(np.asarray(scores, dtype=np.float64))
    n = len(s)
    if n == 1:
        return float(s[0])
    pos = (np.arange(n) + 0.5) / n
    if fa >= pos[0]:
        return float(np.interp(fa, pos, s))
    return float(s[0] - (s[1] - s[0]) / (pos[1] - pos[0]) * (pos[0] - fa))


def low_quantile(values, fa: float) -> float:
    """The ``fa`` quantile of ``values`` (numpy's linear one) where the sample resolves it, and
    below 0.5 / n the Hazen extrapolation of :func:`hazen_low` instead of a value pinned between
    the two smallest: with 13 values and ``fa`` = 0.03, below the least typical one.

    VL210's threshold (on out-of-fold logits). The strategy's ``low_cut`` takes the smaller of
    :func:`hazen_low` and a normal fit instead."""
    np = numpy()
    s = np.sort(np.asarray(values, dtype=np.float64))
    n = len(s)
    if n == 0:
        raise ValueError("no scores to calibrate on")
    if n == 1 or fa >= 0.5 / n:
        return float(np.quantile(s, fa))
    return hazen_low(s, fa)


def t_quantile(p: float, dof: float) -> float:
    """Student's t quantile (``p`` in (0, 1), ``dof`` degrees of freedom) without scipy: the
    Cornish-Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5), within 0.002
    of the exact value from 5 degrees of freedom at the 1-5 % tails (a check-time calibration
    should not pay scipy.stats' import)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(p)
    v = float(dof)
    g1 = (z ** 3 + z) / 4
    g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
    g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
    g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
    return z + g1 / v + g2 / v ** 2 + g3 / v ** 3 + g4 / v ** 4


def prediction_low(values, fa: float) -> float:
    """Where a *new* value falls below with probability ``fa`` if the values are normal: the
    prediction bound ``mean + t(n - 1, fa) * sd * sqrt(1 + 1/n)``. Not the plain normal quantile
    ``mean + z(fa) * sd``: with a dozen values the mean and the spread are themselves estimates,
    and the plain quantile let new posts under it at several times ``fa``."""
    import math

    np = numpy()
    s = np.asarray(values, dtype=np.float64)
    s = s[np.isfinite(s)]
    n = len(s)
    if n < 3:
        return float(s.min()) if n else -math.inf
    return float(s.mean() + t_quantile(fa, n - 1) * s.std(ddof=1) * math.sqrt(1 + 1 / n))
