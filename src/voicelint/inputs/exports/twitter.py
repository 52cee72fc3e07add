"""X / Twitter archive: ``data/tweets.js`` (``window.YTD.tweets.part0 = [...]``).

Each item is ``{"tweet": {...}}`` with ``full_text`` (HTML entities escaped: ``&amp;``),
``created_at`` ("Wed Oct 10 20:19:24 +0000 2018"), ``id_str``, ``favorite_count`` and
``retweet_count`` (strings). Retweets ("RT @...") are someone else's words: left out.
"""
from __future__ import annotations

import datetime as _dt
import re

from voicelint.inputs.posts import line_starts_of
from voicelint.shared.errors import DraftError
from voicelint.inputs.engagement import count
from ._text import Located, chars_of, html_to_text, loads_located, make_post

PLATFORM = "twitter"
EXPECTED = "an X archive's tweets file (data/tweets.js: `window.YTD.tweets.part0 = [...]`)"
_HEAD = re.compile(r"\s*window\.YTD\.(tweets?|community_tweet)\.part\d+\s*=\s*")


def sniff(head: str) -> bool:
    return _HEAD.match(head) is not None


def date(value) -> str | None:
    try:
        return _dt.datetime.strptime(str(value), "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return None


def parse(raw: str, display: str) -> list:
    m = _HEAD.match(raw)
    if not m:
        raise DraftError(f"not an X archive file: expected {EXPECTED}", path=display, line=1)
    data, end = loads_located(raw, m.end(), display, EXPECTED)
    if raw[end:].strip().rstrip(";").strip():
        line = raw.count("\n", 0, end) + 1
        raise DraftError(f"unexpected text after the list; expected {EXPECTED}", path=display, line=line)
    if not isinstance(data, list):
        raise DraftError(f"expected a list after '=': {EXPECTED}", path=display, line=1)
    starts = line_starts_of(raw)
    posts = []
    for item in data:
        tw = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tw, dict):
            continue
        text = tw.get("full_text") if isinstance(tw.get("full_text"), Located) else tw.get("text")
        if not isinstance(text, Located) or text.startswith("RT @"):
            continue
        chars, offs = html_to_text(*chars_of(raw, text), tags=False)  # &amp; -> &
        meta = {"platform": PLATFORM, "date": date(tw.get("created_at")),
                "id": f"tweet-{tw['id_str']}" if isinstance(tw.get("id_str"), str) else None,
                "likes": count(tw.get("favorite_count")), "shares": count(tw.get("retweet_count")),
                "kind": "reply" if tw.get("in_reply_to_status_id_str") else None}
        post = make_post(display, starts, chars, offs, meta)
        if post is not None:
            posts.append(post)
    return posts
