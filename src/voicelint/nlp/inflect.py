"""A replacement word inflected like the word it replaces (number; French gender agreement).

Used by the lexicon check to offer a fix (``consommateurs`` -> ``clients``) and to say whether
that fix is safe to apply without reading it.
"""
from __future__ import annotations

# ------------------------------------------------------------------------------------------
_FR_AL_EXCEPTIONS = {"bal", "carnaval", "chacal", "festival", "récital", "régal", "cal", "naval"}
_FR_X_EXCEPTIONS = {"pneu", "bleu", "landau", "sarrau", "émeu"}
_FR_OUX = {"bijou", "caillou", "chou", "genou", "hibou", "joujou", "pou"}


def pluralize(word: str, lang: str) -> str:
    """The plural of one word (regular rules; English or French)."""
    if not word:
        return word
    low = word.lower()
    if lang == "fr":
        if low.endswith(("s", "x", "z")):
            out = word
        elif low.endswith("al") and low not in _FR_AL_EXCEPTIONS:
            out = word[:-2] + "aux"
        elif (low.endswith(("eau", "au", "eu")) and low not in _FR_X_EXCEPTIONS) or low in _FR_OUX:
            out = word + "x"
        else:
            out = word + "s"
    else:
        if low.endswith(("s", "x", "z", "ch", "sh")):
            out = word + "es"
        elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
            out = word[:-1] + "ies"
        else:
            out = word + "s"
    return out.upper() if word.isupper() and len(word) > 1 else out


def _morph(token, key: str) -> str | None:
    values = token.morph.get(key)
    return values[0] if values else None


def inflect(replacement: str, found_token, term_doc, replacement_doc, lang: str) -> tuple[str, bool]:
    """The replacement inflected like the token it replaces, and whether that fix is safe.

    ``found_token``: the spaCy token in the post; ``term_doc`` / ``replacement_doc``: spaCy docs
    of the lexicon term and of its replacement. Plural number is carried over (``consommateurs``
    -> ``clients``). The fix is unsafe when the replacement has several words, or, in French,
    when genders differ (``la consommatrice`` -> ``la client``; ``le consommateur`` ->
    ``le clientèle``: the determiner would need to change)."""
    words = [t for t in replacement_doc if not t.is_space]
    term_tokens = [t for t in term_doc if not t.is_space]
    if len(words) != 1 or len(term_tokens) != 1:
        return replacement, False
    safe = True
    plural = _morph(found_token, "Number") == "Plur" and _morph(term_tokens[0], "Number") != "Plur"
    out = pluralize(replacement, lang) if plural and _morph(words[0], "Number") != "Plur" else replacement
    if lang == "fr":
        g_found, g_term, g_rep = (_morph(found_token, "Gender"), _morph(term_tokens[0], "Gender"),
                                  _morph(words[0], "Gender"))
        known = [g for g in (g_found, g_term, g_rep) if g]
        if len(set(known)) > 1:
            safe = False
    return out, safe
