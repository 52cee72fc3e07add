"""Drafts in: front matter, masking, positions into the original file, calendars, bad input."""
from __future__ import annotations

import json

import pytest

from voicelint.inputs import documents
from voicelint.shared.errors import DraftError


def write(tmp_path, name, content, mode="w"):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8", newline="")
    return p


def pos_of(post, needle):
    return post.position(post.text.index(needle))


def test_front_matter_and_platform_from_folder(tmp_path):
    p = write(tmp_path, "drafts/instagram/a.md", "---\nauthor: ana\ncampaign: été\n---\nBonjour à tous.\n")
    [post] = documents.parse_file(p)
    assert post.meta == {"author": "ana", "campaign": "été", "platform": "instagram"}
    assert pos_of(post, "Bonjour") == (5, 1)
    assert "author" not in post.text  # front matter is not prose


def test_front_matter_platform_wins_and_alias(tmp_path):
    p = write(tmp_path, "drafts/instagram/a.md", "---\nplatform: x\n---\nHi\n")
    assert documents.parse_file(p)[0].platform == "twitter"


def test_bom_crlf_and_emoji_positions(tmp_path):
    p = write(tmp_path, "a.md", b"\xef\xbb\xbf---\r\nlang: fr\r\n---\r\n\xf0\x9f\x8c\x9e Salut\r\nNos boissons\r\n")
    [post] = documents.parse_file(p)
    assert pos_of(post, "Salut") == (4, 3)      # the emoji is one column, the BOM none
    assert pos_of(post, "boissons") == (5, 5)


def test_code_urls_and_comments_are_masked(tmp_path):
    text = "Texte `code inline` ici.\n\n```\nbloc de code\n```\n\nVoir https://example.com/x et <!-- note -->.\n\n    code indenté\n"
    [post] = documents.parse_file(write(tmp_path, "a.md", text))
    for hidden in ("code inline", "bloc de code", "example.com", "note", "code indenté"):
        assert hidden not in post.text
    assert len(post.text) == len(text)
    assert pos_of(post, "Voir") == (7, 1)


def test_txt_is_not_markdown(tmp_path):
    [post] = documents.parse_file(write(tmp_path, "a.txt", "Un `mot` ici https://x.y\n"))
    assert "`mot`" in post.text and "x.y" not in post.text


def test_csv_calendar_rows_and_positions(tmp_path):
    text = 'date,platform,text\n2026-01-01,linkedin,"Bonjour, ""vous"" !"\n\n2026-01-02,x,"Deux\nlignes ici"\n'
    posts = documents.parse_file(write(tmp_path, "cal.csv", text))
    assert [p.platform for p in posts] == ["linkedin", "twitter"]
    assert posts[0].text == 'Bonjour, "vous" !'
    assert pos_of(posts[0], "vous") == (2, 33)
    assert pos_of(posts[1], "lignes") == (5, 1)  # quoted newline: the real line in the file


def test_csv_semicolon_delimiter(tmp_path):
    posts = documents.parse_file(write(tmp_path, "cal.csv", "texte;text\na;Bonjour\n"))
    assert posts[0].text == "Bonjour"


def test_scheduling_tools_column_names(tmp_path):
    """A Buffer or Sprout export, a team's sheet: the text, platform and date columns under the
    names those tools give them, and a channel label read as its platform."""
    text = ('Date,Channel,Post Text,Likes\n'
            '2026-01-05,LinkedIn Page,"Our serum, tested by therapists",12\n'
            '2026-01-06,Instagram Business,We love you!,3\n')
    posts = documents.parse_file(write(tmp_path, "buffer.csv", text))
    assert [p.platform for p in posts] == ["linkedin", "instagram"]
    assert posts[0].text == "Our serum, tested by therapists" and posts[0].meta["date"] == "2026-01-05"
    assert posts[0].meta["likes"] == 12 and pos_of(posts[0], "tested") == (2, 38)
    # "text" wins over an alias; a platform column over a channel
    both = documents.parse_file(write(tmp_path, "both.csv", "caption,text,platform,channel\na,b,x,LinkedIn Page\n"))
    assert both[0].text == "b" and both[0].platform == "twitter"
    rows = [{"Message": "Un \"mot\" puis fin", "Network": "X", "Published At": "2026-02-03"}]
    posts = documents.parse_file(write(tmp_path, "sprout.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n"))
    line1 = json.dumps(rows[0])
    assert posts[0].platform == "twitter" and posts[0].meta["date"] == "2026-02-03"
    assert pos_of(posts[0], "puis") == (1, line1.index("puis") + 1)
    # a label that names no platform is refused at its row, as a platform column's is
    with pytest.raises(DraftError, match="unknown platform 'Pinterest Board'"):
        documents.parse_file(write(tmp_path, "bad.csv", "message,network\nhi,Pinterest Board\n"))


