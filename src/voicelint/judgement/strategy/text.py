"""What the strategy checks compare: a post's text, neutralised and reduced to its content words.

Moved out of :mod:`voicelint.judgement.strategy.space` (which re-exports every name): links and the brand's and
competitors' names out (the brand-swap test), one line, lower-case content words with function
words, short words and digits dropped, accents stripped for the character n-grams.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from voicelint.nlp import style
from voicelint.shared.textpatterns import URL_TOKEN_RE

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.U)
_EXTRA_STOP = {
    "en": {"just", "get", "got", "one", "can", "will", "it's", "we're", "we've", "you're",
           "you'll", "don't", "i'm", "let's", "every", "make", "much", "many", "even", "still"},
    "fr": {"c'est", "qu'il", "qu'elle", "ils", "elles", "leurs", "ses", "son", "sa", "été",
           "fait", "faire", "peu", "chaque", "cet", "être", "avoir", "tout", "tous", "toutes"},
}




def norm_text(text: str) -> str:
    """One line, single spaces: what is embedded and compared."""
    return " ".join(str(text).split())


def name_pattern(profile):
    """The brand's and competitors' names: removed before comparing (brand-swap test)."""
    names = {profile.name}
    if profile.data.get("id"):
        names.add(str(profile.data["id"]).replace("-", " "))
    for c in profile.competitors:
        names.add(str(c["name"]))
        names.update(str(a) for a in c.get("aliases") or [])
    names = sorted((n for n in names if len(n.strip()) >= 2), key=lambda n: (-len(n), n))
    if not names:
        return None
    alts = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![\w@#])(?:{alts})(?![\w])", re.I)


def neutral_text(text: str, names=None) -> str:
    """What is compared: links and brand/competitor names out, one line."""
    text = URL_TOKEN_RE.sub(" ", str(text))
    if names is not None:
        text = names.sub(" ", text)
    return norm_text(text)


def _key(text: str) -> str:
    return norm_text(text).lower()


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def content_words(text: str, lang: str) -> list[str]:
    """Lower-case content words (function words, short words and digits dropped)."""
    stop = set(style.FUNCTION_WORDS.get(lang, ())) | _EXTRA_STOP.get(lang, set())
    out = []
    for w in _WORD.findall(style.normalise(text).lower()):
        w = w.replace("’", "'")
        if "'" in w and lang == "fr":
            head, _, tail = w.partition("'")
            if len(head) <= 5:      # l'atelier, qu'elle, jusqu'au -> atelier, elle, au
                w = tail
        if len(w) < 3 or w in stop:
            continue
        out.append(w)
    return out


def _lexical_text(text: str, lang: str) -> str:
    return _strip_accents(" ".join(content_words(text, lang)))


@lru_cache(maxsize=None)
def generic_stems(lang: str, min_posts: int) -> frozenset:
    """The content-word stems (first 5 letters, no accents) of ``min_posts`` or more of the
    shipped generic posts of ``lang``: words any account writes."""
    from collections import Counter

    from voicelint.judgement.voice.features import load_background
    seen = Counter(s for t in load_background(lang)
                   for s in {_strip_accents(w)[:5] for w in content_words(t, lang)})
    return frozenset(s for s, c in seen.items() if c >= min_posts)
