"""Text out of an export, with positions: every character of a post keeps the offset in the
file it came from, through JSON escapes, Meta's escaped UTF-8, HTML tags and entities, and
LinkedIn's quoting. A finding's line and column therefore point into the export file itself.
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import json.decoder
import json.scanner
import re

from voicelint.inputs.calendars import json_string_offsets
from voicelint.inputs.markdown import mask_markdown
from voicelint.inputs.posts import Post, check_length
from voicelint.shared.errors import DraftError

MAX_EXPORT_BYTES = 256 * 1024 * 1024   # an export file (or a zip member): years of posts


class Located(str):
    """A JSON string value that knows where its opening quote is in the file."""

    start: int = -1


def loads_located(raw: str, start: int, display: str, what: str):
    """Decode the JSON value at ``raw[start:]``; string values are :class:`Located`.

    Raises a one-line DraftError naming the file, line, column and ``what`` was expected."""
    dec = json.JSONDecoder()

    def parse_string(s, end, strict):
        value, new_end = json.decoder.scanstring(s, end, strict)
        out = Located(value)
        out.start = end - 1
        return out, new_end

    dec.parse_string = parse_string            # values go through it (keys do not)
    dec.scan_once = json.scanner.py_make_scanner(dec)
    try:
        return dec.raw_decode(raw, start)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(raw.rstrip()):
            # the file stops inside its JSON: an interrupted download or a copy cut short
            raise DraftError(f"the file ends before its JSON does (cut short: an interrupted download or "
                             f"copy?); expected {what}: take the file from the platform's download again",
                             path=display, line=raw.count("\n", 0, len(raw.rstrip())) + 1) from None
        raise DraftError(f"invalid JSON ({exc.msg}); expected {what}", path=display,
                         line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise DraftError(f"invalid JSON: nesting is too deep; expected {what}", path=display) from None
    except ValueError as exc:
        raise DraftError(f"invalid JSON ({str(exc).split(';')[0]}); expected {what}", path=display) from None


def chars_of(raw: str, value: Located) -> tuple[str, list[int]]:
    """The decoded string and the file offset of each of its characters."""
    offs, _ = json_string_offsets(raw, value.start)
    if len(offs) != len(value):  # cannot happen for a well-formed string; stay safe
        offs = [value.start] * len(value)
    return str(value), offs


def fix_mojibake(text: str, offs: list[int]) -> tuple[str, list[int]]:
    """Meta writes each UTF-8 byte as its own ``\\u00XX`` escape: "café" arrives as "cafÃ©".
    Decode it; each character takes the offset of its first byte's escape. Text that is not
    such a sequence (real Latin-1, already decoded) is left as it is."""
    if not text or max(text) > "\xff" or text.isascii():
        return text, offs
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return text, offs
    out, i = [], 0
    for ch in fixed:
        out.append(offs[i])
        i += len(ch.encode("utf-8", "surrogatepass"))
    return fixed, out


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def html_to_text(text: str, offs: list[int], tags: bool = True) -> tuple[str, list[int]]:
    """Entities decoded (``&amp;`` -> ``&``) and, with ``tags``, tags dropped, ``<br>`` a line
    break and ``</p>`` a paragraph break; offsets follow."""
    out: list[str] = []
    pos: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if tags and c == "<":
            m = _TAG.match(text, i)
            if m:
                name = m.group(2).lower()
                brk = "\n" if name == "br" else "\n\n" if (m.group(1) and name in ("p", "div", "li")) else ""
                out.extend(brk)
                pos.extend([offs[i]] * len(brk))
                i = m.end()
                continue
        if c == "&":
            m = _ENTITY.match(text, i)
            if m:
                rep = html.unescape(m.group())
                if rep != m.group():
                    out.extend(rep)
                    pos.extend([offs[i]] * len(rep))
                    i = m.end()
                    continue
        out.append(c)
        pos.append(offs[i])
        i += 1
    s = "".join(out)
    end = len(s.rstrip())
    return s[:end], pos[:end]


def make_post(display: str, starts: list[int], text: str, offs: list[int], meta: dict) -> Post | None:
    """A Post for one exported post (None when it has no text)."""
    if not text.strip():
        return None
    line = _line(starts, offs[0])
    check_length(len(text), display, line)
    masked = mask_markdown(text, 0, markdown=False)  # URLs are not prose
    return Post(path=display, text=masked, meta={k: v for k, v in meta.items() if v not in (None, "")},
                source=text, offsets=offs, line_starts=starts, row=line)


def _line(starts: list[int], offset: int) -> int:
    import bisect
    return bisect.bisect_right(starts, offset)


def iso_from_timestamp(value) -> str | None:
    """A Unix timestamp (Meta's ``creation_timestamp``) as an ISO date-time in UTC."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).isoformat()
    except (OverflowError, OSError, ValueError):
        return None

