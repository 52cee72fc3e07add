"""Platform exports read as posts: what a brand has already published, as approved examples
(``profile learn --examples``, ``init --from``) and as drafts for ``check`` and ``report``.

One small reader per format, picked from the file's content (not only its name):

=================  ===========================================  ==================
format             file                                          platform
=================  ===========================================  ==================
X archive          ``data/tweets.js`` (zip or folder)            twitter
Instagram          ``content/posts_1.json`` (Meta JSON)          instagram
Facebook           ``posts/your_posts_1.json`` (Meta JSON)       facebook
LinkedIn           ``Shares.csv``                                linkedin
Mastodon           ``outbox.json`` (ActivityPub)                 mastodon
Threads            ``threads/threads_and_replies.json`` (Meta)   threads
TikTok             ``user_data_tiktok.json`` (JSON format)       tiktok
=================  ===========================================  ==================

Each post keeps its date, its platform and the engagement counts the export carries
(``likes``, ``shares``; replies marked ``kind: reply``). Line and column point into the export
file (inside a zip: ``archive.zip!data/tweets.js``).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from voicelint.shared.errors import DraftError
from voicelint.inputs.engagement import ENGAGEMENT, engagement
from . import linkedin, mastodon, meta, tiktok, twitter
from ._text import MAX_EXPORT_BYTES

EXPORT_SUFFIXES = (".js", ".json", ".zip")
EXPECTED = ("an X archive (data/tweets.js or its zip), an Instagram, Facebook or Threads JSON export "
            "(posts_1.json, your_posts_1.json, threads_and_replies.json), a TikTok user_data_tiktok.json, "
            "a Mastodon outbox.json or LinkedIn's Shares.csv")
_JSON_MARKERS = re.compile(r'"(?:media|data|orderedItems|ig_reels_media|photos|videos|text_post_app_text_posts'
                           r'|VideoList|Activity|Your Activity|Profile|App Settings|Ads and data)"\s*:')
_FB_TIMESTAMP = re.compile(r'"timestamp"\s*:')
_ZIP_MEMBER = re.compile(r"\.(?:js|json|csv)$", re.I)
_META_HTML = re.compile(r"(?:^|/)(?:your_)?posts(?:_\d+)?\.html$|(?:^|/)your_(?:instagram|facebook)_activity/.*\.html$", re.I)


# ------------------------------------------------------------------------------ detection
def _read(path: Path, display: str) -> str:
    from voicelint.inputs.posts import read_text
    return read_text(path, display, MAX_EXPORT_BYTES)


def _head(path: Path, n: int = 4096) -> str:
    try:
        with open(path, "rb") as fh:
            return fh.read(n).decode("utf-8", "ignore").lstrip("\ufeff")
    except OSError:
        return ""


def _kind_of_text(text: str, name: str):
    """('twitter'|'instagram'|'facebook'|'threads'|'tiktok'|'mastodon'|'linkedin', parsed JSON or
    None) or None."""
    body = text.lstrip("\ufeff")
    if twitter.sniff(body[:200]):
        return "twitter", None
    if name.lower().endswith(".csv"):
        return ("linkedin", None) if linkedin.sniff(body.split("\n", 1)[0]) else None
    stripped = body.lstrip()
    if not stripped[:1] in ("[", "{"):
        return None
    import json
    try:
        data = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    if mastodon.is_outbox(data):
        return "mastodon", data
    if tiktok.posts_list(data) is not None:
        return "tiktok", data
    k = meta.kind(data)
    return (k, data) if k else None


def sniff(path: Path) -> bool:
    """True when ``path`` holds a platform export (read cheaply: a head, a zip's listing)."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return bool(_zip_members(path))
    head = _head(path)
    if suffix == ".csv":
        return linkedin.sniff(head.split("\n", 1)[0])
    if suffix == ".js":
        return twitter.sniff(head[:200])
    if suffix == ".json":
        if not _JSON_MARKERS.search(head):
            return False
        try:
            return _kind_of_text(_read(path, str(path)), path.name) is not None
        except DraftError:
            return False
    return False


def is_export(path: str | Path) -> bool:
    """True for an export file or a file inside an exported zip (``archive.zip!data/tweets.js``)."""
    s = str(path)
    if "!" in s and s.split("!", 1)[0].lower().endswith(".zip"):
        return True
    p = Path(s)  # an X archive's long posts are read with its tweets, from note-tweet.js
    return sniff(p) or (p.suffix.lower() == ".js" and twitter.sniff_notes(_head(p, 200)))


def in_walk(path: Path, default: bool) -> bool:
    """Whether a folder walk takes ``path``: drafts as before, plus the exports found in it; in a
    LinkedIn export folder only Shares.csv (Connections.csv and the rest are not posts)."""
    suffix = path.suffix.lower()
    if suffix in EXPORT_SUFFIXES:
        return sniff(path)
    if default and suffix == ".csv" and not sniff(path):
        shares = path.with_name("Shares.csv")
        if shares != path and shares.is_file() and sniff(shares):
            return False
    return default


# ------------------------------------------------------------------------------ reading
def _parse(kind: str, raw: str, display: str, data=None) -> list:
    if kind == "tiktok":
        return tiktok.parse(raw, display, data)
    if kind == "twitter":
        return twitter.parse(raw, display)
    if kind == "linkedin":
        return linkedin.parse(raw, display)
    if kind == "mastodon":
        return mastodon.parse(raw, display)
    return meta.parse(raw, display, kind)


def _zip_members(path: Path) -> list[str]:
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            out = []
            for info in zf.infolist():
                if info.is_dir() or not _ZIP_MEMBER.search(info.filename) or info.file_size > MAX_EXPORT_BYTES:
                    continue
                if "__MACOSX/" in info.filename:
                    continue
                with zf.open(info) as fh:
                    head = fh.read(4096).decode("utf-8", "ignore").lstrip("\ufeff")
                low = info.filename.lower()
                if (low.endswith(".js") and twitter.sniff(head[:200])) or \
                        (low.endswith(".csv") and linkedin.sniff(head.split("\n", 1)[0])) or \
                        (low.endswith(".json") and _JSON_MARKERS.search(head)):
                    out.append(info.filename)
            return out
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
        return []


def _read_zip(path: Path, display: str) -> list:
    import zipfile
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise DraftError(f"cannot read the zip ({exc}); expected {EXPECTED}", path=display) from None
    posts: list = []
    found = False
    with zf:
        notes: dict[str, list] = {}  # an X archive's long posts, by the folder they are in
        for info in zf.infolist():
            name = info.filename
            if twitter.NOTES_FILE.search(name) and "__MACOSX/" not in name and info.file_size <= MAX_EXPORT_BYTES:
                raw = _zip_text(zf, name, f"{display}!{name}")
                if twitter.sniff_notes(raw[:200]):
                    notes.setdefault(posixpath.dirname(name), []).extend(
                        twitter.read_notes(raw, f"{display}!{name}"))
        for name in _zip_members(path):
            where = f"{display}!{name}"
            raw = _zip_text(zf, name, where)
            kind = _kind_of_text(raw, name)
            if kind is None:
                continue
            found = True
            if kind[0] == "twitter":
                posts.extend(twitter.parse(raw, where, notes.get(posixpath.dirname(name), [])))
            else:
                posts.extend(_parse(kind[0], raw, where, kind[1]))
        if not found:
            html = [n for n in zf.namelist() if _META_HTML.search(n)]
            if html:
                raise DraftError(f"this is Meta's HTML download ({html[0]}): voicelint reads the JSON one; "
                                 "ask for \"Download your information\" again with Format: JSON", path=display)
    if not found:
        raise DraftError(f"no platform export in this zip; expected {EXPECTED}", path=display)
    return posts


def _zip_text(zf, name: str, where: str) -> str:
    import zipfile
    try:
        return zf.read(name).decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        raise DraftError("not valid UTF-8; expected an export as the platform wrote it", path=where) from None
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
        raise DraftError(f"cannot read this member of the zip ({exc})", path=where) from None


def _sibling_notes(path: Path, display: str) -> list:
    """The long posts of ``note-tweet.js`` next to an X archive's tweets file."""
    import os
    notes: list = []
    for f in sorted(path.parent.glob("*.js")):
        if f != path and twitter.NOTES_FILE.search(f.name) and twitter.sniff_notes(_head(f, 200)):
            shown = os.path.join(os.path.dirname(display), f.name)
            notes.extend(twitter.read_notes(_read(f, shown), shown))
    return notes


def read_export(path: Path, display: str) -> list | None:
    """The posts of an export file, or None when ``path`` is not one (a draft or calendar).

    A ``.js``, ``.json`` or ``.zip`` file that is not a readable export raises a one-line
    DraftError naming it and what was expected."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        head = _head(path)
        first = head.split("\n", 1)[0]
        if not linkedin.sniff(first):
            shares = path.with_name("Shares.csv")
            beside = shares != path and shares.is_file() and linkedin.sniff(_head(shares).split("\n", 1)[0])
            why = linkedin.missing_text(first) or linkedin.other_file(path.name, head, beside)
            if why:
                raise DraftError(why, path=display, line=1)
            return None
        raw = _read(path, display)
        return _nonempty(linkedin.parse(raw, display), display)
    if suffix not in EXPORT_SUFFIXES:
        return None
    if suffix == ".zip":
        if not path.is_file():
            raise DraftError("file not found" if not path.exists() else "not a regular file", path=display)
        return _nonempty(_read_zip(path, display), display)
    raw = _read(path, display)
    if twitter.sniff(raw[:200]):
        return _nonempty(twitter.parse(raw, display, _sibling_notes(path, display)), display)
    other = twitter.not_tweets(raw[:200])
    if other:
        raise DraftError(other, path=display, line=1)
    kind = _kind_of_text(raw, path.name)
    if kind is None:
        stripped = raw.lstrip()
        if stripped[:1] in ("[", "{"):
            from ._text import loads_located
            head = raw[:4096]   # a Facebook post has "media" too (its photos): its own "timestamp" first
            what = (mastodon.EXPECTED if '"orderedItems"' in head else
                    meta.EXPECTED_FB if '"data"' in head and _FB_TIMESTAMP.search(head) else
                    meta.EXPECTED_IG if '"media"' in head else
                    meta.EXPECTED_FB if '"data"' in head else EXPECTED)
            loads_located(raw, len(raw) - len(stripped), display, what)  # a JSON error says where
            import json
            data = json.loads(stripped)
            why = meta.not_own(data) or mastodon.not_posts(data) or tiktok.not_posts(data)
            if why:
                raise DraftError(why, path=display, line=1)
        raise DraftError(f"not a platform export voicelint reads; expected {EXPECTED}", path=display, line=1)
    return _nonempty(_parse(kind[0], raw, display, kind[1]), display)


def _nonempty(posts: list, display: str) -> list:
    """An export with no post to lint is an empty draft: a notice, the run goes on (EmptyDraft)."""
    if not posts:
        from voicelint.shared.errors import EmptyDraft
        raise EmptyDraft("export holds no post with text (retweets, boosts, direct messages and "
                         "posts without a caption are left out)", path=display, line=1)
    return posts


__all__ = ["ENGAGEMENT", "EXPECTED", "engagement", "in_walk", "is_export", "read_export", "sniff"]
