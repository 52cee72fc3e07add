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

from voicelint.shared.textpatterns import URL
from .base import Hit
from .occurrence import limit

TYPE = "length"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"max": int, "min": int, "max_from": list, "min_from": list}
POST_LEVEL = True  # a post too long is the whole post

#: twitter-text v3: code point ranges that weigh 1 (everything else weighs 2).
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_HEAVY_RE = regex.compile(r"[^\u0000-\u10FF\u2000-\u200D\u2010-\u201F\u2032-\u2037]")
_URL_WEIGHT = 23
_URL_RE = regex.compile(URL, regex.I)
_URL_END = ".,;:!?)]"        # punctuation that ends the sentence a link is in, not the link
_EMOJI_RE = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}")
_CLUSTER_RE = regex.compile(r"\X")
_LEADING_HANDLES_RE = regex.compile(r"\A(?:\.?@\w{1,50}\s+)+")
_WEIGHTED = {"twitter"}


def configure(rule) -> None:
    return None


def _weight(cluster: str) -> int:
    """X's weight of one grapheme cluster."""
    if _EMOJI_RE.search(cluster):
        return 2
    return sum(1 if any(lo <= ord(ch) <= hi for lo, hi in _LIGHT_RANGES) else 2
               for ch in unicodedata.normalize("NFC", cluster))


def _pieces(text: str):
    """``(start, end, is_link)`` of the counted parts of ``text``: the reply's leading handles
    left out, links apart from the text around them."""
    lead = _LEADING_HANDLES_RE.match(text)
    at = lead.end() if lead else 0
    for m in _URL_RE.finditer(text, at):
        end = m.start() + len(m.group(0).rstrip(_URL_END))
        if m.start() > at:
            yield at, m.start(), False
        yield m.start(), end, True
        at = end
    if at < len(text):
        yield at, len(text), False


def weighted_length(text: str) -> int:
    """X's weighted length of ``text``: a link 23; an emoji 2 however many code points it has;
    a character outside the light ranges 2, any other 1 (after NFC)."""
    total = 0
    for s, e, link in _pieces(text):
        piece = text[s:e]
        if link:
            total += _URL_WEIGHT
        elif _EMOJI_RE.search(piece):
            total += sum(_weight(g) for g in _CLUSTER_RE.findall(piece))
        else:                             # most posts: two regular expressions, no loop
            piece = unicodedata.normalize("NFC", piece)
            total += len(piece) + len(_HEAVY_RE.findall(piece))
    return total


def _past(text: str, platform: str | None, mx: int) -> int:
    """Offset in ``text`` of the first character past the limit ``mx`` (the unit, link or
    cluster, that takes the count over it)."""
    if platform not in _WEIGHTED:
        return mx
    total = 0
    for s, e, link in _pieces(text):
        units = [(s, e, _URL_WEIGHT)] if link else [
            (s + m.start(), s + m.end(), _weight(m.group(0))) for m in _CLUSTER_RE.finditer(text[s:e])]
        for us, _, w in units:
            total += w
            if total > mx:
                return us
    return len(text)


def count(text: str, platform: str | None) -> tuple[int, str]:
    """The length of ``text`` as ``platform`` counts it, and how it was counted."""
    if platform in _WEIGHTED:
        return weighted_length(text), "x"
    return len(text), "characters"


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
