"""``check --fix`` and ``--diff``: apply the fixes findings carry, back into the drafts.

A finding may carry ``fix = {"replacement": str, "safe": bool}`` (substitution rules, VL102
preferred terms, Vale ``action``\\s). This module turns fixes into edits of the files:

- positions come from the finding (line and column in the file as an editor shows it); the file
  is read again, its BOM and line endings kept as they are;
- Markdown and text drafts are edited in place; in a calendar (``.csv``/``.jsonl``) the cell is
  decoded, edited and encoded again (CSV quoting, JSON escapes), and the edited file is parsed
  back: a fix that would not leave the row's text exactly as intended is skipped with a notice,
  never written;
- unsafe fixes are applied only when asked (``--unsafe-fixes``); of overlapping fixes the first
  is applied and the others skipped (a later pass may apply them);
- files are written atomically (:func:`voicelint.shared.fsutil.atomic_write`).

:func:`fix_until_stable` runs lint/fix passes until nothing more is fixable and returns the
last lint: what *remains* is what the command reports and what its exit code reflects.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from voicelint.inputs import documents
from voicelint.shared.errors import DraftError
from voicelint.findings import Finding
from voicelint.inputs.calendars import json_string_offsets

MAX_PASSES = 5


@dataclass
class Edit:
    start: int          # offset in ``post.text`` (calendars) or in the file's text (drafts)
    end: int
    replacement: str
    finding: Finding


@dataclass
class FilePlan:
    path: str
    original: str                       # the file's text, BOM stripped
    bom: bool
    new_text: str
    applied: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new_text != self.original

    def diff(self) -> str:
        a = self.original.splitlines(keepends=True)
        b = self.new_text.splitlines(keepends=True)
        out = []
        for line in difflib.unified_diff(a, b, fromfile=f"a/{self.path}", tofile=f"b/{self.path}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)

    def write(self) -> None:
        from voicelint.shared.fsutil import atomic_write
        try:
            atomic_write(Path(self.path), ("\ufeff" if self.bom else "") + self.new_text, newline="")
        except OSError as exc:
            raise DraftError(f"cannot write the fixed file: {exc.strerror or exc}", path=self.path) from None


@dataclass
class Plan:
    files: list[FilePlan] = field(default_factory=list)
    unsafe_skipped: int = 0
    overlapping: int = 0

    @property
    def changed(self) -> list[FilePlan]:
        return [f for f in self.files if f.changed]

    @property
    def applied(self) -> int:
        return sum(len(f.applied) for f in self.changed)

    @property
    def notices(self) -> list[str]:
        return [n for f in self.files for n in f.notices]

    def diff(self) -> str:
        return "".join(f.diff() for f in self.changed)


def fixable(findings, unsafe: bool = False) -> tuple[list[Finding], int]:
    """Findings whose fix may be applied, and how many unsafe ones were left out."""
    out, left = [], 0
    for f in findings:
        if not f.fix or not isinstance(f.fix.get("replacement"), str):
            continue
        if not f.fix.get("safe") and not unsafe:
            left += 1
            continue
        out.append(f)
    return out, left


def plan(findings, unsafe: bool = False) -> Plan:
    """What applying the findings' fixes would do to each file (nothing is written)."""
    chosen, left = fixable(findings, unsafe)
    result = Plan(unsafe_skipped=left)
    by_path: dict[str, list[Finding]] = {}
    for f in chosen:
        if Path(f.path).is_file():
            by_path.setdefault(f.path, []).append(f)
    for path, found in sorted(by_path.items()):
        fp, overlapping = _plan_file(path, found)
        result.overlapping += overlapping
        result.files.append(fp)
    return result


def _read(path: str) -> tuple[str, bool]:
    with open(path, "rb") as fh:
        raw_start = fh.read(3)
    return documents.read_text(Path(path), path), raw_start == b"\xef\xbb\xbf"


def _offset(post, line: int, column: int) -> int:
    """Absolute offset in the file's text of a 1-based (line, column)."""
    starts = post.line_starts
    line = max(1, min(line, len(starts)))
    return starts[line - 1] + column - 1


def _non_overlapping(edits: list[Edit]) -> tuple[list[Edit], int]:
    kept: list[Edit] = []
    skipped = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and e.start < kept[-1].end:
            skipped += 1
            continue
        kept.append(e)
    return kept, skipped


