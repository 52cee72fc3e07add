"""Drafts in, Posts out.

A draft is a Markdown or text file (one post, optional YAML front matter) or a content
calendar (``.csv`` / ``.jsonl``, one post a row). Every Post keeps a map from offsets in
its ``text`` back to the original file, so a finding's line and column always point into the
file as an editor shows it (BOM, CRLF, emoji and escaped JSON included).

``text`` has the same length as the prose it came from; what must not be linted as prose
(front matter, Markdown code, URLs, HTML comments and tags) is replaced by spaces, newlines kept.
"""
from __future__ import annotations

import bisect
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import platforms
from .errors import DraftError, EmptyDraft
from .yamlutil import load_yaml_text

DRAFT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".csv", ".jsonl"}
META_KEYS = ("platform", "brand", "lang", "author", "campaign", "date", "id")
LANGS = ("fr", "en")
MAX_DRAFT_BYTES = 16 * 1024 * 1024   # a file: refused before it is read
MAX_POST_CHARS = 200_000             # one post (a file's body, a calendar cell): ~30,000 words


@dataclass
class Post:
    """One post: prose to lint, where it came from, and its metadata."""

    path: str
    text: str
    meta: dict = field(default_factory=dict)
    source: str = ""  # the unmasked text ``text`` was made from (same length)
    # maps an offset in ``text`` to an absolute offset in the file's decoded text;
    # None means identity (offset + ``base``)
    offsets: list[int] | None = None
    base: int = 0
    line_starts: list[int] = field(default_factory=lambda: [0])
    row: int | None = None  # 1-based row number in a calendar
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
    """Decode a draft as UTF-8 (BOM stripped) or raise a one-line DraftError."""
    from .fsutil import FileTooLarge, NotRegularFile, read_bounded
    limit = limit or MAX_DRAFT_BYTES
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


def _norm_meta(meta: dict, display: str, line: int | None, source: str) -> dict:
    out = {}
    for key in META_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list)):
            raise DraftError(f"'{key}' must be a plain value, got a {type(value).__name__}",
                             path=display, line=line)
        out[key] = str(value).strip()
    if "platform" in out:
        p = platforms.canonical(out["platform"])
        if not platforms.is_known(p):
            from .util import did_you_mean, one_of
            raise DraftError(f"unknown platform '{out['platform']}' in {source}; expected one of "
                             f"{one_of(platforms.KNOWN)}{did_you_mean(out['platform'], platforms.KNOWN)}",
                             path=display, line=line)
        out["platform"] = p
    if "lang" in out:
        lang = out["lang"].lower()[:2]
        if lang not in LANGS:
            raise DraftError(f"unsupported lang '{out['lang']}' in {source}; expected fr or en",
                             path=display, line=line)
        out["lang"] = lang
    for key in ("author", "campaign", "brand"):
        if key in out:
            out[key] = out[key]
    return out


def platform_from_path(path: Path) -> str | None:
    for part in reversed(path.parent.parts):
        p = platforms.canonical(part)
        if platforms.is_known(p):
            return p
    return None


# --------------------------------------------------------------------------------------
# Markdown / text
# --------------------------------------------------------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")
_FM_OPEN = re.compile(r"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
URL_RE = re.compile(r"""(?:https?://|www\.)[^\s<>"'\)\]]+""", re.I)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.M)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


_FM_LINE = re.compile(r"([A-Za-z_][\w-]*):[ ]+([^\W_][\w ./+-]*?)[ ]*\r?")
_YAML_RESOLVER = None


def _simple_front_matter(fm_text: str) -> dict | None:
    """Front matter made only of ``key: value`` lines whose key and value YAML reads as plain
    strings (``brand: Lumen``, ``lang: fr``), read without the YAML parser (a third of a second
    for a thousand drafts); None for anything else, which the YAML parser reads."""
    global _YAML_RESOLVER
    if len(fm_text) > 4096:
        return None
    if _YAML_RESOLVER is None:
        import yaml
        _YAML_RESOLVER = (yaml.resolver.Resolver(), yaml.ScalarNode, "tag:yaml.org,2002:str")
    resolver, node, plain = _YAML_RESOLVER
    out: dict = {}
    for line in fm_text.split("\n"):
        if line in ("", "\r"):
            continue
        m = _FM_LINE.fullmatch(line)
        if m is None:
            return None
        key, value = m.groups()
        if key in out or resolver.resolve(node, key, (True, False)) != plain \
                or resolver.resolve(node, value, (True, False)) != plain:
            return None
        out[key] = value
    return out


