"""Mastodon account export: ``outbox.json``, an ActivityPub ``OrderedCollection`` of
``Create`` activities whose ``object`` is a ``Note`` with HTML ``content``.

A poll (``Question``) is read like a note; a post whose ``content`` is missing is read from its
``contentMap``. Boosts (``Announce``) are someone else's words and direct messages are private: both
left out; a content warning (``summary``) is not part of the post's text. Tags are dropped, ``<br>`` and paragraphs become line breaks, entities are decoded.
"""
from __future__ import annotations

from voicelint.inputs.posts import line_starts_of
from voicelint.shared.errors import DraftError
from voicelint.inputs.engagement import count
from ._text import Located, chars_of, html_to_text, loads_located, make_post

PLATFORM = "mastodon"
EXPECTED = "a Mastodon outbox.json (an ActivityPub OrderedCollection with orderedItems)"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def not_posts(data) -> str | None:
    """For an ActivityPub collection without its items (the paged outbox a server's API gives),
    why it cannot be read; None for anything else."""
    if isinstance(data, dict) and data.get("type") in ("OrderedCollection", "OrderedCollectionPage") \
            and not isinstance(data.get("orderedItems"), list):
        return ("a Mastodon outbox without its posts (no orderedItems: a paged collection, as the server's "
                "API gives it); expected the outbox.json of the account's archive (Preferences > Import and "
                "export > Request your archive)")
    return None


def is_outbox(data) -> bool:
    return isinstance(data, dict) and isinstance(data.get("orderedItems"), list) and \
        data.get("type") in ("OrderedCollection", "OrderedCollectionPage")


def _audience(activity: dict, note: dict) -> set:
    out = set()
    for holder in (activity, note):
        for key in ("to", "cc"):
            v = holder.get(key)
            out.update(str(x) for x in (v if isinstance(v, list) else [v]) if x)
    return out


def _content(note: dict) -> Located | None:
    """The post's HTML: ``content``, else its first language in ``contentMap`` (some servers
    write only that)."""
    content = note.get("content")
    if isinstance(content, Located) and content.strip():
        return content
    cmap = note.get("contentMap")
    return next((v for v in cmap.values() if isinstance(v, Located) and v.strip()), None) \
        if isinstance(cmap, dict) else None


def parse(raw: str, display: str) -> list:
    data, _ = loads_located(raw, len(raw) - len(raw.lstrip()), display, EXPECTED)
    if not is_outbox(data):
        raise DraftError(f"expected {EXPECTED}", path=display, line=1)
    starts = line_starts_of(raw)
    posts = []
    for act in data["orderedItems"]:
        if not isinstance(act, dict) or act.get("type") != "Create" or not isinstance(act.get("object"), dict):
            continue
        note = act["object"]
        content = _content(note)
        if note.get("type") not in ("Note", "Article", "Page", "Question") or content is None:
            continue
        audience = _audience(act, note)
        if audience and PUBLIC not in audience and not any(a.endswith("/followers") for a in audience):
            continue  # a direct message (an outbox that names no audience at all is taken as public)
        chars, offs = html_to_text(*chars_of(raw, content))
        meta = {"platform": PLATFORM, "date": str(note.get("published") or act.get("published") or "") or None,
                "likes": count(note.get("likes")), "shares": count(note.get("shares")),
                "kind": "reply" if note.get("inReplyTo") else None}
        post = make_post(display, starts, chars, offs, meta)
        if post is not None:
            posts.append(post)
    return posts
