"""What SARIF and reviewdog need from the drafts themselves: line text and file-relative URIs.

Findings carry line and column in Unicode characters. Fingerprints hash the text of the
finding's line (so they survive lines moving), and reviewdog counts columns in UTF-8 bytes:
both need the line, read once per file. A path that is not a readable UTF-8 file (a text given
to the API, a file deleted since) simply has no lines.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


class SourceLines:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else Path.cwd()
        self._files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of ``path`` without its line break, or None."""
        if path not in self._files:
            self._files[path] = self._read(path)
        lines = self._files[path]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    def _read(self, path: str) -> list[str] | None:
        p = Path(path)
        if not p.is_absolute():
            p = self.root / p
        try:
            text = p.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        text = text.removeprefix("\ufeff")
        return [ln.removesuffix("\r") for ln in text.split("\n")]

    def byte_column(self, path: str, line: int, column: int) -> int:
        """A 1-based column in characters as a 1-based column in UTF-8 bytes."""
        text = self.line(path, line)
        if text is None:
            return column
        head = text[: max(column - 1, 0)]
        extra = max(column - 1 - len(text), 0)  # a column past the end (zero-width at EOL)
        return len(head.encode("utf-8")) + extra + 1

    def relative(self, path: str) -> str | None:
        """``path`` relative to the root with forward slashes, or None when it lies outside."""
        p = Path(path)
        absolute = p if p.is_absolute() else self.root / p
        try:
            rel = os.path.relpath(os.path.abspath(absolute), os.path.abspath(self.root))
        except ValueError:  # another drive (Windows)
            return None
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return None
        return rel.replace(os.sep, "/")


def uri_of(rel_path: str) -> str:
    """A relative path as a URI reference (percent-encoded, forward slashes)."""
    return quote(rel_path, safe="/")
