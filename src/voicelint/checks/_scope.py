"""Where a rule looks: Vale's ``scope`` mapped onto a post (shared by the Vale check types).

Vale lints a document by *scopes* of its markup. voicelint keeps one text per post (code, URLs
and front matter already blanked), so scopes are mapped onto that text:

=================  =========================================================================
``text``           the whole post (the default; also ``summary`` and scopes with no mapping)
``raw``            the post as written, code and URLs included (``post.source``)
``paragraph``      blank-line separated blocks, headings and list items excluded
``sentence``       sentences of every block (split after ``. ! ? …``)
``heading``        Markdown headings, without the ``#`` marks; ``heading.h2`` one level
``list``           Markdown list items, without the marker
``blockquote``     Markdown ``>`` lines, without the marker
``code``           fenced code blocks and inline code (from ``post.source``)
``table``          cells of Markdown (GFM) and HTML tables; ``table.header`` the header row,
                   ``table.cell`` the body cells, ``table.caption`` an HTML ``<caption>``
=================  =========================================================================

``alt`` is the alt text of Markdown images. A Vale pack's rule on a Markdown post reads
Vale's blocks instead (``_blocks``): ``text`` is each paragraph, heading, list item, quote,
table cell and alt text on its own; ``paragraph`` and ``sentence`` only paragraphs.

A list of scopes is their union; ``~heading`` excludes a scope. A scope with no mapping here
(``figure.caption``...) is treated as ``text`` and named once in a notice, never an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicelint.shared.errors import RuleError

KNOWN = {"text", "raw", "summary", "paragraph", "sentence", "heading", "list", "blockquote", "code",
         "title", "table", "alt"}
MARKDOWN_SUFFIXES = (".md", ".markdown")

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT = re.compile(r"^(?P<text>[ \t]{0,3}\S[^\n]*?)[ \t]*\r?\n {0,3}(?P<bar>=+|-+)[ \t]*\r?$", re.M)
_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*?)[ \t]*\r?$", re.M)
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(.*?)[ \t]*\r?$", re.M)
_BLANK_SPLIT = re.compile(r"(?:\r?\n[ \t\r]*){2,}")
_SENT_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n(.*?)^ {0,3}\1[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*\r?$")
_HTML_CELL = re.compile(r"<(td|th|caption)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)


@dataclass(frozen=True)
class Scope:
    include: tuple[str, ...] = ("text",)
    exclude: tuple[str, ...] = ()
    approximated: tuple[str, ...] = ()   # names given by the rule that were mapped to text

    @property
    def is_text(self) -> bool:
        return self.include == ("text",) and not self.exclude


def parse(value) -> Scope:
    """A Scope from a rule's ``scope:`` (a string or a list of strings)."""
    if value is None or value == "":
        return Scope()
    items = value if isinstance(value, (list, tuple)) else [value]
    include, exclude, approx = [], [], []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise RuleError("expected 'scope' to be a scope name or a list of them (text, heading, ...)",
                            key="scope")
        for part in item.split("&"):  # Vale's "a & b" selectors: each part is honoured on its own
            name = part.strip()
            neg = name.startswith("~")
            name = name.lstrip("~").strip().lower()
            base = name.split(".")[0]
            if base not in KNOWN:
                approx.append(name)
                name = "text"
            (exclude if neg else include).append(name)
    include = [n for n in dict.fromkeys(include)]
    if not include:
        include = ["text"]
    if "text" in include or "summary" in include:
        include = ["text"]
    return Scope(tuple(include), tuple(dict.fromkeys(exclude)), tuple(dict.fromkeys(approx)))


def is_markdown(post) -> bool:
    path = str(post.path)
    return post.row is None and (path.lower().endswith(MARKDOWN_SUFFIXES) or path.startswith("<"))


