"""Contract over the registry: every rule documents itself with examples that behave."""
from __future__ import annotations

import pytest

from voicelint import api
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.api import Options
from voicelint.engine.engine import Selection
from voicelint.engine.rules import builtin_rules

RULES = sorted(builtin_rules(), key=lambda r: (r.code, r.lang or ""))


def _marks(rule):
    return [pytest.mark.semantic] if "semantic" in rule.needs else []


def _run(rule, text: str):
    ex = rule.examples
    if getattr(rule.module, "SCOPE", "") == "profile":
        prof = profile_mod.loads(text, path="brand.yaml")
        return [f for f in api.profile_findings(prof, [rule], Selection()) if f.code == rule.code]
    prof = profile_mod.from_dict({"name": "Example", **(ex.get("profile") or {})})
    meta = {"platform": ex.get("platform"), "lang": rule.lang or (ex.get("profile") or {}).get("language")}
    texts = text if isinstance(text, list) else [text]
    posts = [documents.parse_string(t, name=f"example{i}.md", meta={k: v for k, v in meta.items() if v})
             for i, t in enumerate(texts)]
    opts = Options(profile=prof, select=[rule.code], semantic=True)
    return [f for f in api.run(posts, opts).findings if f.code == rule.code]


@pytest.mark.parametrize("rule", [pytest.param(r, id=f"{r.code}-{r.lang or 'all'}", marks=_marks(r)) for r in RULES])
def test_rule_documents_itself(rule):
    assert rule.description.strip(), "a rule needs a description"
    assert rule.message.strip()
    assert rule.examples.get("fail"), "a rule needs a failing example (examples.fail)"
    assert rule.examples.get("pass"), "a rule needs a passing example (examples.pass)"
    assert rule.code.startswith("VL") and len(rule.code) == 5


@pytest.mark.parametrize("rule", [pytest.param(r, id=f"{r.code}-{r.lang or 'all'}", marks=_marks(r)) for r in RULES])
def test_rule_examples_behave(rule):
    assert _run(rule, rule.examples["fail"]), f"{rule.code}: its failing example produced no finding"
    assert not _run(rule, rule.examples["pass"]), f"{rule.code}: its passing example produced a finding"


def test_codes_are_in_their_family():
    families = {"lexicon": "VL1", "address": "VL2", "shouting": "VL2", "length": "VL3", "links": "VL3",
                "profile": "VL9"}
    for r in RULES:
        if r.type in families:
            assert r.code.startswith(families[r.type]), r.code


def test_each_family_has_three_rules_in_each_language():
    for fam in ("VL1", "VL2", "VL3", "VL9"):
        for lang in ("fr", "en"):
            n = len({r.code for r in RULES if r.code.startswith(fam) and r.lang in (None, lang)})
            assert n >= 3, f"{fam}xx has {n} rules for {lang}"