def split_front_matter(text: str, display: str) -> tuple[dict, int]:
    """Return (front matter mapping, offset where the body starts)."""
    m = _FM_OPEN.match(text)
    if not m:
        return {}, 0
    close = _FM_CLOSE.search(text, m.end())
    if not close:
        raise DraftError("front matter opened with '---' is never closed (expected a line '---')",
                         path=display, line=1)
    fm_text = text[m.end():close.start()]
    data = _simple_front_matter(fm_text)
    if data is None:
        data = load_yaml_text("\n" + fm_text, display, DraftError).data  # "\n": lines match the file
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DraftError("front matter must be a mapping of key: value", path=display, line=2)
    body_start = close.end()
    if text[body_start:body_start + 2] == "\r\n":
        body_start += 2
    elif text[body_start:body_start + 1] == "\n":
        body_start += 1
    return data, body_start


def mask_markdown(text: str, start: int, markdown: bool) -> str:
    """Blank out everything in ``text`` before ``start`` and every non-prose region."""
    chars = list(text)
    _blank(chars, 0, start)
    body = text[start:]
    if markdown and ("```" in body or "~~~" in body or "\n    " in body or "\n\t" in body):
        _mask_code_blocks(text, start, chars)
    for rx in (_HTML_COMMENT, _INLINE_CODE, _HTML_TAG, _REF_DEF) if markdown else (_HTML_COMMENT,):
        for m in rx.finditer(text, start):
            _blank(chars, m.start(), m.end())
    if markdown:
        for m in _LINK_TARGET.finditer(text, start):
            _blank(chars, m.start(1), m.end(1))
    for m in URL_RE.finditer(text, start):
        _blank(chars, m.start(), m.end())
    return "".join(chars)


def _mask_code_blocks(text: str, start: int, chars: list[str]) -> None:
    from markdown_it import MarkdownIt

    starts = line_starts_of(text)
    first_line = bisect.bisect_right(starts, start) - 1
    body = text[starts[first_line]:] if first_line < len(starts) else ""
    # markdown-it counts lines on \n; keep \r so line numbers stay aligned
    tokens = MarkdownIt("commonmark").parse(body)
    for tok in tokens:
        if tok.type in ("fence", "code_block") and tok.map:
            a, b = tok.map
            a += first_line
            b += first_line
            s = starts[a] if a < len(starts) else len(text)
            e = starts[b] if b < len(starts) else len(text)
            _blank(chars, max(s, start), e)


_LONE_CR = re.compile(r"\r(?!\n)")


def parse_markdown(text: str, display: str, path: Path | None = None, markdown: bool = True) -> Post:
    if "\r" in text:  # classic Mac line ends (CR only) are line breaks too; same length, same offsets
        text = _LONE_CR.sub("\n", text)
    fm, body_start = split_front_matter(text, display)
    meta = _norm_meta(fm, display, 2 if fm else None, "front matter")
    if "platform" not in meta and path is not None:
        p = platform_from_path(path)
        if p:
            meta["platform"] = p
    if len(text) - body_start > MAX_POST_CHARS:
        _check_length(len(text) - body_start, display, text.count("\n", 0, body_start) + 1)
    masked = mask_markdown(text, body_start, markdown)
    if not masked.strip():
        what = "only front matter, no text" if fm else "no text"
        raise EmptyDraft(f"empty draft: {what} to lint", path=display, line=1)
    return Post(path=display, text=masked, meta=meta, source=text, offsets=None, base=0,
                line_starts=line_starts_of(text), body_start=body_start)


# --------------------------------------------------------------------------------------
# calendars
# --------------------------------------------------------------------------------------
def _calendar_meta(record: dict, display: str, line: int, folder_platform: str | None) -> dict:
    from .exports import engagement
    meta = _norm_meta({k: record.get(k) for k in META_KEYS}, display, line, "this row")
    meta.update(engagement(record))  # likes, shares, comments, impressions columns, when present
    if "platform" not in meta and folder_platform:
        meta["platform"] = folder_platform
    return meta


def _check_length(n: int, display: str, line: int) -> None:
    if n > MAX_POST_CHARS:
        raise DraftError(f"post is too long to lint ({n} characters, at most {MAX_POST_CHARS}): "
                         "split it into several posts", path=display, line=line)


def _calendar_post(display, text, offsets, meta, starts, row, line) -> Post | None:
    if not text.strip():
        return None
    _check_length(len(text), display, line)
    masked = mask_markdown(text, 0, markdown=False)
    return Post(path=display, text=masked, meta=meta, source=text, offsets=offsets, line_starts=starts,
                row=row)


