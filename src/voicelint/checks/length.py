"""length: characters in a post against the platform's limit (``max_from: platform.max_chars``).

Counts the post as published: the body without front matter, trimmed, URLs included. On X
(``twitter``) the post is counted the way X counts it (twitter-text, version 3), so that a post
X accepts is never reported as too long:

- every link counts 23 characters, whatever its length (X shortens it to a t.co link);
- characters outside the Latin, Greek, Cyrillic... ranges (CJK, most symbols) count 2, and an
  emoji counts 2 however many code points it is made of (skin tones, ZWJ sequences);
- the run of @handles that opens a reply does not count (X leaves reply handles out);
- the text is NFC-normalised first (an ``e`` plus a combining accent counts once).

The finding says which count it used (``evidence.counted_as``).
"""
from __future__ import annotations

import unicodedata

import regex

from .base import Hit
from .occurrence import limit

TYPE = "length"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"max": None, "min": None, "max_from": None, "min_from": None}

#: twitter-text v3: code point ranges that weigh 1 (everything else weighs 2).
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_URL_WEIGHT = 23
_TOKEN_RE = regex.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>\"']+)|(?P<g>\X)", regex.I)
_EMOJI_RE = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_LEADING_HANDLES_RE = regex.compile(r"\A(?:\.?@\w{1,50}\s+)+")
_WEIGHTED = {"twitter"}


def compile(rule):
    return None


def _weight(cluster: str) -> int:
    if _EMOJI_RE.search(cluster):
        return 2
    w = 0
    for ch in unicodedata.normalize("NFC", cluster):
        o = ord(ch)
        w += 1 if any(lo <= o <= hi for lo, hi in _LIGHT_RANGES) else 2
    return w


def weighted_offsets(text: str) -> tuple[int, list[tuple[int, int]]]:
    """X's weighted length of ``text`` and, for each counted unit, ``(end offset in text,
    running total)``: enough to find the first character past a limit."""
    lead = _LEADING_HANDLES_RE.match(text)
    at = lead.end() if lead else 0
    total, marks = 0, []
    for m in _TOKEN_RE.finditer(text, at):
        if m.group("url"):
            url = m.group("url").rstrip(".,;:!?)]")
            total += _URL_WEIGHT
            marks.append((m.start() + len(url), total))
            if len(url) < len(m.group("url")):
                for i in range(m.start() + len(url), m.end()):
                    total += _weight(text[i])
                    marks.append((i + 1, total))
            continue
        total += _weight(m.group("g"))
        marks.append((m.end(), total))
    return total, marks


def count(text: str, platform: str | None) -> tuple[int, str]:
    """The length of ``text`` as ``platform`` counts it, and how it was counted."""
    if platform in _WEIGHTED:
        return weighted_offsets(text)[0], "x"
    return len(text), "characters"


def _past(text: str, platform: str | None, mx: int) -> int:
    """Offset in ``text`` of the first character past the limit ``mx``."""
    if platform not in _WEIGHTED:
        return mx
    prev = 0
    for end, total in weighted_offsets(text)[1]:
        if total > mx:
            return prev
        prev = end
    return len(text)


def check(rule, post, ctx):
    body = post.body
    lead = len(body) - len(body.lstrip())
    text = body.strip()
    n, how = count(text, post.platform)
    mx, src = limit(rule, post, ctx, "max")
    if mx is not None and n > mx:
        start = post.body_start + lead
        # point at the first character past the limit, to the end of the post
        yield Hit(start + _past(text, post.platform, mx), start + len(text),
                  args=(n, mx, post.platform or "this platform"),
                  evidence={"chars": n, "max": mx, "limit_from": src or "rule", "counted_as": how})
        return
    mn, src = limit(rule, post, ctx, "min")
    if mn is not None and n < mn:
        start = post.body_start + lead
        yield Hit(start, start + len(text), args=(n, mn, post.platform or "this platform"),
                  evidence={"chars": n, "min": mn, "limit_from": src or "rule", "counted_as": how})
