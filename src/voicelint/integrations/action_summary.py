"""What the GitHub Action shows: annotations within GitHub's caps, and the step summary (counts
and a table of the findings the caps left out, its cells made safe)."""
from __future__ import annotations

import re

from voicelint.findings import SEVERITIES, severity_rank


#: GitHub shows at most 10 annotations of each level per step and 50 per job.
PER_LEVEL_CAP = 10
TOTAL_CAP = 50
SUMMARY_LIMIT = 900_000  # GITHUB_STEP_SUMMARY takes at most 1 MiB per step


def split_annotations(findings: list, per_level: int = PER_LEVEL_CAP, total: int = TOTAL_CAP):
    """The findings to show as annotations (errors first, within GitHub's caps) and the rest."""
    shown, counts = [], dict.fromkeys(SEVERITIES, 0)
    for f in sorted(findings, key=lambda f: (-severity_rank(f.severity), f.sort_key)):
        if counts[f.severity] < per_level and len(shown) < total:
            counts[f.severity] += 1
            shown.append(f)
    ids = {id(f) for f in shown}
    return shown, [f for f in findings if id(f) not in ids]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md_cell(text: str) -> str:
    """Draft text and file names are untrusted: no HTML, no Markdown, one line."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


#: At most this many of the run's notes in the summary (the log has them all).
NOTES_CAP = 20


def summary_markdown(findings: list, rest: list, linted: int, scope: str, sarif_file: str | None,
                     notes: list | None = None) -> str:
    """Counts, the run's notes (what a check could not judge, which profile ran: no finding is not
    "all clear" when a check could not judge), then a table of the findings not shown as
    annotations."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    n_shown = len(findings) - len(rest)
    lines = ["## voicelint", "",
             (f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info "
              f"in {linted} draft file(s) ({scope})."), ""]
    if sarif_file:
        lines += [f"SARIF written to {md_cell(sarif_file)}.", ""]
    if notes:
        lines += ["**Notes**", ""] + [f"- {md_cell(n)}" for n in notes[:NOTES_CAP]]
        if len(notes) > NOTES_CAP:
            lines.append(f"- … and {len(notes) - NOTES_CAP} more in the log.")
        lines.append("")
    if findings and not rest:
        lines += ["Every finding is shown as an annotation on the files changed.", ""]
    if rest:
        if n_shown:
            lines += [(f"{n_shown} finding(s) are shown as annotations; GitHub caps them, "
                       f"so the other {len(rest)} are listed here."), ""]
        lines += ["| File | Line | Severity | Code | Message |", "|---|---:|---|---|---|"]
        size = sum(len(x) + 1 for x in lines)
        for n, f in enumerate(rest):
            row = (f"| {md_cell(f.path)} | {f.line} | {f.severity} | {md_cell(f.code)} | "
                   f"{md_cell(f.message)} |")
            if size + len(row) > SUMMARY_LIMIT:
                lines.append(f"\n… and {len(rest) - n} more (see the SARIF file or run voicelint locally).")
                break
            lines.append(row)
            size += len(row) + 1
    return "\n".join(lines) + "\n"
