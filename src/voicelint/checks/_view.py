"""The text a Vale pack's rule reads in a Markdown post: markup removed, as Vale's HTML walk has it.

voicelint's own rules read ``post.text``, where code, URLs, link targets, comments and tags are
blanked to spaces (same length as the file). Vale renders Markdown and reads the text of the
elements: markup is gone and inline code reads as ``*``. Blanks then make runs of spaces that
Vale never sees ("enter `animals`." would read "enter          ."), so a pack's rule reads this
view instead:

- inline code and bare URLs: ``*`` for each character, the backticks dropped;
- images (``![alt](url)``: Vale reads alt text as a block of its own, see ``_blocks``);
- link brackets and targets (``[text](url)`` reads ``text``), emphasis marks (``*``, ``_``),
  heading marks, list and quote markers, HTML tags and comments, fenced and indented code:
  dropped, line breaks kept.

Every character of the view keeps the offset in ``post.text`` it came from, so findings point
into the file as before.
"""
from __future__ import annotations

import bisect
import re

from voicelint.shared.textpatterns import URL_IN_PROSE_RE as URL_RE

_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_IMAGE = re.compile(r"!\[[^\[\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_IN_LINK = r"(?:!\[[^\[\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])|[^\[\]\n])"  # text, or an image
_LINK = re.compile(r"(\[)(" + _IN_LINK + r"*)(\]\([^)\n]*\))")
_REF_LINK = re.compile(r"(\[)(" + _IN_LINK + r"+)(\]\[[^\]\n]*\])")
_STRONG = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_EM = re.compile(r"(?<![\w*])(\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*])")
_MARKER = re.compile(r"^(?: {0,3}>[ \t]?)*(?: {0,3}#{1,6}[ \t]+|[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)?", re.M)


def build(post) -> tuple[str, list[int]]:
    """(view, offsets): the view of the post's body and, for each of its characters, its offset
    in ``post.text``."""
    text, src, start = post.text, post.source, post.body_start
    if len(src) != len(text):
        return text[start:], list(range(start, len(text)))
    star: set[int] = set()
    drop: set[int] = set()
    for m in _INLINE_CODE.finditer(src, start):
        if text[m.start(2):m.end(2)].strip():  # not code: text left in by the masking
            continue
        drop.update(range(m.start(1), m.end(1)))
        star.update(range(m.start(2), m.end(2)))
        drop.update(range(m.end(2), m.end()))
    for m in URL_RE.finditer(src, start):
        if not text[m.start():m.end()].strip():
            star.update(range(m.start(), m.end()))
    for rx in (_LINK, _REF_LINK):
        for m in rx.finditer(src, start):
            drop.update(range(m.start(1), m.end(1)))
            drop.update(range(m.start(3), m.end(3)))
            star.difference_update(range(m.start(3), m.end(3)))
    for m in _IMAGE.finditer(src, start):  # an image is no text of the paragraph (Vale: <img>)
        if text[m.start():m.start() + 2] == "![":
            drop.update(range(m.start(), m.end()))
            star.difference_update(range(m.start(), m.end()))
    for m in _MARKER.finditer(src, start):  # heading marks, list markers, quote marks
        if m.end() > m.start() and text[m.start():m.end()] == src[m.start():m.end()]:
            drop.update(range(m.start(), m.end()))
    for rx in (_STRONG, _EM):
        for m in rx.finditer(src, start):
            if any(i in star for i in range(m.start(), m.end())):
                continue
            n = len(m.group(1))
            drop.update(range(m.start(), m.start() + n))
            drop.update(range(m.end() - n, m.end()))
    out: list[str] = []
    offs: list[int] = []
    for i in range(start, len(text)):
        c = text[i]
        if i in star:
            out.append("*")
        elif i in drop or (c == " " and not src[i].isspace()):
            if c in "\r\n":
                out.append(c)
            else:
                continue
        else:
            out.append(c)
        offs.append(i)
    return "".join(out), offs


def cut(view: str, offs: list[int], s: int, e: int) -> tuple[str, list[int]]:
    """The part of the view that comes from ``post.text[s:e]``."""
    a = bisect.bisect_left(offs, s)
    b = bisect.bisect_left(offs, e)
    return view[a:b], offs[a:b]
