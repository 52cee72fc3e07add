"""The GitHub Action's one entry point: lint what a pull request changes, report on changed lines.

    python -m voicelint.integrations.action [--event FILE] [--base SHA] [--paths PATH ...] [--profile FILE]
                               [--fail-on error|warning|info|none] [--format github|sarif|both]
                               [--only-changed-lines true|false] [--semantic true|false]
                               [--sarif-file FILE] [--profile-from-base true|false]

``action.yml`` passes its inputs as ``INPUT_*`` environment variables (never interpolated into
a shell line); an option given on the command line wins. The flow:

1. the range: ``pull_request``/``pull_request_target`` → ``base.sha``; ``push`` → ``before``;
   ``merge_group`` → ``base_sha``. The tree that is linted is the one checked out (``HEAD``: the
   PR merge commit by default, or the head commit), and ``git diff <base>...HEAD`` says what the
   PR changed in it, so line numbers always match the files linted. Missing history is fetched
   (shallow clones); without a usable base (``workflow_dispatch``, a new branch) every draft
   under ``paths`` is linted, on every line.
2. changed drafts: added, modified, renamed or copied files with a draft suffix under
   ``paths``; deleted and binary files are skipped.
3. lint them with :func:`voicelint.api.run`, with the configuration found as the CLI finds it
   (or the base commit's own configuration and profile with ``profile-from-base``).
4. keep findings on changed lines (see :func:`keep`), report them as annotations (within
   GitHub's caps: 10 per level per step), list the rest in the step summary, write SARIF, and
   exit 0, 1 (findings at or above ``fail-on``) or 2 (bad input: one ``::error::`` line).
"""
from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from voicelint.outputs import formatters
from .action_git import (ActionError, Changed, base_from_event, changed_files, changed_lines, diff_base,
    git, git_output, parse_hunks)
from .action_summary import md_cell, split_annotations, summary_markdown
from voicelint.shared.errors import ConfigError, UserError
from voicelint.findings import SEVERITIES, severity_rank

# Moved to action_git / action_summary; importable from here as before.
__all__ = ["ActionError", "Changed", "Inputs", "base_from_event", "changed_files", "changed_lines", "diff_base",
           "git", "keep", "main", "md_cell", "parse_hunks", "parse_inputs", "run_action", "split_annotations",
           "summary_markdown"]

FAIL_ON = (*SEVERITIES, "none")
FORMATS = ("github", "sarif", "both")
SINGLE_POST_SUFFIXES = (".md", ".markdown", ".txt", ".text")


# --------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------
@dataclass
class Inputs:
    event: str | None = None
    base: str | None = None
    head: str = "HEAD"
    paths: list[str] = field(default_factory=lambda: ["."])
    profile: str | None = None
    config: str | None = None
    fail_on: str | None = None
    format: str = "github"
    only_changed_lines: bool = True
    semantic: bool = True
    sarif_file: str = "voicelint.sarif"
    profile_from_base: bool = False


def _bool(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "yes", "1", "on"):
        return True
    if v in ("false", "no", "0", "off"):
        return False
    raise ConfigError(f"input '{name}': expected true or false, got '{value}'")


def _choice(name: str, value: str, allowed) -> str:
    v = value.strip().lower()
    if v not in allowed:
        raise ConfigError(f"input '{name}': expected one of {', '.join(allowed)}, got '{value}'")
    return v


def parse_inputs(argv=None, env=None) -> Inputs:
    env = os.environ if env is None else env
    ap = argparse.ArgumentParser(prog="python -m voicelint.integrations.action", description=__doc__.splitlines()[0])
    ap.add_argument("--event", help="event payload JSON [$GITHUB_EVENT_PATH]")
    ap.add_argument("--base", help="base commit (overrides the event)")
    ap.add_argument("--head", help="commit whose tree is linted [HEAD]")
    ap.add_argument("--paths", nargs="+", help="folders or files of drafts [.]")
    ap.add_argument("--profile")
    ap.add_argument("--config")
    ap.add_argument("--fail-on")
    ap.add_argument("--format")
    ap.add_argument("--only-changed-lines")
    ap.add_argument("--semantic")
    ap.add_argument("--sarif-file")
    ap.add_argument("--profile-from-base")
    a = ap.parse_args(argv)

    def get(opt, name):
        value = getattr(a, opt)
        if value is None:
            value = env.get(f"INPUT_{name}", "")
        return value.strip() if isinstance(value, str) else value

    paths = a.paths or env.get("INPUT_PATHS", "").split()
    inp = Inputs(
        event=a.event or env.get("GITHUB_EVENT_PATH") or None,
        base=get("base", "BASE") or None,
        head=get("head", "HEAD") or "HEAD",
        paths=paths or ["."],
        profile=get("profile", "PROFILE") or None,
        config=get("config", "CONFIG") or None,
        sarif_file=get("sarif_file", "SARIF_FILE") or "voicelint.sarif",
    )
    fail_on = get("fail_on", "FAIL_ON")
    inp.fail_on = _choice("fail-on", fail_on, FAIL_ON) if fail_on else None
    fmt = get("format", "FORMAT")
    inp.format = _choice("format", fmt, FORMATS) if fmt else "github"
    for opt, name, attr in (("only_changed_lines", "ONLY_CHANGED_LINES", "only_changed_lines"),
                            ("semantic", "SEMANTIC", "semantic"),
                            ("profile_from_base", "PROFILE_FROM_BASE", "profile_from_base")):
        value = get(opt, name)
        if value:
            setattr(inp, attr, _bool(opt.replace("_", "-"), value))
    return inp


