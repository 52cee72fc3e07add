"""The GitHub Action's entry point (``python -m voicelint.integrations.action``) on real git repositories:
a base commit, a head commit, a pull_request payload; only changed lines of changed drafts
are reported."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from voicelint.integrations import action
from voicelint.findings import Finding

PROFILE = """\
name: Maison Test
language: fr
voice:
  emoji: {max: 1}
lexicon:
  claims:
    forbidden: ["garanti", "le meilleur"]
"""
CONFIG = "profile: brand.yaml\nselect: [VL104, VL204]\n"

BASE_FILES = {
    "brand.yaml": PROFILE,
    "voicelint.yaml": CONFIG,
    "drafts/old.md": "Résultat garanti.\n\nNous fabriquons nos savons à Lyon.\n",
    "drafts/renamed.md": "Le meilleur savon de Lyon.\n",
    "drafts/deleted.md": "Résultat garanti, toujours.\n",
    "drafts/emoji.md": "Bonne journée 🌞🌸🎉\n\nÀ demain.\n",
    "drafts/cal.csv": "platform,text\ntwitter,Résultat garanti pour tous\n",
    "notes/outside.md": "Rien ici.\n",
}


def sh(*args, cwd):
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    sh("git", "add", "-A", cwd=repo)
    sh("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message, cwd=repo)
    return sh("git", "rev-parse", "HEAD", cwd=repo)


def write(repo: Path, files: dict) -> None:
    for rel, text in files.items():
        p = repo / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")


@pytest.fixture
def pr(tmp_path):
    """A repository with a base commit and a PR head commit; returns (repo, event path, shas)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    sh("git", "init", "-q", "-b", "main", cwd=repo)
    write(repo, BASE_FILES)
    base = commit(repo, "base")
    sh("git", "checkout", "-q", "-b", "pr", cwd=repo)
    write(repo, {
        # line 1's old claim stays; line 5 is new
        "drafts/old.md": "Résultat garanti.\n\nNous fabriquons nos savons à Lyon.\n\nLe meilleur du marché.\n",
        "drafts/new.md": "Nouveau : résultat garanti.\n",
        "drafts/blob.md": b"\x00\x01binary\x00",
        # the emoji line is untouched, the post changes: a budget judges the whole post
        "drafts/emoji.md": "Bonne journée 🌞🌸🎉\n\nÀ demain, à l'atelier.\n",
        "drafts/cal.csv": "platform,text\ntwitter,Résultat garanti pour tous\ntwitter,Le meilleur prix\n",
        "notes/outside.md": "Le meilleur, garanti.\n",
    })
    sh("git", "mv", "drafts/renamed.md", "drafts/moved.md", cwd=repo)
    (repo / "drafts" / "deleted.md").unlink()
    head = commit(repo, "head")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": 7, "pull_request": {
        "number": 7, "base": {"sha": base, "ref": "main"}, "head": {"sha": head, "ref": "pr"}}}),
        encoding="utf-8")
    return repo, event, base, head


def run(repo, event, *args, tmp_path, extra_env=None):
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {"GITHUB_EVENT_PATH": str(event), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(output), **(extra_env or {})}
    code = action.main(["--paths", "drafts", "--semantic", "false", *args], env=env, cwd=repo)
    return code, summary, output


def annotations(stdout: str) -> list[tuple[str, str, int, str]]:
    out = []
    for line in stdout.splitlines():
        if line.startswith(("::error ", "::warning ", "::notice ")):
            level, props = line[2:].split(" ", 1)
            fields = dict(kv.split("=", 1) for kv in props.split("::", 1)[0].split(","))
            out.append((level, fields["file"], int(fields["line"]), fields["title"]))
    return sorted(out)


