"""Positions survive what editors and exports put in files: BOM, CRLF, emoji and ZWJ sequences,
right-to-left text, quoted newlines in CSV, escapes in JSONL. Columns count Unicode code points
(docs/RELIABILITY.md, "Columns"); every expected column here is computed from the raw file."""
from __future__ import annotations

import json

import pytest

from clihelpers import invoke_assert_code

PROFILE = "name: Lumen\nlanguage: fr\nlexicon:\n  claims: {forbidden: [garanti]}\n"


def lint(tmp_path, name: str, raw: bytes) -> list[tuple[int, int, int, int]]:
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    draft = tmp_path / name
    draft.write_bytes(raw)
    r = invoke_assert_code(["check", draft, "--profile", tmp_path / "brand.yaml", "--no-semantic",
                            "--format", "json", "--select", "VL104"], code=1)
    return sorted((f["line"], f["column"], f["end_line"], f["end_column"]) for f in json.loads(r.stdout))


def expected(text: str, word: str = "garanti") -> list[tuple[int, int, int, int]]:
    """(line, column, end_line, end_column) of each ``word``, counting code points, 1-based."""
    out = []
    for i, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        start = line.find(word)
        while start >= 0:
            out.append((i, start + 1, i, start + len(word) + 1))
            start = line.find(word, start + 1)
    return sorted(out)


BODY = "---\nplatform: twitter\nauthor: kevin\n---\nC'est garanti, vraiment.\n\nEncore garanti ici.\n"


def test_bom_and_crlf_keep_positions(tmp_path):
    plain = lint(tmp_path, "lf.md", BODY.encode())
    assert plain == expected(BODY) and len(plain) == 2
    crlf = BODY.replace("\n", "\r\n")
    assert lint(tmp_path, "crlf.md", crlf.encode()) == plain
    assert lint(tmp_path, "bom.md", b"\xef\xbb\xbf" + BODY.encode()) == plain
    assert lint(tmp_path, "bomcrlf.md", b"\xef\xbb\xbf" + crlf.encode()) == plain


@pytest.mark.parametrize("prefix", [
    "\U0001F469\u200d\U0001F469\u200d\U0001F467 ",   # family: 5 code points, 8 UTF-16 units
    "e\u0301\u0301 ",                                # combining accents
    "\u05e9\u05dc\u05d5\u05dd ",                     # Hebrew (RTL)
    "\u0645\u0631\u062d\u0628\u0627 \u200f ",        # Arabic + RIGHT-TO-LEFT MARK
    "\U0001F1EB\U0001F1F7 \u2764\ufe0f ",            # flag (2 code points), heart + VS16
    "\t\u00a0\u2003",                                # tab, no-break space, em space
])
def test_columns_count_code_points(tmp_path, prefix):
    text = f"Intro.\n{prefix}garanti et {prefix}garanti.\n"
    got = lint(tmp_path, "post.md", text.encode())
    assert got == expected(text)
    # what VS Code's status bar shows (UTF-16 code units) differs only by the astral characters
    line2 = text.split("\n")[1]
    utf16 = len(line2[:line2.find("garanti")].encode("utf-16-le")) // 2 + 1
    astral = sum(ord(c) > 0xFFFF for c in line2[:line2.find("garanti")])
    assert utf16 == got[0][1] + astral


def test_csv_quoted_newlines_positions(tmp_path):
    raw = ('text,platform\r\n'
           '"ligne un\r\nc\'est ""garanti"" ici",twitter\r\n'
           '"x, garanti",linkedin\r\n'
           'simple garanti,instagram\r\n')
    got = lint(tmp_path, "cal.csv", raw.encode())
    lines = raw.split("\r\n")
    assert got == [(3, lines[2].find("garanti") + 1, 3, lines[2].find("garanti") + 8),
                   (4, lines[3].find("garanti") + 1, 4, lines[3].find("garanti") + 8),
                   (5, lines[4].find("garanti") + 1, 5, lines[4].find("garanti") + 8)]


def test_jsonl_escapes_positions(tmp_path):
    rows = [{"text": "\U0001F600 \"q\"\nnew garanti", "platform": "twitter"},
            {"platform": "x", "text": "\u00e9t\u00e9 garanti \\ fin"}]
    raw = "\n".join(json.dumps(r) for r in rows) + "\n"          # ensure_ascii: \ud83d\ude00, \u00e9
    raw += json.dumps({"text": "\u00e9t\u00e9 garanti"}, ensure_ascii=False) + "\r\n"
    got = lint(tmp_path, "cal.jsonl", raw.encode())
    lines = raw.split("\n")
    want = []
    for i, line in enumerate(lines[:3], start=1):
        at = line.rfind("garanti") + 1
        want.append((i, at, i, at + 7))
    assert got == want
