"""Vale parity, measured on Vale's own test suite.

Runs the Cucumber scenarios of Vale's test suite (``features/*.feature``) as Vale's steps do
(``features/steps.rb``: change to the fixture folder, run on ``.`` or the files named, with the
``.vale.ini`` Vale would find there or the one ``--config`` names) and compares voicelint's
findings on the Markdown and plain-text documents with the alerts each scenario expects
(``file:line:column:Style.Rule:message``).

Scenarios whose output "should contain" some alerts (others may come) are measured apart:
their expected alerts are compared the same way, other findings are not judged.

An expected alert is *exact* when voicelint reports the same rule at the same line and column,
*column off* when it reports the rule on that line elsewhere, *missed* otherwise; a finding no
alert expects is *extra*. A scenario is run when every rule its expected alerts name has a type
voicelint supports (with no alert expected: every rule its configuration turns on); the others
are listed with the type that keeps them out. Documents voicelint refuses are counted.

    PYTHONPATH=src python bench/vale_suite.py [--suite ../shared/data/vale_testsuite] [-v] [--cli]

``--cli`` runs each scenario as a user would, ``voicelint check TARGETS --vale-config FILE`` on
all its documents at once, and compares the same way.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voicelint import api  # noqa: E402
from voicelint.engine import valeini
from voicelint.checks import registry  # noqa: E402
from voicelint.shared.errors import UserError  # noqa: E402

DEFAULT_SUITE = ROOT.parent / "shared" / "data" / "vale_testsuite"
DOC_SUFFIXES = (".md", ".txt", ".markdown")
ALERT = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+):(?P<code>[^:]+):(?P<msg>.*)$")
FIRST_TYPES = ["existence", "substitution", "occurrence", "repetition", "consistency",
               ("conditional", "capitalization", "metric")]
TYPE_ROWS = ["existence", "substitution", "occurrence", "repetition", "consistency",
             ("conditional", "capitalization", "metric"), "spelling", "readability", "sequence"]


@dataclass
class Scenario:
    feature: str
    name: str
    step: str
    expected: list[str] | None           # None: no output to compare
    given: dict[str, str] = field(default_factory=dict)
    contains: bool = False               # "the output should contain:": other alerts may come too
    status: int | None = None            # "the exit status should be N"


def _docstrings(block: str) -> list[str]:
    out = []
    for m in re.finditer(r'"""\n(.*?)\n\s*"""', block, re.S):
        lines = m.group(1).split("\n")
        indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
        out.append("\n".join(ln[indent:] for ln in lines))
    return out


def _given(block: str) -> dict[str, str]:
    files = {}
    for m in re.finditer(r'(?:Given|And) a file named "([^"]+)" with:\s*\n\s*"""\n(.*?)\n\s*"""', block, re.S):
        lines = m.group(2).split("\n")
        indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
        files[m.group(1)] = "\n".join(ln[indent:] for ln in lines) + "\n"
    return files


def scenarios(suite: Path) -> list[Scenario]:
    out = []
    for f in sorted((suite / "features").glob("*.feature")):
        text = f.read_text(encoding="utf-8")
        parts = re.split(r"\n\s*Scenario:", text)
        background = _given(parts[0]) if "Background:" in parts[0] else {}
        for part in parts[1:]:
            name = part.split("\n", 1)[0].strip()
            step = re.search(r"When (.*)", part)
            said = re.search(r"the output should contain( exactly)?:", part)
            expected = None
            if said:
                docs = _docstrings(part[said.end():])
                expected = [ln.strip() for ln in (docs[0] if docs else "").split("\n") if ln.strip()]
            given = {**background, **_given(part.split("When ", 1)[0])}
            status = re.search(r"exit status should be (\d+)", part)
            out.append(Scenario(f.stem, name, step.group(1).strip() if step else "", expected, given,
                                contains=bool(said) and not said.group(1),
                                status=int(status.group(1)) if status else None))
    return out


def plan(sc: Scenario, suite: Path, aruba: Path) -> tuple[Path, list[str], dict] | str:
    """(folder, targets, options) as Vale's step runs it, or why the bench does not run it."""
    fx = suite / "fixtures"
    s = sc.step
    simple = {
        r'I test "(.*)"': lambda a: (fx / a, ["."]),
        r'I test scope "(.*)"': lambda a: (fx / "scopes" / a, ["."]),
        r'I apply style "(.*)"': lambda a: (fx / "styles" / a, ["."]),
        r'I use Vocab "(.*)"': lambda a: (fx / "vocab" / a, ["."]),
        r'I test comments for "(.*)"': lambda a: (fx / "comments", [f"test{a}"]),
        r'I test patterns for "(.*)"': lambda a: (fx / "patterns", [a]),
        r'I lint "(.*)"': lambda a: (fx / "formats", a.split()),
        r'I run vale "(.*)"': lambda a: (aruba, a.split()),
    }
    for pat, make in simple.items():
        m = re.fullmatch(pat, s)
        if m:
            folder, targets = make(m.group(1))
            return folder, targets, {}
    m = re.fullmatch(r'I lint with config "(.*)"', s)
    if m:
        return fx / "formats", ["test.md"], {"vale_config": m.group(1)}
    return f"step not run by the bench: {s.split(' ')[1] if ' ' in s else s}"