def test_only_changed_lines_of_changed_drafts(pr, tmp_path, capsys):
    repo, event, _base, _head = pr
    code, summary, output = run(repo, event, tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    assert got == sorted([
        ("error", "drafts/cal.csv", 3, "VL104"),       # the new row only
        ("error", "drafts/new.md", 1, "VL104"),        # a new file: every line is new
        ("error", "drafts/old.md", 5, "VL104"),        # the added line, not line 1
        ("warning", "drafts/emoji.md", 1, "VL204"),    # whole-post budget of a changed post
    ])  # drafts/moved.md: renamed, no line changed; blob.md: binary; notes/: outside `paths`
    assert code == 1
    assert "in 4 draft file(s) (changed lines of changed drafts)" in summary.read_text(encoding="utf-8")
    out = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert out["errors"] == "3" and out["warnings"] == "1" and out["findings"] == "4"


def test_every_line_of_changed_drafts_when_asked(pr, tmp_path, capsys):
    repo, event, *_ = pr
    _code, *_ = run(repo, event, "--only-changed-lines", "false", tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    assert ("error", "drafts/old.md", 1, "VL104") in got
    assert ("error", "drafts/cal.csv", 2, "VL104") in got
    # a renamed file is part of the PR's files: linted on every line in this mode
    assert ("error", "drafts/moved.md", 1, "VL104") in got
    # deleted, binary, outside `paths`: never linted
    assert not {f for _, f, _, _ in got} & {"drafts/deleted.md", "drafts/blob.md", "notes/outside.md"}


def test_fail_on_and_sarif_file(pr, tmp_path, capsys):
    repo, event, *_ = pr
    code, summary, _ = run(repo, event, "--fail-on", "none", "--format", "sarif",
                           "--sarif-file", "out/vl.sarif", tmp_path=tmp_path)
    assert code == 0
    stdout = capsys.readouterr().out
    assert annotations(stdout) == []  # sarif only: no annotations
    doc = json.loads((repo / "out" / "vl.sarif").read_text(encoding="utf-8"))
    uris = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                   r["locations"][0]["physicalLocation"]["region"]["startLine"])
                  for r in doc["runs"][0]["results"])
    assert ("VL104", "drafts/old.md", 5) in uris and ("VL104", "drafts/old.md", 1) not in uris
    assert "| drafts/old.md | 5 | error | VL104 |" in summary.read_text(encoding="utf-8")
    code, *_ = run(repo, event, "--fail-on", "error", "--format", "both", tmp_path=tmp_path)
    assert code == 1 and (repo / "voicelint.sarif").is_file()


def test_warnings_only_pass_fail_on_error(pr, tmp_path, capsys):
    repo, event, base, _head = pr
    # a PR that only adds emoji: a warning, exit 0 with fail-on error, 1 with warning
    sh("git", "checkout", "-q", "-b", "pr2", base, cwd=repo)
    write(repo, {"drafts/emoji.md": "Bonne journée 🌞🌸🎉🎉\n\nÀ demain.\n"})
    commit(repo, "more emoji")
    assert run(repo, event, tmp_path=tmp_path)[0] == 0
    assert run(repo, event, "--fail-on", "warning", tmp_path=tmp_path)[0] == 1


def test_no_changed_drafts(pr, tmp_path, capsys):
    repo, event, _base, head = pr
    code, summary, _ = run(repo, event, "--base", head, tmp_path=tmp_path)
    assert code == 0
    assert "0 draft file(s)" in summary.read_text(encoding="utf-8")


