"""repetition: the same token twice in a row, "the the" (Vale's ``repetition``).

As in Vale: ``tokens`` are joined into one pattern (no word bounds; ``ignorecase`` compares
case-insensitively), consecutive matches are compared, ``alpha: true`` only counts matches
made of letters, and a repeat is reported when it happens more than ``max`` times in a row
(default 0: any repeat) within one sentence — "I forgot about that. That is..." is not one.
The span runs from the first to the last of the repeats; ``%s`` is the repeated token;
``exceptions`` are case-sensitive regexes searched in that span. An ``action`` gives an
unsafe fix (write-good's ``truncate`` keeps one copy).

Unlike Vale, the count of repeats starts again after a token that is not a repeat.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from voicelint.shared.errors import RuleError
from . import _action, _match, _place, _scope
from .base import Hit

TYPE = "repetition"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"tokens": list, "max": int, "ignorecase": bool, "alpha": bool, "exceptions": list}
DEFAULTS = {"max": 0, "ignorecase": False, "alpha": False}
_SENTENCE_BREAK = regex.compile(r"[.!?…]+[\"'»”’)\]]*\s|\n[ \t\r]*\n")


@dataclass(frozen=True)
class Settings:
    rx: object           # the tokens as one pattern
    max: int             # repeats allowed in a row
    ignorecase: bool
    alpha: bool          # only matches made of letters count
    exceptions: tuple
    scope: _scope.Scope


def configure(rule) -> Settings:
    o = rule.options
    tokens = [_match.translate(str(t)) for t in _match.as_list(o["tokens"], "tokens") if str(t).strip()]
    if not tokens:
        raise RuleError("expected 'tokens:' (the patterns whose repeats are reported)", key="tokens")
    for t in tokens:
        _match.compile_pattern(t, False, "tokens")
    mx, ic = o["max"], o["ignorecase"]
    if mx < 0:
        raise RuleError("expected 'max' to be a whole number ≥ 0", key="max")
    rx = _match.compile_pattern("(" + "|".join(tokens) + ")", ic, "tokens")
    exceptions = tuple(str(e) for e in _match.as_list(o["exceptions"], "exceptions"))
    _match.Exceptions(exceptions)
    return Settings(rx, mx, ic, o["alpha"], exceptions, _scope.parse(rule.scope))


def check(rule, post, ctx):
    p = rule.compiled
    rx, mx, ic, alpha, exceptions, scope = p.rx, p.max, p.ignorecase, p.alpha, p.exceptions, p.scope
    exc = _match.exceptions_for(rule, ctx, exceptions)
    for block in _scope.blocks(scope, post, ctx, vale=not rule.builtin):
        text = block.text
        prev = ""
        first = None  # start of the run of repeats
        count = 0
        for m in _match.finditer(rx, text, rule):
            curr = m.group(0).strip()
            same = curr != "" and (curr.lower() == prev.lower() if ic else curr == prev)
            if same and alpha:
                same = curr.isalpha()
            if not same:
                count, first = 0, m.start()
                prev = curr
                continue
            count += 1
            prev = curr
            if count <= mx:
                continue
            a, b = _match.strip_span(text, first, m.end())
            span = text[a:b]
            if _SENTENCE_BREAK.search(span):
                count, first = 0, m.start()
                continue
            s, e = block.at(a), block.end_at(b)
            if (exc and exc.covers(span, text, a, b)) or _scope.excluded(scope, post, s, e, ctx):
                continue
            fix = _action.fix_for(rule, span) if block.verbatim(a, b, post.source) else None
            s, e = _place.place(rule, post, ctx, block, a, b)
            yield Hit(s, e, args=(curr,), fix=fix)
            count, first = 0, m.start()
