"""reviewdog Diagnostic Format, one JSON object a line (``reviewdog -f=rdjsonl``).

Columns are UTF-8 byte counts and range ends are exclusive, as the format requires; a fix
becomes a suggestion that reviewdog can post as a suggested change.
"""
from __future__ import annotations

import json

from voicelint.shared.messages import score_pair
from ._source import SourceLines
from .base import Formatter

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


class RdjsonlFormatter(Formatter):
    name = "rdjsonl"

    def __init__(self, out, color=False, rules=None, tool_version="", root=None):
        super().__init__(out, color=color, rules=rules, tool_version=tool_version)
        self.source = SourceLines(root)

    def _range(self, f) -> dict:
        col = self.source.byte_column(f.path, f.line, max(f.column, 1))
        end_line = max(f.end_line, f.line)
        end_col = self.source.byte_column(f.path, end_line, max(f.end_column, 1))
        if end_line == f.line:
            end_col = max(end_col, col)
        return {"start": {"line": f.line, "column": col}, "end": {"line": end_line, "column": end_col}}

    def format(self, f):
        message = f.message
        if f.score is not None and f.threshold is not None:
            message += " (score %s, threshold %s)" % score_pair(f.score, f.threshold)
        rng = self._range(f)
        code = {"value": f.code}
        link = (self.rules.get(f.code) or {}).get("link")
        if link:
            code["url"] = link
        d = {
            "message": message,
            "location": {"path": self.source.relative(f.path) or f.path, "range": rng},
            "severity": SEVERITY[f.severity],
            "source": {"name": "voicelint"},
            "code": code,
        }
        fix = f.fix or {}
        if fix.get("replacement") is not None:
            d["suggestions"] = [{"range": rng, "text": str(fix["replacement"])}]
        return json.dumps(d, ensure_ascii=False)
