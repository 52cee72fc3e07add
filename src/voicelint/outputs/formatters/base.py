"""The formatter interface (after flake8's ``formatting/base.py``)."""
from __future__ import annotations

from typing import IO


class Formatter:
    """``start()``, then ``format(finding)`` for each finding, then ``finished(...)``.

    ``format`` returns the text for one finding (or None); ``finished`` may write a summary
    or, for document formats (JSON, SARIF), the whole document.
    """

    name = ""

    def __init__(self, out: IO[str], color: bool = False, rules: dict | None = None, tool_version: str = ""):
        self.out = out
        self.color = color
        self.rules = rules or {}
        self.tool_version = tool_version

    def start(self) -> None:
        pass

    def format(self, finding) -> str | None:
        return None

    def finished(self, findings: list, notices: list[str], stats: dict) -> None:
        pass

    def write(self, text: str) -> None:
        self.out.write(text + "\n")
