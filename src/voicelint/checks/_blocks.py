"""The blocks Vale lints one at a time in a Markdown post, and what each scope reads of them.

Vale renders Markdown to HTML and lints each block element on its own (``internal/lint/ast.go``):
a paragraph, a heading, a list item, a block quote, a table cell, and the ``alt`` text of an
image. A rule with ``scope: text`` reads each of these blocks separately (a pattern never spans
two of them, capitalization judges each); ``paragraph`` and ``sentence`` read only the
paragraphs (``<p>``: not headings, list items, quotes or tables); ``alt`` reads image alt text.
The other scopes are those of ``_scope``. Spans are ``(start, end, from_source)`` in the post;
alt text is read from the source, since the view drops images from the prose around them.
"""
from __future__ import annotations

import re

from . import _scope

IMAGE = re.compile(r"!\[([^\[\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")


def _struct(post, ctx):
    key = ("vale-structure", id(post))
    return ctx.memo(key, lambda: _scope._structure(post)) if ctx is not None else _scope._structure(post)


def _tables(post, ctx):
    key = ("vale-table", id(post))
    return ctx.memo(key, lambda: _scope._tables(post)) if ctx is not None else _scope._tables(post)


def alt(post) -> list[tuple[int, int]]:
    """Alt text of the images (outside code: the text there is not blanked)."""
    text = post.text
    return [(m.start(1), m.end(1)) for m in IMAGE.finditer(post.source, post.body_start)
            if text[m.start():m.start() + 2] == "![" and text[m.start(1):m.end(1)].strip()]


def paragraphs(post, ctx) -> list[tuple[int, int]]:
    """Vale's ``<p>`` blocks: blank-line separated prose without headings, list items, quotes
    and table rows."""
    def build():
        struct = _struct(post, ctx)
        more = [(s, e) for s, e, _ in struct["list"]] + [(s, e) for s, e, _ in struct["blockquote"]]
        more += [span for kind, span in _tables(post, ctx) if kind == "row"]
        return _scope._paragraphs(post, struct, more)
    return ctx.memo(("vale-paragraphs", id(post)), build) if ctx is not None else build()


def spans(name: str, post, ctx) -> list[tuple[int, int, bool]]:
    base = name.split(".")[0]
    if base in ("text", "summary"):
        out = [(s, e, False) for s, e in paragraphs(post, ctx)]
        struct = _struct(post, ctx)
        for kind in ("heading", "list", "blockquote"):
            out += [(s, e, False) for s, e, _ in struct[kind]]
        out += [(s, e, False) for kind, (s, e) in _tables(post, ctx) if kind != "row"]
        out += [(s, e, True) for s, e in alt(post)]
        return out
    if base == "alt":
        return [(s, e, True) for s, e in alt(post)]
    if base == "paragraph":
        return [(s, e, False) for s, e in paragraphs(post, ctx)]
    if base == "sentence":
        out = []
        for s, e in paragraphs(post, ctx):
            out += [(a, b, False) for a, b in _scope._sentences(post.text, s, e)]
        return out
    return [(s, e, base == "code") for s, e in _scope._spans(name, post, ctx)]
