"""Profile loading and validation: file:line:column, key path, expectation, did-you-mean."""
from __future__ import annotations

from pathlib import Path

import pytest

from voicelint.inputs import profile as profile_mod
from voicelint.shared.errors import ProfileError

ROOT = Path(__file__).resolve().parents[1]


def load_text(tmp_path, text):
    p = tmp_path / "brand.yaml"
    p.write_text(text, encoding="utf-8")
    return profile_mod.load(p)


@pytest.mark.parametrize("text,fragment,line,col", [
    ("name: A\nlanguge: fr\n", "unknown key 'languge' (did you mean 'language'?)", 2, 1),
    ("name: A\nlanguage: de\n", "expected one of fr, en, got 'de'", 2, 1),
    ("name: A\nvoice:\n  formality: 2\n", "between 0 and 1", 3, 3),
    ("name: A\nvoice:\n  adress: vous\n", "did you mean 'address'", 3, 3),
    ("name: A\npillars:\n  - description: x\n", "missing required key 'id'", 3, 5),
    ("name: A\npillars: craft\n", "expected a list", 2, 1),
    ("language: fr\n", "missing required key 'name'", 1, 1),
    ("name: A\nplatforms:\n  twitter: {max_chars: many}\n", "expected a whole number", 3, 13),
    ("name: A\nstrategy:\n  objectives: {ventes: main}\n", "primary, secondary, none", 3, 16),
    ("name: [A\n", "invalid YAML", 2, 1),
    ("- a\n- b\n", "expected a mapping at the top level", 1, None),
    ("", "empty profile", 1, None),
    ("name: A\nname: B\n", "duplicate key 'name'", 2, 1),
    ("name: !!python/object:os.system echo\n", "invalid", 1, 7),
])
def test_errors_point_at_the_key(tmp_path, text, fragment, line, col):
    with pytest.raises(ProfileError) as exc:
        load_text(tmp_path, text)
    msg = str(exc.value)
    assert fragment in msg
    assert msg.startswith(str(tmp_path / "brand.yaml"))
    assert exc.value.line == line
    if col is not None:
        assert exc.value.column == col
    assert "\n" not in msg


def test_key_path_in_message(tmp_path):
    with pytest.raises(ProfileError, match=r"voice\.emoji\.max: expected a whole number"):
        load_text(tmp_path, "name: A\nvoice:\n  emoji: {max: lots}\n")


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ProfileError, match="alias bomb"):
        load_text(tmp_path, "\n".join(lines) + "\n")


def test_missing_file(tmp_path):
    with pytest.raises(ProfileError, match="file not found"):
        profile_mod.load(tmp_path / "nope.yaml")


def test_platform_defaults_and_overrides():
    prof = profile_mod.from_dict({"name": "A", "platforms": {"x": {"hashtags": {"max": 1}}}})
    tw = prof.platform("twitter")
    assert tw["max_chars"] == 280 and tw["hashtags"]["max"] == 1
    assert prof.platform("instagram")["links"] == "none"


def test_an_alias_and_its_platform_are_one_platform():
    """`x:` and `twitter:` in one profile (a team's `x:`, and `profile learn` writing a learned
    limit under `twitter:`): the later replaced the earlier, and the team's hashtag limit was gone."""
    prof = profile_mod.from_dict({"name": "A", "platforms": {"x": {"hashtags": {"max": 3}, "emoji": {"max": 1}},
                                                             "twitter": {"mentions": {"max": 4}, "emoji": {"max": 2}}}})
    tw = prof.platform("twitter")
    assert tw["hashtags"]["max"] == 3 and tw["mentions"]["max"] == 4 and tw["emoji"]["max"] == 2


@pytest.mark.parametrize("name", ["maison-lumen", "tandem-cycles"])
def test_bundled_profiles_load(name):
    prof = profile_mod.load(ROOT / "brand_profiles" / f"{name}.yaml")
    assert prof.id == name and prof.has_strategy
    assert len(prof.voice["examples"]) >= 10


def test_examples_from_folder_and_calendar(tmp_path):
    (tmp_path / "approved").mkdir()
    (tmp_path / "approved" / "a.md").write_text("Bonjour à tous.", encoding="utf-8")
    (tmp_path / "approved" / "b.jsonl").write_text('{"text": "Un"}\n{"text": "Deux"}\n', encoding="utf-8")
    prof = load_text(tmp_path, "name: A\nvoice:\n  examples: [Zéro]\n  examples_from: approved\n")
    assert prof.examples("voice") == ["Zéro", "Bonjour à tous.", "Un", "Deux"]
