"""Human output: findings grouped by file, colour on a terminal, a summary line."""
from __future__ import annotations

import click

from voicelint.shared.messages import score_pair
from .base import Formatter

COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


class TextFormatter(Formatter):
    name = "text"

    def start(self):
        self._path = None

    def _s(self, text, **kw):
        return click.style(text, **kw) if self.color else text

    def format(self, f):
        lines = []
        if f.path != self._path:
            if self._path is not None:
                lines.append("")
            lines.append(self._s(f.path, underline=True, bold=True))
            self._path = f.path
        where = f"{f.line}:{f.column}".ljust(8)
        sev = self._s(f.severity.ljust(8), fg=COLORS.get(f.severity))
        extra = ""
        if f.score is not None and f.threshold is not None:
            score, threshold = score_pair(f.score, f.threshold)
            extra = self._s(f" (score {score}, threshold {threshold})", dim=True)
        lines.append(f"  {where}{sev}{f.message}{extra}  {self._s(f.code, dim=True)}")
        return "\n".join(lines)

    def finished(self, findings, notices, stats):
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        files = len({f.path for f in findings})
        if findings:
            self.write("")
        posts = f"({stats.get('posts', 0)} post{'s' * (stats.get('posts', 0) != 1)} checked" + (
            ", generic rules only: no brand profile)" if stats.get("no_profile") else ")")
        many = ", " in str(stats.get("profile") or "")
        where = (f"in the profile{'s' * many} {stats['profile']}" if stats.get("profile") else  # profile check
                 f"in {files} file{'s' * (files != 1)} {posts}" if files else posts)  # not "in 0 files"
        summary = (f"{counts['error']} error{'s' * (counts['error'] != 1)}, "
                   f"{counts['warning']} warning{'s' * (counts['warning'] != 1)}, "
                   f"{counts['info']} info {where}")
        self.write(self._s(summary, bold=True) if findings else f"✔ {summary}")
