"""Post: one post's prose, where it came from (offsets back into its file) and its metadata;
reading a draft file as text, and the metadata every input format shares."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import platforms
from voicelint.shared.errors import DraftError

DRAFT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".csv", ".jsonl"}
META_KEYS = ("platform", "brand", "lang", "author", "campaign", "date", "id", "kind")
#: ``kind``: a post of the brand's own, or a reply to someone (an export marks its replies; a
#: drafted reply says so in its front matter, since it has no @handle yet).
KINDS = ("post", "reply")
#: Front-matter keys in French, read as the keys they translate (``date`` and ``id`` are the
#: same words). ``kind`` has none: a French ``type`` is as often "carrousel" or "vidéo".
META_ALIASES = {"plateforme": "platform", "réseau": "platform", "marque": "brand", "langue": "lang",
                "auteur": "author", "autrice": "author", "auteure": "author", "campagne": "campaign"}
#: Keys front matter often carries for other tools (Hugo, Jekyll, a CMS): never "did you mean".
OTHER_TOOLS_KEYS = frozenset(("title", "titre", "tags", "slug", "draft", "layout", "categories", "category",
                              "description", "image", "summary", "excerpt", "name", "type", "status",
                              "weight", "url", "permalink", "lastmod", "lien", "link", "data", "note",
                              "notes", "lieu"))
LANGS = ("fr", "en")
MAX_DRAFT_BYTES = 16 * 1024 * 1024   # a file: refused before it is read
MAX_CALENDAR_BYTES = 256 * 1024 * 1024   # a calendar (.csv, .jsonl): an archive of years of posts
CALENDAR_SUFFIXES = (".csv", ".jsonl")
MAX_POST_CHARS = 200_000             # one post (a file's body, a calendar cell): ~30,000 words


@dataclass
class Post:
    """One post: prose to lint, where it came from, and its metadata."""

    path: str
    text: str
    meta: dict = field(default_factory=dict)
    source: str = ""  # the unmasked text ``text`` was made from (same length)
    # maps an offset in ``text`` to an absolute offset in the file's decoded text (a ``range``
    # when the text is a contiguous run of the file: a calendar cell without escapes);
    # None means identity (offset + ``base``)
    offsets: list[int] | range | None = None
    base: int = 0
    line_starts: list[int] = field(default_factory=lambda: [0])
    row: int | None = None  # 1-based row number in a calendar
    notes: list[str] = field(default_factory=list)  # notices about the draft (a misspelt key)
    body_start: int = 0     # offset in ``text`` where the body starts (after front matter)

    @property
    def body(self) -> str:
        """The post's original text without front matter (for lengths and links)."""
        return self.source[self.body_start:]

    # -- metadata -------------------------------------------------------------------------
    @property
    def platform(self) -> str | None:
        return self.meta.get("platform")

    @property
    def lang(self) -> str | None:
        return self.meta.get("lang")

    @property
    def brand(self) -> str | None:
        return self.meta.get("brand")

    @property
    def id(self) -> str:
        if self.meta.get("id"):
            return str(self.meta["id"])
        return f"{self.path}#{self.row}" if self.row else self.path

    # -- positions ------------------------------------------------------------------------
    def absolute(self, offset: int) -> int:
        offset = max(0, min(offset, len(self.text)))
        if self.offsets is None:
            return self.base + offset
        if offset >= len(self.offsets):
            return (self.offsets[-1] + 1) if self.offsets else self.base
        return self.offsets[offset]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file; columns count Unicode characters."""
        absolute = self.absolute(offset)
        i = bisect.bisect_right(self.line_starts, absolute) - 1
        return i + 1, absolute - self.line_starts[i] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        line, col = self.position(start)
        end_line, end_col = self.position(max(start, end))
        return line, col, end_line, end_col

    def line_of(self, offset: int) -> int:
        return self.position(offset)[0]


# --------------------------------------------------------------------------------------
# reading files
# --------------------------------------------------------------------------------------
def read_text(path: Path, display: str, limit: int | None = None) -> str:
    """Decode a draft as UTF-8 (BOM stripped) or raise a one-line DraftError. ``limit``: bytes
    read at most (default: a calendar's or a draft's, from the suffix)."""
    from voicelint.shared.fsutil import FileTooLarge, NotRegularFile, read_bounded
    limit = limit or (MAX_CALENDAR_BYTES if Path(path).suffix.lower() in CALENDAR_SUFFIXES else MAX_DRAFT_BYTES)
    try:
        raw = read_bounded(path, limit)
    except FileTooLarge as exc:
        raise DraftError(f"file is too large ({exc.size} bytes, at most {limit})", path=display) from None
    except NotRegularFile:
        raise DraftError("not a regular file (a FIFO, a device or a socket): not read", path=display) from None
    except FileNotFoundError:
        raise DraftError("file not found", path=display) from None
    except IsADirectoryError:
        raise DraftError("is a directory", path=display) from None
    except PermissionError:
        raise DraftError("permission denied: cannot read the file", path=display) from None
    except OSError as exc:
        raise DraftError(f"cannot read the file: {exc.strerror or exc}", path=display) from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw[:nul].count(b"\n") + 1
        raise DraftError("binary file (NUL byte), expected UTF-8 text", path=display, line=line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = len(raw[: exc.start].rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise DraftError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                         path=display, line=line, column=col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def line_starts_of(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def norm_meta(meta: dict, display: str, line: int | None, source: str,
              key_lines: dict[str, int] | None = None, strict_kind: bool = True) -> dict:
    """The known metadata of a post (:data:`META_KEYS`), checked; an error names ``line``, or the
    line of the key itself when ``key_lines`` has it (front matter). ``strict_kind=False`` (a
    calendar, whose ``kind`` column may say "video" or "carousel"): a kind other than post or
    reply is not ours, and is left out instead of refused."""
    def at(key: str) -> int | None:
        return (key_lines or {}).get(key, line)

    out = {}
    for key in META_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            raise DraftError(f"'{key}' must be a plain value, got a {type(value).__name__}",
                             path=display, line=at(key))
        out[key] = str(value).strip()
    if "platform" in out:
        p = platforms.canonical(out["platform"])
        if not platforms.is_known(p):
            from voicelint.shared.messages import did_you_mean, one_of
            raise DraftError(f"unknown platform '{out['platform']}' in {source}; expected one of "
                             f"{one_of(platforms.KNOWN)}{did_you_mean(out['platform'], platforms.KNOWN)}",
                             path=display, line=at("platform"))
        out["platform"] = p
    if "lang" in out:
        lang = out["lang"].lower()[:2]
        if lang not in LANGS:
            raise DraftError(f"unsupported lang '{out['lang']}' in {source}; expected fr or en",
                             path=display, line=at("lang"))
        out["lang"] = lang
    if "kind" in out:
        kind = out["kind"].lower()
        if kind not in KINDS and not strict_kind:
            del out["kind"]
        elif kind not in KINDS:
            raise DraftError(f"unknown kind '{out['kind']}' in {source}; expected post or reply",
                             path=display, line=at("kind"))
        else:
            out["kind"] = kind
    return out


def front_matter_keys(fm: dict, display: str, key_lines: dict[str, int] | None) -> tuple[dict, list[str]]:
    """The front matter with the keys voicelint reads under their own names (``Platform``,
    ``plateforme``: platform), and a notice for each other key that looks like a misspelt one
    (``platfrom``); other keys (title, tags...) are other tools' and pass silently."""
    out, notes, given = {}, [], {}
    for key, value in fm.items():
        k = str(key)
        canon = k.lower() if k.lower() in META_KEYS else META_ALIASES.get(k.lower())
        if canon is None:
            near = None if k.lower() in OTHER_TOOLS_KEYS else _near_key(k.lower())
            if near:
                line = (key_lines or {}).get(k)
                notes.append(f"{display}:{line}: " if line else f"{display}: ")
                notes[-1] += f"unknown front-matter key '{k}' ignored (did you mean '{near}'?)"
            continue
        if canon in given:
            raise DraftError(f"front matter gives '{canon}' twice ('{given[canon]}' and '{k}'): keep one",
                             path=display, line=(key_lines or {}).get(k))
        given[canon] = k
        out[canon] = value
        if key_lines is not None and k in key_lines:
            key_lines[canon] = key_lines[k]
    return out, notes


def _near_key(key: str) -> str | None:
    """The known key (or French alias) ``key`` is one slip away from: a letter wrong, missing,
    extra or two swapped (two slips for keys of more than five letters)."""
    most = 1 if len(key) <= 5 else 2
    for known in (*META_KEYS, *META_ALIASES):
        if abs(len(known) - len(key)) <= most and _slips(key, known) <= most:
            return META_ALIASES.get(known, known)
    return None


def _slips(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def platform_from_path(path: Path) -> str | None:
    for part in reversed(path.parent.parts):
        p = platforms.canonical(part)
        if platforms.is_known(p):
            return p
    return None


def check_length(n: int, display: str, line: int) -> None:
    if n > MAX_POST_CHARS:
        raise DraftError(f"post is too long to lint ({n} characters, at most {MAX_POST_CHARS}): "
                         "split it into several posts", path=display, line=line)


#: An unpaired surrogate escape (\uD800-\uDFFF) decoded from JSON: not a character.
SURROGATE = re.compile("[\ud800-\udfff]")


def post_text(post) -> str:
    """The prose of a post, without front matter (which would count as blank lines): what the
    judgements measure."""
    return post.text[post.body_start:].strip()
