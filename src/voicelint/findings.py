"""The one finding type. Checks yield the minimum; the engine fills in the rest."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

SEVERITIES = ("info", "warning", "error")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def severity_rank(sev: str) -> int:
    return _RANK[sev]


def normalise_severity(value: str) -> str:
    v = str(value).lower()
    return {"suggestion": "info", "warn": "warning", "err": "error"}.get(v, v)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    severity: str
    message: str
    platform: str | None = None
    brand: str | None = None
    score: float | None = None
    threshold: float | None = None
    evidence: dict[str, Any] | None = None
    fix: dict[str, Any] | None = field(default=None, compare=False)
    post_id: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "platform": self.platform,
            "brand": self.brand,
        }
        if self.score is not None or self.threshold is not None or self.evidence is not None:
            d["score"] = None if self.score is None else round(float(self.score), 4)
            d["threshold"] = None if self.threshold is None else round(float(self.threshold), 4)
            d["evidence"] = self.evidence or {}
        if self.fix is not None:
            d["fix"] = self.fix
        return d

    def with_(self, **kw) -> "Finding":
        return replace(self, **kw)

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)
