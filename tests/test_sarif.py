"""SARIF 2.1.0 output: structure, rule descriptors, locations, stable fingerprints.

The official schema is checked by ``tests/test_sarif_schema.py`` (and ``bench/check_sarif.py``);
here the assertions are our own.
"""
from __future__ import annotations

import io
import json

import pytest
from clihelpers import invoke_assert_code

from voicelint import __version__
from voicelint.findings import Finding
from voicelint.outputs.formatters.sarif import SarifFormatter

PROFILE = """\
name: Maison Test
language: fr
lexicon:
  banned: [consommateur]
  preferred: {consommateur: client}
  claims:
    forbidden: ["garanti", "le meilleur"]
"""
PROMO = ("---\nplatform: linkedin\n---\nNotre savon est le meilleur du marché.\n\n"
         "Résultat garanti pour chaque consommateur.\n")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "voicelint.yaml").write_text("profile: brand.yaml\n", encoding="utf-8")
    (tmp_path / "drafts" / "linkedin").mkdir(parents=True)
    (tmp_path / "drafts" / "linkedin" / "promo.md").write_text(PROMO, encoding="utf-8")
    (tmp_path / "drafts" / "ok.md").write_text("Nous fabriquons nos savons à Lyon.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sarif(*paths, code=1):
    out = invoke_assert_code(["check", "--no-semantic", "--format", "sarif", *paths], code=code).stdout
    return json.loads(out)


def by_code(doc, code):
    return [r for r in doc["runs"][0]["results"] if r["ruleId"] == code]


def test_document_and_driver(corpus):
    doc = sarif("drafts")
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    assert len(doc["runs"]) == 1
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "voicelint" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(set(ids))
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    vl104 = driver["rules"][ids.index("VL104")]
    assert vl104["defaultConfiguration"]["level"] == "error"
    assert "voicelint explain VL104" in vl104["help"]["text"]
    assert "lexicon" in vl104["properties"]["tags"]


def test_results_point_at_rules_and_map_levels(corpus):
    doc = sarif("drafts")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
    assert {r["level"] for r in by_code(doc, "VL104")} == {"error"}
    assert {r["level"] for r in by_code(doc, "VL102")} == {"warning"}
    assert {r["level"] for r in by_code(doc, "VL901")} == {"note"}  # info -> note


def test_locations_are_relative_uris_with_regions(corpus):
    doc = sarif("drafts")
    meilleur = next(r for r in by_code(doc, "VL104") if "meilleur" in r["message"]["text"])
    loc = meilleur["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "drafts/linkedin/promo.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 4, "startColumn": 17, "endLine": 4, "endColumn": 28}
    root = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file://") and root.endswith("/")
    profile_uri = by_code(doc, "VL901")[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert profile_uri["uri"] == "brand.yaml"  # the config gives an absolute path: made relative


def test_fix_becomes_a_sarif_fix(corpus):
    doc = sarif("drafts")
    (res,) = by_code(doc, "VL102")
    (fix,) = res["fixes"]
    (change,) = fix["artifactChanges"]
    (rep,) = change["replacements"]
    assert rep["insertedContent"]["text"] == "client"
    assert rep["deletedRegion"] == res["locations"][0]["physicalLocation"]["region"]


def fingerprints(doc):
    return {(r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["voicelint/v1"]
            for r in doc["runs"][0]["results"]}


def test_fingerprints_unique_and_stable_when_lines_move(corpus):
    before = sarif("drafts")
    fps = [r["partialFingerprints"]["voicelint/v1"] for r in before["runs"][0]["results"]]
    assert len(fps) == len(set(fps))
    assert sarif("drafts") == before  # deterministic
    promo = corpus / "drafts" / "linkedin" / "promo.md"
    promo.write_text(PROMO.replace("---\nNotre", "---\nIntro.\n\n\nNotre"), encoding="utf-8")
    after = sarif("drafts")
    moved = next(r for r in by_code(after, "VL104") if "meilleur" in r["message"]["text"])
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    assert fingerprints(after) == fingerprints(before)


def test_fingerprint_changes_with_the_line_text(corpus):
    before = fingerprints(sarif("drafts"))
    promo = corpus / "drafts" / "linkedin" / "promo.md"
    promo.write_text(PROMO.replace("du marché", "de la ville"), encoding="utf-8")
    after = fingerprints(sarif("drafts"))
    key = next(k for k in before if k[0] == "VL104" and "meilleur" in k[1])
    assert after[key] != before[key]
    garanti = next(k for k in before if k[0] == "VL104" and "garanti" in k[1])
    assert after[garanti] == before[garanti]


def test_same_finding_twice_on_identical_lines_gets_distinct_fingerprints(corpus):
    (corpus / "drafts" / "twice.md").write_text("Résultat garanti.\n\nRésultat garanti.\n", encoding="utf-8")
    doc = sarif("drafts/twice.md")
    fps = [r["partialFingerprints"]["voicelint/v1"] for r in by_code(doc, "VL104")]
    assert len(fps) == 2 and fps[0].split(":")[0] == fps[1].split(":")[0]
    assert [fp.split(":")[1] for fp in fps] == ["1", "2"]


def render(findings, rules=None, notices=(), root=None):
    buf = io.StringIO()
    fmt = SarifFormatter(buf, rules=rules or {}, tool_version="9.9", root=root)
    fmt.start()
    for f in findings:
        fmt.format(f)
    fmt.finished(list(findings), list(notices), {})
    return json.loads(buf.getvalue())


def test_codes_only_in_findings_get_a_descriptor_and_semantic_fields_go_to_properties(tmp_path):
    f = Finding("post.md", 2, 1, 2, 1, "Acme.Hype", "warning", "Too much hype here. Tone it down.",
                platform="instagram", brand="acme", score=0.31234, threshold=0.5,
                evidence={"nearest_pillar": "savoir-faire"})
    doc = render([f], notices=["strategy checks are off"], root=tmp_path)
    run = doc["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == "Acme.Hype" and rule["shortDescription"]["text"] == "Too much hype here."
    assert rule["defaultConfiguration"]["level"] == "warning"
    props = run["results"][0]["properties"]
    assert props["score"] == 0.3123 and props["threshold"] == 0.5
    assert props["evidence"] == {"nearest_pillar": "savoir-faire"}
    assert props["platform"] == "instagram" and props["brand"] == "acme"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes == [{"level": "note", "message": {"text": "strategy checks are off"}}]


def test_uris_are_percent_encoded_and_outside_paths_absolute(tmp_path):
    inside = Finding("dossier été/post 1.md", 1, 1, 1, 5, "VL101", "error", "m")
    outside = Finding(str(tmp_path.parent / "elsewhere.md"), 1, 1, 1, 5, "VL101", "error", "m")
    run = render([inside, outside], root=tmp_path)["runs"][0]
    a = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    b = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert a == {"uri": "dossier%20%C3%A9t%C3%A9/post%201.md", "uriBaseId": "%SRCROOT%"}
    assert b["uri"].startswith("file:///") and "uriBaseId" not in b


def test_output_file_is_written(corpus):
    invoke_assert_code(["check", "--no-semantic", "--format", "sarif", "--output", "out.sarif", "drafts"], code=1)
    doc = json.loads((corpus / "out.sarif").read_text(encoding="utf-8"))
    assert by_code(doc, "VL104")
