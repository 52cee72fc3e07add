"""Which rule codes run, and at what severity: the profile's, the config's and the command
line's select/ignore/severity merged, the longest matching pattern winning."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass
class Selection:
    """Which codes run and at what severity (profile, then config, then command line)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _match(code: str, patterns: Iterable[str]) -> int:
        """Length of the longest pattern matching ``code`` (0 = none); 'ALL' matches all."""
        best = 0
        for p in patterns:
            if p == "ALL" or code == p or code.startswith(p):
                best = max(best, len(p) if p != "ALL" else 1)
        return best

    def enabled(self, code: str) -> bool:
        sel = self._match(code, self.select) if self.select else 1
        ign = self._match(code, self.ignore)
        return sel > ign  # the longer pattern wins; at equal length, the ignore

    def severity_for(self, code: str, default: str) -> str | None:
        best, sev = 0, default
        for pat, s in self.severity.items():
            n = self._match(code, [pat])
            if n > best:
                best, sev = n, s
        return None if sev == "off" else sev

    def merged(self, other: "Selection") -> "Selection":
        """``other`` wins: its select replaces ours if given, ignores add up (less ours that its
        select names: an ignore beats a select of the same pattern)."""
        sev = dict(self.severity)
        sev.update(other.severity)
        ignore = [p for p in self.ignore if p not in other.select] + other.ignore
        return Selection(select=other.select or self.select, ignore=ignore, severity=sev)
