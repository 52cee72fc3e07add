"""strategy.indicators (how each objective is measured) and VL913."""
from __future__ import annotations

import pytest

from clihelpers import invoke_assert_code
from voicelint.inputs import profile as profile_mod
from voicelint.shared.errors import ProfileError


def test_indicators_accept_names_and_mappings():
    p = profile_mod.loads("name: A\nstrategy:\n  objectives: {a: primary, b: secondary}\n  indicators:\n"
                          "    a: délai de réponse\n    b:\n      - {name: partages, metric: shares, target: 5}\n")
    assert p.data["strategy"]["indicators"] == {
        "a": ["délai de réponse"], "b": [{"name": "partages", "metric": "shares", "target": "5"}]}


@pytest.mark.parametrize("text, line, column, words", [
    ("    a:\n      - {metric: likes}\n", 6, 9, "missing required key 'name'"),
    ("    a:\n      - {name: x, metric: clicks}\n", 6, 19, "did you mean 'likes'"),
    ("    a: [[1]]\n", 5, 9, "expected an indicator"),
])
def test_bad_indicator_is_a_located_error(text, line, column, words):
    with pytest.raises(ProfileError) as err:
        profile_mod.loads("name: A\nstrategy:\n  objectives: {a: primary}\n  indicators:\n" + text, "b.yaml")
    assert (err.value.line, err.value.column) == (line, column) and words in str(err.value)


def test_profile_check_flags_objective_without_indicator(tmp_path):
    p = tmp_path / "brand.yaml"
    p.write_text("name: A\nstrategy:\n  objectives:\n    service: primary\n    ventes: none\n", encoding="utf-8")
    r = invoke_assert_code(["profile", "check", p, "--fail-on", "warning"], code=1)
    assert "VL913" in r.stdout and "service" in r.stdout and "ventes" not in r.stdout.split("VL913")[0][-200:]
    p.write_text("name: A\nstrategy:\n  objectives:\n    service: primary\n  indicators:\n    service: [délai]\n",
                 encoding="utf-8")
    r = invoke_assert_code(["profile", "check", p, "--fail-on", "warning", "--format", "json"], code=0)
    assert "VL913" not in r.stdout