def test_jsonl_calendar_positions_with_escapes(tmp_path):
    rows = [{"platform": "twitter", "text": "Un \"mot\" puis 🌞 fin"}, {"text": "Deuxième"}]
    text = "\n".join(json.dumps(r) for r in rows) + "\n"  # ensure_ascii: \ud83c\udf1e escapes
    posts = documents.parse_file(write(tmp_path, "cal.jsonl", text))
    line1 = text.split("\n")[0]
    assert pos_of(posts[0], "puis") == (1, line1.index("puis") + 1)
    assert pos_of(posts[0], "fin") == (1, line1.index("fin") + 1)
    assert pos_of(posts[1], "Deuxième")[0] == 2


def test_a_cell_without_escapes_keeps_a_range_not_a_list_and_the_same_positions(tmp_path):
    """An archive of 100,000 rows kept one int per character of every post (~10 KB a post); a
    plain cell is a run of the file: a range, with the positions a list gave."""
    rows = [{"text": "Bonjour à tous, à demain"}, {"text": "Un \"mot\" ici"}, {"text": "Ligne"}]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    posts = documents.parse_file(write(tmp_path, "cal.jsonl", text))
    assert isinstance(posts[0].offsets, range) and isinstance(posts[2].offsets, range)
    assert isinstance(posts[1].offsets, list)                  # escaped quotes: a list
    line1 = text.split("\n")[0]
    assert pos_of(posts[0], "demain") == (1, line1.index("demain") + 1)
    assert posts[0].position(len(posts[0].text)) == (1, line1.index("demain") + 7)   # the end
    csv = documents.parse_file(write(tmp_path, "cal.csv", 'text\nSalut tout le monde\n"Un ""mot"""\n'))
    assert isinstance(csv[0].offsets, range) and isinstance(csv[1].offsets, list)
    assert pos_of(csv[0], "monde") == (2, 15)