# ------------------------------------------------------------------------------------------
# structure of a post: headings, list items, quotes, paragraphs
# ------------------------------------------------------------------------------------------
def _structure(post) -> dict[str, list[tuple[int, int, int]]]:
    """Spans ``(start, end, level)`` in ``post.text`` per structural kind."""
    text = post.text
    # found in the source (same length as the text), so that a heading or an item starting with
    # code or a link starts where its line does; kept when some prose is left in the text
    src = post.source if len(post.source) == len(text) else text
    body = post.body_start
    out: dict[str, list[tuple[int, int, int]]] = {"heading": [], "list": [], "blockquote": []}
    if is_markdown(post):
        for m in _HEADING.finditer(src, body):
            if text[m.start(2):m.end(2)].strip():
                out["heading"].append((m.start(2), m.end(2), len(m.group(1))))
        for m in _SETEXT.finditer(text):
            s = m.start("text") + (len(m.group("text")) - len(m.group("text").lstrip()))
            first = m.group("text").lstrip()
            if first[:1] in "-*+>#" or _LIST.match(first):
                continue
            out["heading"].append((s, m.end("text"), 1 if m.group("bar")[0] == "=" else 2))
        for m in _LIST.finditer(src, body):
            if text[m.start(1):m.end(1)].strip():
                out["list"].append((m.start(1), m.end(1), 0))
        for m in _QUOTE.finditer(src, body):
            if text[m.start(1):m.end(1)].strip():
                out["blockquote"].append((m.start(1), m.end(1), 0))
        out["heading"].sort()
    return out


def _paragraphs(post, struct, more=()) -> list[tuple[int, int]]:
    """Blank-line separated blocks of prose, with heading lines (and the lines of ``more``
    spans) cut out."""
    text = post.text
    start = post.body_start
    cuts = [(s, e) for s, e, _ in struct["heading"]] + list(more)
    blocks = []
    pos = start
    for m in _BLANK_SPLIT.finditer(text, start):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    out = []
    for s, e in blocks:
        pieces = [(s, e)]
        for cs, ce in cuts:
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                # drop the whole line(s) of the heading, including the '#' marks and setext bar
                ls = text.rfind("\n", 0, cs) + 1
                le = text.find("\n", ce)
                le = len(text) if le < 0 else le
                if ls > ps:
                    nxt.append((ps, ls))
                if le < pe:
                    nxt.append((le, pe))
            pieces = nxt
        for ps, pe in pieces:
            ps, pe = _trim(text, ps, pe)
            if pe > ps:
                out.append((ps, pe))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    for m in _SENT_END.finditer(text, s, e):
        a, b = _trim(text, pos, m.end())
        if b > a:
            out.append((a, b))
        pos = m.end()
    a, b = _trim(text, pos, e)
    if b > a:
        out.append((a, b))
    return out


def _code(post) -> list[tuple[int, int]]:
    src = post.source
    if not is_markdown(post):
        return []
    spans = [(m.start(2), m.end(2)) for m in _FENCE.finditer(src, post.body_start)]
    for m in _INLINE_CODE.finditer(src, post.body_start):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append((m.start(2), m.end(2)))
    return sorted(spans)


def _tables(post) -> list[tuple[str, tuple[int, int]]]:
    """("header" | "cell" | "caption", span) of every table cell of a Markdown post."""
    if not is_markdown(post):
        return []
    text, src = post.text, post.source
    out: list[tuple[str, tuple[int, int]]] = []
    lines = src[post.body_start:].split("\n")
    pos, starts = post.body_start, []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    i = 0
    while i + 1 < len(lines):
        if "|" in lines[i] and _TABLE_DELIM.match(lines[i + 1]) and text[starts[i]:starts[i] + len(lines[i])].strip():
            rows = [(i, "header")]
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append((j, "cell"))
                j += 1
            for r, kind in rows:
                line, base = lines[r], starts[r]
                cuts = [k for k, c in enumerate(line) if c == "|" and (k == 0 or line[k - 1] != "\\")]
                bounds = [-1] + cuts + [len(line.rstrip("\r"))]
                for a, b in zip(bounds, bounds[1:]):
                    s, e = _trim(text, base + a + 1, base + b)
                    if e > s:
                        out.append((kind, (s, e)))
            for r in range(i, j):  # every line of the table, its delimiter row included
                out.append(("row", (starts[r], starts[r] + len(lines[r].rstrip("\r")))))
            i = j
            continue
        i += 1
    for m in _HTML_CELL.finditer(src, post.body_start):
        kind = {"td": "cell", "th": "header", "caption": "caption"}[m.group(1).lower()]
        s, e = _trim(text, m.start(2), m.end(2))
        if e > s:
            out.append((kind, (s, e)))
    return out


