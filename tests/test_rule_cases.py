"""Rule tests are data: tests/rule_cases/<CODE>.yml, one file of pass/fail cases per rule.

Each file: ``rule`` (code), optional ``profile`` (mapping, profile format) and ``lang``/
``platform`` defaults, and ``cases``: name -> {text, platform, lang, profile, expect}; a case's ``profile`` replaces the file's.
``expect`` is a list of {line, column} (or {line, column, count}) for the rule's findings; an
empty list (or none) means the case must pass. Test ids read ``VL101_fail_banned_lemma`` so
``pytest -k VL101`` runs one rule. For VL9xx rules, ``profile_text`` is a profile file's text.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voicelint import api
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.api import Options
from voicelint.engine.engine import Selection
from voicelint.engine.rules import builtin_rules

CASES_DIR = Path(__file__).parent / "rule_cases"


def _load_cases():
    out = []
    for f in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for name, case in (data.get("cases") or {}).items():
            out.append(pytest.param(data, name, case, id=f"{data['rule']}_{name}",
                                    marks=[pytest.mark.semantic] if data.get("semantic") else []))
    return out


def _findings(data, case):
    code = data["rule"]
    if "profile_text" in case:
        prof = profile_mod.loads(case["profile_text"], path="brand.yaml")
        return [f for f in api.profile_findings(prof, builtin_rules(), Selection()) if f.code == code]
    prof = {"name": "Test brand", **(case["profile"] if "profile" in case else data.get("profile") or {})}
    meta = {k: case.get(k, data.get(k)) for k in ("platform", "lang", "author", "campaign", "date")}
    meta = {k: v for k, v in meta.items() if v}
    texts = case["texts"] if "texts" in case else [case["text"]]
    posts = [documents.parse_string(t, name=f"case{i}.md", meta=meta) for i, t in enumerate(texts)]
    opts = Options(profile=profile_mod.from_dict(prof), select=[code],
                   semantic=bool(data.get("semantic")))
    return [f for f in api.run(posts, opts).findings if f.code == code]


@pytest.mark.parametrize("data,name,case", _load_cases())
def test_rule_case(data, name, case):
    found = _findings(data, case)
    expect = case.get("expect") or []
    got = [(f.line, f.column) for f in found]
    want = [(e["line"], e["column"]) for e in expect]
    assert got == want, f"{name}: expected {want}, got {got}: {[f.message for f in found]}"


def test_every_builtin_rule_has_cases():
    have = {yaml.safe_load(f.read_text(encoding="utf-8"))["rule"] for f in CASES_DIR.glob("*.yml")}
    codes = {r.code for r in builtin_rules()}
    missing = sorted(codes - have)
    assert not missing, f"rules without a tests/rule_cases file: {missing}"
