"""``--format sarif`` is valid against the OASIS SARIF 2.1.0 JSON schema (README: "SARIF (2.1.0,
validated against the OASIS schema)").

The schema is a test fixture, unmodified, with its OASIS notice: tests/fixtures/sarif/.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint.findings import Finding
from voicelint.outputs.formatters.sarif import SarifFormatter

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_PATH = Path(__file__).parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
PROFILE = """\
name: Savonnerie Test
language: fr
lexicon:
  banned: [consommateur]
  preferred: {consommateur: client}
  claims:
    forbidden: ["garanti", "le meilleur"]
platforms:
  twitter: {hashtags: {max: 1}}
"""
DRAFTS = {
    "drafts/linkedin/promo.md": "---\nplatform: linkedin\n---\nNotre savon est le meilleur du marché.\n\n"
                                "Résultat garanti pour chaque consommateur.\n",
    "drafts/dossier été/post 1.md": "Un consommateur heureux, c'est garanti.\n",
    "drafts/calendar.csv": "platform,text\ntwitter,Savon garanti #bio #lyon #mains\n",
    "drafts/ok.md": "Nous fabriquons nos savons à Lyon.\n",
}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_fixture_is_the_oasis_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert (SCHEMA_PATH.parent / "NOTICE.md").read_text(encoding="utf-8").count("OASIS") > 3


def test_the_validator_refuses_what_the_schema_forbids(validator):
    # so the test below cannot pass by validating nothing
    assert errors(validator, {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # no name
    assert errors(validator, {"version": "2.0.0", "runs": []})
    assert errors(validator, {"version": "2.1.0", "runs": [], "surprise": 1})


def test_check_output_is_valid_sarif(validator, tmp_path, monkeypatch):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    for rel, text in DRAFTS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = invoke_assert_code(["check", "drafts", "--profile", "brand.yaml", "--no-semantic",
                              "--format", "sarif"], code=1).stdout
    doc = json.loads(out)
    results = doc["runs"][0]["results"]
    # what the document holds: errors, warnings, a fix, a calendar row, a path to encode, VL9xx
    assert {"VL101", "VL102", "VL104", "VL302"} <= {r["ruleId"] for r in results}
    assert any("fixes" in r for r in results)
    assert errors(validator, doc) == []
    clean = invoke_assert_code(["check", "drafts/ok.md", "--profile", "brand.yaml", "--no-semantic",
                                "--format", "sarif", "--select", "VL1"], code=0).stdout
    assert json.loads(clean)["runs"][0]["results"] == []
    assert errors(validator, json.loads(clean)) == []


def test_semantic_fields_notices_and_outside_paths_are_valid_sarif(validator, tmp_path):
    findings = [
        Finding("post.md", 2, 1, 2, 9, "VL401", "warning", "Off strategy (0.21 < 0.35).",
                platform="instagram", brand="acme", score=0.2123, threshold=0.35,
                evidence={"nearest_pillar": {"id": "atelier", "similarity": 0.21}}),
        Finding("Acme/long post.md", 1, 1, 1, 4, "Acme.Hype", "info", "Too much hype."),
        Finding(str(tmp_path.parent / "elsewhere.md"), 1, 1, 1, 5, "VL101", "error", "m"),
    ]
    buf = io.StringIO()
    fmt = SarifFormatter(buf, rules={}, tool_version="9.9", root=tmp_path)
    fmt.start()
    for f in findings:
        fmt.format(f)
    fmt.finished(findings, ["strategy checks are off: no pillars"], {})
    doc = json.loads(buf.getvalue())
    assert doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert errors(validator, doc) == []
