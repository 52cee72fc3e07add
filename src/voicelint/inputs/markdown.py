"""Markdown and text drafts: front matter, and the prose with everything that is not prose
(front matter, code, URLs, HTML comments and tags, link targets) blanked, offsets kept."""
from __future__ import annotations

import bisect
import re
from pathlib import Path

from voicelint.shared.errors import DraftError, EmptyDraft
from voicelint.shared.textpatterns import URL_IN_PROSE_RE
from .yamlutil import load_yaml_text
from .posts import (MAX_POST_CHARS, Post, check_length, front_matter_keys, line_starts_of, norm_meta,
                    platform_from_path)

_FM_OPEN = re.compile(r"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
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
    for m in URL_IN_PROSE_RE.finditer(text, start):
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
_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.M)   # a top-level key of the front matter


def parse_markdown(text: str, display: str, path: Path | None = None, markdown: bool = True) -> Post:
    if "\r" in text:  # classic Mac line ends (CR only) are line breaks too; same length, same offsets
        text = _LONE_CR.sub("\n", text)
    fm, body_start = split_front_matter(text, display)
    key_lines = {m.group(1): text.count("\n", 0, m.start()) + 1
                 for m in _FM_KEY.finditer(text, 0, body_start)} if fm else None
    fm, notes = front_matter_keys(fm, display, key_lines) if fm else (fm, [])
    meta = norm_meta(fm, display, 2 if fm else None, "front matter", key_lines)
    if "platform" not in meta and path is not None:
        p = platform_from_path(path)
        if p:
            meta["platform"] = p
    if len(text) - body_start > MAX_POST_CHARS:
        check_length(len(text) - body_start, display, text.count("\n", 0, body_start) + 1)
    masked = mask_markdown(text, body_start, markdown)
    if not masked.strip():
        what = "only front matter, no text" if fm else "no text"
        raise EmptyDraft(f"empty draft: {what} to lint", path=display, line=1)
    return Post(path=display, text=masked, meta=meta, source=text, offsets=None, base=0,
                line_starts=line_starts_of(text), body_start=body_start, notes=notes)
