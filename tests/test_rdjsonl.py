"""reviewdog rdjsonl output: one Diagnostic per line, UTF-8 byte columns, suggestions from fixes."""
from __future__ import annotations

import io
import json

from clihelpers import invoke_assert_code

from voicelint.findings import Finding
from voicelint.outputs.formatters.rdjsonl import RdjsonlFormatter

PROFILE = """\
name: Maison Test
language: fr
lexicon:
  preferred: {consommateur: client}
  claims:
    forbidden: ["garanti"]
"""


def test_cli_rdjsonl(tmp_path, monkeypatch):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "voicelint.yaml").write_text("profile: brand.yaml\n", encoding="utf-8")
    (tmp_path / "d").mkdir()
    # "é" is 2 bytes in UTF-8, "🌿" is 4: byte columns differ from character columns
    (tmp_path / "d" / "p.md").write_text("Été 🌿 : résultat garanti pour le consommateur.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = invoke_assert_code(["check", "--no-semantic", "--format", "rdjsonl", "d"], code=1).stdout
    diags = [json.loads(line) for line in out.splitlines()]
    assert all(d["source"]["name"] == "voicelint" for d in diags)
    (garanti,) = [d for d in diags if d["code"]["value"] == "VL104"]
    assert garanti["severity"] == "ERROR"
    assert garanti["location"]["path"] == "d/p.md"
    line = "Été 🌿 : résultat garanti pour le consommateur."
    start = len(line[: line.index("garanti")].encode("utf-8")) + 1
    assert garanti["location"]["range"] == {"start": {"line": 1, "column": start},
                                            "end": {"line": 1, "column": start + len("garanti")}}
    (pref,) = [d for d in diags if d["code"]["value"] == "VL102"]
    assert pref["severity"] == "WARNING"
    assert pref["suggestions"] == [{"range": pref["location"]["range"], "text": "client"}]
    assert "suggestions" not in garanti
    infos = [d for d in diags if d["severity"] == "INFO"]
    assert infos and all(d["location"]["path"] == "brand.yaml" for d in infos)


def test_formatter_semantic_message_link_and_unreadable_path():
    buf = io.StringIO()
    fmt = RdjsonlFormatter(buf, rules={"VL401": {"link": "https://example.org/VL401"}})
    f = Finding("<text 1>", 1, 3, 1, 9, "VL401", "warning", "Serves no pillar.", score=0.21, threshold=0.4)
    d = json.loads(fmt.format(f))
    assert d["message"] == "Serves no pillar. (score 0.21, threshold 0.40)"
    assert d["code"] == {"value": "VL401", "url": "https://example.org/VL401"}
    # no file to read: character columns are kept as they are
    assert d["location"]["range"] == {"start": {"line": 1, "column": 3}, "end": {"line": 1, "column": 9}}