def documents_of(folder: Path, targets: list[str]) -> list[str]:
    docs = []
    for t in targets:
        p = folder / t
        if p.is_dir():
            for dirpath, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(DOC_SUFFIXES):
                        docs.append(os.path.relpath(os.path.join(dirpath, name), folder))
        elif p.is_file() and t.lower().endswith(DOC_SUFFIXES):
            docs.append(t)
    return [d.replace(os.sep, "/") for d in docs]


def rule_types(cfg: valeini.ValeConfig) -> dict[str, str]:
    """code -> Vale type of every rule the configuration's styles hold."""
    import yaml
    types = {"Vale.Repetition": "repetition", "Vale.Spelling": "spelling",
             "Vale.Terms": "substitution", "Vale.Avoid": "existence"}
    for style in cfg.styles():
        folder = cfg.styles_path / style if cfg.styles_path else None
        if folder is None or not folder.is_dir():
            continue
        for f in folder.glob("*.yml"):
            try:
                data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
                types[f"{style}.{f.stem}"] = str(data.get("extends", "?")).lower()
            except Exception:  # noqa: BLE001 - a rule voicelint will refuse itself
                types[f"{style}.{f.stem}"] = "?"
    return types


@dataclass
class Outcome:
    scenario: Scenario
    status: str                 # run | skipped
    why: str = ""
    rows: list = field(default_factory=list)   # (type, verdict, alert/finding)
    refused: list = field(default_factory=list)


def _cli_findings(targets: list[str], cfg_path, select: list[str], docs: list[str], out: Outcome) -> list:
    """The scenario as a user runs it: ``voicelint check TARGETS --vale-config FILE`` (in
    process, JSON output), the findings of the configuration's styles on the documents."""
    import json

    from click.testing import CliRunner

    from voicelint.cli import cli
    args = ["check", *targets, "--vale-config", str(cfg_path), "--no-semantic", "--no-cache", "--format", "json"]
    for s in select:
        args += ["--select", s]
    r = CliRunner().invoke(cli, args)
    if r.exit_code not in (0, 1):
        out.refused.append(f"{' '.join(targets)}: exit {r.exit_code}: {r.stderr.strip()[:200]}")
        return []
    return [(f["path"].replace(os.sep, "/"), f["line"], f["column"], f["code"], f["message"])
            for f in json.loads(r.stdout or "[]") if f["path"].replace(os.sep, "/") in docs]


def run_scenario(sc: Scenario, suite: Path, workdir: Path, supported: set[str], cli: bool = False) -> Outcome:
    if sc.expected is None:
        return Outcome(sc, "skipped", "no output to compare")
    aruba = workdir / "tmp" / "aruba"
    if aruba.exists():
        shutil.rmtree(aruba)
    aruba.mkdir(parents=True)
    for name, text in sc.given.items():
        (aruba / name).parent.mkdir(parents=True, exist_ok=True)
        (aruba / name).write_text(text, encoding="utf-8")
    p = plan(sc, suite, aruba)
    if isinstance(p, str):
        return Outcome(sc, "skipped", p)
    folder, targets, opts = p
    docs = documents_of(folder, targets)
    expected = [m for m in (ALERT.match(a) for a in sc.expected) if m]
    expected = [m for m in expected if m.group("file").lower().endswith(DOC_SUFFIXES)]
    if not docs:
        return Outcome(sc, "skipped", "no Markdown or text document")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        try:
            cfg_path = opts.get("vale_config") or valeini.find()
            cfg = valeini.load(cfg_path) if cfg_path else None
        except UserError as exc:
            return Outcome(sc, "skipped", f"configuration refused: {exc}")
        if cfg is None:
            return Outcome(sc, "skipped", "no .vale.ini")
        types = rule_types(cfg)
        needed = {types.get(m.group("code"), "?") for m in expected}
        if not expected:
            needed = {types.get(c, "?") for c in types
                      if any(cfg.runs(c, d) for d in docs)}
        missing = sorted(t for t in needed if t not in supported)
        if missing:
            return Outcome(sc, "skipped", f"type not supported: {', '.join(missing)}")
        out = Outcome(sc, "run")
        found = []
        select = [f"{s}." for s in cfg.styles()]
        for d in ([] if cli else docs):
            options = api.Options(select=select, semantic=False, cache=False,
                                  vale_config=str(cfg_path))
            try:
                with contextlib.redirect_stderr(io.StringIO()):
                    res = api.run([Path(d)], options)
            except UserError as exc:
                out.refused.append(f"{d}: {exc}")
                continue
            found += [(f.path.replace(os.sep, "/"), f.line, f.column, f.code, f.message) for f in res.findings]
        if cli:  # the targets voicelint reads: folders, and the Markdown and text files named
            mine = [t for t in targets if (folder / t).is_dir() or t.lower().endswith(DOC_SUFFIXES)]
            found = _cli_findings(mine, cfg_path, select, docs, out)
    finally:
        os.chdir(cwd)
    left = list(found)
    for m in expected:
        key = (m.group("file"), int(m.group("line")), int(m.group("col")), m.group("code"))
        kind = types.get(key[3], "?")
        hit = next((f for f in left if f[:4] == key), None)
        if hit is not None:
            left.remove(hit)
            out.rows.append((kind, "exact", m.group(0)))
            continue
        near = next((f for f in left if f[0] == key[0] and f[1] == key[1] and f[3] == key[3]), None)
        if near is not None:
            left.remove(near)
            out.rows.append((kind, "column off", f"{m.group(0)}  (voicelint: column {near[2]})"))
        else:
            out.rows.append((kind, "missed", m.group(0)))
    for f in left if not sc.contains else ():  # "should contain": other alerts are not judged
        out.rows.append((types.get(f[3], "?"), "extra", f"{f[0]}:{f[1]}:{f[2]}:{f[3]}:{f[4]}"))
    return out


