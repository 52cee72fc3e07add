"""Small shared helpers with no heavy imports."""
from __future__ import annotations

import difflib


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def one_of(choices) -> str:
    return ", ".join(str(c) for c in choices)


def score_pair(score: float, threshold: float, digits: int = 2, most: int = 4) -> tuple[str, str]:
    """``score`` and ``threshold`` as text, with the fewest decimals (``digits`` up to ``most``)
    at which a score on the wrong side of its threshold does not print as equal to it: a
    message "score 0.03, below the threshold 0.03" tells a reader nothing."""
    for d in range(digits, most + 1):
        a, b = f"{score:.{d}f}", f"{threshold:.{d}f}"
        if a != b or score == threshold:
            return a, b
    return a, b
