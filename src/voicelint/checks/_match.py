"""Compiling and running rule patterns safely (shared by the regex-based check types).

Patterns go through the ``regex`` module with a time bound per search, so a rule with a
catastrophic-backtracking pattern in a user pack ends with a clear error instead of hanging.
"""
from __future__ import annotations

import regex

from ..errors import RuleError
from ..textpatterns import expand

TIMEOUT = 1.0  # seconds per search of one post


def word_bounded(pattern: str, nonword: bool) -> str:
    if nonword:
        return pattern
    return r"(?<![\w])(?:" + pattern + r")(?![\w])"


def compile_pattern(pattern: str, ignorecase: bool = False, key: str = "tokens"):
    flags = regex.V0 | regex.MULTILINE
    if ignorecase:
        flags |= regex.IGNORECASE
    try:
        return regex.compile(expand(pattern), flags)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise RuleError(f"invalid regular expression {pattern!r}: {exc}", key=key) from None


def alternation(items, nonword: bool, ignorecase: bool, key: str = "tokens"):
    items = [str(t) for t in items if str(t) != ""]
    if not items:
        raise RuleError("expected at least one pattern", key=key)
    for t in items:  # compile each alone first, so the error names the bad one
        compile_pattern(t, ignorecase, key)
    joined = "|".join(f"(?:{expand(t)})" for t in items)
    return compile_pattern(word_bounded(joined, nonword), ignorecase, key)


def finditer(rx, text: str, rule):
    try:
        yield from rx.finditer(text, timeout=TIMEOUT)
    except TimeoutError:
        raise RuleError(f"rule {rule.code}: a pattern took more than {TIMEOUT:.0f} s on one post "
                        "(catastrophic backtracking?); fix or remove the rule", path=rule.path) from None


def as_list(value, key: str) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise RuleError(f"expected a list, got {type(value).__name__}", key=key)