def row_of(kind: str):
    for r in TYPE_ROWS:
        if kind == r or (isinstance(r, tuple) and kind in r):
            return r
    return kind


def table(outcomes: list[Outcome]) -> str:
    counts: dict = defaultdict(Counter)
    for o in outcomes:
        for kind, verdict, _ in o.rows:
            r = row_of(kind)
            counts[r][verdict] += 1
            if verdict != "extra":
                counts[r]["expected"] += 1
    lines = ["| type | expected | exact | column off | missed | extra |", "|---|---|---|---|---|---|"]
    total = Counter()
    for r in TYPE_ROWS + sorted(k for k in counts if k not in TYPE_ROWS):
        if r not in counts:
            continue
        c = counts[r]
        total.update(c)
        name = ", ".join(r) if isinstance(r, tuple) else r
        lines.append(f"| {name} | {c['expected']} | {c['exact']} | {c['column off']} | {c['missed']} | {c['extra']} |")
    lines.append(f"| **all** | **{total['expected']}** | **{total['exact']}** | **{total['column off']}** | "
                 f"**{total['missed']}** | **{total['extra']}** |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    ap.add_argument("-v", "--verbose", action="store_true", help="every alert that is not exact, per scenario")
    ap.add_argument("-k", help="only scenarios whose name contains this")
    ap.add_argument("--cli", action="store_true",
                    help="run each scenario as `voicelint check TARGETS --vale-config FILE` (all its "
                         "documents in one run) instead of one API call per document")
    args = ap.parse_args(argv)
    suite = args.suite.resolve()
    if not (suite / "features").is_dir():
        print(f"vale_suite: {suite}: not Vale's test suite (no features/)", file=sys.stderr)
        return 2
    supported = set(registry.names())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "vale"
        work.mkdir()
        (work / "styles").symlink_to(suite / "styles")  # aruba's ../../styles
        outcomes = [run_scenario(sc, suite, work, supported, args.cli) for sc in scenarios(suite)
                    if not args.k or args.k.lower() in sc.name.lower()]
    every = [o for o in outcomes if o.status == "run"]
    ran = [o for o in every if not o.scenario.contains]
    print(f"Vale's test suite: {len(outcomes)} scenarios, {len(ran)} run on their Markdown and text "
          "documents")
    print()
    print(table(ran))
    part = [o for o in every if o.scenario.contains]
    c = Counter(v for o in part for _, v, _ in o.rows)
    print()
    print(f"scenarios whose output should contain some alerts (others not judged): {len(part)}; expected "
          f"{sum(c.values())}, exact {c['exact']}, column off {c['column off']}, missed {c['missed']}")
    first = [o for o in ran if o.rows and all(row_of(k) in FIRST_TYPES for k, _, _ in o.rows)]
    c = Counter(v for o in first for _, v, _ in o.rows)
    print()
    print(f"scenarios whose alerts are all of the types run before spelling, readability and sequence: "
          f"{len(first)}; expected {sum(c[v] for v in ('exact', 'column off', 'missed'))}, exact "
          f"{c['exact']}, column off {c['column off']}, missed {c['missed']}, extra {c['extra']}")
    refused = [r for o in every for r in o.refused if o.scenario.status != 2]
    as_vale = [r for o in every for r in o.refused if o.scenario.status == 2]
    print()
    print(f"documents refused: {len(refused)}; refused where Vale exits 2 too: {len(as_vale)}")
    for r in refused + as_vale:
        print(f"  {r}")
    if args.verbose:
        for o in every:
            bad = [(v, a) for _, v, a in o.rows if v != "exact"]
            print(f"\n{o.scenario.feature}: {o.scenario.name}: "
                  f"{sum(1 for _, v, _ in o.rows if v == 'exact')} exact" + ("" if bad else ", all exact"))
            for v, a in bad:
                print(f"  {v:10} {a}")
        why = Counter(o.why for o in outcomes if o.status != "run")
        print("\nnot run:")
        for w, n in why.most_common():
            print(f"  {n:3}  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
