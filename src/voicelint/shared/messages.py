"""Small shared helpers with no heavy imports."""
from __future__ import annotations

import difflib


def did_you_mean(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def did_you_mean_code(code: str, known) -> str:
    """" (did you mean 'VL201'?)" for a rule code: a letter O, I or l typed for a digit is read
    as the digit first (VL2O1 is VL201); else the closest code, in the same family on a tie."""
    c = str(code).strip()
    known = [str(k) for k in known]
    if c.upper().startswith("VL"):
        c = c.upper()
        digits = "VL" + c[2:].translate(str.maketrans("OIL", "011"))
        if any(k.startswith(digits) for k in known):
            return f" (did you mean '{digits}'?)"
    close = difflib.get_close_matches(c, known, n=5, cutoff=0.6)
    if not close:
        return ""

    def shared(k: str) -> int:
        return next((i for i, (a, b) in enumerate(zip(c, k)) if a != b), min(len(c), len(k)))
    best = max(close, key=lambda k: (round(difflib.SequenceMatcher(None, c, k).ratio(), 6), shared(k)))
    return f" (did you mean '{best}'?)"


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
