"""Bad and hostile inputs through the CLI: exit 2, one line on stderr naming the file (and line),
never a traceback, nothing written. The cases are data (``hostile_cases.py``); the profile
schema's wrong-type cases are generated from ``voicelint.inputs.profile.SCHEMA``, one per key."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile_cases import REFUSED, keystr, schema_cases
from voicelint.cli import cli

DRAFT = "Le soir, nous allumons une bougie avant de lire.\n"


def build(root: Path, files: dict) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, tuple) and content[0] == "fifo":
            os.mkfifo(p)
        elif isinstance(content, tuple) and content[0] == "symlink":
            p.symlink_to(content[1])
        elif isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


def snapshot(root: Path) -> dict:
    """Every entry under ``root`` with a digest of regular files (FIFOs and links not opened)."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = "other"
    return out


def run_cli(args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=True)


def assert_refused(result, where: str, fragment: str, root: Path, before: dict):
    err = result.stderr
    assert "Traceback" not in err + result.stdout, err
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{err}"
    errors = [line for line in err.splitlines() if not line.startswith("voicelint: note:")]
    assert len(errors) == 1, err
    line = errors[0]
    assert re.match(r"voicelint: error: \S*?" + re.escape(where), line), (where, line)
    assert fragment in line, (fragment, line)
    assert snapshot(root) == before, "something was written"
    assert not (root / "report.txt").exists()


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_refused(case, tmp_path, monkeypatch):
    build(tmp_path, case.files)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(case.args)
    assert_refused(result, case.where, case.fragment, tmp_path, before)


SCHEMA_CASES = list(schema_cases())


@pytest.mark.parametrize("path,text", SCHEMA_CASES, ids=["schema-" + keystr(p) for p, _ in SCHEMA_CASES])
def test_profile_schema_wrong_type(path, text, tmp_path, monkeypatch):
    """A wrong type at every key of the profile schema: file, line, the key path, exit 2."""
    build(tmp_path, {"drafts/post.md": DRAFT, "brand.yaml": text})
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "drafts", "--no-semantic", "--profile", "brand.yaml",
                      "--output", "report.txt"])
    assert_refused(result, "brand.yaml:", keystr(path), tmp_path, before)
    # the line named is the line of the offending key
    line_no = int(re.search(r"brand\.yaml:(\d+)", result.stderr).group(1))
    leaf = path[-1]
    src_line = text.splitlines()[line_no - 1]
    assert (f"{leaf}:" in src_line) if isinstance(leaf, str) else src_line.lstrip().startswith("-"), \
        (line_no, src_line, result.stderr)


def test_schema_cases_cover_every_key():
    """Each key of SCHEMA (except `learned`, which takes anything) has its wrong-type case."""
    from voicelint.inputs.profile import SCHEMA
    covered = {p[0] for p, _ in SCHEMA_CASES}
    assert covered == set(SCHEMA["keys"]) - {"learned"}
    voice_keys = {p[1] for p, _ in SCHEMA_CASES if p[0] == "voice" and len(p) == 2}
    assert voice_keys == set(SCHEMA["keys"]["voice"]["keys"])


def test_unreadable_draft(tmp_path, monkeypatch):
    """chmod 000: root reads anyway, so under root the OS refusal is simulated at the read."""
    build(tmp_path, {"drafts/post.md": DRAFT, "drafts/ok.md": DRAFT})
    target = tmp_path / "drafts" / "post.md"
    target.chmod(0)
    monkeypatch.chdir(tmp_path)
    if os.geteuid() == 0:
        real_open = os.open

        def deny(path, flags, *args, **kwargs):
            if Path(path).resolve() == target.resolve():
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)
        monkeypatch.setattr(os, "open", deny)
    before = snapshot(tmp_path) if os.geteuid() == 0 else None
    result = run_cli(["check", "drafts", "--no-semantic", "--output", "report.txt"])
    target.chmod(0o644)
    if before is not None:
        assert_refused(result, "drafts/post.md: ", "permission denied", tmp_path, before)
    else:
        assert result.exit_code == 2 and "drafts/post.md: permission denied" in result.stderr


