"""The GitHub Action's view of git: the base commit an event names, the files and lines a
change touched (``git diff --numstat -z`` and ``--unified=0``), history fetched when missing."""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from voicelint.shared.errors import UserError

ZERO_SHA = "0" * 40


class ActionError(UserError):
    """The action cannot work out what to lint (git, event payload, inputs)."""


def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    cmd = ["git", "-c", "core.quotePath=false", *args]
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ActionError("git is not installed") from None
    if check and proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ActionError(f"git {' '.join(args[:2])} failed: {err[-1] if err else proc.returncode}")
    return proc


def git_output(proc) -> str:
    return proc.stdout.decode("utf-8", "surrogateescape")


def base_from_event(event_path: str | None) -> tuple[str | None, str]:
    """The base commit named by the event payload (or None) and a line saying what it is."""
    if not event_path:
        return None, "no event payload: linting every draft"
    try:
        payload = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ActionError(f"cannot read the event payload: {exc}", path=event_path) from None
    if not isinstance(payload, dict):
        raise ActionError("the event payload is not a JSON object", path=event_path)
    pr = payload.get("pull_request")
    if isinstance(pr, dict):
        base = (pr.get("base") or {}).get("sha")
        head = (pr.get("head") or {}).get("sha")
        return base, f"pull request #{pr.get('number', '?')}: base {str(base)[:12]}, head {str(head)[:12]}"
    mg = payload.get("merge_group")
    if isinstance(mg, dict) and mg.get("base_sha"):
        return mg["base_sha"], f"merge group: base {mg['base_sha'][:12]}"
    before = payload.get("before")
    if isinstance(before, str) and before and before != ZERO_SHA:
        return before, f"push: before {before[:12]}"
    return None, "the event names no base commit: linting every draft"


def _has_commit(sha: str, cwd: Path) -> bool:
    return git("cat-file", "-e", f"{sha}^{{commit}}", cwd=cwd, check=False).returncode == 0


def diff_base(base: str, head: str, cwd: Path, notes: list[str]) -> str:
    """The commit to diff ``head`` against: the merge base of ``base`` and ``head``.

    Fetches what a shallow checkout lacks; falls back to ``base`` itself (two-dot diff) when
    the histories cannot be joined.
    """
    if not _has_commit(base, cwd):
        git("fetch", "--no-tags", "--quiet", "origin", base, cwd=cwd, check=False)
        if not _has_commit(base, cwd):
            raise ActionError(f"base commit {base[:12]} is not in the checkout and cannot be fetched; "
                              "use actions/checkout with fetch-depth: 0")
    mb = git("merge-base", base, head, cwd=cwd, check=False)
    if mb.returncode != 0:
        shallow = git_output(git("rev-parse", "--is-shallow-repository", cwd=cwd, check=False)).strip()
        if shallow == "true":
            git("fetch", "--no-tags", "--quiet", "--unshallow", "origin", cwd=cwd, check=False)
        mb = git("merge-base", base, head, cwd=cwd, check=False)
    if mb.returncode != 0:
        notes.append(f"no common history between {base[:12]} and {head}: comparing the trees directly")
        return base
    return git_output(mb).strip()


@dataclass
class Changed:
    path: str                  # relative to the repository root, forward slashes
    old_path: str | None = None
    binary: bool = False
    added: int = 0             # lines added (0 for a pure rename or deletion of lines)
    ranges: list[tuple[int, int]] | None = None  # changed lines (inclusive); None: not read yet


def changed_files(base: str, head: str, cwd: Path) -> list[Changed]:
    """Files added, copied, modified, renamed or retyped between two commits (``--numstat -z``:
    no quoting of odd names; ``-`` counts mark binary files)."""
    out = git_output(git("diff", "--numstat", "-z", "-M", "--diff-filter=ACMRT", "--no-ext-diff",
                   "--no-textconv", "--ignore-submodules", base, head, cwd=cwd))
    tokens = out.split("\0")
    files, i = [], 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok:
            i += 1
            continue
        added, deleted, rest = tok.split("\t", 2)
        binary = added == "-" and deleted == "-"
        n_added = 0 if binary else int(added)
        if rest:  # plain: "added\tdeleted\tpath"
            files.append(Changed(rest, None, binary, n_added))
            i += 1
        else:     # rename/copy: "added\tdeleted\t" NUL old NUL new
            files.append(Changed(tokens[i + 2], tokens[i + 1], binary, n_added))
            i += 3
    return files


HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def parse_hunks(patch: str) -> list[tuple[int, int]]:
    """Changed line ranges of the new side from a ``--unified=0`` patch (pure deletions: none)."""
    ranges = []
    for m in HUNK.finditer(patch):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        if count > 0:
            ranges.append((start, start + count - 1))
    return ranges


def changed_lines(base: str, head: str, change: Changed, cwd: Path) -> list[tuple[int, int]]:
    specs = [change.old_path, change.path] if change.old_path else [change.path]
    patch = git_output(git("diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "-M",
                     base, head, "--", *[f":(literal){s}" for s in specs], cwd=cwd))
    return parse_hunks(patch)