def _spans(name: str, post, ctx) -> list[tuple[int, int]]:
    base, _, sub = name.partition(".")
    key = ("vale-structure", id(post))
    struct = ctx.memo(key, lambda: _structure(post)) if ctx is not None else _structure(post)
    if base in ("text", "summary", "raw"):
        return [(post.body_start, len(post.text))]
    if base == "heading" or base == "title":
        level = 1 if base == "title" else (int(sub[1:]) if sub[:1] == "h" and sub[1:].isdigit() else None)
        return [(s, e) for s, e, lv in struct["heading"] if level is None or lv == level]
    if base in ("list", "blockquote"):
        return [(s, e) for s, e, _ in struct[base]]
    paragraphs = _paragraphs(post, struct)
    if base == "paragraph":
        return paragraphs
    if base == "sentence":
        blocks = paragraphs + [(s, e) for s, e, _ in struct["heading"]]
        out = []
        for s, e in sorted(blocks):
            out.extend(_sentences(post.text, s, e))
        return out
    if base == "code":
        return _code(post)
    if base == "alt":  # image alt text: Vale's blocks of a Markdown post (see _blocks)
        from . import _blocks
        return _blocks.alt(post) if is_markdown(post) else []
    if base == "table":
        key = ("vale-table", id(post))
        cells = ctx.memo(key, lambda: _tables(post)) if ctx is not None else _tables(post)
        return sorted(span for kind, span in cells if kind != "row" and (not sub or kind == sub))
    return [(post.body_start, len(post.text))]


@dataclass
class Block:
    start: int   # offset of ``text`` in the post
    text: str
    offsets: list[int] | None = None  # offset in the post of each character (a Vale view)

    def at(self, i: int) -> int:
        """Offset in ``post.text`` of the block's character ``i``."""
        if self.offsets is None:
            return self.start + i
        if i < len(self.offsets):
            return self.offsets[i]
        return self.offsets[-1] + 1 if self.offsets else self.start

    def verbatim(self, a: int, b: int, source: str) -> bool:
        """Whether the block's ``text[a:b]`` is the file's text there, as it stands (no markup
        removed in between): only then may a fix rewrite that span."""
        return source[self.at(a):self.end_at(b)] == self.text[a:b]

    def end_at(self, i: int) -> int:
        """Offset in ``post.text`` just after the block's character ``i - 1`` (a span's end)."""
        if self.offsets is None or i <= 0:
            return self.at(i)
        return self.offsets[min(i, len(self.offsets)) - 1] + 1


def blocks(scope: Scope, post, ctx=None, vale: bool = False) -> list[Block]:
    """The pieces of the post a rule with this scope reads, in order. ``vale``: a Vale pack's
    rule on a Markdown post reads them with the markup removed (see ``_view``)."""
    if "raw" in scope.include:
        return [Block(post.body_start, post.source[post.body_start:])]
    if scope.include == ("text",):
        spans = {(0, len(post.text), False)}
    else:
        spans = set()
        for name in scope.include:
            from_source = name == "code"
            spans.update((s, e, from_source) for s, e in _spans(name, post, ctx))
    if vale and is_markdown(post):
        from . import _blocks, _view
        spans = set()
        for name in scope.include:  # Vale's blocks: per paragraph, heading, item, cell, alt text
            spans.update(_blocks.spans(name, post, ctx))
        key = ("vale-view", id(post))
        view, offs = ctx.memo(key, lambda: _view.build(post)) if ctx is not None else _view.build(post)
        out = []
        for s, e, src in sorted(spans):
            if src:
                out.append(Block(s, post.source[s:e]))
            else:
                t, o = _view.cut(view, offs, s, e)
                out.append(Block(o[0] if o else s, t, o))
        return out
    return [Block(s, (post.source if src else post.text)[s:e]) for s, e, src in sorted(spans)]


def excluded(scope: Scope, post, start: int, end: int, ctx=None) -> bool:
    """True when ``[start, end)`` overlaps a scope the rule excludes (``~heading``)."""
    if not scope.exclude:
        return False
    for name in scope.exclude:
        for s, e in _spans(name, post, ctx):
            if s < max(end, start + 1) and start < e:
                return True
    return False
