"""conditional: ``first`` needs ``second`` — an acronym needs its definition (Vale's ``conditional``).

As in Vale: when ``second`` has a capture group (``'(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'``),
a match of ``first`` is fine only if its text was captured by a match of ``second`` ("World
Health Organization (WHO)" defines WHO); without a group, any match of ``second`` in the post
satisfies every ``first``. Matches in which one of ``exceptions`` (case-sensitive,
word-bounded regexes) occurs are not reported; ``%s`` is what ``first`` matched.

The unit is the post (each post is read on its own), so in a calendar a definition in one row
does not cover another row. voicelint also honours ``ignorecase`` for both patterns.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from . import _match, _scope
from .base import Hit

TYPE = "conditional"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"first": str, "second": str, "ignorecase": bool, "exceptions": list}
DEFAULTS = {"ignorecase": False}
POST_LEVEL = True  # a definition anywhere in the post covers a use


@dataclass(frozen=True)
class Settings:
    first: object
    second: object
    grouped: bool        # second has a capture group: the definition names what it defines
    exceptions: tuple
    scope: _scope.Scope


def has_capture_group(pattern: str) -> bool:
    """Vale's test: an unescaped ``(`` that does not open ``(?...)``."""
    return pattern.count("(") > pattern.count("(?") + pattern.count("\\(")


def configure(rule) -> Settings:
    o = rule.options
    for key in ("first", "second"):
        if not o[key] or not o[key].strip():
            raise RuleError(f"expected '{key}:' (a pattern)", key=key)
    ic = o["ignorecase"]
    first = _match.compile_pattern(_match.translate(o["first"], "first"), ic, "first")
    second_src = _match.translate(o["second"], "second")
    second = _match.compile_pattern(second_src, ic, "second")
    exceptions = tuple(str(e) for e in _match.as_list(o["exceptions"], "exceptions"))
    _match.Exceptions(exceptions)
    return Settings(first, second, has_capture_group(second_src), exceptions, _scope.parse(rule.scope))


def check(rule, post, ctx):
    p = rule.compiled
    first, second, grouped, exceptions, scope = p.first, p.second, p.grouped, p.exceptions, p.scope
    if first.search(post.text, timeout=_match.TIMEOUT) is None:
        return
    exc = _match.exceptions_for(rule, ctx, exceptions)
    blocks = _scope.blocks(scope, post, ctx, vale=not rule.builtin)
    defined: set[str] = set()
    for block in blocks:
        for m in _match.finditer(second, block.text, rule):
            if not grouped:
                return  # a plain presence check: `second` is there, every `first` is fine
            defined.update(g for g in m.groups() if g)
    for _s, _e, m, block in _match.scoped_matches(first, rule, post, ctx, scope):
        found = m.group(0)
        if not found.strip() or found in defined:
            continue
        if exc and exc.covers(found, block.text, m.start(), m.end()):
            continue
        a, b = _match.strip_span(block.text, m.start(), m.end())
        yield Hit(block.at(a), block.end_at(b), args=(found.strip(),))