# --------------------------------------------------------------------------------------
# what to lint, what to keep
# --------------------------------------------------------------------------------------
def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def select_drafts(changes: list[Changed], top: Path, paths: list[str], cwd: Path) -> list[Changed]:
    from voicelint.inputs.documents import DRAFT_SUFFIXES
    roots = [Path(os.path.abspath(cwd / p)) for p in paths]
    keep = []
    for c in changes:
        full = Path(os.path.abspath(top / c.path))
        if c.binary or full.suffix.lower() not in DRAFT_SUFFIXES or not full.is_file():
            continue
        if any(part.startswith(".") for part in Path(c.path).parts):
            continue
        if _under(full, roots):
            keep.append(c)
    return keep


def post_level_codes(rules) -> set[str]:
    """Codes of the rules that judge a whole post or a set of posts: the check type says so
    (``POST_LEVEL``: a count, a length, a grade), and set-scope and embedding checks (drift,
    pillar balance, strategy, voice match) are whole-post judgements too."""
    return {r.code for r in rules if r.post_level or r.set_scope or "semantic" in r.needs}


def is_post_level(f, post_level: set[str]) -> bool:
    """A finding about the whole post rather than the words it points at."""
    zero_width = f.line == f.end_line and f.column == f.end_column
    return zero_width or f.score is not None or f.code in post_level


def keep(f, change: Changed | None, post_level: set[str]) -> bool:
    """Keep a finding of a changed file when it touches a changed line, or when it judges the
    whole post and the post changed: any line of a Markdown/text draft (one post per file), or
    the finding's own line in a calendar (a row)."""
    if change is None or not change.ranges:
        return False
    if any(a <= f.end_line and f.line <= b for a, b in change.ranges):
        return True
    return is_post_level(f, post_level) and change.path.lower().endswith(SINGLE_POST_SUFFIXES)


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


# --------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------
def _options(inp: Inputs, cfg, profile):
    from voicelint.api import Options
    return Options(
        profile=profile or cfg.profile,
        profiles=[] if profile else list(cfg.profiles),
        rules=list(cfg.rules), select=list(cfg.select), ignore=list(cfg.ignore),
        severity=dict(cfg.severity), origins=cfg.code_origins(),
        semantic=inp.semantic and cfg.semantic is not False,
        model=cfg.model, cache_dir=cfg.cache_dir, nlp=cfg.nlp,
        exclude=list(cfg.exclude), exclude_root=os.path.dirname(cfg.path) if cfg.path else None,
    )


def _base_worktree(base: str, top: Path, tmp: Path) -> Path:
    tree = tmp / "base"
    git("worktree", "add", "--detach", "--quiet", str(tree), base, cwd=top)
    return tree


def _abs(path: str | None, cwd: Path) -> str | None:
    return None if path is None else str(cwd / path)


