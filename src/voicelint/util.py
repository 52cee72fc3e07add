"""Small shared helpers with no heavy imports."""
from __future__ import annotations

import difflib


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def one_of(choices) -> str:
    return ", ".join(str(c) for c in choices)
