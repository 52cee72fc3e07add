"""``voicelint check --fix`` / ``--diff``: fixes written back, and the exit code by what remains."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.inputs import documents
from voicelint.api import Options, run
from voicelint.cli import cli
from voicelint.nlp.inflect import pluralize
from voicelint.outputs.fix import plan

PROFILE = """\
name: Lumen
language: fr
lexicon:
  banned: [pas cher]
  preferred: {consommateur: client, boisson: breuvage}
"""


def invoke(args, code):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code} != {code}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "voicelint.yaml").write_text("profile: brand.yaml\nsemantic: false\n", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    return tmp_path


def test_fix_rewrites_preferred_terms_and_exits_by_what_remains(work):
    draft = work / "post.md"
    draft.write_text("Chaque consommateur compte, et nos prix pas cher aussi.\n", encoding="utf-8")
    invoke(["check", draft, "--select", "VL102", "--fail-on", "warning"], code=1)
    r = invoke(["check", draft, "--select", "VL101,VL102", "--fix"], code=1)  # VL101 (error) remains
    assert draft.read_text(encoding="utf-8") == "Chaque client compte, et nos prix pas cher aussi.\n"
    assert "VL101" in r.stdout and "VL102" not in r.stdout
    assert "fixed 1 finding in 1 file" in r.stderr
    # nothing left at or above warning once the only warning was fixed
    draft.write_text("Chaque consommateur compte.\n", encoding="utf-8")
    invoke(["check", draft, "--select", "VL102", "--fail-on", "warning", "--fix"], code=0)
    assert draft.read_text(encoding="utf-8") == "Chaque client compte.\n"


def test_diff_prints_and_writes_nothing(work):
    draft = work / "post.md"
    before = "# Titre\n\nLes consommateurs d'abord.\n"
    draft.write_text(before, encoding="utf-8")
    r = invoke(["check", draft, "--select", "VL102", "--diff"], code=1)
    assert draft.read_text(encoding="utf-8") == before
    assert "--- a/post.md" in r.stdout and "+++ b/post.md" in r.stdout
    assert "-Les consommateurs d'abord." in r.stdout and "+Les clients d'abord." in r.stdout
    clean = work / "clean.md"
    clean.write_text("Les clients d'abord.\n", encoding="utf-8")
    r = invoke(["check", clean, "--select", "VL102", "--diff"], code=0)
    assert r.stdout == ""


def test_crlf_and_bom_are_kept(work):
    draft = work / "win.md"
    draft.write_bytes("\ufeffChaque consommateur compte.\r\nMerci.\r\n".encode("utf-8"))
    invoke(["check", draft, "--select", "VL102", "--fix"], code=0)
    assert draft.read_bytes() == "\ufeffChaque client compte.\r\nMerci.\r\n".encode("utf-8")


def test_case_and_plural_follow_the_replaced_word(work):
    draft = work / "post.md"
    draft.write_text("Consommateur fidèle. Les consommateurs. CONSOMMATEUR.\n", encoding="utf-8")
    invoke(["check", draft, "--select", "VL102", "--fix"], code=0)
    assert draft.read_text(encoding="utf-8") == "Client fidèle. Les clients. CLIENT.\n"


def test_unsafe_fixes_only_when_asked(work):
    draft = work / "post.md"
    draft.write_text("La consommatrice choisit une boisson.\n", encoding="utf-8")
    r = invoke(["check", draft, "--select", "VL102", "--fix", "--fail-on", "warning"], code=1)
    assert draft.read_text(encoding="utf-8") == "La consommatrice choisit une boisson.\n"  # genders differ
    assert "with --unsafe-fixes" in r.stderr
    invoke(["check", draft, "--select", "VL102", "--fix", "--unsafe-fixes", "--fail-on", "warning"], code=0)
    assert draft.read_text(encoding="utf-8") == "La client choisit une breuvage.\n"


def test_calendars_stay_valid(work):
    csv = work / "cal.csv"
    csv.write_text('text,platform\n"Un ""consommateur"", un ami",twitter\nNos consommateurs,linkedin\n',
                   encoding="utf-8")
    jsonl = work / "cal.jsonl"
    jsonl.write_text(json.dumps({"text": "Nos consommateurs \u00e9coutent.\n", "platform": "x"}) + "\n"
                     + json.dumps({"text": "\"Consommateur\" d'abord", "platform": "x"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    invoke(["check", csv, jsonl, "--select", "VL102", "--fix"], code=0)
    assert [p.source for p in documents.parse_file(csv)] == ['Un "client", un ami', "Nos clients"]
    assert [p.source for p in documents.parse_file(jsonl)] == ["Nos clients \u00e9coutent.\n",
                                                               "\"Client\" d'abord"]
    assert jsonl.read_text(encoding="utf-8").startswith('{"text": "Nos clients \\u00e9coutent.\\n"')


def test_overlapping_fixes_apply_the_first_only(tmp_path):
    pack = tmp_path / "Words"
    pack.mkdir()
    (pack / "Site.yml").write_text("extends: substitution\nmessage: \"'%s' not '%s'\"\n"
                                   "swap: {web site: website}\n", encoding="utf-8")
    (pack / "Page.yml").write_text("extends: substitution\nmessage: \"'%s' not '%s'\"\n"
                                   "swap: {site visitors: visitors}\n", encoding="utf-8")
    draft = tmp_path / "post.md"
    draft.write_text("Our web site visitors.\n", encoding="utf-8")
    result = run([draft], Options(rules=[str(pack)], select=["Words"], semantic=False))
    assert len(result.findings) == 2
    p = plan(result.findings)
    assert p.overlapping == 1 and p.files[0].new_text == "Our website visitors.\n"


def test_pluralize():
    assert [pluralize(w, "fr") for w in ("client", "journal", "bateau", "prix", "festival")] == \
        ["clients", "journaux", "bateaux", "prix", "festivals"]
    assert [pluralize(w, "en") for w in ("customer", "company", "box", "day")] == \
        ["customers", "companies", "boxes", "days"]


def test_installed_command_fixes(work):
    draft = work / "post.md"
    draft.write_text("Chaque consommateur compte.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "voicelint", "check", str(draft), "--select", "VL102",
                           "--fix"], capture_output=True, text=True, cwd=work, timeout=180, check=False)
    assert proc.returncode == 0, proc.stderr
    assert Path(draft).read_text(encoding="utf-8") == "Chaque client compte.\n"
