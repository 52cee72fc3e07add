"""shouting: words in capitals and repeated punctuation (``!!``, ``?!?``).

A run of ``min_words`` capitalised words (each of ``min_letters``+ letters) or a single one of
``long_word`` letters is shouting; acronyms in ``exceptions``, the brand's name and competitors'
names are not, nor a run whose words are all of ``acronym_letters`` letters or fewer (``RBC ATM``,
``KUL-SIN``, ``EDF, GDF``: codes and acronyms side by side) unless ``min_words`` of them are
ordinary words of the post's language (``ordinary_words``: ``BUY NOW``, ``ACT NOW`` shout), nor a
handle, a hashtag or a piece of a path (``@WOMENAREGROOVY``, ``#MVFW``, ``C:\\Users\\USERNAME``:
names, not a raised voice). A word may hold apostrophes (``DON'T``, ``N'ATTENDEZ``, ``C'EST``);
its length is its letters. Product codes with digits (``T80``, ``B12``) are never words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Hit

TYPE = "shouting"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"min_words": int, "min_letters": int, "long_word": int, "exceptions": list,
           "punctuation": bool, "acronym_letters": int, "ordinary_words": dict}
DEFAULTS = {"min_words": 2, "min_letters": 3, "long_word": 7, "acronym_letters": 0, "punctuation": True}
_CAP = r"[^\W\d_a-zà-ÿ]"
CAPS = re.compile(rf"(?<![\w@#/\\]){_CAP}+(?:['’]{_CAP}+)*(?![\w/\\])")
PUNCT = re.compile(r"[!?¡¿]{2,}|!(?:\s+!)+")
#: The message for repeated punctuation (the rule's own is about capitals: "write in sentence case").
PUNCT_MESSAGE = {
    "en": "Shouting: '%s'. One mark is enough.",
    "fr": "Ça crie : « %s ». Un seul signe suffit.",
}


@dataclass(frozen=True)
class Settings:
    min_words: int       # capitalised words in a run before it is shouting
    min_letters: int     # letters a capitalised word needs to count
    long_word: int       # one capitalised word this long is shouting on its own
    acronym_letters: int  # a run of words this short or shorter reads as acronyms
    exceptions: frozenset  # words (upper case) never shouting
    punctuation: bool    # also report "!!" and "?!"
    ordinary: dict = None  # language -> short words (upper case) that are words, not acronyms


def configure(rule) -> Settings:
    o = rule.options
    ordinary = {str(lang): frozenset(str(w).upper().replace("’", "'") for w in words or ())
                for lang, words in (o["ordinary_words"] or {}).items()}
    return Settings(o["min_words"], o["min_letters"], o["long_word"], o["acronym_letters"],
                    frozenset(str(e).upper() for e in o["exceptions"] or ()), o["punctuation"], ordinary)


def _letters(m) -> int:
    return sum(ch.isalpha() for ch in m.group(0))


def check(rule, post, ctx):
    c = rule.compiled
    names = set(c.exceptions)
    if ctx.profile is not None:
        names.update(w.upper() for w in ctx.profile.name.split())
        for comp in ctx.profile.competitors:
            names.update(w.upper() for w in comp["name"].split())
    text = post.text
    ordinary = (c.ordinary or {}).get(ctx.lang(post), frozenset())
    words = [m for m in CAPS.finditer(text) if m.group(0).upper() not in names and m.group(0).isupper()
             and _letters(m) >= 2]
    i = 0
    while i < len(words):
        j = i
        while j + 1 < len(words) and not text[words[j].end():words[j + 1].start()].strip(" ,'’-"):
            j += 1  # short words join a run ("C'EST LE MOMENT") but do not count towards min_words
        run = words[i:j + 1]
        long_enough = [w for w in run if _letters(w) >= c.min_letters]
        if (all(_letters(w) <= c.acronym_letters for w in run)
                and sum(w.group(0).replace("’", "'") in ordinary for w in long_enough) < c.min_words):
            i = j + 1
            continue
        if len(long_enough) >= c.min_words or any(_letters(w) >= c.long_word for w in run):
            s, e = run[0].start(), run[-1].end()
            yield Hit(s, e, args=(text[s:e],))
        i = j + 1
    if c.punctuation:
        said = PUNCT_MESSAGE.get(ctx.lang(post), PUNCT_MESSAGE["en"])
        for m in PUNCT.finditer(text):
            yield Hit(m.start(), m.end(), message=said % m.group(0),
                      args=(m.group(0),))
