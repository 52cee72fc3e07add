"""X / Twitter archive: ``data/tweets.js`` (``window.YTD.tweets.part0 = [...]``).

Each item is ``{"tweet": {...}}`` with ``full_text`` (HTML entities escaped: ``&amp;``),
``created_at`` ("Wed Oct 10 20:19:24 +0000 2018"), ``id_str``, ``favorite_count`` and
``retweet_count`` (strings). Retweets ("RT @...") are someone else's words: left out.

An attached photo or video is a t.co link at the end of ``full_text``, listed under
``entities.media`` / ``extended_entities.media``. It is an attachment, not words, and X does not
count it in the 280 characters: it is cut from the post (``meta["media"]`` says how many), or
every published tweet near the limit would read as over it (VL301).

Older archives name the file ``data/tweet.js`` (``window.YTD.tweet.part0``); large ones split it
into ``tweets-part1.js``...; items may come without the ``{"tweet": ...}`` wrapper, with ``text``
rather than ``full_text``. A reply is marked by ``in_reply_to_status_id(_str)``.

A long post (over 280 characters, a "note tweet") is cut in ``tweets.js`` ("…" and a link to
itself); its whole text is in ``data/note-tweet.js`` (``window.YTD.note_tweet.part0``,
``{"noteTweet": {"createdAt", "core": {"text"}}}``), matched to its tweet by the second it was
posted. The post is then read from ``note-tweet.js`` (positions point there), with the tweet's
date, id and counts. The archive's other files (likes, deleted tweets, direct messages) are not
the brand's published posts.
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
_NOTES = re.compile(r"\s*window\.YTD\.note_tweet\.part\d+\s*=\s*")
_ANY = re.compile(r"\s*window\.YTD\.([A-Za-z0-9_]+)\.part\d+\s*=")
NOTES_FILE = re.compile(r"(?:^|/)note-tweet(?:s)?(?:-part\d+)?\.js$", re.I)


def sniff(head: str) -> bool:
    return _HEAD.match(head) is not None


def sniff_notes(head: str) -> bool:
    return _NOTES.match(head) is not None


def not_tweets(head: str) -> str | None:
    """For another file of an X archive (likes, note tweets, deleted tweets...), why it is not
    read, in a sentence; None for anything else."""
    m = _ANY.match(head)
    if m is None or sniff(head):
        return None
    name = m.group(1)
    if name == "note_tweet":
        return ("the long posts of an X archive are read with the tweets file next to them: "
                "give data/tweets.js, the archive's folder or its zip")
    if name == "deleted_tweets":
        return ("an X archive's deleted tweets are not read (the brand took them down): "
                "give data/tweets.js, the archive's folder or its zip")
    return f"this X archive file holds `{name}`, not the brand's tweets: give data/tweets.js, the archive's folder or its zip"


def date(value) -> str | None:
    try:
        return _dt.datetime.strptime(str(value), "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return None


def _list_after(raw: str, head: re.Pattern, display: str, what: str) -> list:
    m = head.match(raw)
    if not m:
        raise DraftError(f"not an X archive file: expected {what}", path=display, line=1)
    data, end = loads_located(raw, m.end(), display, what)
    if raw[end:].strip().rstrip(";").strip():
        line = raw.count("\n", 0, end) + 1
        raise DraftError(f"unexpected text after the list; expected {what}", path=display, line=line)
    if not isinstance(data, list):
        raise DraftError(f"expected a list after '=': {what}", path=display, line=1)
    return data


class Note:
    """One long post of ``note-tweet.js``: its text and where it is."""

    def __init__(self, when: int, text: Located, raw: str, display: str, starts: list[int]):
        self.when, self.text, self.raw, self.display, self.starts = when, text, raw, display, starts


def read_notes(raw: str, display: str) -> list[Note]:
    """The long posts of a ``note-tweet.js`` file (those without a date cannot be matched)."""
    what = "an X archive's note-tweet.js (`window.YTD.note_tweet.part0 = [...]`)"
    starts = line_starts_of(raw)
    out = []
    for item in _list_after(raw, _NOTES, display, what):
        note = item.get("noteTweet", item) if isinstance(item, dict) else None
        core = note.get("core") if isinstance(note, dict) else None
        text = core.get("text") if isinstance(core, dict) else None
        when = _epoch(note.get("createdAt")) if isinstance(note, dict) else None
        if isinstance(text, Located) and text.strip() and when is not None:
            out.append(Note(when, text, raw, display, starts))
    return out


def _epoch(value) -> int | None:
    """Seconds since the epoch of an archive's date: X's own format (:func:`date`) or ISO (a note
    tweet's ``createdAt``)."""
    try:
        return int(_dt.datetime.fromisoformat(date(value) or str(value).replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _prefix(text: str) -> str:
    return " ".join(text.replace("\u2026", " ").split())[:40]


def _note_for(tweet: dict, shown: str, notes: dict) -> Note | None:
    """The long post a cut tweet stands for: posted the same second, longer, and opening with
    the same words (or, the only one of that second, when the tweet shows the cut "…")."""
    when = _epoch(tweet.get("created_at"))
    found = [n for w in (when, when - 1, when + 1) if when is not None for n in notes.get(w, ())
             if len(n.text) > len(shown.split("\u2026")[0].rstrip())]
    if not found:
        return None
    same = [n for n in found if _prefix(html_to_text(str(n.text), [0] * len(n.text), tags=False)[0])
            .startswith(_prefix(shown)[:30])]
    note = same[0] if same else found[0] if len(found) == 1 and "\u2026" in shown else None
    if note is not None:
        notes[note.when].remove(note)
    return note


def parse(raw: str, display: str, notes: list[Note] = ()) -> list:
    data = _list_after(raw, _HEAD, display, EXPECTED)
    starts = line_starts_of(raw)
    by_second: dict[int, list[Note]] = {}
    for n in notes:
        by_second.setdefault(n.when, []).append(n)
    posts = []
    for item in data:
        tw = item.get("tweet", item) if isinstance(item, dict) else None
        if not isinstance(tw, dict):
            continue
        text = tw.get("full_text") if isinstance(tw.get("full_text"), Located) else tw.get("text")
        if not isinstance(text, Located) or text.startswith("RT @"):
            continue
        chars, offs = html_to_text(*chars_of(raw, text), tags=False)  # &amp; -> &
        where, lines = display, starts
        note = _note_for(tw, chars, by_second) if by_second else None
        if note is not None:  # the whole long post, read where it is written
            chars, offs = html_to_text(*chars_of(note.raw, note.text), tags=False)
            where, lines = note.display, note.starts
        chars, media = without_media(chars, media_urls(tw))
        offs = offs[:len(chars)]
        reply = tw.get("in_reply_to_status_id_str") or tw.get("in_reply_to_status_id")
        meta = {"platform": PLATFORM, "date": date(tw.get("created_at")),
                "id": f"tweet-{tw['id_str']}" if isinstance(tw.get("id_str"), str) else None,
                "likes": count(tw.get("favorite_count")), "shares": count(tw.get("retweet_count")),
                "kind": "reply" if reply not in (None, "", "-1", -1) else None,
                "media": media or None}
        post = make_post(where, lines, chars, offs, meta)
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
