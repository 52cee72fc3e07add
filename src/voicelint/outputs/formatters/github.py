"""GitHub Actions workflow commands: one annotation per finding, then one ``::notice`` per run
notice ("could not judge", no profile...), so a pull request shows them (chosen when
GITHUB_ACTIONS=true)."""
from __future__ import annotations

from voicelint.shared.messages import score_pair
from .base import Formatter

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    name = "github"

    def format(self, f):
        props = (f"file={_escape_prop(f.path)},line={f.line},col={f.column},"
                 f"endLine={f.end_line},endColumn={f.end_column},title={_escape_prop(f.code)}")
        msg = f.message
        if f.score is not None and f.threshold is not None:
            msg += " (score %s, threshold %s)" % score_pair(f.score, f.threshold)
        return f"::{LEVEL[f.severity]} {props}::{_escape_data(f'{f.code} {msg}')}"

    def finished(self, findings, notices, stats):
        for n in notices:
            self.write(f"::notice title=voicelint::{_escape_data(n)}")
