"""Style traits of the brand's posts (a VL4xx finding says which traits a post departs on), the
profile's fingerprint for stale learned thresholds, and the summary of a set of scores.

Moved out of :mod:`voicelint.judgement.strategy.space` (which re-exports every name).
"""
from __future__ import annotations

import hashlib
import json

from voicelint.nlp import style
from voicelint.judgement.voice.model import _SHARE_STD_FLOOR, _TRAIT_STD_FLOOR  # one set of spread floors for both


def _np():
    import numpy
    return numpy


def _r(x: float, digits: int = 4) -> float:
    return float(round(float(x), digits))


def _summary(values) -> dict:
    np = _np()
    v = np.asarray(values, dtype=np.float64)
    if len(v) == 0:
        return {}
    return {"n": int(len(v)), "min": _r(v.min()), "p05": _r(np.quantile(v, 0.05)),
            "median": _r(np.median(v)), "p95": _r(np.quantile(v, 0.95)), "max": _r(v.max()),
            "mean": _r(v.mean()), "std": _r(v.std(ddof=1) if len(v) > 1 else 0.0)}


# --------------------------------------------------------------------------- traits

def trait_stats(texts, lang: str) -> dict[str, dict[str, float]]:
    """Mean and spread (with floors) of each named style trait over the brand's posts."""
    np = _np()
    rows = [style.traits(t, lang) for t in texts]
    out = {}
    for name in style.TRAIT_NAMES:
        vals = np.array([r[name] for r in rows], dtype=np.float64)
        std = max(float(vals.std()), _TRAIT_STD_FLOOR.get(name, _SHARE_STD_FLOOR))
        out[name] = {"mean": float(vals.mean()), "std": std}
    return out


def trait_drift(text: str, lang: str, stats: dict, top: int = 3) -> list[dict]:
    """The traits where the post departs most from the brand's posts (|z| >= 1)."""
    tr = style.traits(text, lang)
    rows = []
    for name, st in stats.items():
        if name not in tr:
            continue
        z = (tr[name] - st["mean"]) / st["std"]
        rows.append({"trait": name, "label": style.TRAIT_LABELS.get(name, name),
                     "value": _r(tr[name], 3), "brand_mean": _r(st["mean"], 3), "z": _r(z, 2)})
    rows.sort(key=lambda r: (-abs(r["z"]), r["trait"]))
    return [r for r in rows[:top] if abs(r["z"]) >= 1.0]


def fingerprint(profile) -> str:
    """Hash of what the VL4xx calibration depends on (to tell stale learned thresholds)."""
    d = profile.data
    keep = {k: d.get(k) for k in ("proposition", "pillars", "off_strategy", "competitors", "language")}
    keep["voice_examples"] = (d.get("voice") or {}).get("examples")
    raw = json.dumps(keep, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
