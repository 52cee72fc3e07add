"""yamlutil reads small documents with libyaml's parser when PyYAML has it: the values and
the places (line, column of every key path) must be those of the Python parser, and errors
keep the Python parser's messages."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voicelint.inputs import yamlutil
from voicelint.shared.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(yamlutil._CSafeLoader is None, reason="PyYAML without libyaml")


def _both(text: str, monkeypatch):
    fast = yamlutil.load_yaml_text(text, "x.yaml")
    with monkeypatch.context() as m:
        m.setattr(yamlutil, "_CSafeLoader", None)
        slow = yamlutil.load_yaml_text(text, "x.yaml")
    return fast, slow


@needs_c
def test_every_yaml_file_of_the_repo_reads_the_same(monkeypatch):
    files = [p for d in ("rules", "brand_profiles", "tests") for p in (ROOT / d).rglob("*.y*ml")]
    files.append(ROOT / "voicelint.yaml")
    assert len(files) > 60
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        try:
            fast, slow = _both(text, monkeypatch)
        except UserError:
            continue  # fixtures that are meant to be invalid: see below
        assert fast.data == slow.data, path
        assert fast.marks == slow.marks, path


@needs_c
@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, y]\nc:\n  d: 'q'\n  e: \"\\u00e9\"\n",
    "- un\n- deux: 2\n  trois: [1, {a: b}]\n",
    "name: Maison\nvoice:\n  examples:\n    - |\n      bloc\n      texte\n    - >\n      plié\n",
    "t: 2024-05-01\nn: ~\nf: 1.5e3\nb: yes\n",
])
def test_values_and_places_agree(text, monkeypatch):
    fast, slow = _both(text, monkeypatch)
    assert fast.data == slow.data and fast.marks == slow.marks


@needs_c
@pytest.mark.parametrize("text", ["a: \"\\ud800\"\n", "a: [1, 2\n", "a: b\n a: c\n", "a: 1\na: 2\n",
                                  "x: !!python/object/apply:os.system ['true']\n", "a: *nope\n"])
def test_errors_are_the_python_parsers(text, monkeypatch):
    def message(t):
        try:
            yamlutil.load_yaml_text(t, "x.yaml")
        except UserError as exc:
            return str(exc)
        return None
    fast = message(text)
    with monkeypatch.context() as m:
        m.setattr(yamlutil, "_CSafeLoader", None)
        slow = message(text)
    assert fast is not None and fast == slow


def test_deep_nesting_still_refused_with_a_place():
    with pytest.raises(UserError, match="nesting is too deep"):
        yamlutil.load_yaml_text("[" * 5000 + "]" * 5000, "x.yaml")
    with pytest.raises(UserError, match="nesting is too deep"):
        yamlutil.load_yaml_text("a: " + "[" * 150 + "]" * 150 + "\n", "x.yaml")


def test_libyaml_is_used_when_present():
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml")
    assert yamlutil._CSafeLoader is yaml.CSafeLoader
