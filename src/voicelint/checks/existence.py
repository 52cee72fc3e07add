"""existence: report every match of any of ``tokens`` (Vale's ``existence``).

As in Vale: ``tokens`` become one word-bounded group (``nonword: true`` drops the bounds),
``raw`` is put before it (after it with ``append: true``), ``ignorecase`` makes the whole
pattern case-insensitive, and a match in which one of ``exceptions`` (case-sensitive regexes,
word-bounded) occurs is not reported. The message's ``%s`` is what matched. ``scope`` picks
the part of the post read (see ``_scope``); an ``action`` gives an unsafe fix. With
``skip_negated: true`` (voicelint's own, not Vale's) a match in a clause that denies it is not
reported ("there is no miracle", see ``_negation``).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import _action, _match, _negation, _place, _scope
from .base import Hit

TYPE = "existence"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"tokens": list, "raw": list, "ignorecase": bool, "nonword": bool, "exceptions": list,
           "append": bool, "skip_negated": bool}
DEFAULTS = {"ignorecase": False, "nonword": False, "append": False, "skip_negated": False}


@dataclass(frozen=True)
class Settings:
    rx: object                 # the one pattern of tokens and raw
    exceptions: tuple
    scope: _scope.Scope
    use_vocab: bool            # Vale: accepted vocabulary is a list of *words*; nonword rules skip it
    words: object              # first words a post must hold to match (a prefilter), or None
    skip_negated: bool = False  # a match in a clause that denies it is not reported


def configure(rule) -> Settings:
    o = rule.options
    tokens = _match.as_list(o["tokens"], "tokens")
    raw = _match.as_list(o["raw"], "raw")
    rx = _match.vale_regex(tokens, raw, o["nonword"], o["append"], o["ignorecase"], vale=not rule.builtin)
    exceptions = tuple(str(e) for e in _match.as_list(o["exceptions"], "exceptions"))
    _match.Exceptions(exceptions)  # fail on load, naming the file, if one is not a valid pattern
    words = _match.first_words(tokens) if tokens and not raw and not o["nonword"] else None
    return Settings(rx, exceptions, _scope.parse(rule.scope), not o["nonword"], words, o["skip_negated"])


def check(rule, post, ctx):
    p = rule.compiled
    if not _match.might_match(p.words, post, ctx):
        return
    exc = _match.exceptions_for(rule, ctx, p.exceptions, p.use_vocab)
    for _s, _e, m, block in _match.scoped_matches(p.rx, rule, post, ctx, p.scope):
        a, b = _match.strip_span(block.text, m.start(), m.end())
        if a == b:
            continue
        observed = block.text[a:b]
        if exc and exc.covers(observed, block.text, a, b):
            continue
        if p.skip_negated and _negation.negated(block.text, a, b, ctx.lang(post)):
            continue
        fix = _action.fix_for(rule, observed) if block.verbatim(a, b, post.source) else None
        s, e = _place.place(rule, post, ctx, block, a, b)
        yield Hit(s, e, args=(observed,), fix=fix)
