"""Property-based: whatever Markdown, CSV or JSONL a user (or a fuzzer) writes, reading it raises
nothing but DraftError, and every position voicelint can report lies inside the file and points
at the character it names. Generated text mixes emoji, ZWJ, CRLF, BOM, quotes, backticks,
HTML comments, suppression directives and front-matter fragments."""
from __future__ import annotations

import json
import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicelint.inputs import documents, platforms, suppress
from voicelint.api import Options, run
from voicelint.shared.errors import DraftError

FRAGMENTS = [
    "Bonjour", " ", "  ", "\n", "\r\n", "\n\n", "garanti", "we", "é", "e\u0301", "\U0001F600",
    "\U0001F469\u200d\U0001F469\u200d\U0001F467", "\U0001F1EB\U0001F1F7", "\u05e9\u05dc\u05d5\u05dd",
    "\u200f", "\u00a0", "\t", '"', '""', "'", ",", ";", "`", "``", "```", "~~~", "    code",
    "---", "...", "<!--", "-->", "<!-- voicelint-disable VL104 -->", "<!-- voicelint-enable -->",
    "<!-- voicelint-disable-next-line VL999 Foo.Bar -->", "<!-- voicelint-disable-file -->",
    "<b>", "</b>", "[lien](https://x.fr/a)", "https://exemple.fr/p?q=1", "www.x.com", "#tag", "@moi",
    "\\", "\\n", "{", "}", ":", "- ", "# Titre", "platform: twitter", "lang: fr", "\ufeff",
]
prose = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30).map("".join)
FRONT = ["", "---\nplatform: twitter\n---\n", "---\r\nlang: fr\r\nauthor: a\r\n---\r\n", "---\n",
         "---\n---\n", "---\nplatform: [\n---\n", "---\n- a\n---\n", "---\nid: 3\n...\n"]

