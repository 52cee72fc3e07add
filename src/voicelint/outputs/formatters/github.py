"""GitHub Actions workflow commands: one annotation per finding, then one ``::notice`` per run
notice ("could not judge", no profile...), so a pull request shows them (chosen when
GITHUB_ACTIONS=true)."""
from __future__ import annotations

import re

from voicelint.shared.messages import score_pair
from .base import Formatter

#: A notice about one file ("drafts/a.md:2: unknown front-matter key ..."): annotated on that line.
_AT_FILE = re.compile(r"(?P<path>[^\s:!][^:!\n]*\.[A-Za-z0-9]{1,8}):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.+)", re.S)

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
            m = _AT_FILE.fullmatch(n)
            if m is None:
                self.write(f"::notice title=voicelint::{_escape_data(n)}")
                continue
            where = f"file={_escape_prop(m['path'])},line={m['line']}" + (f",col={m['col']}" if m["col"] else "")
            self.write(f"::notice {where},title=voicelint::{_escape_data(m['msg'])}")
