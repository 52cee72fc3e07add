"""TikTok "Download your data" (JSON format): ``user_data_tiktok.json`` (``user_data.json`` in
older downloads).

The account's own posts are under ``Post > Posts > VideoList`` (older: ``Video > Videos >
VideoList``), each ``{"Date": "2024-05-01 18:22:05", "Link", "Likes": "128", "Title": caption,
"Sound", "Location", "WhoCanView", ...}``. The caption is ``Title``. The same file holds what the
account watched, liked and searched (``Activity`` or ``Your Activity``: a watch history is another
``VideoList``), its messages and comments: none of that is read. A post without a caption has no
text to lint and is left out.

The file can be large (years of watch history): it is decoded once with the standard parser,
and only the posts' list is decoded again with positions, so a finding points into the file.
"""
from __future__ import annotations

import json
import re

from voicelint.inputs.engagement import count
from voicelint.inputs.posts import line_starts_of
from voicelint.shared.errors import DraftError
from ._text import Located, chars_of, loads_located, make_post

PLATFORM = "tiktok"
EXPECTED = "a TikTok user_data_tiktok.json (JSON format: Post > Posts > VideoList)"
#: Top-level sections of a TikTok download, old and new names: a file with two of them is one.
SECTIONS = ("Activity", "Your Activity", "App Settings", "Ads and data", "Profile", "Post", "Video",
            "Comment", "Direct Message", "Direct Messages", "Tiktok Live", "TikTok Shop", "Tiktok Shopping")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$")
_LIST_KEY = re.compile(r'"VideoList"\s*:\s*')


def _section(data, *names):
    for name in names:
        v = data.get(name) if isinstance(data, dict) else None
        if isinstance(v, dict):
            return v
    return None


def posts_list(data) -> list | None:
    """The account's posts (``Post > Posts > VideoList``, or ``Video > Videos > VideoList``)."""
    root = _section(data, "Post", "Video")
    box = _section(root, "Posts", "Videos") if root is not None else None
    items = box.get("VideoList") if box is not None else None
    return items if isinstance(items, list) else None


def is_download(data) -> bool:
    """A TikTok download: two or more of its top-level sections, or its posts' list."""
    if not isinstance(data, dict):
        return False
    return posts_list(data) is not None or sum(isinstance(data.get(k), dict) for k in SECTIONS) >= 2


def not_posts(data) -> str | None:
    """Why a TikTok download cannot be read as posts, or None."""
    if not is_download(data):
        return None
    items = posts_list(data)
    if items is None:
        return ("this TikTok download has no posts section (Post > Posts > VideoList): the account "
                "published no video, or the download left its posts out; expected " + EXPECTED)
    if items and not any(isinstance(x, dict) and _caption(x) is not None for x in items):
        return (f"this TikTok download lists {len(items)} posts, but none carries a caption "
                "(\"Title\"): there is no text to read")
    return None


def _caption(item: dict):
    v = item.get("Title")
    return v if isinstance(v, str) and v.strip() else None


def _date(value) -> str | None:
    m = _DATE.match(str(value or "").strip())
    return f"{m.group(1)}T{m.group(2)}" if m else None


def _locate(raw: str, items: list, display: str):
    """The posts' list decoded again with positions: the ``"VideoList"`` whose value is ``items``
    (a watch history has its own ``VideoList``)."""
    dec = json.JSONDecoder()
    for m in _LIST_KEY.finditer(raw):
        try:
            value, _ = dec.raw_decode(raw, m.end())
        except ValueError:
            continue
        if value == items:
            located, _ = loads_located(raw, m.end(), display, EXPECTED)
            return located
    raise DraftError(f"cannot find the posts' list in the file; expected {EXPECTED}", path=display)


def parse(raw: str, display: str, data=None) -> list:
    """Posts of a TikTok download (``data``: the file already decoded, when it was)."""
    if data is None:   # the standard parser (a download can be large); a broken file says where
        try:
            data = json.loads(raw.lstrip("\ufeff"))
        except (ValueError, RecursionError):
            loads_located(raw, len(raw) - len(raw.lstrip()), display, EXPECTED)
            raise DraftError(f"invalid JSON; expected {EXPECTED}", path=display) from None
    why = not_posts(data)
    if why:
        raise DraftError(why, path=display, line=1)
    items = posts_list(data)
    if items is None:
        raise DraftError(f"expected {EXPECTED}", path=display, line=1)
    if not items:
        return []
    starts = line_starts_of(raw)
    posts = []
    for item in _locate(raw, items, display):
        if not isinstance(item, dict):
            continue
        text = _caption(item)
        if not isinstance(text, Located):
            continue          # a video without a caption: nothing to lint
        chars, offs = chars_of(raw, text)
        meta = {"platform": PLATFORM, "date": _date(item.get("Date")), "likes": count(item.get("Likes"))}
        post = make_post(display, starts, chars, offs, meta)
        if post is not None:
            posts.append(post)
    return posts