def _trusted_config(inp: Inputs, top: Path, cwd: Path, tree: Path | None, notes: list):
    """Configuration and profile: the checked-out ones, or the base commit's (the pull request's
    own when the base has no configuration at all: the pull request that adds voicelint)."""
    from voicelint.inputs import config as config_mod
    if tree is None:
        if inp.config:
            return config_mod.load(cwd / inp.config), _abs(inp.profile, cwd)
        found = config_mod.find_config(cwd)
        return (config_mod.load(found) if found else config_mod.Config()), _abs(inp.profile, cwd)
    rel_cwd = cwd.relative_to(top) if _under(cwd, [top]) else Path(".")

    def in_base(p: str, what: str) -> str:
        rel = Path(os.path.relpath(os.path.abspath(cwd / p), top))
        mapped = tree / rel
        if rel.parts[:1] == ("..",) or not mapped.exists():
            raise ActionError(f"{what} '{p}' does not exist in the base commit (profile-from-base "
                              "reads it there); merge it first or set profile-from-base: false")
        return str(mapped)

    if inp.config:
        cfg = config_mod.load(in_base(inp.config, "config"))
    else:
        found = config_mod.find_config(tree / rel_cwd)
        if not (found and _under(found, [tree])) and not inp.profile:
            head = config_mod.find_config(cwd)
            if head is not None:    # the pull request that adds voicelint: nothing to loosen
                notes.append(f"the base commit has no voicelint configuration, so this pull request's own "
                             f"{_rel(str(head), top, cwd)} and its profile were used (profile-from-base "
                             "applies from the next pull request on)")
                return config_mod.load(head), None
        cfg = config_mod.load(found) if found and _under(found, [tree]) else config_mod.Config()
    profile = in_base(inp.profile, "profile") if inp.profile else None
    return cfg, profile


def _rel(path: str, top: Path, cwd: Path) -> str:
    p = Path(path)
    return Path(os.path.relpath(os.path.abspath(p if p.is_absolute() else cwd / p), top)).as_posix()


