"""Where Vale reports a match: not where the pattern matched, but where it finds the matched text.

Vale (``internal/core/location.go``) lints the text of a rendered block, then looks the matched
text up in the file: the first occurrence at a word boundary (skipping one that touches a
backtick or a hyphen) in the block's lines, each alert of a rule taking the next occurrence
(``ChkToCtx``). A match that is not in the file as written (it spans markup that rendering
removed: ``in](url) in``, ``this is *another* heading``) is reported at the start of its line
(``guessLocation``). Vale packs' rules go through :func:`place`; voicelint's own rules keep the
exact span of their match.
"""
from __future__ import annotations

import re


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _occurrences(region: str, observed: str) -> list[int]:
    pat = re.compile(r"(?:^|\b|_)" + re.escape(observed) + r"(?:_|\b|$)", re.M)
    hits = [m.start() + (1 if m.group().startswith("_") and not observed.startswith("_") else 0)
            for m in pat.finditer(region)]
    if not hits:
        out, i = [], region.find(observed)
        while i >= 0:
            out.append(i)
            i = region.find(observed, i + 1)
        return out
    good = [h for h in hits if not (h > 0 and region[h - 1] in "`-")
            and not (h + len(observed) < len(region) and region[h + len(observed)] in "`-")]
    return good + [h for h in hits if h not in good]


def place(rule, post, ctx, block, a: int, b: int) -> tuple[int, int]:
    """``(start, end)`` in the post where Vale reports the block's ``text[a:b]``.

    A one-line block is looked up in its own line; a block of several lines in the file from
    the block on (in a file under 1,000 characters where the text occurs more than once, Vale
    first blanks as many characters of the file as the match is into its block, which for the
    first block of a file is the match's own place). ``scope: raw`` keeps the match's place."""
    s, e = block.at(a), block.end_at(b)
    if getattr(rule, "builtin", False) or post.row is not None or len(post.source) != len(post.text) \
            or "raw" in _scopes(rule):
        return s, e
    observed = block.text[a:b]
    src = post.source
    first = block.at(0) if block.text else s
    lo = _line_start(src, min(first, s))
    if "\n" in block.text.strip():
        hi = len(src)
        if len(src) < 1000 and src.count(observed) > 1:
            lo = max(lo, min(a, s))
    else:
        hi = src.find("\n", lo)
        hi = len(src) if hi < 0 else hi
    key = ("vale-placed", rule.code, id(post))
    used = ctx.memo(key, set) if ctx is not None else set()
    if observed and "\n" not in observed:
        for off in _occurrences(src[lo:hi], observed):
            if lo + off not in used:
                used.add(lo + off)
                return lo + off, lo + off + len(observed)
    if src[s:e] == observed:
        return s, e
    start = _line_start(src, s)  # guessLocation: the line, from its first column
    return start, max(e, start)


def _scopes(rule) -> list[str]:
    scope = rule.scope if isinstance(rule.scope, (list, tuple)) else [rule.scope or "text"]
    return [str(x).strip().lower() for x in scope]
