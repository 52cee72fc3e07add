"""The command line: exit codes, formats, selection, errors as one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code

ROOT = Path(__file__).resolve().parents[1]
FR = ROOT / "brand_profiles" / "maison-lumen.yaml"
FIELDS = {"path", "line", "column", "end_line", "end_column", "code", "severity", "message", "platform", "brand"}


@pytest.fixture
def drafts(tmp_path):
    d = tmp_path / "drafts" / "instagram"
    d.mkdir(parents=True)
    (d / "bad.md").write_text("---\nauthor: kevin\n---\nNos bougies pas cher sont garanties.\n", encoding="utf-8")
    (d / "ok.md").write_text("Le soir, nous allumons une bougie avant de lire.\n", encoding="utf-8")
    return tmp_path / "drafts"


def test_json_fields_and_positions(drafts):
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--format", "json",
                            "--select", "VL1"], code=1)
    data = json.loads(r.stdout)
    assert data and all(FIELDS <= set(f) for f in data)
    got = {(Path(f["path"]).name, f["line"], f["column"], f["code"]) for f in data}
    assert ("bad.md", 4, 13, "VL101") in got and ("bad.md", 4, 27, "VL104") in got
    assert all(f["platform"] == "instagram" and f["brand"] == "maison-lumen" for f in data)


def test_fail_on_and_ignore(drafts):
    invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--ignore", "VL101,VL104"], code=0)
    invoke_assert_code(["check", drafts / "instagram" / "ok.md", "--profile", FR, "--no-semantic",
                        "--fail-on", "info"], code=0)
    invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--fail-on", "info"], code=1)


def test_select_and_severity_from_config(drafts, tmp_path, monkeypatch):
    cfg = tmp_path / "voicelint.yaml"
    cfg.write_text(f"profile: {FR}\nselect: [VL104]\nseverity: {{VL104: warning}}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["check", drafts, "--no-semantic", "--format", "json"], code=0)
    data = json.loads(r.stdout)
    assert {f["code"] for f in data} == {"VL104"} and {f["severity"] for f in data} == {"warning"}
    invoke_assert_code(["check", drafts, "--no-semantic", "--fail-on", "warning"], code=1)


def test_github_format_is_automatic(drafts):
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--select", "VL101"], code=1,
                           env={"GITHUB_ACTIONS": "true"})
    line = r.stdout.strip().splitlines()[0]
    assert line.startswith("::error file=") and ",line=4,col=13," in line and "title=VL101::" in line


def test_text_format_groups_by_file(drafts):
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--select", "VL1"], code=1)
    assert "bad.md" in r.stdout and "4:13" in r.stdout and "VL101" in r.stdout
    assert "error" in r.stdout.splitlines()[-1]


def test_output_file_is_written(drafts, tmp_path):
    out = tmp_path / "report.json"
    invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--format", "json", "--output", out], code=1)
    assert json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args,fragment", [
    (["check", "nope/"], "no such file or directory"),
    (["check", "{drafts}", "--profile", "missing.yaml"], "missing.yaml: file not found"),
    (["explain", "VL999"], "unknown rule code 'VL999'"),
    (["profile", "check", "{bad_profile}"], "unknown key 'languge'"),
    (["check", "{binary}", "--no-semantic"], "binary file"),
])
def test_user_errors_exit_2_in_one_line(drafts, tmp_path, args, fragment):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: A\nlanguge: fr\n", encoding="utf-8")
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\x00\x01")
    args = [a.format(drafts=drafts, bad_profile=bad, binary=binary) for a in args]
    r = invoke_assert_code(args, code=2)
    err = r.stderr.strip()
    assert fragment in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_output_not_written_on_error(tmp_path):
    out = tmp_path / "report.json"
    invoke_assert_code(["check", tmp_path / "nope", "--output", out], code=2)
    assert not out.exists()


def test_rules_and_explain():
    r = invoke_assert_code(["rules"])
    assert "VL101" in r.stdout and "VL901" in r.stdout
    r = invoke_assert_code(["explain", "VL104"])
    assert "Fails:" in r.stdout and "Passes:" in r.stdout and "garanti" in r.stdout
    # a short profile on one line; a whole strategy as it is written, one key a line
    assert "  {language: fr, lexicon: {preferred: {consommateur: client}}}" in invoke_assert_code(
        ["explain", "VL102"]).stdout
    lines = invoke_assert_code(["explain", "VL405"]).stdout.splitlines()
    assert "  pillars:" in lines and "  - id: baking" in lines and not any(ln.startswith("  {") for ln in lines)


def test_profile_check_reports_vl9(tmp_path):
    p = tmp_path / "brand.yaml"
    p.write_text("name: A\nstrategy:\n  objectives: {a: primary, b: primary}\n", encoding="utf-8")
    r = invoke_assert_code(["profile", "check", p, "--fail-on", "warning"], code=1)
    assert "VL902" in r.stdout and "VL901" in r.stdout
    assert r.stdout.rstrip().endswith(f"in the profile {p}")    # not "in 0 files (0 posts checked)"
    invoke_assert_code(["profile", "check", FR], code=0)


def test_profile_check_without_a_file_checks_the_configured_profiles(tmp_path, monkeypatch):
    (tmp_path / "brand_profiles").mkdir()
    (tmp_path / "brand_profiles" / "a.yaml").write_text(
        "name: A\nstrategy:\n  objectives: {a: primary, b: primary}\n", encoding="utf-8")
    (tmp_path / "brand_profiles" / "b.yaml").write_text("name: B\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path / "drafts")
    r = invoke_assert_code(["profile", "check"], code=2)          # no config: says what to give
    assert "give a profile FILE" in r.stderr and "voicelint.yaml" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "voicelint.yaml").write_text("profiles: [brand_profiles/a.yaml, brand_profiles/b.yaml]\n",
                                             encoding="utf-8")
    r = invoke_assert_code(["profile", "check", "--fail-on", "warning"], code=1)   # found upwards
    assert "VL902" in r.stdout and "in the profiles " in r.stdout
    assert r.stdout.rstrip().endswith("brand_profiles/b.yaml") and "brand_profiles/a.yaml, " in r.stdout
    (tmp_path / "voicelint.yaml").write_text("fail_on: error\n", encoding="utf-8")
    r = invoke_assert_code(["profile", "check"], code=2)
    assert "voicelint.yaml names no profile" in r.stderr


@pytest.mark.slow
@pytest.mark.repo_cwd  # README command 1, from the repository root: its voicelint.yaml applies
def test_installed_command_runs_the_bundled_example():
    env = {**os.environ, "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "voicelint", "check", "examples/drafts", "--no-semantic"],
                       cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 1, r.stderr
    for code in ("VL101", "VL104", "VL201", "VL301", "VL302"):
        assert code in r.stdout


def test_a_clean_run_counts_its_posts_not_zero_files(drafts):
    r = invoke_assert_code(["check", drafts / "instagram" / "ok.md", "--profile", FR, "--no-semantic",
                            "--select", "VL1"], code=0)
    assert r.stdout.rstrip().endswith("0 errors, 0 warnings, 0 info (1 post checked)"), r.stdout


# --- a typo in a rule code is refused, never a silent green tick --------------------------------
@pytest.mark.parametrize("args,fragment", [
    (["--select", "VL2O1"], "--select: unknown rule code 'VL2O1' (did you mean 'VL201'?)"),
    (["--select", "VL299"], "--select: unknown rule code 'VL299' (did you mean 'VL209'?)"),
    (["--ignore", "VL1,VL99"], "--ignore: unknown rule code 'VL99'"),
    (["--select", "201"], "unknown rule code '201' (did you mean 'VL201'?)"),
])
def test_an_unknown_code_on_the_command_line_exits_2(drafts, args, fragment):
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", *args], code=2)
    err = r.stderr.strip()
    assert fragment in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_codes_in_any_case_and_families_still_select(drafts):
    # lower case is the same code (vl101 is VL101): a user who types it means it
    for sel in ("vl101", "VL1", "vl1", "VL10"):
        r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--format", "json",
                                "--select", sel], code=1)
        assert "VL101" in {f["code"] for f in json.loads(r.stdout)}, sel
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--format", "json",
                            "--select", "VL1", "--ignore", "vl104"], code=1)
    assert "VL104" not in {f["code"] for f in json.loads(r.stdout)}


def test_an_unknown_code_in_the_config_names_its_line(drafts, tmp_path, monkeypatch):
    cfg = tmp_path / "voicelint.yaml"
    cfg.write_text(f"profile: {FR}\nselect:\n  - VL1\n  - VL2O1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["check", drafts, "--no-semantic"], code=2)
    assert "voicelint.yaml:4:5: select: unknown rule code 'VL2O1' (did you mean 'VL201'?)" in r.stderr
    cfg.write_text(f"profile: {FR}\nseverity: {{VL99: warning}}\n", encoding="utf-8")
    assert "voicelint.yaml:2:12: severity: unknown rule code 'VL99'" in invoke_assert_code(
        ["check", drafts, "--no-semantic"], code=2).stderr


def test_an_unknown_code_in_the_profile_is_refused_by_check_and_profile_check(drafts, tmp_path):
    p = tmp_path / "sel.yaml"
    p.write_text("name: B\nlanguage: fr\nlexicon:\n  claims: {forbidden: [garanti]}\nrules:\n  select: [VL2O1]\n",
                 encoding="utf-8")
    for args in (["check", drafts, "--profile", p, "--no-semantic"], ["profile", "check", p]):
        err = invoke_assert_code(args, code=2).stderr.strip()
        assert "sel.yaml:6:12: rules.select: unknown rule code 'VL2O1' (did you mean 'VL201'?)" in err, err
        assert len(err.splitlines()) == 1
    p.write_text("name: B\nlanguage: fr\nrules:\n  ignore: [VL203]\n  severity: {vl2o2: info}\n", encoding="utf-8")
    assert "sel.yaml:5:14: rules.severity: unknown rule code 'vl2o2' (did you mean 'VL202'?)" in invoke_assert_code(
        ["profile", "check", p], code=2).stderr


def test_the_profiles_own_select_does_not_hide_what_is_wrong_with_it(tmp_path):
    p = tmp_path / "brand.yaml"
    p.write_text("name: A\nstrategy:\n  objectives: {a: primary, b: primary}\nrules:\n  select: [VL2]\n",
                 encoding="utf-8")
    r = invoke_assert_code(["profile", "check", p, "--fail-on", "warning"], code=1)
    assert "VL902" in r.stdout
    p.write_text("name: A\nstrategy:\n  objectives: {a: primary, b: primary}\nrules:\n  ignore: [VL902]\n",
                 encoding="utf-8")
    assert "VL902" not in invoke_assert_code(["profile", "check", p]).stdout   # its ignore holds


def test_a_pack_code_whose_pack_is_not_loaded_is_kept_with_a_note(drafts):
    r = invoke_assert_code(["check", drafts, "--profile", FR, "--no-semantic", "--select", "Microsoft.We"])
    assert "select names Microsoft.We, of no rule pack this run loads" in r.stderr


# --- notices: where they show -----------------------------------------------------------------
def test_github_format_emits_the_notices(drafts, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)     # no voicelint.yaml here or above: no profile
    r = invoke_assert_code(["check", drafts / "instagram" / "ok.md", "--no-semantic", "--format", "github"])
    notes = [ln for ln in r.stdout.splitlines() if ln.startswith("::notice title=voicelint::")]
    assert notes and notes[0].startswith("::notice title=voicelint::no brand profile")
    assert all("\n" not in n and "%0A" not in n for n in notes)
    from voicelint.outputs import formatters
    out = formatters.render("github", [], ["50% done\nline two"])
    assert out == "::notice title=voicelint::50%25 done%0Aline two\n"


def test_github_format_annotates_a_notice_about_one_file_on_its_line(tmp_path, monkeypatch):
    """A front-matter key typo was a run-level ``::notice title=voicelint::drafts/a.md:2: ...``:
    GitHub showed it on no file, so a pull request's reviewer never saw it beside the draft."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text("---\nplatfrom: linkedin\n---\nNous accueillons Camille.\n",
                                              encoding="utf-8")
    r = invoke_assert_code(["check", "drafts", "--no-semantic", "--format", "github"])
    assert ("::notice file=drafts/a.md,line=2,title=voicelint::unknown front-matter key 'platfrom' ignored "
            "(did you mean 'platform'?)") in r.stdout.splitlines()
    from voicelint.outputs import formatters
    out = formatters.render("github", [], ["a b.zip!data/tweets.js:3: x", "VL504 could not judge: 2026-01: y",
                                           "my drafts/c.md:4:7: z"])
    assert out.splitlines() == ["::notice title=voicelint::a b.zip!data/tweets.js:3: x",   # no file to annotate
                                "::notice title=voicelint::VL504 could not judge: 2026-01: y",
                                "::notice file=my drafts/c.md,line=4,col=7,title=voicelint::z"]


