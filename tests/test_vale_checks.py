"""Vale-format rule packs: loading, notices, and each check type's semantics.

The fixture pack ``tests/fixtures/vale/styles/Acme`` has one small rule per Vale type (and two
unsupported types); ``styles/`` is laid out as a Vale StylesPath, with an accepted vocabulary.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.api import Options, load_rules, run
from voicelint.cli import cli
from voicelint.shared.errors import RuleError
from voicelint.engine.rules import load_pack

STYLES = Path(__file__).parent / "fixtures" / "vale" / "styles"
ACME = STYLES / "Acme"


def invoke_assert_code(args, code=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code} != {code}\n{result.stdout}\n{result.stderr}"
    return result


def lint(text: str, code: str | None = None, packs=(STYLES,), name: str | None = None):
    """Findings of the Acme pack on a Markdown text (only ``code`` when given)."""
    if name:
        from voicelint.inputs.documents import parse_string
        items = [parse_string(text, name=name)]
    else:
        items = [text]
    result = run(items, Options(rules=[str(p) for p in packs], select=[code or "Acme"], semantic=False))
    return result.findings


def where(findings):
    return [(f.line, f.column, f.end_column) for f in findings]


# -- loading ---------------------------------------------------------------------------------
def test_stylespath_loads_every_supported_rule_and_names_skipped_types_once():
    notices: list[str] = []
    rules = load_rules([STYLES, ACME, STYLES], notices)  # the same pack three ways: loaded once
    acme = sorted(r.code for r in rules if r.code.startswith("Acme."))
    assert acme == sorted(f"Acme.{p.stem}" for p in ACME.glob("*.yml") if p.stem != "Sections")
    skipped = [n for n in notices if "skipped" in n]
    assert skipped == ["Acme: 1 rule of type 'script' skipped, not supported by voicelint (Acme.Sections)"]


def test_unknown_type_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "Bad.yml").write_text("extends: existance\nmessage: x\ntokens: [a]\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_pack(tmp_path)
    assert "Bad.yml:1" in str(exc.value) and "did you mean 'existence'" in str(exc.value)


def test_go_only_regex_is_refused_with_the_file(tmp_path):
    (tmp_path / "Lazy.yml").write_text("extends: existence\nmessage: x\ntokens: ['(?U)a+']\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_pack(tmp_path)
    assert "Lazy.yml" in str(exc.value) and "(?U)" in str(exc.value)


def test_go_quoting_is_translated(tmp_path):
    (tmp_path / "Q.yml").write_text("extends: existence\nmessage: \"'%s'\"\nnonword: true\n"
                                    "tokens: ['\\Qa.b*\\E']\n", encoding="utf-8")
    found = lint("Type a.b* here, not axbb.", f"{tmp_path.name}.Q", packs=[tmp_path])
    assert [f.message for f in found] == ["'a.b*'"]


def test_unmapped_scope_is_read_as_text_with_one_notice(tmp_path):
    (tmp_path / "Fig.yml").write_text("extends: existence\nmessage: x\nscope: figure.caption\ntokens: [foo]\n",
                                      encoding="utf-8")
    result = run(["a foo b"], Options(rules=[str(tmp_path)], select=[tmp_path.name], semantic=False))
    assert len(result.findings) == 1
    assert sum("scope 'figure.caption' is read as the whole text" in n for n in result.notices) == 1


# -- existence -------------------------------------------------------------------------------
def test_existence_tokens_ignorecase_and_exceptions():
    found = lint("We LEVERAGE synergies.\n\nSee Leverage Labs for best-in-class work.\n", "Acme.Avoid")
    assert [f.message for f in found] == ["Avoid 'LEVERAGE'.", "Avoid 'synergies'.", "Avoid 'best-in-class'."]
    assert where(found)[0] == (1, 4, 12)


def test_existence_raw_is_put_before_tokens():
    found = lint("The report was written by Ana. It was late.", "Acme.Passive")
    assert [f.message for f in found] == ["'was written' looks like passive voice."]
    assert where(found) == [(1, 12, 23)]


def test_existence_heading_scope_and_action_fix():
    text = "# Our new range.\n\nA paragraph may end with a period.\n"
    found = lint(text, "Acme.HeadingPunctuation")
    assert where(found) == [(1, 15, 17)]
    assert found[0].fix == {"replacement": "e", "safe": False}


def test_negated_scope_excludes_headings(tmp_path):
    (tmp_path / "Brand.yml").write_text("extends: existence\nmessage: x\nscope: [text, ~heading]\n"
                                        "tokens: [Tandem]\n", encoding="utf-8")
    found = lint("# Tandem news\n\nTandem opens a shop.\n", f"{tmp_path.name}.Brand", packs=[tmp_path])
    assert where(found) == [(3, 1, 7)]


def test_accepted_vocabulary_of_the_stylespath_is_an_exception():
    found = lint("Meet AcmeCloud and FooBar.", "Acme.CamelCase")
    assert [f.message for f in found] == ["Write 'FooBar' as separate words."]


# -- substitution ----------------------------------------------------------------------------
def test_substitution_message_case_and_fix_safety():
    found = lint("Send an E-mail to Consumers on our web site.", "Acme.Terms")
    assert [f.message for f in found] == ["Use 'email' instead of 'E-mail'.",
                                          "Use 'customer' instead of 'Consumers'.",
                                          "Use 'website' instead of 'web site'."]
    assert [f.fix for f in found] == [{"replacement": "Email", "safe": True},
                                      {"replacement": "Customer", "safe": False},  # key was a pattern
                                      {"replacement": "website", "safe": True}]


def test_substitution_alternatives_are_listed_and_not_fixed():
    found = lint("Please log-in first. Then log in again.", "Acme.Terms")
    assert [f.message for f in found] == ["Use 'log in' or 'sign in' instead of 'log-in'."]
    assert found[0].fix is None


# -- occurrence ------------------------------------------------------------------------------
def test_occurrence_counts_per_sentence():
    short = "One two three four five. Six seven eight nine ten."
    long = "One two three four five six seven eight nine ten. Short one."
    assert lint(short, "Acme.SentenceLength") == []
    found = lint(long, "Acme.SentenceLength")
    # as Vale: at the first word of the sentence over the limit, not at the word past it
    assert len(found) == 1 and (found[0].column, found[0].end_column) == (1, 4)


# -- repetition ------------------------------------------------------------------------------
def test_repetition_alpha_and_fix():
    found = lint("It was the the best. I said it: it is 42 42 years.", "Acme.Repetition")
    assert [(f.message, f.column, f.end_column) for f in found] == [("'the' is repeated!", 8, 15)]
    assert found[0].fix == {"replacement": "the", "safe": False}


def test_repetition_within_a_sentence_only(tmp_path):
    (tmp_path / "Rep.yml").write_text("extends: repetition\nmessage: \"'%s' twice\"\nignorecase: true\n"
                                      "tokens: ['\\w+']\n", encoding="utf-8")
    found = lint("I forgot about that. That is it. It is so so good.", f"{tmp_path.name}.Rep", packs=[tmp_path])
    assert [(f.message, f.column) for f in found] == [("'so' twice", 40)]


# -- consistency -----------------------------------------------------------------------------
def test_consistency_in_a_post():
    assert lint("Our colour chart, in colour.", "Acme.Spelling") == []
    found = lint("Our colour chart. Pick a Color.", "Acme.Spelling")
    assert [(f.message, f.column) for f in found] == [("Inconsistent spelling of 'Color'.", 26)]


def test_consistency_is_per_file_in_a_calendar(tmp_path):
    cal = tmp_path / "cal.jsonl"
    cal.write_text(json.dumps({"text": "We organise a ride."}) + "\n"
                   + json.dumps({"text": "Then we organize another."}) + "\n", encoding="utf-8")
    found = lint_paths([cal], "Acme.Spelling")
    assert [(f.line, f.message) for f in found] == [(2, "Inconsistent spelling of 'organize'.")]


def lint_paths(paths, code):
    return run([str(p) for p in paths], Options(rules=[str(STYLES)], select=[code], semantic=False)).findings


# -- conditional -----------------------------------------------------------------------------
def test_conditional_needs_a_definition():
    found = lint("The WHO met ACME and the FAQ team. See the RSVP.", "Acme.Acronyms")
    assert [f.message for f in found] == ["'WHO' has no definition.", "'RSVP' has no definition."]
    assert lint("The World Health Organization (WHO) met. The WHO agreed.", "Acme.Acronyms") == []


# -- capitalization --------------------------------------------------------------------------
def test_capitalization_sentence_case_headings():
    text = "## Getting Started With The Shop\n\n## Getting started in Paris\n\n## Note: Read this first\n"
    found = lint(text, "Acme.Headings")
    assert [f.line for f in found] == [1]
    assert found[0].message == "'Getting Started With The Shop' should use sentence-style capitalization."
    assert found[0].fix == {"replacement": "Getting started with the shop", "safe": False}
    assert [f.line for f in lint("## getting started\n", "Acme.Headings")] == [1]


def test_capitalization_title_case_chicago_on_h1_only():
    found = lint("# A guide to the city of lights\n\n## a small heading\n", "Acme.TitleCase")
    assert [f.line for f in found] == [1]
    assert found[0].fix["replacement"] == "A Guide to the City of Lights"
    assert lint("# A Guide to the City of Lights\n", "Acme.TitleCase") == []


# -- metric ----------------------------------------------------------------------------------
def test_metric_formula_and_condition():
    long = ("This sentence keeps going with many more words than anyone would like to read today. "
            "And this one also runs on for a long while without any real stop in sight.")
    found = lint(long, "Acme.Wordy")
    assert len(found) == 1 and found[0].message.startswith("15.50 words per sentence")
    assert lint("Short one. Another short one.", "Acme.Wordy") == []


# -- the command line ------------------------------------------------------------------------
def test_cli_reports_pack_codes_and_prints_notices_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "voicelint.yaml").write_text(f"rules: [{STYLES}]\n", encoding="utf-8")
    draft = tmp_path / "post.md"
    draft.write_text("We leverage synergies.\n", encoding="utf-8")
    r = invoke_assert_code(["check", draft, "--no-semantic", "--rules", STYLES, "--select", "Acme",
                            "--format", "json"], code=1)
    codes = [f["code"] for f in json.loads(r.stdout)]
    assert codes.count("Acme.Avoid") == 2 and "Acme.We" in codes
    assert r.stderr.count("of type 'script' skipped") == 1


def test_cli_bad_rule_exits_2_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "Mine"
    pack.mkdir()
    (pack / "Swap.yml").write_text("extends: substitution\nmessage: x\nswap: [a, b]\n", encoding="utf-8")
    draft = tmp_path / "post.md"
    draft.write_text("Hello.\n", encoding="utf-8")
    r = invoke_assert_code(["check", draft, "--no-semantic", "--rules", pack], code=2)
    assert "Swap.yml" in r.stderr and "swap" in r.stderr and "Traceback" not in r.stderr


def test_installed_command_runs_a_vale_pack(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("# Getting Started With Acme\n\nWe leverage it.\n", encoding="utf-8")
    (tmp_path / "voicelint.yaml").write_text("semantic: false\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "voicelint", "check", str(draft), "--rules", str(STYLES),
                           "--select", "Acme", "--format", "json"], capture_output=True, text=True, check=False,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    codes = {f["code"] for f in json.loads(proc.stdout)}
    assert {"Acme.Avoid", "Acme.Headings", "Acme.We"} <= codes