def test_push_and_no_base_lint_everything(pr, tmp_path, capsys):
    repo, _event, base, head = pr
    push = tmp_path / "push.json"
    push.write_text(json.dumps({"before": "0" * 40, "after": head}), encoding="utf-8")
    code, *_ = run(repo, push, tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    assert ("error", "drafts/old.md", 1, "VL104") in got and code == 1
    push.write_text(json.dumps({"before": base, "after": head}), encoding="utf-8")
    run(repo, push, tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    assert ("error", "drafts/old.md", 5, "VL104") in got and ("error", "drafts/old.md", 1, "VL104") not in got


def test_profile_from_base_ignores_the_prs_profile_changes(pr, tmp_path, capsys):
    repo, event, *_ = pr
    # the PR also deletes the forbidden claims from the profile
    write(repo, {"brand.yaml": PROFILE.replace('forbidden: ["garanti", "le meilleur"]', "forbidden: []")})
    commit(repo, "weaken the profile")
    run(repo, event, tmp_path=tmp_path)
    assert not [a for a in annotations(capsys.readouterr().out) if a[3] == "VL104"]
    code, *_ = run(repo, event, "--profile-from-base", "true", tmp_path=tmp_path)
    assert ("error", "drafts/old.md", 5, "VL104") in annotations(capsys.readouterr().out)
    assert code == 1
    assert sh("git", "worktree", "list", cwd=repo).count("\n") == 0  # cleaned up


def test_the_pull_request_that_adds_voicelint_is_judged_by_its_own_profile(tmp_path, capsys):
    """profile-from-base on the first pull request (what `voicelint init`'s workflow sets): the base
    has no configuration, so the pull request's own is used, and the summary says so."""
    repo = tmp_path / "repo"
    repo.mkdir()
    sh("git", "init", "-q", "-b", "main", cwd=repo)
    write(repo, {"README.md": "# content\n"})
    base = commit(repo, "base")
    sh("git", "checkout", "-q", "-b", "setup", cwd=repo)
    write(repo, {k: v for k, v in BASE_FILES.items() if k in ("brand.yaml", "voicelint.yaml", "drafts/old.md")})
    head = commit(repo, "add voicelint")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": 1, "pull_request": {
        "number": 1, "base": {"sha": base, "ref": "main"}, "head": {"sha": head, "ref": "setup"}}}),
        encoding="utf-8")
    code, summary, _ = run(repo, event, "--profile-from-base", "true", tmp_path=tmp_path)
    captured = capsys.readouterr()
    assert ("error", "drafts/old.md", 1, "VL104") in annotations(captured.out) and code == 1
    text = summary.read_text(encoding="utf-8")
    assert "**Notes**" in text and "the base commit has no voicelint configuration, so this pull " \
        "request's own voicelint.yaml and its profile were used" in text
    # a profile named explicitly must still come from the base
    code, *_ = run(repo, event, "--profile-from-base", "true", "--profile", "brand.yaml", tmp_path=tmp_path)
    assert code == 2 and "does not exist in the base commit" in capsys.readouterr().err


def test_the_summary_lists_the_runs_notes_made_safe():
    from voicelint.integrations.action_summary import NOTES_CAP, summary_markdown
    notes = ["VL501 could not judge drift for 1 platform: <b>x</b> | `y`"] + [f"note {i}" for i in range(30)]
    text = summary_markdown([], [], 1, "changed drafts", None, notes)
    assert "- VL501 could not judge drift for 1 platform: &lt;b&gt;x&lt;/b&gt; \\| \\`y\\`" in text
    assert text.count("\n- ") == NOTES_CAP + 1 and f"and {len(notes) - NOTES_CAP} more in the log" in text
    assert "Notes" not in summary_markdown([], [], 1, "changed drafts", None, [])