def _json_string_offsets(raw: str, i: int) -> tuple[list[int], int]:
    """Offsets (absolute) of each decoded character of the JSON string starting at raw[i] == '"'."""
    offs: list[int] = []
    j = i + 1
    n = len(raw)
    while j < n and raw[j] != '"':
        if raw[j] == "\\":
            if raw[j + 1:j + 2] == "u":
                code = int(raw[j + 2:j + 6], 16)
                if 0xD800 <= code < 0xDC00 and raw[j + 6:j + 8] == "\\u":
                    offs.append(j)
                    j += 12
                    continue
                offs.append(j)
                j += 6
            else:
                offs.append(j)
                j += 2
        else:
            offs.append(j)
            j += 1
    return offs, j


def parse_jsonl(text: str, display: str, path: Path | None) -> list[Post]:
    starts = line_starts_of(text)
    folder_platform = platform_from_path(path) if path else None
    posts: list[Post] = []
    decoder = json.JSONDecoder()
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        base = starts[lineno - 1]
        lead = len(line) - len(line.lstrip())
        try:
            record, end = decoder.raw_decode(line, lead)
        except json.JSONDecodeError as exc:
            raise DraftError(f"invalid JSON: {exc.msg}", path=display, line=lineno,
                             column=exc.colno) from None
        except ValueError as exc:  # a number of more than 4300 digits
            raise DraftError(f"invalid JSON: {str(exc).split(';')[0]}", path=display, line=lineno) from None
        except RecursionError:
            raise DraftError("invalid JSON: nesting is too deep", path=display, line=lineno) from None
        if line[end:].strip():
            raise DraftError("invalid JSON: extra data after the object (one object a line)",
                             path=display, line=lineno, column=end + 1 + len(line[end:]) - len(line[end:].lstrip()))
        if not isinstance(record, dict):
            raise DraftError("each line must be a JSON object with a \"text\" field", path=display, line=lineno)
        if "text" not in record:
            raise DraftError("missing \"text\" field (each line needs the post's text)",
                             path=display, line=lineno)
        value = record["text"]
        if not isinstance(value, str):
            raise DraftError("\"text\" must be a string", path=display, line=lineno)
        for key in ("text", *META_KEYS):
            if isinstance(record.get(key), str) and _SURROGATE.search(record[key]):
                raise DraftError(f"\"{key}\" holds an unpaired surrogate escape (\\uD800-\\uDFFF), "
                                 "which is not a character", path=display, line=lineno)
        meta = _calendar_meta(record, display, lineno, folder_platform)
        offsets = _locate_json_text(line, value)
        offsets = [base + o for o in offsets] if offsets is not None else [base] * len(value)
        post = _calendar_post(display, value, offsets, meta, starts, len(posts) + 1, lineno)
        if post:
            post.row = lineno
            posts.append(post)
    return posts


def _locate_json_text(line: str, value: str) -> list[int] | None:
    for m in re.finditer(r'"text"\s*:\s*"', line):
        offs, _ = _json_string_offsets(line, m.end() - 1)
        if len(offs) == len(value):
            return offs
    return None


def _csv_rows(text: str, display: str, delim: str) -> Iterator[tuple[int, list[str], list[list[int]]]]:
    """Yield (line, fields, offsets per field) for each record of an RFC 4180 CSV."""
    i, n = 0, len(text)
    starts = None
    while i < n:
        row_start = i
        fields: list[str] = []
        offs: list[list[int]] = []
        while True:
            chars: list[str] = []
            pos: list[int] = []
            if i < n and text[i] == '"':
                open_at = i
                i += 1
                while True:
                    if i >= n:
                        starts = starts or line_starts_of(text)
                        ln = bisect.bisect_right(starts, open_at)
                        raise DraftError("unterminated quoted field (a '\"' is never closed)",
                                         path=display, line=ln)
                    c = text[i]
                    if c == '"':
                        if i + 1 < n and text[i + 1] == '"':
                            chars.append('"')
                            pos.append(i)
                            i += 2
                            continue
                        i += 1
                        break
                    chars.append(c)
                    pos.append(i)
                    i += 1
                while i < n and text[i] not in (delim, "\n", "\r"):
                    i += 1  # junk after closing quote is ignored, like Excel
            else:
                while i < n and text[i] not in (delim, "\n", "\r"):
                    chars.append(text[i])
                    pos.append(i)
                    i += 1
            fields.append("".join(chars))
            offs.append(pos)
            if i < n and text[i] == delim:
                i += 1
                continue
            break
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        starts = starts or line_starts_of(text)
        yield bisect.bisect_right(starts, row_start), fields, offs