def _looks_binary(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"\0" in fh.read(8000)
    except OSError:
        return False


@dataclass
class Scope:
    """What the run lints: the drafts, the changes they come from and how findings are kept."""

    drafts: list[Changed]             # the draft files to lint (paths from the repository top)
    changed: dict[str, Changed]       # path -> its change (every draft, without a base)
    base: str | None                  # the base commit, or None (every draft)
    since: str | None                 # the commit the diff starts from
    line_filter: bool                 # keep only findings on changed lines
    label: str                        # "changed drafts, every line", for the log
    notes: list[str] = field(default_factory=list)


@dataclass
class Linted:
    findings: list
    notices: list
    posts: int
    fail_on: str
    rules_meta: dict                  # for the SARIF and text outputs
    post_level: set[str]              # codes whose findings judge the whole post


def scope_of(inp: Inputs, cwd: Path, top: Path) -> Scope:
    """Step 1: the range of the event and the drafts it changed (every draft without a base)."""
    notes: list[str] = []
    for p in inp.paths:
        if not (cwd / p).exists():
            raise ConfigError(f"input 'paths': '{p}' is not a file or folder of the checkout")
    base, what = (inp.base, f"base {inp.base[:12]}") if inp.base else base_from_event(inp.event)
    print(f"voicelint: {what}")
    if base:
        since = diff_base(base, inp.head, top, notes)
        changed = {c.path: c for c in changed_files(since, inp.head, top)}
        drafts = select_drafts(list(changed.values()), top, inp.paths, cwd)
        line_filter = inp.only_changed_lines
        if line_filter:  # a pure rename or a deletion of lines adds nothing to report on
            drafts = [c for c in drafts if c.added]
        label = "changed lines of changed drafts" if line_filter else "changed drafts, every line"
        return Scope(drafts, changed, base, since, line_filter, label, notes)
    from voicelint.inputs.documents import discover
    drafts = []
    for f in discover([cwd / p for p in inp.paths]):
        if _looks_binary(f):  # as git judges it in a pull request: skipped, not an error
            notes.append(f"skipped binary file {_rel(str(f), top, cwd)}")
        else:
            drafts.append(Changed(_rel(str(f), top, cwd)))
    return Scope(drafts, {c.path: c for c in drafts}, None, None, False, "every draft", notes)


def lint(inp: Inputs, scope: Scope, cwd: Path, top: Path) -> Linted:
    """Step 2: lint the drafts with the configuration (the base commit's own with
    ``profile-from-base``)."""
    from voicelint import api
    with tempfile.TemporaryDirectory(prefix="voicelint-action-") as tmp:
        tree = None
        if inp.profile_from_base:
            if not scope.base:
                raise ActionError("profile-from-base needs a base commit (a pull_request, push or "
                                  "merge_group event)")
            tree = _base_worktree(scope.base, top, Path(tmp))
        try:
            setup_notes: list = []
            cfg, profile = _trusted_config(inp, top, cwd, tree, setup_notes)
            findings, notices, posts = [], [], 0
            if scope.drafts:
                result = api.run([top / c.path for c in scope.drafts], _options(inp, cfg, profile))
                findings, notices, posts = result.findings, result.notices, result.posts
            notices = setup_notes + list(notices)
            rules = api.load_rules(cfg.rules)
            return Linted(findings, notices, posts, inp.fail_on or cfg.fail_on or "error",
                          formatters.rules_meta(rules), post_level_codes(rules))
        finally:
            if tree is not None:
                git("worktree", "remove", "--force", str(tree), cwd=top, check=False)


def on_changed_lines(inp: Inputs, scope: Scope, linted: Linted, cwd: Path, top: Path) -> list:
    """Step 3: the findings of changed drafts, on changed lines when ``only-changed-lines``
    (see :func:`keep`), paths from the repository top."""
    kept = []
    for f in linted.findings:
        f = f.with_(path=_rel(f.path, top, cwd))
        change = scope.changed.get(f.path)
        if change is None:  # not in the diff (a profile outside it, the base's profile)
            continue
        if scope.line_filter:
            if change.ranges is None:
                change.ranges = changed_lines(scope.since, inp.head, change, top)
            if not keep(f, change, linted.post_level):
                continue
        kept.append(f)
    return kept


def report(inp: Inputs, scope: Scope, linted: Linted, kept: list, cwd: Path, top: Path, env) -> int:
    """Step 4: annotations, the step summary, SARIF and the outputs; the exit code."""
    # annotations and SARIF name files from the workspace root (the repository may be checked
    # out in a sub-folder of it)
    workspace = env.get("GITHUB_WORKSPACE")
    out_root = Path(workspace).resolve() if workspace and _under(top, [Path(workspace).resolve()]) else top
    if out_root != top:
        kept = [f.with_(path=_rel(str(top / f.path), out_root, cwd)) for f in kept]
    kept.sort(key=lambda f: f.sort_key)
    notices, meta = linted.notices, linted.rules_meta

    for n in scope.notes + notices:
        print(f"voicelint: note: {n}", file=sys.stderr)
    print(f"voicelint: {len(scope.drafts)} draft file(s) linted ({scope.label}), {len(kept)} finding(s)")

    sarif_file = None
    if inp.format in ("sarif", "both"):
        from voicelint.shared.fsutil import atomic_write
        sarif_file = inp.sarif_file
        target = Path(sarif_file) if Path(sarif_file).is_absolute() else cwd / sarif_file
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, formatters.render("sarif", kept, notices, rules=meta, root=out_root))
    shown, rest = split_annotations(kept) if inp.format in ("github", "both") else ([], kept)
    if kept:
        token = secrets.token_hex(16)  # no workflow command can hide in a quoted draft
        print(f"::stop-commands::{token}")
        print(formatters.render("text", kept, notices, {"posts": linted.posts}, rules=meta), end="")
        print(f"::{token}::")
    if shown:
        print(formatters.render("github", shown, [], rules=meta), end="")
    _append(env.get("GITHUB_STEP_SUMMARY"),
            summary_markdown(kept, rest, len(scope.drafts), scope.label, sarif_file, scope.notes + notices))
    counts = {s: sum(1 for f in kept if f.severity == s) for s in SEVERITIES}
    _append(env.get("GITHUB_OUTPUT"),
            f"findings={len(kept)}\nerrors={counts['error']}\nwarnings={counts['warning']}\n"
            f"infos={counts['info']}\nsarif-file={sarif_file or ''}\n")
    if linted.fail_on == "none":
        return 0
    worst = max((severity_rank(f.severity) for f in kept), default=-1)
    return 1 if worst >= severity_rank(linted.fail_on) else 0


def run_action(inp: Inputs, cwd: Path, env) -> int:
    """scope → lint → changed lines → report."""
    top = Path(git_output(git("rev-parse", "--show-toplevel", cwd=cwd)).strip()).resolve()
    scope = scope_of(inp, cwd, top)
    linted = lint(inp, scope, cwd, top)
    kept = on_changed_lines(inp, scope, linted, cwd, top)
    return report(inp, scope, linted, kept, cwd, top, env)


def main(argv=None, env=None, cwd: Path | None = None) -> int:
    env = os.environ if env is None else env
    try:
        inp = parse_inputs(argv, env)
        return run_action(inp, Path(cwd or os.getcwd()).resolve(), env)
    except UserError as err:
        msg = str(err).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::error title=voicelint::{msg}")
        print(f"voicelint: error: {err}", file=sys.stderr)
        return err.exit_code


if __name__ == "__main__":
    sys.exit(main())