def test_shallow_clone_fetches_the_base(pr, tmp_path, capsys):
    repo, event, _base, _head = pr
    clone = tmp_path / "clone"
    sh("git", "clone", "-q", "--depth", "1", "--branch", "pr", f"file://{repo}", str(clone), cwd=tmp_path)
    assert sh("git", "rev-parse", "--is-shallow-repository", cwd=clone) == "true"
    _code, *_ = run(clone, event, tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    assert ("error", "drafts/old.md", 5, "VL104") in got and ("error", "drafts/old.md", 1, "VL104") not in got


@pytest.mark.parametrize("args, expected", [
    (["--fail-on", "sometimes"], "fail-on"),
    (["--format", "xml"], "format"),
    (["--only-changed-lines", "maybe"], "only-changed-lines"),
    (["--paths", "nowhere"], "nowhere"),
])
def test_bad_inputs_exit_2(pr, tmp_path, capsys, args, expected):
    repo, event, *_ = pr
    code, *_ = run(repo, event, *args, tmp_path=tmp_path)
    out = capsys.readouterr()
    assert code == 2
    assert out.out.startswith("::error title=voicelint::") and expected in out.err
    assert "Traceback" not in out.err


def test_bad_event_and_unknown_base_exit_2(pr, tmp_path, capsys):
    repo, event, *_ = pr
    event.write_text("{not json", encoding="utf-8")
    assert run(repo, event, tmp_path=tmp_path)[0] == 2
    assert action.main(["--paths", "drafts", "--base", "1" * 40], env={}, cwd=repo) == 2
    assert "cannot be fetched" in capsys.readouterr().err


def test_annotation_caps_and_summary_table():
    fs = [Finding("d/p.md", i, 1, i, 5, "VL104", "error", f"e{i}") for i in range(1, 16)]
    fs += [Finding("d/p.md", i, 1, i, 5, "VL204", "warning", f"w{i}") for i in range(1, 4)]
    fs += [Finding("d/q.md", i, 1, i, 5, "VL901", "info", f"i{i}") for i in range(1, 13)]
    shown, rest = action.split_annotations(fs)
    assert [f.severity for f in shown].count("error") == 10
    assert [f.severity for f in shown].count("warning") == 3
    assert [f.severity for f in shown].count("info") == 10
    assert len(rest) == 7 and {f.message for f in rest} == {"e11", "e12", "e13", "e14", "e15", "i11", "i12"}
    shown, rest = action.split_annotations(fs, total=12)
    assert len(shown) == 12 and [f.severity for f in shown].count("error") == 10
    md = action.summary_markdown(fs, rest, 2, "changed lines", None)
    assert md.count("\n| d/") == len(rest)


def test_summary_cells_are_inert():
    cell = action.md_cell("<img src=x onerror=alert(1)> | **bold** [link](http://x)\nnext")
    assert "<" not in cell and "\n" not in cell
    assert "\\|" in cell and "\\*\\*" in cell and "\\[" in cell


def test_quoted_workflow_commands_are_not_run(pr, tmp_path, capsys):
    repo, event, _base, _head = pr
    write(repo, {"drafts/evil.md": "Le meilleur\n::add-mask::secret garanti\n"})
    commit(repo, "evil")
    run(repo, event, tmp_path=tmp_path)
    out = capsys.readouterr().out
    stop = [line for line in out.splitlines() if line.startswith("::stop-commands::")]
    assert len(stop) == 1
    token = stop[0].split("::")[2]
    lines = out.splitlines()
    start, end = lines.index(stop[0]), lines.index(f"::{token}::")
    # every line between stop and resume is inert; annotations come after
    assert all(not ln.startswith("::") for ln in lines[start + 1:end])
    assert all(ln.startswith("::") for ln in lines[end + 1:] if ln.startswith("::"))


def test_parse_hunks():
    patch = ("@@ -1,0 +2,3 @@ x\n+a\n+b\n+c\n@@ -10 +12 @@\n-x\n+y\n@@ -20,2 +23,0 @@\n-gone\n-gone\n")
    assert action.parse_hunks(patch) == [(2, 4), (12, 12)]


@pytest.mark.slow
def test_module_entry_point_subprocess(pr, tmp_path):
    repo, event, *_ = pr
    env = {**os.environ, "GITHUB_EVENT_PATH": str(event), "INPUT_PATHS": "drafts",
           "INPUT_SEMANTIC": "false", "INPUT_FORMAT": "github", "INPUT_FAIL_ON": "error",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")}
    proc = subprocess.run([sys.executable, "-m", "voicelint.integrations.action"], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "::error file=drafts/old.md,line=5," in proc.stdout
    assert "file=drafts/old.md,line=1," not in proc.stdout
    assert "Traceback" not in proc.stderr


# -- action.yml: the thin YAML stays in step with the Python entry point ---------------------
ROOT = Path(__file__).resolve().parents[1]


def action_yml():
    import yaml
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_yml_passes_every_input_to_the_entry_point():
    doc = action_yml()
    assert doc["runs"]["using"] == "composite"
    steps = {s.get("id") or s.get("name") or s.get("uses"): s for s in doc["runs"]["steps"]}
    lint = steps["lint"]
    assert lint["run"].strip() == "python -m voicelint.integrations.action"
    passed = {k for k in lint["env"] if k.startswith("INPUT_")}
    install_only = {"version", "python-version", "torch-index-url"}
    expected = {"INPUT_" + name.upper().replace("-", "_") for name in doc["inputs"]} - \
        {"INPUT_" + n.upper().replace("-", "_") for n in install_only}
    assert passed == expected
    for key in passed:  # passed through env, never spliced into a shell line
        name = key[len("INPUT_"):].lower().replace("_", "-")
        assert lint["env"][key] == "${{ inputs." + name + " }}"
        assert "${{" not in lint["run"]
    # every env input is understood by parse_inputs, with the action's defaults
    env = {k: str(doc["inputs"][k[len("INPUT_"):].lower().replace("_", "-")]["default"]) for k in passed}
    inp = action.parse_inputs([], env)
    assert (inp.format, inp.only_changed_lines, inp.semantic, inp.paths, inp.fail_on) == \
        ("github", True, True, ["."], None)
    for name in ("findings", "errors", "warnings", "sarif-file"):
        assert doc["outputs"][name]["value"] == "${{ steps.lint.outputs." + name + " }}"


@pytest.mark.parametrize("version, semantic, expected", [
    ("", "true", ["--extra-index-url", "https://download.pytorch.org/whl/cpu", "{action}[semantic]"]),
    ("", "false", ["{action}"]),
    ("0.2.0", "true", ["--extra-index-url", "https://download.pytorch.org/whl/cpu", "voicelint[semantic]==0.2.0"]),
    ("0.2.0", "false", ["voicelint==0.2.0"]),
])
def test_action_install_step(tmp_path, version, semantic, expected):
    step = next(s for s in action_yml()["runs"]["steps"] if s.get("name") == "Install voicelint")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("python", "voicelint"):  # record what the step would run
        (bin_dir / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n')
        (bin_dir / tool).chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "VL_ACTION_PATH": "/act", "VL_VERSION": version,
           "VL_SEMANTIC": semantic, "VL_TORCH_INDEX": "https://download.pytorch.org/whl/cpu"}
    subprocess.run(["bash", "-c", step["run"]], env=env, check=True)
    calls = (tmp_path / "calls").read_text().splitlines()
    want = [a.replace("{action}", "/act") for a in expected]
    assert calls == ["python -m pip install --disable-pip-version-check " + " ".join(want),
                     "voicelint --version"]


def test_whole_post_rules():
    from voicelint.api import load_rules
    codes = action.post_level_codes(load_rules())
    assert {"VL204", "VL301", "VL302"} <= codes     # budgets and lengths
    assert not {"VL101", "VL104", "VL207"} & codes  # words in place
    f = Finding("d/p.md", 3, 1, 3, 1, "VL306", "warning", "no link")  # zero width: the post
    assert action.is_post_level(f, set())
    f = Finding("d/p.md", 3, 1, 3, 9, "VL104", "error", "claim")
    change = action.Changed("d/p.md", ranges=[(5, 6)])
    assert not action.keep(f, change, codes)
    assert action.keep(f.with_(line=6, end_line=7), change, codes)
    calendar = action.Changed("d/c.csv", ranges=[(5, 6)])
    assert not action.keep(f.with_(code="VL204"), calendar, codes)  # a calendar row: its own line
    assert action.keep(f.with_(code="VL204"), change, codes)


def test_profile_findings_on_changed_profile_lines(pr, tmp_path, capsys):
    repo, event, *_ = pr
    (repo / "voicelint.yaml").write_text("profile: brand.yaml\nselect: [VL104, VL9]\n", encoding="utf-8")
    write(repo, {"brand.yaml": PROFILE + '    allowed: ["garanti"]\n'})
    commit(repo, "allow what is forbidden")
    code, *_ = run(repo, event, tmp_path=tmp_path)
    got = annotations(capsys.readouterr().out)
    line = PROFILE.count("\n") + 1
    assert ("error", "brand.yaml", line, "VL903") in got      # the line the PR added
    assert not [a for a in got if a[1] == "brand.yaml" and a[2] == 1]  # VL901 at line 1: untouched
    assert code == 1


def test_paths_are_relative_to_the_workspace(pr, tmp_path, capsys):
    repo, event, *_ = pr  # checked out in a sub-folder of the workspace (actions/checkout `path:`)
    code, *_ = run(repo, event, tmp_path=tmp_path, extra_env={"GITHUB_WORKSPACE": str(repo.parent)})
    got = annotations(capsys.readouterr().out)
    assert ("error", "repo/drafts/old.md", 5, "VL104") in got and code == 1


def test_an_unknown_code_in_the_config_is_named_at_its_line_by_the_action(tmp_path):
    from voicelint import api
    from voicelint.inputs import config
    from voicelint.shared.errors import ConfigError
    (tmp_path / "voicelint.yaml").write_text("select: [VL1]\nignore:\n  - VL2O3\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Bonjour.\n", encoding="utf-8")
    cfg = config.load(tmp_path / "voicelint.yaml")
    opts = action._options(action.parse_inputs([], {}), cfg, None)
    with pytest.raises(ConfigError) as exc:
        api.run([tmp_path / "a.md"], opts)
    assert (exc.value.line, exc.value.column, exc.value.key) == (3, 5, "ignore")
    assert "unknown rule code 'VL2O3' (did you mean 'VL203'?)" in str(exc.value)
