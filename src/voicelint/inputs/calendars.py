"""Content calendars: CSV (RFC 4180, ',' or ';') and JSON Lines, one post a row, each
character of a post mapped back to its place in the file (quotes and JSON escapes included)."""
from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Iterator

from voicelint.shared.errors import DraftError, EmptyDraft
from . import platforms
from .engagement import engagement
from .markdown import mask_markdown
from .posts import META_KEYS, SURROGATE, Post, check_length, line_starts_of, norm_meta, platform_from_path


#: What scheduling tools and spreadsheets call the columns voicelint reads (the first one a file
#: has wins): Buffer's "Text", Sprout's "Message", a sheet's "Caption" or "Post copy", a
#: "Network" or "Channel" for the platform. Names are compared in lower case, with spaces,
#: underscores and hyphens alike.
COLUMNS = {
    "text": ("text", "message", "caption", "post", "post text", "post copy", "content", "copy", "body",
             "tweet text", "description",
             # a French team's sheet, as its front matter is read in French
             "texte", "contenu", "légende", "legende", "texte du post", "texte de la publication"),
    "platform": ("platform", "network", "social network", "channel",
                 "plateforme", "réseau", "reseau", "réseau social", "canal"),
    "date": ("date", "publish date", "published", "published at", "posted at", "publish time",
             "scheduled at", "scheduled date", "send date", "date de publication", "publié le", "publie le"),
    "author": ("author", "posted by", "created by", "auteur", "autrice", "auteure"),
    "campaign": ("campaign", "campaign name", "campagne"),
}
_TEXT_NAMES = ", ".join(COLUMNS["text"][:7])


def column_name(name) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name).strip().lower())


def columns(names) -> dict[str, str]:
    """Which of ``names`` (a header, a JSON line's keys) holds each field voicelint reads."""
    by_norm: dict[str, str] = {}
    for n in names:
        by_norm.setdefault(column_name(n), n)
    out = {}
    for field, aliases in COLUMNS.items():
        hit = next((by_norm[a] for a in aliases if a in by_norm), None)
        if hit is not None:
            out[field] = hit
    return out


def _platform_named(value: str) -> str:
    """A channel label's platform: itself when known, else the known platform it names ("LinkedIn
    Page", "Instagram Business"), else itself (refused later, at its row)."""
    if platforms.is_known(value):
        return value
    words = re.findall(r"[a-z]+", value.lower())
    return next((platforms.canonical(w) for w in words if platforms.is_known(w)), value)


def _canonical_record(record: dict, cols: dict[str, str]) -> dict:
    """``record`` with the fields voicelint reads under their own names (from their aliases)."""
    out = dict(record)
    for field, key in cols.items():
        value = record.get(key)
        if field == "platform" and key != "platform" and isinstance(value, str) and value.strip():
            value = _platform_named(value)
        out[field] = value
    return out


def _calendar_meta(record: dict, display: str, line: int, folder_platform: str | None) -> dict:
    meta = norm_meta({k: record.get(k) for k in META_KEYS}, display, line, "this row", strict_kind=False)
    meta.update(engagement(record))  # likes, shares, comments, impressions columns, when present
    if "platform" not in meta and folder_platform:
        meta["platform"] = folder_platform
    return meta


def _calendar_post(display, text, offsets, meta, starts, row, line) -> Post | None:
    if not text.strip():
        return None
    check_length(len(text), display, line)
    masked = mask_markdown(text, 0, markdown=False)
    if offsets and offsets[-1] - offsets[0] == len(offsets) - 1 and _increasing(offsets):
        offsets = range(offsets[0], offsets[-1] + 1)   # no escape in the cell: a run of the file
    return Post(path=display, text=masked, meta=meta, source=text, offsets=offsets, line_starts=starts,
                row=row)


def _increasing(offsets) -> bool:
    return all(b > a for a, b in zip(offsets, offsets[1:]))


def json_string_offsets(raw: str, i: int) -> tuple[list[int], int]:
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
        cols = columns(record)
        if "text" not in cols:
            raise DraftError(f"missing \"text\" field (each line needs the post's text; also read as "
                             f"{_TEXT_NAMES}...)", path=display, line=lineno)
        text_key = cols["text"]
        record = _canonical_record(record, cols)
        value = record["text"]
        if not isinstance(value, str):
            raise DraftError(f"\"{text_key}\" must be a string", path=display, line=lineno)
        for key in ("text", *META_KEYS):
            if isinstance(record.get(key), str) and SURROGATE.search(record[key]):
                raise DraftError(f"\"{key}\" holds an unpaired surrogate escape (\\uD800-\\uDFFF), "
                                 "which is not a character", path=display, line=lineno)
        meta = _calendar_meta(record, display, lineno, folder_platform)
        offsets = _locate_json_text(line, value, text_key)
        offsets = [base + o for o in offsets] if offsets is not None else [base] * len(value)
        post = _calendar_post(display, value, offsets, meta, starts, len(posts) + 1, lineno)
        if post:
            post.row = lineno
            posts.append(post)
    return posts


def _locate_json_text(line: str, value: str, key: str = "text") -> list[int] | None:
    for m in re.finditer(re.escape(json.dumps(key, ensure_ascii=False)) + r'\s*:\s*"', line):
        offs, _ = json_string_offsets(line, m.end() - 1)
        if len(offs) == len(value):
            return offs
    return None


def csv_rows(text: str, display: str, delim: str) -> Iterator[tuple[int, list[str], list[list[int]]]]:
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
    rows = csv_rows(text, display, delim)
    header = None
    starts = line_starts_of(text)
    folder_platform = platform_from_path(path) if path else None
    posts: list[Post] = []
    for line, fields, offs in rows:
        if header is None:
            header = [f.strip().lower() for f in fields]
            cols = columns(header)
            if "text" not in cols:
                raise DraftError(f"calendar has no 'text' column (columns: {', '.join(header) or 'none'}); "
                                 f"the post's text is read from a column named {_TEXT_NAMES}...",
                                 path=display, line=line)
            ti = header.index(cols["text"])
            continue
        if fields == [""]:
            continue  # blank line
        if len(fields) != len(header):
            raise DraftError(f"row has {len(fields)} fields, the header has {len(header)}",
                             path=display, line=line)
        record = _canonical_record(dict(zip(header, fields)), cols)
        meta = _calendar_meta(record, display, line, folder_platform)
        post = _calendar_post(display, fields[ti], offs[ti], meta, starts, line, line)
        if post:
            post.row = line
            posts.append(post)
    if header is None:
        raise EmptyDraft("empty calendar: no header and no rows", path=display, line=1)
    return posts