def test_without_a_profile_that_is_said_first_and_in_the_summary(drafts, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["check", drafts, "--no-semantic"])
    first = r.stderr.splitlines()[0]
    assert first.startswith("voicelint: note: no brand profile") and "does not mean on brand" in first
    assert r.stdout.rstrip().endswith("(2 posts checked, generic rules only: no brand profile)")


def test_no_drafts_found_names_where_it_looked(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.png").write_bytes(b"\x89PNG")
    r = invoke_assert_code(["check", tmp_path / "empty", tmp_path / "pics"], code=2)
    assert f"no drafts found in {tmp_path / 'empty'}/, {tmp_path / 'pics'}/ (expected .md" in r.stderr


def test_drafts_on_a_platform_the_profile_does_not_declare_get_one_note(tmp_path):
    prof = tmp_path / "brand.yaml"
    prof.write_text("name: B\nlanguage: fr\nplatforms:\n  instagram: {max_chars: 2200}\n  linkedin: {}\n",
                    encoding="utf-8")
    for name, plat in (("a.md", "facebook"), ("b.md", "facebook"), ("c.md", "instagram")):
        (tmp_path / name).write_text(f"---\nplatform: {plat}\n---\nLe levain a passé la nuit au chaud.\n",
                                     encoding="utf-8")
    r = invoke_assert_code(["check", tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md", "--profile", prof,
                            "--no-semantic"])
    notes = [ln for ln in r.stderr.splitlines() if "declares no settings" in ln]
    assert notes == ["voicelint: note: drafts on facebook (2): the profile brand declares no settings for "
                     "it (platforms: instagram, linkedin); the platform's generic limits apply"]


def test_vl915_is_not_shown_when_vl402_does_not_run(tmp_path):
    prof = tmp_path / "brand.yaml"
    prof.write_text("name: B\nlanguage: fr\noff_strategy:\n  - {id: sport, description: Le foot, "
                    "examples: ['Allez les bleus']}\n", encoding="utf-8")
    post = tmp_path / "a.md"
    post.write_text("Le levain a passé la nuit au chaud.\n", encoding="utf-8")
    assert "VL915" in invoke_assert_code(["profile", "check", prof]).stdout
    assert "VL915" not in invoke_assert_code(["check", post, "--profile", prof, "--no-semantic"]).stdout
