"""existence: report every match of any of ``tokens`` (Vale's ``existence``)."""
from __future__ import annotations

from . import _match
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
    ic = bool(o.get("ignorecase", False))
    if raw:
        rx = _match.compile_pattern("".join(str(r) for r in raw), ic, "raw")
    else:
        rx = _match.alternation(tokens, bool(o.get("nonword", False)), ic)
    exceptions = {str(e).lower() if ic else str(e) for e in _match.as_list(o.get("exceptions"), "exceptions")}
    return rx, exceptions, ic


def check(rule, post, ctx):
    rx, exceptions, ic = rule.compiled
    for m in _match.finditer(rx, post.text, rule):
        found = m.group(0)
        if not found.strip():
            continue
        if exceptions and (found.lower() if ic else found) in exceptions:
            continue
        yield Hit(m.start(), m.end(), args=(found.strip(),))
