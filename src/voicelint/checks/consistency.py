"""consistency: one of two spellings, not both, in a file (Vale's ``consistency``).

``either: {advisor: adviser, colour: color}``: each pair is two word-bounded patterns
(``nonword`` drops the bounds, ``ignorecase`` applies to both). As in Vale the unit is the file:
a calendar (``.csv``/``.jsonl``) is one file, so "colour" in one row and "color" in another is
inconsistent. The finding points at the first use of the spelling that came second; ``%s`` is
what was found there. One finding per pair and file. A Vale pack's rule reports as Vale does:
each block with a match once both spellings were seen, at the block's last match.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from . import _match, _place, _scope
from .base import Hit

TYPE = "consistency"
SCOPE = "set"
NEEDS: set = set()
OPTIONS = {"either": dict, "ignorecase": bool, "nonword": bool}
DEFAULTS = {"ignorecase": False, "nonword": False}


@dataclass(frozen=True)
class Settings:
    pairs: list          # one pattern per pair, groups _vla / _vlb for either spelling
    scope: _scope.Scope


def configure(rule) -> Settings:
    o = rule.options
    either = o["either"]
    if not either:
        raise RuleError("expected 'either:' as a mapping of spelling: other spelling", key="either")
    ic, nonword = o["ignorecase"], o["nonword"]
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
    return Settings(pairs, _scope.parse(rule.scope))


def _vale_pair(rule, rx, group, ctx, scope):
    """Vale's way (``internal/check/consistency.go``): blocks in order, the spellings seen so
    far kept for the file; each block with a match once both were seen is reported at its last
    match, placed as Vale places it."""
    seen: set[str] = set()
    for post in group:
        for block in _scope.blocks(scope, post, ctx, vale=True):
            last = None
            for m in _match.finditer(rx, block.text, rule):
                seen.add("a" if m.start("_vla") >= 0 else "b")
                last = m
            if last is None or len(seen) < 2:
                continue
            a, b = _match.strip_span(block.text, last.start(), last.end())
            s, e = _place.place(rule, post, ctx, block, a, b)
            if not _scope.excluded(scope, post, s, e, ctx):
                yield post, Hit(s, e, args=(block.text[a:b],))


def check_set(rule, posts, ctx):
    pairs, scope = rule.compiled.pairs, rule.compiled.scope
    by_file: dict[str, list] = {}
    for post in posts:
        by_file.setdefault(post.path, []).append(post)
    for group in by_file.values():
        for rx in pairs:
            if not rule.builtin:
                yield from _vale_pair(rule, rx, group, ctx, scope)
                continue
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
