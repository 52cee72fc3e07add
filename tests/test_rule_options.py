"""Typed rule options (issue 19): each check type declares its options' types and defaults, a
rule's options are checked once when its file loads (file:line errors), read weakly as Vale
reads them, and the type says whether its finding judges the whole post."""
from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

from voicelint.integrations.action import post_level_codes
from voicelint.checks import registry
from voicelint.checks.options import convert
from voicelint.cli import cli
from voicelint.shared.errors import RuleError
from voicelint.engine.rules import load_pack

KINDS = {bool, int, float, str, list, dict, object}


def _modules():
    return [importlib.import_module(f"voicelint.checks.{m}") for m in registry.CHECK_TYPES.values()]


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.TYPE)
def test_every_type_declares_typed_options_and_defaults(module):
    assert not hasattr(module, "compile"), "compile shadows the builtin: configure(rule)"
    assert callable(module.configure)
    declared = module.OPTIONS
    for name, kind in declared.items():
        kinds = kind if isinstance(kind, tuple) else (kind,)
        assert kinds and set(kinds) <= KINDS, f"{module.TYPE}.{name}: {kind!r}"
    defaults = getattr(module, "DEFAULTS", {})
    assert set(defaults) <= set(declared), set(defaults) - set(declared)
    for name, value in defaults.items():  # a default is a value of its own type
        assert convert(name, declared[name], value) == value


def _pack(tmp_path, name: str, text: str):
    pack = tmp_path / "Ours"
    pack.mkdir(exist_ok=True)
    (pack / f"{name}.yml").write_text(text, encoding="utf-8")
    return pack


@pytest.mark.parametrize("text, line, fragment", [
    ("extends: occurrence\nmessage: x\ntoken: '#'\nmax: lots\n", 4, "expected 'max' to be a whole number, got 'lots'"),
    ("extends: existence\nmessage: x\nignorecase: maybe\ntokens: [a]\n", 3,
     "expected 'ignorecase' to be true or false, got 'maybe'"),
    ("extends: substitution\nmessage: x\nswap: [a, b]\n", 3, "expected 'swap' to be a mapping"),
    ("extends: readability\nmessage: x\nmetrics: [SMOG]\ngrade: {high: 8}\n", 4, "expected 'grade' to be a number"),
    ("extends: shouting\nmessage: x\nmin_words: 2.5\n", 3, "expected 'min_words' to be a whole number, got 2.5"),
])
def test_an_option_of_the_wrong_type_names_file_and_line(tmp_path, text, line, fragment):
    pack = _pack(tmp_path, "Bad", text)
    with pytest.raises(RuleError) as exc:
        load_pack(pack)
    err = exc.value
    assert err.path.endswith("Bad.yml") and err.line == line, (err.path, err.line)
    assert fragment in err.message


def test_the_cli_refuses_it_in_one_line_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = _pack(tmp_path, "Count", "extends: occurrence\nmessage: x\ntoken: '#'\nmax: [3]\n")
    (tmp_path / "post.md").write_text("Hello #a #b.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["check", "post.md", "--no-semantic", "--rules", str(pack)])
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "Count.yml:4" in lines[0] and "'max' to be a whole number" in lines[0]
    assert "Traceback" not in r.output + r.stderr


def test_values_are_read_weakly_as_vale_reads_them(tmp_path):
    pack = _pack(tmp_path, "Tags", "extends: occurrence\nmessage: x\ntoken: '#'\nmax: '2'\nignorecase: 'true'\n")
    _pack(tmp_path, "Todo", "extends: existence\nmessage: x\ntokens: TODO\n")
    rules = {r.code: r for r in load_pack(pack)}
    assert rules["Ours.Tags"].options["max"] == 2 and rules["Ours.Tags"].options["ignorecase"] is True
    assert rules["Ours.Todo"].options["tokens"] == ["TODO"]  # one value is a list of one


def test_defaults_fill_the_options_a_rule_leaves_out(tmp_path):
    pack = _pack(tmp_path, "Loud", "extends: shouting\nmessage: x\nmin_words: 3\n")
    (rule,) = load_pack(pack)
    shouting = registry.module("shouting")
    assert rule.options == {**{k: None for k in shouting.OPTIONS}, **shouting.DEFAULTS, "min_words": 3}
    assert rule.compiled.min_words == 3 and rule.compiled.long_word == shouting.DEFAULTS["long_word"]


def test_the_check_type_says_whether_it_judges_the_whole_post(tmp_path):
    pack = _pack(tmp_path, "Grade", "extends: readability\nmessage: x\nmetrics: [SMOG]\ngrade: 8\n")
    _pack(tmp_path, "Todo", "extends: existence\nmessage: x\ntokens: [TODO]\n")
    _pack(tmp_path, "Tags", "extends: occurrence\nmessage: x\ntoken: '#'\nmax: 2\n")
    rules = load_pack(pack)
    assert post_level_codes(rules) == {"Ours.Grade", "Ours.Tags"}
    assert {r.code for r in rules if r.post_level} == {"Ours.Grade", "Ours.Tags"}
