"""A draft's language guessed from its most common words, when neither it nor the profile says."""
from __future__ import annotations

FR_HINTS = frozenset("le la les des une est et pour nous vous avec dans sur pas que qui ce cette sont ne au aux du "
                     "à un nos notre vos votre mais ou très".split())
EN_HINTS = frozenset("the and is are for we you with in on not that this to of our your it be have "
                     "at from by will was my they what".split())
#: French elisions (l'atelier, d'été, qu'il, c'est): French hints too.
FR_ELISIONS = ("l'", "d'", "qu'", "j'", "n'", "s'", "c'", "m'", "t'")
#: A post "reads as" a language (and overrides the profile's default) only with at least this many
#: of its function words (one fewer when it has none of the other language's) ...
CONFIDENT_HINTS = 4
#: ... and this many times as many as the other language's: "Visit la Maison for the café" stays
#: with the profile's language, "Ce samedi, l'atelier ouvre ses portes pour tous" does not.
CONFIDENT_RATIO = 3
NAMES = {"fr": "French", "en": "English"}


def _counts(text: str) -> tuple[int, int]:
    words = [w.lower().replace("’", "'").strip(".,;:!?«»\"()") for w in text.split()[:200]]
    fr = sum(w in FR_HINTS or (w.startswith(FR_ELISIONS) and len(w) > 3) for w in words)
    return fr, sum(w in EN_HINTS for w in words)


def guess_lang(text: str) -> str | None:
    fr, en = _counts(text)
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def confident_lang(text: str) -> str | None:
    """The language ``text`` clearly reads as (enough function words, far more of one language's
    than the other's), or None: short or mixed posts keep the language they are given."""
    fr, en = _counts(text)
    for lang, mine, theirs in (("fr", fr, en), ("en", en, fr)):
        if (mine >= CONFIDENT_HINTS and mine >= CONFIDENT_RATIO * theirs) or (mine >= CONFIDENT_HINTS - 1
                                                                              and theirs == 0):
            return lang
    return None


def reads_as(text: str, default: str | None) -> str | None:
    """A post's language when it does not say: the one it clearly reads as, else ``default``."""
    return confident_lang(text) or default


def majority_lang(texts) -> str | None:
    """The language most of ``texts`` are guessed in (a tie, or no guess: None)."""
    votes = [guess_lang(t) for t in texts]
    fr, en = votes.count("fr"), votes.count("en")
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def language_name(lang: str) -> str:
    """'French' for 'fr', for the (English) notices."""
    return NAMES.get(lang, lang)
