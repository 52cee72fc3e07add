"""Meta "Download your information" JSON: Instagram and Facebook posts.

- Instagram: ``your_instagram_activity/content/posts_1.json``, a list of
  ``{"media": [{"uri", "creation_timestamp", "title"}], "title"?, "creation_timestamp"?}``; the
  caption is the post's ``title``, else its first medium's. Reels: ``{"ig_reels_media": [...]}``.
  Older downloads put it at ``content/posts_1.json`` or ``media/posts_1.json``; an account with
  one post may get that post alone, not in a list. Before 2021 it was ``media.json``:
  ``{"photos": [{"caption", "taken_at", "path"}], "videos": [...], "stories": [...]}`` (photos
  and videos read, stories left out).
- Facebook: ``your_facebook_activity/posts/your_posts_1.json``, a list of
  ``{"timestamp", "data": [{"post": "..."}], "title"}`` (older: ``posts/your_posts_1.json``,
  ``{"status_updates": [...]}``). ``other_people's_posts_to_your_timeline.json``
  (``wall_posts_sent_to_you``) is other people's words: never read as the brand's. A photo post
  without ``data[].post`` is read from the caption on its photo (``media.description``); a
  ``title`` alone ("Brand updated their status.") is Facebook's words, left out.

- Threads: ``your_instagram_activity/threads/threads_and_replies.json``,
  ``{"text_post_app_text_posts": [...]}`` whose items are shaped as Instagram's (the text is the
  ``title`` of the item or of its first medium); a reply (``text_app_post.is_reply``) is marked
  ``kind: reply``. Liked, saved and seen threads are other people's posts: never read.

Meta writes each UTF-8 byte of the text as its own ``\\u00XX`` escape ("café" arrives as
"cafÃ©"): decoded here, positions kept on the escapes in the file.
"""
from __future__ import annotations

from voicelint.inputs.posts import line_starts_of
from voicelint.shared.errors import DraftError
from ._text import Located, chars_of, fix_mojibake, iso_from_timestamp, loads_located, make_post

EXPECTED_IG = "an Instagram export (posts_1.json: a list of {\"media\": [...], \"title\": ...})"
EXPECTED_FB = "a Facebook export (your_posts_1.json: a list of {\"timestamp\", \"data\": [{\"post\": ...}]})"
EXPECTED_THREADS = "a Threads export (threads_and_replies.json: {\"text_post_app_text_posts\": [...]})"
THREADS_KEY = "text_post_app_text_posts"
_THREADS_OWN = "give your_instagram_activity/threads/threads_and_replies.json"


#: Mappings whose posts are not the brand's own words, and why.
NOT_OWN = {
    "wall_posts_sent_to_you": "other people's posts on the brand's timeline are not its own words: "
                              "give your_posts_1.json",
    "ig_stories": "Instagram stories are not read as posts: give posts_1.json (or reels.json)",
    # other files of the same downloads, given by mistake: say what they are and what to give
    "likes_media_likes": "this is the Instagram account's likes (other people's posts it liked), not its "
                         "posts: give your_instagram_activity/content/posts_1.json",
    "comments_v2": "this is the Facebook account's comments, not its posts: give "
                   "your_facebook_activity/posts/your_posts_1.json",
    "other_photos_v2": "this is Facebook's list of uncategorised photos, not the posts: give "
                       "your_facebook_activity/posts/your_posts_1.json (a photo post's caption is read from it)",
    "ig_profile_picture": "this is the Instagram account's profile photos, not its posts: give "
                          "your_instagram_activity/content/posts_1.json",
    "text_post_app_media_likes": "this is the Threads account's likes (other people's threads), not its "
                                 "posts: " + _THREADS_OWN,
    "text_post_app_text_post_app_saved_posts": "this is the Threads account's saved threads (other "
                                               "people's), not its posts: " + _THREADS_OWN,
    "text_post_app_text_post_app_posts_seen": "this is the threads the account has seen, not its posts: "
                                              + _THREADS_OWN,
    "text_post_app_text_post_app_followers": "this is the Threads account's followers, not its posts: "
                                             + _THREADS_OWN,
    "text_post_app_text_post_app_following": "this is the accounts Threads follows, not its posts: "
                                             + _THREADS_OWN,
}
_MESSAGES = "this is a Meta message thread (private messages), not posts: give posts_1.json or your_posts_1.json"
_IG_COMMENTS = ("this is the Instagram account's comments, not its posts: give "
                "your_instagram_activity/content/posts_1.json")


def not_own(data) -> str | None:
    """Why a Meta JSON file is not read as the brand's posts, or None."""
    if isinstance(data, dict):
        if isinstance(data.get("messages"), list) and "participants" in data:
            return _MESSAGES
        return next((why for key, why in NOT_OWN.items() if key in data), None)
    if isinstance(data, list) and data and isinstance(data[0], dict) and \
            isinstance(data[0].get("string_map_data"), dict) and "Comment" in data[0]["string_map_data"]:
        return _IG_COMMENTS
    return None


