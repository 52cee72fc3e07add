"""X / Twitter archive: ``data/tweets.js`` (``window.YTD.tweets.part0 = [...]``).

Each item is ``{"tweet": {...}}`` with ``full_text`` (HTML entities escaped: ``&amp;``),
``created_at`` ("Wed Oct 10 20:19:24 +0000 2018"), ``id_str``, ``favorite_count`` and
``retweet_count`` (strings). Retweets ("RT @...") are someone else's words: left out.

An attached photo or video is a t.co link at the end of ``full_text``, listed under
``entities.media`` / ``extended_entities.media``. It is an attachment, not words, and X does not
count it in the 280 characters: it is cut from the post (``meta["media"]`` says how many), or
every published tweet near the limit would read as over it (VL301).
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
        chars, media = without_media(chars, media_urls(tw))
        offs = offs[:len(chars)]
        meta = {"platform": PLATFORM, "date": date(tw.get("created_at")),
                "id": f"tweet-{tw['id_str']}" if isinstance(tw.get("id_str"), str) else None,
                "likes": count(tw.get("favorite_count")), "shares": count(tw.get("retweet_count")),
                "kind": "reply" if tw.get("in_reply_to_status_id_str") else None,
                "media": media or None}
        post = make_post(display, starts, chars, offs, meta)
        if post is not None:
            posts.append(post)
    return posts


def media_urls(tweet: dict) -> set[str]:
    """The t.co links of the tweet's attached photos and videos."""
    out = set()
    for block in (tweet.get("entities"), tweet.get("extended_entities")):
        media = block.get("media") if isinstance(block, dict) else None
        for m in media if isinstance(media, list) else ():
            if isinstance(m, dict) and isinstance(m.get("url"), str) and m["url"]:
                out.add(str(m["url"]))
    return out


def without_media(text: str, urls: set[str]) -> tuple[str, int]:
    """``text`` without the attachment links that end it (and the spaces before them), and how
    many attachments that was (one link stands for up to four photos)."""
    cut = 0
    while urls:
        stripped = text.rstrip()
        url = next((u for u in urls if stripped.endswith(u)), None)
        if url is None:
            break
        text, cut = stripped[: len(stripped) - len(url)].rstrip(), cut + 1
    return text, cut
