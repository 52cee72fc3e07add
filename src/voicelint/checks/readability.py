"""readability: a post whose reading grade is above ``grade`` (Vale's ``readability``).

As in Vale (``internal/check/readability.go``, formulas of ``jdkato/prose``'s ``summarize``):
the grade is the mean of the ``metrics`` named, among

- ``Flesch-Kincaid``: 0.39 × words/sentences + 11.8 × syllables/words − 15.59
- ``Gunning Fog``: 0.4 × (words/sentences + 100 × complex words/words)
- ``SMOG``: 1.043 × √(polysyllabic words × 30 / sentences) + 3.1291
- ``Coleman-Liau``: 0.0588 × L − 0.296 × S − 15.8 (L letters, S sentences, per 100 words)
- ``Automated Readability``: 4.71 × characters/words + 0.5 × words/sentences − 21.43

The counts are ``metric``'s: Vale's, over Vale's summary text (``_summarize``: paragraphs, list
items and quotes, twine's word tokens and syllable counter); a French post's syllables are
counted with French rules. The finding is at the start of the post; its
message's ``%s`` is the grade with two decimals, and its evidence gives each metric and the
counts.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from .base import Hit
from .metric import counts

TYPE = "readability"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"metrics": list, "grade": float}
POST_LEVEL = True  # a grade of the whole post


def _fk(c):
    return 0.39 * c["words"] / c["sentences"] + 11.8 * c["syllables"] / c["words"] - 15.59


def _fog(c):
    return 0.4 * (c["words"] / c["sentences"] + 100 * c["complex_words"] / c["words"])


def _smog(c):
    return 1.0430 * math.sqrt(c["polysyllabic_words"] * 30 / c["sentences"]) + 3.1291


def _cl(c):
    return 0.0588 * (c["characters"] / c["words"] * 100) - 0.296 * (c["sentences"] / c["words"] * 100) - 15.8


def _ari(c):
    return 4.71 * c["characters"] / c["words"] + 0.5 * c["words"] / c["sentences"] - 21.43


FORMULAS = {"Flesch-Kincaid": _fk, "Gunning Fog": _fog, "SMOG": _smog, "Coleman-Liau": _cl,
            "Automated Readability": _ari}


@dataclass(frozen=True)
class Settings:
    metrics: tuple       # the names of FORMULAS to average
    grade: float         # the highest grade allowed


def configure(rule) -> Settings:
    o = rule.options
    metrics = [str(m) for m in o["metrics"] or ()]
    if not metrics:
        raise RuleError(f"expected 'metrics:' (one or more of {', '.join(FORMULAS)})", key="metrics")
    unknown = [m for m in metrics if m not in FORMULAS]
    if unknown:
        raise RuleError(f"unknown metric '{unknown[0]}'; expected one of {', '.join(FORMULAS)}", key="metrics")
    if o["grade"] is None:
        raise RuleError("expected 'grade:' to be a number (the highest grade allowed)", key="grade")
    return Settings(tuple(metrics), o["grade"])


def check(rule, post, ctx):
    metrics, grade = rule.compiled.metrics, rule.compiled.grade
    c = counts(post, ctx, ctx.lang(post) if ctx is not None else "en")
    if c["words"] == 0:
        return
    c["sentences"] = max(c["sentences"], 1.0)
    each = {m: FORMULAS[m](c) for m in metrics}
    value = sum(each.values()) / len(metrics)
    if value <= grade:
        return
    start = post.body_start + (len(post.body) - len(post.body.lstrip()))
    yield Hit(start, start, args=(f"{value:.2f}",),
              evidence={"grade": round(value, 2), "max": grade,
                        "metrics": {m: round(v, 2) for m, v in each.items()},
                        **{k: int(c[k]) for k in ("words", "sentences", "syllables", "complex_words")}})