def parse_csv(text: str, display: str, path: Path | None) -> list[Post]:
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = _csv_rows(text, display, delim)
    header = None
    starts = line_starts_of(text)
    folder_platform = platform_from_path(path) if path else None
    posts: list[Post] = []
    for line, fields, offs in rows:
        if header is None:
            header = [f.strip().lower() for f in fields]
            if "text" not in header:
                raise DraftError(f"calendar has no 'text' column (columns: {', '.join(header) or 'none'})",
                                 path=display, line=line)
            continue
        if fields == [""]:
            continue  # blank line
        if len(fields) != len(header):
            raise DraftError(f"row has {len(fields)} fields, the header has {len(header)}",
                             path=display, line=line)
        record = dict(zip(header, fields))
        ti = header.index("text")
        meta = _calendar_meta(record, display, line, folder_platform)
        post = _calendar_post(display, fields[ti], offs[ti], meta, starts, line, line)
        if post:
            post.row = line
            posts.append(post)
    if header is None:
        raise EmptyDraft("empty calendar: no header and no rows", path=display, line=1)
    return posts


# --------------------------------------------------------------------------------------
# entry points
# --------------------------------------------------------------------------------------
def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
        return rel if not rel.startswith("..") else str(path)
    except ValueError:
        return str(path)


def parse_file(path: Path | str, display: str | None = None) -> list[Post]:
    path = Path(path)
    display = display or display_path(path)
    from .exports import read_export
    exported = read_export(path, display)  # platform exports, detected by content
    if exported is not None:
        return exported
    text = read_text(path, display)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        posts = parse_jsonl(text, display, path)
    elif suffix == ".csv":
        posts = parse_csv(text, display, path)
    else:
        return [parse_markdown(text, display, path, markdown=suffix in (".md", ".markdown"))]
    if not posts:
        raise EmptyDraft("empty calendar: no row has text", path=display, line=1)
    return posts


def parse_string(text: str, name: str = "<text>", meta: dict | None = None, markdown: bool = True) -> Post:
    """A post from a string (API, tests). Front matter is honoured; ``meta`` overrides it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    post = parse_markdown(text, name, None, markdown=markdown)
    if meta:
        post.meta.update(_norm_meta(meta, name, None, "meta"))
    return post


def excluded(path: str | Path, patterns: Iterable[str], root: str | Path | None = None) -> bool:
    """True when ``path`` matches one of the glob ``patterns`` (config ``exclude:``): a
    pattern is tried on the file's name, on its path relative to ``root`` (the folder of the
    configuration file, else the current one) and on every folder on that path, so
    ``README.md``, ``drafts/archive/*``, ``archive`` and ``**/old-*.md`` all work."""
    import fnmatch

    pats = [str(p).rstrip("/") for p in patterns if str(p).strip()]
    if not pats:
        return False
    p = Path(path)
    try:
        rel = Path(os.path.relpath(os.path.abspath(p), os.path.abspath(root or os.getcwd()))).as_posix()
    except ValueError:  # another drive (Windows)
        rel = p.as_posix()
    parts = rel.split("/")
    candidates = {p.name, rel, *parts[:-1], *("/".join(parts[:i]) for i in range(1, len(parts)))}
    for pat in pats:
        variants = {pat, pat[3:]} if pat.startswith("**/") else {pat}
        if any(fnmatch.fnmatchcase(c, v) for c in candidates for v in variants):
            return True
    return False


def discover(paths: Iterable[str | Path], include_hidden: bool = False, exclude: Iterable[str] = (),
             root: str | Path | None = None) -> list[Path]:
    """Expand folders into draft files (sorted, deduplicated, symlink loops ignored),
    leaving out what the ``exclude`` globs match (see :func:`excluded`), files named on the
    command line included (a pre-commit hook passes them one by one)."""
    exclude = list(exclude)
    out: list[Path] = []
    seen: set = set()
    for p in paths:
        p = Path(p)
        if not p.exists() and not p.is_symlink():
            raise DraftError("no such file or directory", path=str(p))
        if p.is_dir():
            for root_, dirs, files in os.walk(p, followlinks=True):
                real = os.path.realpath(root_)
                if real in seen:
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if (include_hidden or not d.startswith("."))
                                 and not (exclude and excluded(Path(root_) / d, exclude, root)))
                from .exports import in_walk
                for f in sorted(files):
                    fp = Path(root_) / f
                    if (include_hidden or not f.startswith(".")) and in_walk(fp, fp.suffix.lower() in DRAFT_SUFFIXES):
                        out.append(fp)
        else:
            out.append(p)
    if exclude:
        out = [fp for fp in out if not excluded(fp, exclude, root)]
    uniq, keys = [], set()
    for fp in out:
        k = os.path.abspath(fp)
        if k not in keys:
            keys.add(k)
            uniq.append(fp)
    return uniq
