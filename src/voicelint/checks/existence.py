"""existence: report every match of any of ``tokens`` (Vale's ``existence``).

As in Vale: ``tokens`` become one word-bounded group (``nonword: true`` drops the bounds),
``raw`` is put before it (after it with ``append: true``), ``ignorecase`` makes the whole
pattern case-insensitive, and a match in which one of ``exceptions`` (case-sensitive regexes,
word-bounded) occurs is not reported. The message's ``%s`` is what matched. ``scope`` picks
the part of the post read (see ``_scope``); an ``action`` gives an unsafe fix.
"""
from __future__ import annotations

from . import _action, _match, _place, _scope
from .base import Hit

TYPE = "existence"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"tokens": None, "raw": None, "ignorecase": None, "nonword": None, "exceptions": None,
           "append": None}


def compile(rule):
    o = rule.options
    tokens = _match.as_list(o.get("tokens"), "tokens")
    raw = _match.as_list(o.get("raw"), "raw")
    nonword = bool(o.get("nonword", False))
    rx = _match.vale_regex(tokens, raw, nonword, bool(o.get("append", False)),
                           bool(o.get("ignorecase", False)), vale=not rule.builtin)
    exceptions = tuple(str(e) for e in _match.as_list(o.get("exceptions"), "exceptions"))
    _match.Exceptions(exceptions)  # fail on load, naming the file, if one is not a valid pattern
    # Vale: accepted vocabulary is a list of *words*, so nonword rules do not use it
    words = _match.first_words(tokens) if tokens and not raw and not nonword else None
    return rx, exceptions, _scope.parse(rule.scope), not nonword, words


def check(rule, post, ctx):
    rx, exceptions, scope, use_vocab, words = rule.compiled
    if not _match.might_match(words, post, ctx):
        return
    exc = _match.exceptions_for(rule, ctx, exceptions, use_vocab)
    for _s, _e, m, block in _match.scoped_matches(rx, rule, post, ctx, scope):
        a, b = _match.strip_span(block.text, m.start(), m.end())
        if a == b:
            continue
        observed = block.text[a:b]
        if exc and exc.covers(observed, block.text, a, b):
            continue
        fix = _action.fix_for(rule, observed) if block.verbatim(a, b, post.source) else None
        s, e = _place.place(rule, post, ctx, block, a, b)
        yield Hit(s, e, args=(observed,), fix=fix)