def _items(data):
    """The list of posts: the top-level list, a single post, or the only list inside a
    top-level mapping (``media.json`` of old: its photos and videos)."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if not_own(data):
            return None
        if isinstance(data.get(THREADS_KEY), list):
            return data[THREADS_KEY]
        if _is_instagram_item(data) or (_is_facebook_item(data) and _has_post(data)):
            return [data]
        if _is_legacy(data):
            return [x for key in ("photos", "videos") for x in data.get(key) or [] if isinstance(x, dict)]
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
    return None


def _is_legacy(data: dict) -> bool:
    """Instagram's ``media.json`` before 2021."""
    media = [x for key in ("photos", "videos") for x in (data.get(key) if isinstance(data.get(key), list) else [])]
    return bool(media) and all(isinstance(x, dict) and "taken_at" in x for x in media[:20])


def _is_instagram_item(x) -> bool:
    return isinstance(x, dict) and isinstance(x.get("media"), list) and \
        any(isinstance(m, dict) and "creation_timestamp" in m for m in x["media"])


def _is_facebook_item(x) -> bool:
    """A Facebook post: a timestamp, and text (if any) under ``data[].post``."""
    return isinstance(x, dict) and "timestamp" in x and isinstance(x.get("data", []), list)


def _has_post(x) -> bool:
    return any(isinstance(d, dict) and "post" in d for d in x.get("data") or [])


def _is_threads_item(x) -> bool:
    """A Threads post: Instagram's shape, its timestamp on the item or on a medium."""
    return _is_instagram_item(x) or (isinstance(x, dict) and "creation_timestamp" in x)


def kind(data) -> str | None:
    """'instagram', 'facebook', 'threads' or None, from the parsed JSON's shape."""
    if isinstance(data, dict) and isinstance(data.get(THREADS_KEY), list) and not not_own(data):
        first = [x for x in data[THREADS_KEY][:20] if isinstance(x, dict)]
        return "threads" if all(_is_threads_item(x) for x in first) else None
    items = _items(data)
    if not items:
        return None
    first = [x for x in items[:20] if isinstance(x, dict)]
    if first and (all(_is_instagram_item(x) for x in first) or (isinstance(data, dict) and _is_legacy(data))):
        return "instagram"
    if first and all(_is_facebook_item(x) for x in first) and any(_has_post(x) for x in items):
        return "facebook"
    return None


def parse(raw: str, display: str, platform: str) -> list:
    what = {"instagram": EXPECTED_IG, "threads": EXPECTED_THREADS}.get(platform, EXPECTED_FB)
    data, _ = loads_located(raw, len(raw) - len(raw.lstrip()), display, what)
    items = _items(data)
    if items is None:
        raise DraftError(f"expected {what}", path=display, line=1)
    starts = line_starts_of(raw)
    posts = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if platform == "instagram" and "taken_at" in item:  # media.json of old
            text, when = item.get("caption"), _legacy_date(item.get("taken_at"))
            text = text if isinstance(text, Located) else None
        elif platform in ("instagram", "threads"):
            media = [m for m in item.get("media") or [] if isinstance(m, dict)]
            text = item.get("title")
            if not (isinstance(text, Located) and text.strip()):
                text = next((m["title"] for m in media if isinstance(m.get("title"), Located) and m["title"].strip()),
                            None)
            when = iso_from_timestamp(item.get("creation_timestamp") or
                                      next((m.get("creation_timestamp") for m in media), None))
        else:
            text = next((d["post"] for d in item.get("data") or []
                         if isinstance(d, dict) and isinstance(d.get("post"), Located)), None) or _caption(item)
            when = iso_from_timestamp(item.get("timestamp"))
        if text is None:
            continue  # a photo without a caption, a shared link without a word
        chars, offs = fix_mojibake(*chars_of(raw, text))
        post = make_post(display, starts, chars, offs, {"platform": platform, "date": when,
                                                         "kind": "reply" if _is_reply(item) else None})
        if post is not None:
            posts.append(post)
    return posts


def _is_reply(item: dict) -> bool:
    """A Threads reply: ``text_app_post.is_reply`` on the item or on one of its media."""
    holders = [item] + [m for m in item.get("media") or [] if isinstance(m, dict)]
    return any(isinstance(h.get("text_app_post"), dict) and h["text_app_post"].get("is_reply") is True
               for h in holders)


def _caption(item: dict) -> Located | None:
    """A Facebook photo post without ``data[].post``: the caption written on its photo
    (``attachments[].data[].media.description``). The ``title`` ("X added a photo.") is
    Facebook's, not the brand's."""
    for att in item.get("attachments") or []:
        for d in att.get("data") or [] if isinstance(att, dict) else []:
            media = d.get("media") if isinstance(d, dict) else None
            text = media.get("description") if isinstance(media, dict) else None
            if isinstance(text, Located) and text.strip():
                return text
    return None


def _legacy_date(value) -> str | None:
    """``taken_at`` of the old ``media.json``: "2018-12-31T08:05:13" (kept as written)."""
    import datetime as _dt
    try:
        return _dt.datetime.fromisoformat(str(value)).isoformat()
    except ValueError:
        return None
