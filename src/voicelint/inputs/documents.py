"""Drafts in, Posts out.

A draft is a Markdown or text file (one post, optional YAML front matter) or a content
calendar (``.csv`` / ``.jsonl``, one post a row). Every Post keeps a map from offsets in
its ``text`` back to the original file, so a finding's line and column always point into the
file as an editor shows it (BOM, CRLF, emoji and escaped JSON included).

``text`` has the same length as the prose it came from; what must not be linted as prose
(front matter, Markdown code, URLs, HTML comments and tags) is replaced by spaces, newlines kept.
"""
from __future__ import annotations

import os
from pathlib import Path

from voicelint.shared.errors import EmptyDraft
from .calendars import parse_csv, parse_jsonl
from .discovery import discover, excluded
from .markdown import mask_markdown, parse_markdown, split_front_matter
from .posts import DRAFT_SUFFIXES, META_KEYS, Post, line_starts_of, norm_meta, read_text

__all__ = ["DRAFT_SUFFIXES", "META_KEYS", "Post", "discover", "display_path", "excluded", "line_starts_of",
           "mask_markdown", "parse_csv", "parse_file", "parse_jsonl", "parse_markdown", "parse_string",
           "read_text", "split_front_matter"]


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
        return rel if not rel.startswith("..") else str(path)
    except ValueError:
        return str(path)


def parse_file(path: Path | str, display: str | None = None) -> list[Post]:
    path = Path(path)
    display = display or display_path(path)
    from voicelint.inputs.exports import read_export
    exported = read_export(path, display)  # platform exports, detected by content
    if exported is not None:
        return exported
    suffix = path.suffix.lower()
    text = read_text(path, display)
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
        post.meta.update(norm_meta(meta, name, None, "meta"))
    return post
