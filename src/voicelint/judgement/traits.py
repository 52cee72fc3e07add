"""Style traits over a brand's posts: mean and spread, with floors on the spread so that a brand
that never uses emoji does not make one emoji a 100-sigma event.

One home for the floors: :data:`SPREAD_FLOOR` in raw units (the voice model's evidence, the
strategy's trait drift) and :data:`DISPLAY_SPREAD_FLOOR` in the units people read (drift
explanations, the report's charts: shares per 100 words)."""
from __future__ import annotations

from voicelint.nlp import style
from voicelint.shared.numbers import numpy as _np

#: Spread floors in raw units (:func:`voicelint.nlp.style.traits`); a trait not named: SHARE_SPREAD_FLOOR.
SPREAD_FLOOR = {
    "formality": 0.08, "sentence_len": 3.0, "word_len": 0.4, "post_len": 30.0,
    "emoji": 0.5, "exclamation": 0.5, "question": 0.5, "hashtags": 0.5, "mentions": 0.5,
    "urls": 0.5, "push": 0.5, "digits": 0.02,
}
SHARE_SPREAD_FLOOR = 0.03
#: Spread floors in display units, by trait or else by the trait's unit (score, share, count).
DISPLAY_SPREAD_FLOOR = {"formality": 0.08, "sentence_len": 3.0, "post_len": 30.0, "score": 0.08,
                        "share": 1.0, "count": 0.3}


def spread_floor(name: str) -> float:
    """The least spread of trait ``name`` in raw units."""
    return SPREAD_FLOOR.get(name, SHARE_SPREAD_FLOOR)


def display_spread_floor(name: str, unit: str) -> float:
    """The least spread of trait ``name`` (of display unit ``unit``) in display units."""
    return DISPLAY_SPREAD_FLOOR.get(name, DISPLAY_SPREAD_FLOOR.get(unit, 1.0))


def trait_stats(texts, lang: str) -> dict[str, dict[str, float]]:
    """Mean and spread (population, floored) of each named style trait over ``texts``."""
    np = _np()
    rows = [style.traits(t, lang) for t in texts]
    out = {}
    for name in style.TRAIT_NAMES:
        vals = np.array([r[name] for r in rows], dtype=np.float64)
        out[name] = {"mean": float(vals.mean()), "std": max(float(vals.std()), spread_floor(name))}
    return out
