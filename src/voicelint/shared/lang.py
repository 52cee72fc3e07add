"""A draft's language guessed from its most common words, when neither it nor the profile says."""
from __future__ import annotations

FR_HINTS = frozenset("le la les des une est et pour nous vous avec dans sur pas que qui ce cette sont ne au aux du".split())
EN_HINTS = frozenset("the and is are for we you with in on not that this to of our your it be have".split())


def guess_lang(text: str) -> str | None:
    words = [w.lower() for w in text.split()[:200]]
    fr = sum(w in FR_HINTS for w in words)
    en = sum(w in EN_HINTS for w in words)
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def majority_lang(texts) -> str | None:
    """The language most of ``texts`` are guessed in (a tie, or no guess: None)."""
    votes = [guess_lang(t) for t in texts]
    fr, en = votes.count("fr"), votes.count("en")
    if fr == en:
        return None
    return "fr" if fr > en else "en"
