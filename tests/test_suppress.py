from __future__ import annotations

from voicelint import api
from voicelint.inputs import documents
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


# -------------------------------------------------- enable closes only the ranges it names

def test_enable_with_a_code_closes_only_the_ranges_of_that_code():
    profile = dict(PROFILE, competitors=[{"name": "Brightside"}])

    def found(text):
        post = documents.parse_string(text, name="p.md")
        res = api.run([post], Options(profile=profile, select=["VL101", "VL103"], semantic=False))
        return sorted((f.code, f.line) for f in res.findings)

    body = "Boisson Brightside.\n<!-- voicelint-enable VL101 -->\nBoisson Brightside."
    assert found(body) == [("VL101", 1), ("VL101", 3), ("VL103", 1), ("VL103", 3)]  # both fire
    text = "<!-- voicelint-disable VL101 -->\n<!-- voicelint-disable VL103 -->\n" + body
    # VL101's range closes on line 4; VL103's is still open on line 5
    assert found(text) == [("VL101", 5)]


def test_enable_with_a_code_leaves_a_family_range_open():
    text = ("<!-- voicelint-disable VL1 -->\n<!-- voicelint-disable VL101 -->\nBoisson.\n"
            "<!-- voicelint-enable VL101 -->\nBoisson.\n<!-- voicelint-enable VL1 -->\nBoisson.")
    assert codes(text) == [("VL101", 7)]


# ---------------------------------------------- a directive inside a calendar row covers the row

def _calendar_codes(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    posts = documents.parse_file(path, display=name)
    res = api.run(posts, Options(profile=PROFILE, select=["VL1", "VL91"], semantic=False))
    return sorted((f.code, f.line) for f in res.findings)


def test_next_line_directive_in_a_jsonl_row_covers_its_own_row(tmp_path):
    rows = ['{"text": "<!-- voicelint-disable-next-line VL101 --> Une boisson."}',
            '{"text": "Une boisson."}']
    # the directive covers its row (line 1), not the next row of the file (line 2)
    assert _calendar_codes(tmp_path, "cal.jsonl", "\n".join(rows) + "\n") == [("VL101", 2)]


def test_next_line_directive_in_a_csv_row_covers_its_own_row(tmp_path):
    content = ("text\n<!-- voicelint-disable-next-line VL101 --> Une boisson.\nUne boisson.\n")
    assert _calendar_codes(tmp_path, "cal.csv", content) == [("VL101", 3)]


def test_range_directive_at_the_end_of_a_multiline_csv_cell_covers_the_whole_row(tmp_path):
    # the cell spans lines 2-3 of the file; the directive on line 3 covers the word on line 2
    content = 'text\n"Une boisson.\n<!-- voicelint-disable VL101 -->"\nUne boisson.\n'
    assert _calendar_codes(tmp_path, "cal.csv", content) == [("VL101", 4)]
