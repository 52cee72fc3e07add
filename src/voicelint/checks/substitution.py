"""substitution: ``swap: {pattern: replacement}`` — suggest the replacement (Vale's ``substitution``).

Message arguments follow Vale: the first ``%s`` is the replacement, the second what was found.
A replacement with ``|`` offers alternatives (no automatic fix then).
"""
from __future__ import annotations

from ..errors import RuleError
from . import _match
from .base import Hit

TYPE = "substitution"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"swap": None, "ignorecase": None, "nonword": None, "exceptions": None, "capitalize": None,
           "pos": None}


def compile(rule):
    o = rule.options
    swap = o.get("swap")
    if not isinstance(swap, dict) or not swap:
        raise RuleError("expected 'swap:' as a mapping of pattern: replacement", key="swap")
    ic = bool(o.get("ignorecase", False))
    nonword = bool(o.get("nonword", False))
    pairs = []
    for pat, rep in swap.items():
        pairs.append((_match.compile_pattern(_match.word_bounded(str(pat), nonword), ic, "swap"), str(rep)))
    # one combined pass first (fast reject), then the per-pattern pass on posts that match
    combined = _match.alternation([str(p) for p in swap], nonword, ic, "swap")
    exceptions = {str(e).lower() for e in _match.as_list(o.get("exceptions"), "exceptions")}
    return combined, pairs, exceptions


def match_case(replacement: str, found: str) -> str:
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def check(rule, post, ctx):
    combined, pairs, exceptions = rule.compiled
    if not combined.search(post.text, timeout=_match.TIMEOUT):
        return
    taken: list[tuple[int, int]] = []
    for rx, rep in pairs:
        for m in _match.finditer(rx, post.text, rule):
            found = m.group(0)
            if found.lower() in exceptions or found.lower() == rep.lower():
                continue
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            fix = None
            if "|" not in rep:
                fix = {"replacement": match_case(rep, found), "safe": True}
            yield Hit(m.start(), m.end(), args=(rep, found), fix=fix)
