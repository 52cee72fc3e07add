"""Style traits of the brand's posts (a VL4xx finding says which traits a post departs on), the
profile's fingerprint for stale learned thresholds, and the summary of a set of scores.

Moved out of :mod:`voicelint.judgement.strategy.space` (which re-exports every name).
"""
from __future__ import annotations

import hashlib
import json

from voicelint.nlp import style
from voicelint.judgement.traits import trait_stats  # noqa: F401 (re-exported: the strategy's name for it)
from voicelint.shared.numbers import numpy as _np
from voicelint.shared.numbers import round_places


def _summary(values) -> dict:
    np = _np()
    v = np.asarray(values, dtype=np.float64)
    if len(v) == 0:
        return {}
    return {"n": int(len(v)), "min": round_places(v.min()), "p05": round_places(np.quantile(v, 0.05)),
            "median": round_places(np.median(v)), "p95": round_places(np.quantile(v, 0.95)), "max": round_places(v.max()),
            "mean": round_places(v.mean()), "std": round_places(v.std(ddof=1) if len(v) > 1 else 0.0)}


# --------------------------------------------------------------------------- traits

def trait_drift(text: str, lang: str, stats: dict, top: int = 3) -> list[dict]:
    """The traits where the post departs most from the brand's posts (|z| >= 1)."""
    tr = style.traits(text, lang)
    rows = []
    for name, st in stats.items():
        if name not in tr:
            continue
        z = (tr[name] - st["mean"]) / st["std"]
        rows.append({"trait": name, "label": style.TRAIT_LABELS.get(name, name),
                     "value": round_places(tr[name], 3), "brand_mean": round_places(st["mean"], 3), "z": round_places(z, 2)})
    rows.sort(key=lambda r: (-abs(r["z"]), r["trait"]))
    return [r for r in rows[:top] if abs(r["z"]) >= 1.0]


def fingerprint(profile) -> str:
    """Hash of what the VL4xx calibration depends on (to tell stale learned thresholds)."""
    d = profile.data
    keep = {k: d.get(k) for k in ("proposition", "pillars", "off_strategy", "competitors", "language")}
    if isinstance(keep["pillars"], list):   # a pillar's expected share (VL405/406) calibrates nothing
        keep["pillars"] = [{k: v for k, v in p.items() if k != "share"} if isinstance(p, dict) else p
                           for p in keep["pillars"]]
    keep["voice_examples"] = (d.get("voice") or {}).get("examples")
    raw = json.dumps(keep, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