CHECKS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = "name: Lumen\nlanguage: fr\nlexicon:\n  claims: {forbidden: [garanti]}\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("props")
    (d / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    pack = d / "pack" / "Fuzz"
    pack.mkdir(parents=True)
    (pack / "We.yml").write_text("extends: existence\nmessage: '%s'\nlevel: error\nignorecase: true\n"
                                 "tokens: [we, bonjour, 'e\u0301']\n", encoding="utf-8")
    return d


def write(folder, suffix: str, raw: bytes):
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(raw)
    return path


def file_lines(raw: bytes, cr_breaks: bool = False) -> list[str]:
    """The file's lines as an editor shows them; ``cr_breaks``: a lone CR (classic Mac) ends a
    line too, as voicelint reads Markdown and text drafts."""
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    if cr_breaks:
        text = re.sub(r"\r(?!\n)", "\n", text)
    return [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]


# What the masker blanks out (code, comments, tags, links, URLs): a body with one of these may
# hold no prose at all, and be refused as an empty draft.
MASKED = ("`", "~~~", "<", "[", "http", "www.", "    ", "\t")
FRONT_MATTER_REFUSALS = ("front matter", "must be a plain value", "unknown platform", "unsupported lang", "unknown kind",
                         "invalid YAML", "YAML")


def may_be_empty(body: str) -> bool:
    return not body.strip() or any(m in body for m in MASKED)


def refusal_allowed(exc: DraftError, text: str, kind: str, rows=None, junk: str = "") -> bool:
    """Whether reading ``text`` (the file's text, BOM removed) may be refused with ``exc``.

    A file with a NUL byte is always refused (and must be: checked by the caller). Markdown: only
    front matter (the file opens with '---') or a body with no prose. CSV: only the junk line
    appended after the rows (an unclosed quote, a row of three fields), a row's unknown platform,
    or no row with text. JSONL rows are generated valid: never refused."""
    msg = exc.message
    if "\x00" in text:
        return "binary file" in msg
    if kind == "md":
        if msg.startswith("empty draft"):
            body = text.split("\n---", 1)[-1] if text.startswith("---") else text
            return may_be_empty(body) or text.startswith("---")
        return text.startswith("---") and any(r in msg for r in FRONT_MATTER_REFUSALS)
    if kind == "csv":
        if "unterminated quoted field" in msg:
            return junk == '"'
        if msg.startswith("row has 3 fields"):
            return junk == "a,b,c\n"
        if msg.startswith("unknown platform"):
            return any(p and not platforms.is_known(platforms.canonical(p)) for _, p, _ in rows)
        if msg.startswith("empty calendar"):
            return not any(t.strip() for t, _, _ in rows) and junk != "a,b,c\n"
        return False
    return False


def check_positions(path, raw: bytes, kind: str, **why) -> list:
    """Parse; on success every character's position is inside the file and names that character.
    A refusal must be one :func:`refusal_allowed` expects for this input."""
    text = raw.decode("utf-8").removeprefix("\ufeff")
    try:
        posts = documents.parse_file(path)
    except DraftError as exc:
        assert exc.line is None or exc.line >= 1
        assert refusal_allowed(exc, text, kind, **why), (str(exc), text[:200])
        return []
    assert "\x00" not in text, "a file with a NUL byte must be refused"
    lines = file_lines(raw, cr_breaks=kind == "md")
    for post in posts:
        assert len(post.text) == len(post.source)
        for i, ch in enumerate(post.source):
            if ch in "\r\n":
                continue
            for off in (i, i + 1):
                line, col = post.position(off)
                assert 1 <= line <= len(lines), (off, line, len(lines))
                assert 1 <= col <= len(lines[line - 1]) + 1, (off, line, col, lines[line - 1])
            line, col = post.position(i)
            at = lines[line - 1][col - 1]
            if kind == "md":
                assert at == ch
            elif kind == "csv":
                assert at == ch or (ch == '"' and at == '"')
            else:
                assert at == ch or at == "\\"
        sup = suppress.parse(post, lambda code: code.startswith("VL1"))
        for d in sup.directives:
            assert 1 <= d.line <= len(lines)
    return posts


@CHECKS
@given(front=st.sampled_from(FRONT), body=prose, bom=st.booleans(), crlf=st.booleans())
def test_markdown_positions(folder, front, body, bom, crlf):
    text = front + body
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # not encodable as UTF-8 on disk; the reader is tested on bytes in test_hostile_inputs
    check_positions(write(folder, ".md", raw), raw, "md")


def csv_cell(text: str, quote: bool) -> str:
    return '"' + text.replace('"', '""') + '"' if quote or any(c in text for c in ',"\r\n') else text


@CHECKS
@given(rows=st.lists(st.tuples(prose, st.sampled_from(["", "twitter", "LinkedIn", "x"]), st.booleans()),
                     min_size=1, max_size=6),
       eol=st.sampled_from(["\n", "\r\n"]), bom=st.booleans(), junk=st.sampled_from(["", '"', "a,b,c\n", ",\n"]))
def test_csv_positions(folder, rows, eol, bom, junk):
    lines = ["text,platform"] + [f"{csv_cell(t, q)},{p}" for t, p, q in rows]
    text = eol.join(lines) + eol + junk
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    check_positions(write(folder, ".csv", raw), raw, "csv", rows=rows, junk=junk)


@CHECKS
@given(rows=st.lists(st.tuples(prose, st.booleans(), st.sampled_from([None, "twitter", "LinkedIn", "blog"]),
                               st.sampled_from(["", " ", "\t"])),
                     min_size=1, max_size=6).filter(lambda rows: any(r[0].strip() for r in rows)),
       eol=st.sampled_from(["\n", "\r\n"]), blank=st.sampled_from(["", "  ", "\n", "\r\n  "]))
def test_jsonl_positions(folder, rows, eol, blank):
    """Valid calendars only (the refusals are tested one by one in test_hostile_inputs): every
    row with text is a post, and every position is right."""
    out = []
    for text, ascii_, platform, indent in rows:
        rec = {"text": text} if platform is None else {"platform": platform, "text": text}
        out.append(indent + json.dumps(rec, ensure_ascii=ascii_))
    raw = (eol.join(out) + eol + blank).encode("utf-8")
    posts = check_positions(write(folder, ".jsonl", raw), raw, "jsonl")
    assert [p.source for p in posts] == [t for t, *_ in rows if t.strip()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=st.sampled_from(FRONT[:3]), body=prose, crlf=st.booleans())
def test_findings_stay_inside_the_file(folder, front, body, crlf):
    """Through the engine (a user rule and the suppression directives): only DraftError, and every
    finding's span lies inside the file, start before end."""
    text = front + body
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    raw = text.encode("utf-8")
    path = write(folder, ".md", raw)
    try:
        result = run([path], Options(rules=[str(folder / "pack")], select=["Fuzz", "VL911", "VL910"],
                                     semantic=False, report_unused_disables=True))
    except DraftError as exc:
        # the front matters here are valid: only a body with no prose, a NUL byte, or a body that
        # itself opens a front matter (when there is none) may be refused
        assert refusal_allowed(exc, text.removeprefix("\ufeff"), "md") and (
            front == "" or exc.message.startswith(("empty draft", "binary file"))), (str(exc), text[:200])
        return
    lines = file_lines(raw, cr_breaks=True)      # a Markdown draft: a lone CR ends a line
    for f in result.findings:
        assert 1 <= f.line <= f.end_line <= len(lines)
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1
        assert (f.line, f.column) <= (f.end_line, f.end_column)