def _apply(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def _plan_file(path: str, found: list[Finding]) -> tuple[FilePlan, int]:
    from voicelint.inputs.exports import is_export
    if is_export(path):  # what the brand published, as the platform wrote it: never edited
        fp = FilePlan(path=path, original="", bom=False, new_text="")
        fp.notices.append(f"{path}: fixes skipped: a platform export is read, never edited")
        return fp, 0
    text, bom = _read(path)
    fp = FilePlan(path=path, original=text, bom=bom, new_text=text)
    posts = documents.parse_file(Path(path), path)
    by_id = {p.id: p for p in posts}
    calendar = Path(path).suffix.lower() in (".csv", ".jsonl")
    overlapping = 0
    if not calendar:
        post = posts[0]
        edits = [Edit(_offset(post, f.line, f.column), _offset(post, f.end_line, f.end_column),
                      f.fix["replacement"], f) for f in found]
        edits = [e for e in edits if 0 <= e.start <= e.end <= len(text)]
        edits, overlapping = _non_overlapping(edits)
        fp.new_text = _apply(text, edits)
        fp.applied = [e.finding for e in edits]
        return fp, overlapping
    per_post: dict[str, list[Edit]] = {}
    for f in found:
        post = by_id.get(f.post_id or "")
        if post is None:
            continue
        s = _text_offset(post, _offset(post, f.line, f.column))
        e = _text_offset(post, _offset(post, f.end_line, f.end_column))
        if s is None or e is None or e < s:
            fp.notices.append(f"{path}:{f.line}: {f.code} fix skipped: its span does not map onto the row's text")
            continue
        per_post.setdefault(post.id, []).append(Edit(s, e, f.fix["replacement"], f))
    new = text
    # rows from the end of the file backwards, so earlier offsets stay valid
    for post in sorted((by_id[k] for k in per_post), key=lambda p: p.absolute(0), reverse=True):
        edits, n = _non_overlapping(per_post[post.id])
        overlapping += n
        value = _apply(post.source, edits)
        attempt = _replace_cell(new, post, value, Path(path).suffix.lower())
        if attempt is None or not _row_reads_back(attempt, path, post, value):
            fp.notices.append(f"{path}:{post.row}: fixes in this row skipped: the calendar would not "
                              "stay valid after the edit")
            continue
        new = attempt
        fp.applied.extend(e.finding for e in edits)
    fp.new_text = new
    return fp, overlapping


def _text_offset(post, absolute: int) -> int | None:
    """Offset in ``post.text`` of an absolute file offset (the inverse of ``post.absolute``)."""
    if post.offsets is None:
        return absolute - post.base
    if not post.offsets:
        return None
    if absolute > post.offsets[-1]:
        return len(post.offsets)  # the end of the row's text
    return {a: i for i, a in enumerate(post.offsets)}.get(absolute)


def _cell_span(text: str, post, suffix: str) -> tuple[int, int, bool] | None:
    """(start, end, quoted) of the cell holding the post's text in the file."""
    first, last = post.offsets[0], post.offsets[-1]
    if suffix == ".jsonl":
        open_q = first - 1
        if text[open_q:open_q + 1] != '"':
            return None
        _, close_q = json_string_offsets(text, open_q)
        return open_q, close_q + 1, True
    quoted = first > 0 and text[first - 1] == '"'
    if not quoted:
        return first, last + 1, False
    j = last + 1
    while j < len(text):  # the closing quote: a '"' not doubled
        if text[j] == '"':
            if text[j + 1:j + 2] == '"':
                j += 2
                continue
            return first - 1, j + 1, True
        j += 1
    return None


def _replace_cell(text: str, post, value: str, suffix: str) -> str | None:
    span = _cell_span(text, post, suffix)
    if span is None:
        return None
    start, end, quoted = span
    if suffix == ".jsonl":
        encoded = json.dumps(value, ensure_ascii="\\u" in text[start:end])
    else:
        header = text.split("\n", 1)[0]
        delim = ";" if header.count(";") > header.count(",") else ","
        needs = quoted or any(c in value for c in (delim, '"', "\n", "\r")) or value != value.strip()
        encoded = '"' + value.replace('"', '""') + '"' if needs else value
    return text[:start] + encoded + text[end:]


def _row_reads_back(new_text: str, path: str, post, value: str) -> bool:
    """Parse the edited file: the row must hold exactly ``value``, other rows unchanged."""
    suffix = Path(path).suffix.lower()
    try:
        posts = (documents.parse_jsonl if suffix == ".jsonl" else documents.parse_csv)(new_text, path, None)
    except DraftError:
        return False
    return any(p.row == post.row and p.source == value for p in posts) or (
        not value.strip() and all(p.row != post.row for p in posts))


# ------------------------------------------------------------------------------------------
# the command: lint, fix, lint again
# ------------------------------------------------------------------------------------------
def fix_until_stable(items, options, first_result, unsafe: bool = False):
    """Apply fixes and lint again until no fix applies (at most MAX_PASSES passes).

    Returns ``(result of the last lint, fixes applied, files changed, notices)``."""
    from voicelint.api import run
    result = first_result
    applied, changed, notices = 0, set(), []
    for _ in range(MAX_PASSES):
        p = plan(result.findings, unsafe)
        notices.extend(n for n in p.notices if n not in notices)
        if not p.changed:
            break
        for fp in p.changed:
            fp.write()
            changed.add(fp.path)
        applied += p.applied
        result = run(items, options)
    left = fixable(result.findings, unsafe=True)[0]
    unsafe_left = sum(1 for f in left if not f.fix.get("safe"))
    if unsafe_left and not unsafe:
        notices.append(f"{unsafe_left} more fix{'es' * (unsafe_left != 1)} available with --unsafe-fixes")
    return result, applied, sorted(changed), notices


def fix_command(items, options, result, unsafe: bool = False, diff_only: bool = False):
    """What ``check --fix`` / ``--diff`` do after the first lint.

    ``--diff``: returns ``(result, diff)`` with the unified diff of what ``--fix`` would change
    (empty when nothing), writing nothing. ``--fix``: writes the fixes, lints again and returns
    ``(result of that lint, None)``; notices say what was fixed and what was skipped."""
    if diff_only:
        p = plan(result.findings, unsafe)
        result.notices.extend(p.notices)
        if p.unsafe_skipped:
            result.notices.append(f"{p.unsafe_skipped} unsafe fix{'es' * (p.unsafe_skipped != 1)} not shown "
                                  "(--unsafe-fixes)")
        return result, p.diff()
    final, applied, changed, notices = fix_until_stable(items, options, result, unsafe)
    summary = (f"fixed {applied} finding{'s' * (applied != 1)} in {len(changed)} file{'s' * (len(changed) != 1)}"
               if applied else "nothing to fix")
    final.notices.extend([summary, *notices])
    return final, None
