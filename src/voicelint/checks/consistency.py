"""consistency: one of two spellings, not both, in a file (Vale's ``consistency``).

``either: {advisor: adviser, colour: color}``: each pair is two word-bounded patterns
(``nonword`` drops the bounds, ``ignorecase`` applies to both). As in Vale the unit is the file:
a calendar (``.csv``/``.jsonl``) is one file, so "colour" in one row and "color" in another is
inconsistent. The finding points at the first use of the spelling that came second; ``%s`` is
what was found there. One finding per pair and file.
"""
from __future__ import annotations

from ..errors import RuleError
from . import _match, _scope
from .base import Hit

TYPE = "consistency"
SCOPE = "set"
NEEDS: set = set()
OPTIONS = {"either": None, "ignorecase": None, "nonword": None}


def compile(rule):
    o = rule.options
    either = o.get("either")
    if not isinstance(either, dict) or not either:
        raise RuleError("expected 'either:' as a mapping of spelling: other spelling", key="either")
    ic = bool(o.get("ignorecase", False))
    nonword = bool(o.get("nonword", False))
    pairs = []
    for a, b in either.items():
        a, b = _match.translate(str(a), "either"), _match.translate(str(b), "either")
        for p in (a, b):
            _match.compile_pattern(p, ic, "either")
        body = f"(?P<_vla>{a})|(?P<_vlb>{b})"
        if nonword:
            pattern = f"(?:{body})"
        elif rule.builtin:
            pattern = _match.word_bounded(body, False)
        else:
            pattern = rf"\b(?:{body})\b"
        pairs.append(_match.compile_pattern(pattern, ic, "either"))
    return pairs, _scope.parse(rule.scope)


def check_set(rule, posts, ctx):
    pairs, scope = rule.compiled
    by_file: dict[str, list] = {}
    for post in posts:
        by_file.setdefault(post.path, []).append(post)
    for group in by_file.values():
        for rx in pairs:
            seen: str | None = None  # "a" or "b": the spelling met first
            for post in group:
                hit = None
                for _s, _e, m, block in _match.scoped_matches(rx, rule, post, ctx, scope):
                    side = "a" if m.start("_vla") >= 0 else "b"
                    if seen is None:
                        seen = side
                    elif side != seen:
                        a, b = _match.strip_span(block.text, m.start(), m.end())
                        hit = Hit(block.at(a), block.end_at(b), args=(block.text[a:b],))
                        break
                if hit is not None:
                    yield post, hit
                    break
