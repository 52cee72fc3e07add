"""capitalization: the case of each block of the rule's scope (Vale's ``capitalization``).

Usually with ``scope: heading``. ``match`` is one of:

- ``$sentence``: the first word capitalised, the rest lower case, except words in
  ``exceptions`` (regexes, case-sensitive), words in capitals (acronyms) and words after one of
  ``indicators`` (``":"``); the first word in lower case fails at once;
- ``$title``: title case in ``style`` ``AP`` (default) or ``Chicago``: every word capitalised but
  articles, conjunctions and short prepositions (Chicago: all prepositions) that are neither
  first nor last; words in capitals and exceptions pass;
- ``$lower`` / ``$upper``; or a pattern the block must match.

For ``$sentence`` and ``$title`` a block passes when at least ``threshold`` (default 0.8) of its
words are as expected. ``prefix`` is a pattern ignored at the start (``"^\\d+\\. "``). ``%s`` is
the block. The finding carries the block rewritten in the expected case as an *unsafe* fix
(proper nouns not listed in ``exceptions`` would be lowered). Title case works without Vale's
part-of-speech tagger, so "to" is always treated as a preposition.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from voicelint.shared.errors import RuleError
from . import _match, _place, _scope
from .base import Hit

TYPE = "capitalization"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"match": str, "style": str, "exceptions": list, "indicators": list, "threshold": float,
           "prefix": str}
DEFAULTS = {"style": "AP", "threshold": 0.8}

SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on",
               "or", "per", "the", "to", "vs", "vs.", "via", "v", "v."}
PREPOSITIONS = {"with", "from", "into", "during", "including", "until", "against", "among", "throughout",
                "despite", "towards", "upon", "concerning", "about", "over", "through", "before",
                "between", "after", "since", "without", "under", "within", "along", "following",
                "across", "beyond", "around", "down", "near", "above"}
WORD = r"[\p{N}\p{L}*]+[^\s]*"
_NUMBER_ITEM = regex.compile(r"^\d+\.$")


@dataclass(frozen=True)
class Settings:
    match: str               # $title, $sentence, $lower, $upper or a pattern
    pattern: object          # that pattern, compiled (None for the $ styles)
    chicago: bool            # title case as Chicago has it (else AP)
    threshold: float         # share of words that must fit
    exceptions: tuple
    indicators: tuple        # words after which a capital is fine in sentence case
    prefix: object           # a pattern of text skipped at the start, or None
    scope: _scope.Scope


def configure(rule) -> Settings:
    o = rule.options
    match = o["match"]
    if not match or not match.strip():
        raise RuleError("expected 'match:' ($title, $sentence, $lower, $upper or a pattern)", key="match")
    style = o["style"] or "AP"
    if style.lower() not in ("ap", "chicago"):
        raise RuleError(f"expected 'style' AP or Chicago, got {style!r}", key="style")
    threshold = o["threshold"] or 0.8  # Vale: 0 means the default
    if not 0 < threshold <= 1:
        raise RuleError("expected 'threshold' to be a number between 0 and 1", key="threshold")
    exceptions = tuple(str(e) for e in o["exceptions"] or ())
    indicators = tuple(str(i) for i in o["indicators"] or ())
    pattern = None
    if match not in ("$title", "$sentence", "$lower", "$upper"):
        pattern = _match.compile_pattern(_match.translate(match, "match"), False, "match")
    prefix = None
    if o["prefix"]:
        prefix = _match.compile_pattern(f"^(?:{_match.translate(o['prefix'], 'prefix')})", False, "prefix")
    _match.Exceptions(exceptions)
    return Settings(match, pattern, style.lower() == "chicago", threshold, exceptions, indicators, prefix,
                    _scope.parse(rule.scope))


def _words(text: str, exc) -> list[regex.Match]:
    pattern = (exc.rx.pattern + "|" + WORD) if exc else WORD
    return list(regex.finditer(pattern, text, timeout=_match.TIMEOUT))


def _is_exception(exc, word: str) -> bool:
    return bool(exc) and exc.matches(word)


def _head(word: str) -> str:
    for sep in ("-", "'", "’"):
        if sep in word:
            return word.split(sep)[0]
    return word


def sentence_ok(text: str, exc, indicators, threshold: float) -> bool:
    tokens = [m.group(0) for m in _words(text.rstrip("?!.:"), exc)]
    count = words = 0
    for i, w in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        whole, w = w, _head(w)
        after_indicator = any(prev.endswith(s) for s in indicators) or (i == 1 and _NUMBER_ITEM.match(prev))
        if w == w.upper() or after_indicator or _is_exception(exc, w) or _is_exception(exc, whole):
            count += 1
        elif i == 0 and w != w.lower().capitalize():
            return False
        elif i == 0 or w == w.lower():
            count += 1
        words += 1
    return words == 0 or count / words >= threshold


def to_sentence(text: str, exc, indicators) -> str:
    out, prev, first = [], "", True
    pos = 0
    for m in _words(text, exc):
        w = m.group(0)
        out.append(text[pos:m.start()])
        keep = (len(w) > 1 and w == w.upper()) or _is_exception(exc, w) or any(prev.endswith(s) for s in indicators)
        if first:
            w = w[:1].upper() + w[1:]
        elif not keep:
            w = w.lower()
        out.append(w)
        pos, prev, first = m.end(), m.group(0), False
    out.append(text[pos:])
    return "".join(out)


def to_title(text: str, exc, chicago: bool) -> str:
    matches = _words(text, exc)
    out, pos = [], 0
    small = SMALL_WORDS | (PREPOSITIONS if chicago else set())
    for i, m in enumerate(matches):
        w = m.group(0)
        out.append(text[pos:m.start()])
        bounding = i == 0 or i == len(matches) - 1
        after_colon = i > 0 and matches[i - 1].group(0).endswith(":")
        if _is_exception(exc, w) or (len(w) > 1 and w == w.upper()):
            pass
        elif w.lower().rstrip(",;") in small and not bounding and not after_colon:
            w = w.lower()
        else:
            w = w[:1].upper() + w[1:]
        out.append(w)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def title_ok(text: str, exc, chicago: bool, threshold: float) -> bool:
    expected = [m.group(0) for m in _words(to_title(text, exc, chicago), exc)]
    count = words = 0
    for i, m in enumerate(_words(text, exc)):
        w = m.group(0)
        if i >= len(expected) or w == expected[i] or _is_exception(exc, w) or w == w.upper():
            count += 1
        words += 1
    return words == 0 or count / words >= threshold


def judge(c: Settings, text: str, exc) -> tuple[bool, str]:
    """(passes, text in the expected case)."""
    m = c.match
    if m == "$lower":
        return text == text.lower() or (bool(exc) and exc.matches(text)), text.lower()
    if m == "$upper":
        return text == text.upper() or (bool(exc) and exc.matches(text)), text.upper()
    if m == "$sentence":
        return sentence_ok(text, exc, c.indicators, c.threshold), to_sentence(text, exc, c.indicators)
    if m == "$title":
        return title_ok(text, exc, c.chicago, c.threshold), to_title(text, exc, c.chicago)
    ok = c.pattern.search(text, timeout=_match.TIMEOUT) is not None or (bool(exc) and exc.matches(text))
    return ok, text


def check(rule, post, ctx):
    c = rule.compiled
    exc = _match.exceptions_for(rule, ctx, c.exceptions)
    for block in _scope.blocks(c.scope, post, ctx, vale=not rule.builtin):
        a, b = _match.strip_span(block.text, 0, len(block.text))
        if a == b:
            continue
        text = block.text[a:b]
        if c.prefix is not None:
            pm = c.prefix.match(text, timeout=_match.TIMEOUT)
            if pm:
                a += pm.end()
                text = block.text[a:b]
        if not text.strip():
            continue
        ok, expected = judge(c, text, exc)
        if ok:
            continue
        s, e = block.at(a), block.end_at(b)
        if _scope.excluded(c.scope, post, s, e, ctx):
            continue
        fix = {"replacement": expected, "safe": False} \
            if expected != text and block.verbatim(a, b, post.source) else None
        s, e = _place.place(rule, post, ctx, block, a, b)
        yield Hit(s, e, args=(text,), fix=fix)
