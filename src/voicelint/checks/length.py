"""length: characters in a post against the platform's limit (``max_from: platform.max_chars``).

Counts the post as published: the body without front matter, trimmed, URLs included.
"""
from __future__ import annotations

from .base import Hit
from .occurrence import limit

TYPE = "length"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"max": None, "min": None, "max_from": None, "min_from": None}


def compile(rule):
    return None


def check(rule, post, ctx):
    body = post.body
    lead = len(body) - len(body.lstrip())
    n = len(body.strip())
    mx, src = limit(rule, post, ctx, "max")
    if mx is not None and n > mx:
        start = post.body_start + lead
        # point at the first character past the limit, to the end of the post
        yield Hit(start + mx, start + n, args=(n, mx, post.platform or "this platform"),
                  evidence={"chars": n, "max": mx, "limit_from": src or "rule"})
        return
    mn, src = limit(rule, post, ctx, "min")
    if mn is not None and n < mn:
        start = post.body_start + lead
        yield Hit(start, start + n, args=(n, mn, post.platform or "this platform"),
                  evidence={"chars": n, "min": mn, "limit_from": src or "rule"})