def test_a_calendar_past_the_drafts_size_limit_is_read(tmp_path):
    """A calendar is an archive (issue 16's 100,000 posts are 23 MB); a Markdown draft of that
    size is still refused from its size."""
    from voicelint.inputs.posts import MAX_CALENDAR_BYTES, MAX_DRAFT_BYTES
    assert MAX_CALENDAR_BYTES > MAX_DRAFT_BYTES
    row = json.dumps({"text": ("Une bougie le soir, garantie. " * 5000)[:150_000]}) + "\n"
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(MAX_DRAFT_BYTES // len(row) + 2):
            fh.write(row)
    assert big.stat().st_size > MAX_DRAFT_BYTES
    posts = documents.parse_file(big)
    assert len(posts) == MAX_DRAFT_BYTES // len(row) + 2
    md = tmp_path / "big.md"
    md.write_bytes(big.read_bytes())
    with pytest.raises(DraftError, match="too large"):
        documents.parse_file(md)


@pytest.mark.parametrize("name,content,msg,line", [
    ("bin.md", b"abc\x00def", "binary file", 1),
    ("latin1.md", "ligne\ncafé".encode("latin-1"), "not valid UTF-8", 2),
    ("fm.md", "---\nauthor: a\nBonjour\n", "never closed", 1),
    ("fm2.md", "---\nauthor: [a\n---\nx\n", "invalid YAML", 3),
    ("fm3.md", "---\nplatform: myspace\n---\nx\n", "unknown platform", 2),
    ("empty.md", "   \n\n", "empty draft", 1),
    ("onlyfm.md", "---\nauthor: a\n---\n", "empty draft", 1),
    ("nocol.csv", "date,notes\n2026,hello\n", "no 'text' column", 1),
    ("short.csv", "date,text\n2026\n", "row has 1 fields", 2),
    ("quote.csv", 'date,text\n2026,"open\n', "unterminated quoted field", 2),
    ("bad.jsonl", '{"text": "a"}\n{"text": \n', "invalid JSON", 2),
    ("notext.jsonl", '{"text": "a"}\n{"notes": "b"}\n', "missing \"text\"", 2),
    ("empty.jsonl", "\n\n", "empty calendar", 1),
])
def test_bad_input_is_one_line_with_file_and_line(tmp_path, name, content, msg, line):
    p = write(tmp_path, name, content)
    with pytest.raises(DraftError) as exc:
        documents.parse_file(p)
    text = str(exc.value)
    assert msg in text
    assert "\n" not in text
    assert exc.value.line == line
    assert name in text


def test_discover_skips_hidden_and_unknown(tmp_path):
    write(tmp_path, "d/a.md", "x")
    write(tmp_path, "d/.hidden/b.md", "x")
    write(tmp_path, "d/c.png", b"\x89PNG")
    write(tmp_path, "d/sub/e.jsonl", '{"text": "x"}')
    found = [p.name for p in documents.discover([tmp_path / "d"])]
    assert found == ["a.md", "e.jsonl"]


def test_discover_survives_symlink_loop(tmp_path):
    write(tmp_path, "d/a.md", "x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert [p.name for p in documents.discover([tmp_path / "d"])] == ["a.md"]


def test_missing_path(tmp_path):
    with pytest.raises(DraftError, match="no such file"):
        documents.discover([tmp_path / "nope"])


def test_french_front_matter_keys_are_read_as_the_keys_they_translate(tmp_path):
    p = write(tmp_path, "a.md", "---\nplateforme: instagram\nauteur: kevin\ncampagne: fetes\nlangue: fr\n"
                                "marque: fournil\nPlatform_x: 1\n---\nBonjour à tous.\n")
    [post] = documents.parse_file(p)
    assert post.meta == {"platform": "instagram", "author": "kevin", "campaign": "fetes", "lang": "fr",
                         "brand": "fournil"}
    p = write(tmp_path, "b.md", "---\nPlatform: LinkedIn\n---\nBonjour.\n")
    assert documents.parse_file(p)[0].meta == {"platform": "linkedin"}
    p = write(tmp_path, "c.md", "---\nplatform: linkedin\nplateforme: instagram\n---\nBonjour.\n")
    with pytest.raises(DraftError, match="front matter gives 'platform' twice") as exc:
        documents.parse_file(p)
    assert exc.value.line == 3
    # an error about an aliased key points at its own line
    p = write(tmp_path, "d.md", "---\ntitle: x\nplateforme: myspace\n---\nBonjour.\n")
    with pytest.raises(DraftError, match="unknown platform 'myspace'") as exc:
        documents.parse_file(p)
    assert exc.value.line == 3


def test_a_misspelt_front_matter_key_is_a_notice_other_tools_keys_are_silent(tmp_path):
    p = write(tmp_path, "a.md", "---\ntitle: Levain\ntags: [pain]\nslug: levain\ndraft: true\nplatfrom: instagram\n"
                                "auhtor: kevin\ncampain: fetes\nlnag: fr\nplatefrome: x\n---\nBonjour.\n")
    [post] = documents.parse_file(p)
    assert post.meta == {}
    assert [n[len(str(p)) - len("a.md"):] for n in post.notes] == [
        "a.md:6: unknown front-matter key 'platfrom' ignored (did you mean 'platform'?)",
        "a.md:7: unknown front-matter key 'auhtor' ignored (did you mean 'author'?)",
        "a.md:8: unknown front-matter key 'campain' ignored (did you mean 'campaign'?)",
        "a.md:9: unknown front-matter key 'lnag' ignored (did you mean 'lang'?)",
        "a.md:10: unknown front-matter key 'platefrome' ignored (did you mean 'platform'?)",
    ]
    assert all(n.startswith(str(p)) for n in post.notes)


def test_the_run_reports_front_matter_notices(tmp_path):
    from voicelint import api
    write(tmp_path, "a.md", "---\nplatfrom: instagram\n---\nBonjour.\n")
    res = api.run([tmp_path], api.Options(semantic=False, cache=False))
    assert any("unknown front-matter key 'platfrom' ignored (did you mean 'platform'?)" in n for n in res.notices)


def test_an_impossible_date_names_the_key_and_the_form(tmp_path):
    p = write(tmp_path, "a.md", "---\nplatform: instagram\ndate: 2026-13-45\n---\nBonjour.\n")
    with pytest.raises(DraftError) as exc:
        documents.parse_file(p)
    assert exc.value.message == "date: expected YYYY-MM-DD (or an ISO date-time), got '2026-13-45'"
    assert (exc.value.line, exc.value.column) == (3, 7)
    # a key that is not a date keeps YAML's own reason (the profile's `name: !!timestamp ...`)
    p = write(tmp_path, "b.md", "---\nid: !!timestamp 2026-13-45\n---\nBonjour.\n")
    with pytest.raises(DraftError, match="invalid value: month must be in 1..12"):
        documents.parse_file(p)