def test_unwritable_output(tmp_path, monkeypatch):
    build(tmp_path, {"drafts/post.md": DRAFT})
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = run_cli(["check", "drafts", "--no-semantic", "--output", "missing/dir/report.txt"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("voicelint: error: missing/dir/report.txt: ")
    assert snapshot(tmp_path) == before


def test_unknown_codes_in_directives(tmp_path, monkeypatch):
    """VL911 on each unknown code, placed on (and spanning) the directive; a known code in the
    same directive still suppresses; a directive over two lines ends on the second."""
    text = ("Nos bougies sont garanties.\n"
            "<!-- voicelint-disable-next-line VL104 VL999 Foo.Bar -->\n"
            "Une bougie garantie.\n"
            "<!-- voicelint-disable\n   VL998 -->\n"
            "Fin.\n")
    build(tmp_path, {"drafts/post.md": text, "brand.yaml": "name: Lumen\nlanguage: fr\nlexicon:\n"
                     "  claims: {forbidden: [garanti]}\n"})
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", "drafts", "--no-semantic", "--profile", "brand.yaml", "--format", "json",
                      "--select", "VL104,VL911"])
    assert result.exit_code == 1, result.stderr
    found = json.loads(result.stdout)
    got = sorted((f["code"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in found)
    lines = text.splitlines()
    assert ("VL104", 1, 18, 1, 27) in got                       # line 1 is not suppressed
    assert not any(c == "VL104" and ln == 3 for c, ln, *_ in got)  # line 3 is
    vl911 = [g for g in got if g[0] == "VL911"]
    assert len(vl911) == 3
    assert vl911.count(("VL911", 2, 1, 2, len(lines[1]) + 1)) == 2
    assert ("VL911", 4, 1, 5, len(lines[4]) + 1) in vl911
    assert all(f["message"].startswith("unknown rule code") for f in found if f["code"] == "VL911")


def test_unsupported_vale_type_is_a_notice(tmp_path, monkeypatch):
    build(tmp_path, {"drafts/post.md": "We guarantee everything.\n",
                     "pack/Mine/Spell.yml": "extends: script\nmessage: x\n",
                     "pack/Mine/Guar.yml": "extends: existence\nmessage: 'No %s'\nlevel: error\n"
                                           "tokens: [guarantee]\n"})
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", "drafts", "--no-semantic", "--rules", "pack", "--format", "json"])
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    notes = [ln for ln in result.stderr.splitlines() if "script" in ln]
    assert len(notes) == 1 and notes[0].startswith("voicelint: note:")
    assert [f["code"] for f in json.loads(result.stdout)] == ["Mine.Guar"]


EMPTY_DRAFTS = {
    "drafts/empty.md": "",
    "drafts/blank.txt": "\n  \n\t\n\n",
    "drafts/only-front-matter.md": "---\nplatform: linkedin\nauthor: Ana\n---\n",
    "drafts/only-comments.md": "<!-- a note to the editor -->\n\n<!-- another one -->\n",
    "drafts/cal.csv": "text,platform\n",
    "drafts/cal.jsonl": "\n\n",
}


@pytest.mark.parametrize("other,exit_code", [
    ("We guarantee a full refund.\n", 1),    # the other draft has an error: exit 1
    ("We read the letters you send.\n", 0),  # nothing found elsewhere: exit 0
    (None, 0),                               # only drafts with no text: exit 0, not refused
])
def test_drafts_with_no_text_are_notices(tmp_path, monkeypatch, other, exit_code):
    files = dict(EMPTY_DRAFTS)
    files["pack/Mine/Guar.yml"] = ("extends: existence\nmessage: 'No %s'\nlevel: error\n"
                                   "tokens: [guarantee]\n")
    if other is not None:
        files["drafts/post.md"] = other
    build(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    result = run_cli(["check", "drafts", "--no-semantic", "--rules", "pack", "--format", "json",
                      "--select", "Mine"])
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == exit_code, result.stderr
    notes = [ln for ln in result.stderr.splitlines() if ln.startswith("voicelint: note:")]
    for rel in EMPTY_DRAFTS:
        mine = [n for n in notes if f" {rel}:1: " in n]
        assert len(mine) == 1, (rel, notes)
        assert "(skipped)" in mine[0]
    assert not [ln for ln in result.stderr.splitlines() if "error" in ln.split(":", 2)[1]]
    codes = [f["code"] for f in json.loads(result.stdout)]
    assert codes == (["Mine.Guar"] if exit_code else [])
