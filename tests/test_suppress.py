from __future__ import annotations

from voicelint import api, documents
from voicelint.api import Options

PROFILE = {"name": "A", "language": "fr", "lexicon": {"banned": ["boisson"]}}


def codes(text, **kw):
    post = documents.parse_string(text, name="p.md")
    res = api.run([post], Options(profile=PROFILE, select=["VL1", "VL91"], semantic=False, **kw))
    return [(f.code, f.line) for f in res.findings if f.path == "p.md"]


def test_disable_next_line():
    assert codes("<!-- voicelint-disable-next-line VL101 -->\nUne boisson.\nUne boisson.") == [("VL101", 3)]


def test_disable_enable_range():
    text = "Boisson.\n<!-- voicelint-disable VL101 -->\nBoisson.\nBoisson.\n<!-- voicelint-enable -->\nBoisson."
    assert codes(text) == [("VL101", 1), ("VL101", 6)]


def test_disable_family_prefix_and_file():
    assert codes("<!-- voicelint-disable VL1 -->\nBoisson.") == []
    assert codes("Boisson.\n<!-- voicelint-disable-file -->") == []


def test_unknown_code_is_reported():
    assert ("VL911", 1) in codes("<!-- voicelint-disable VL999 -->\nBoisson.")


def test_unused_directive_reported_on_request():
    found = codes("<!-- voicelint-disable-next-line VL101 -->\nDu jus.", report_unused_disables=True)
    assert found == [("VL910", 1)]
    assert codes("<!-- voicelint-disable-next-line VL101 -->\nDu jus.") == []
