"""The explicit registry of check types. Modules are imported only when a rule uses them."""
from __future__ import annotations

import importlib
import importlib.util

# type name -> module (relative to voicelint.checks). Adding a type = one module + one line.
CHECK_TYPES = {
    # Vale-compatible types
    "existence": "existence",
    "substitution": "substitution",
    "occurrence": "occurrence",
    "repetition": "repetition",
    "consistency": "consistency",
    "conditional": "conditional",
    "capitalization": "capitalization",
    "metric": "metric",
    "spelling": "spelling",
    "readability": "readability",
    "sequence": "sequence",
    # voicelint types
    "pattern": "pattern",
    "lexicon": "lexicon",
    "address": "address",
    "length": "length",
    "links": "links",
    "shouting": "shouting",
    "formality": "formality",
    "semantic": "semantic",
    "voice_match": "voice_match",
    "pillar_balance": "pillar_balance",
    "drift": "drift",
    "profile": "profile_checks",
}
# Vale types that voicelint names in a notice and skips.
UNSUPPORTED_VALE = {"script", "lint"}


def names() -> list[str]:
    return sorted(CHECK_TYPES)


def known(name: str) -> bool:
    return name in CHECK_TYPES and _available(name)


def _available(name: str) -> bool:
    return importlib.util.find_spec(f"voicelint.checks.{CHECK_TYPES[name]}") is not None


def is_unsupported_vale(name: str) -> bool:
    return name in UNSUPPORTED_VALE or (name in CHECK_TYPES and not _available(name))


def module(name: str):
    try:
        mod = CHECK_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown check type '{name}'; known: {', '.join(names())}") from None
    return importlib.import_module(f"voicelint.checks.{mod}")
