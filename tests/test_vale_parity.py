"""Vale parity, round 2: each cause of a difference with Vale's own test suite, with a small
fixture of our own (bench/vale_suite.py measures the suite itself)."""
from __future__ import annotations

from pathlib import Path

from voicelint.api import Options, run

STYLE = {
    "Ours/Note.yml": "extends: existence\nmessage: \"'%s' left in text\"\nlevel: warning\ntokens: [TODO]\n",
    "Ours/Brand.yml": ("extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: error\nignorecase: true\n"
                       "swap:\n  pedalbox: PedalBox\n  pedalbox pro: PedalBox Pro\n"),
    "Ours/RawLink.yml": ("extends: existence\nmessage: \"Link '%s' to a page\"\nlevel: error\nscope: raw\n"
                         "raw: ['\\[[^\\]]+\\]\\([^)]*\\.html\\)']\n"),
}


def tree(root: Path, files: dict) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def lint(root: Path, ini: str, drafts: dict, style: dict | None = None):
    tree(root / "styles", style or STYLE)
    tree(root, {".vale.ini": ini, **drafts})
    res = run([root / d for d in drafts], Options(semantic=False, select=["Ours.", "Vale."], cache=False,
                                                  vale_config=str(root / ".vale.ini")))
    rel = {str(root / d): d for d in drafts}
    return sorted((rel.get(f.path, f.path), f.line, f.column, f.code) for f in res.findings), res


INI = "StylesPath = styles\nMinAlertLevel = suggestion\n{core}\n[*]\nBasedOnStyles = Ours\n{section}\n"


def test_longer_swap_keys_are_tried_first(tmp_path):
    found, res = lint(tmp_path, INI.format(core="", section=""),
                      {"a.md": "Try PedalBox pro today.\n\nTry pedalbox now.\n"})
    msgs = sorted(f.message for f in res.findings)
    # "PedalBox pro" is read as the longer key, not as "PedalBox" (already right) + "pro"
    assert msgs == ["Use 'PedalBox Pro' instead of 'PedalBox pro'.", "Use 'PedalBox' instead of 'pedalbox'."]


def test_vale_comments_do_not_reach_raw_rules(tmp_path):
    text = "<!-- vale Ours.RawLink = NO -->\n<!-- vale off -->\n\nSee [the guide](guide.html). TODO\n"
    found, _ = lint(tmp_path, INI.format(core="", section=""), {"a.md": text})
    # Vale lints scope: raw after the walk, its comment states reset: only TODO is silenced
    assert found == [("a.md", 4, 5, "Ours.RawLink")]


def test_ignore_patterns_is_the_older_name_of_block_ignores(tmp_path):
    ini = INI.format(core="", section="IgnorePatterns = (?s)\\{\\{< note >\\}\\}.*?\\{\\{< /note >\\}\\}")
    text = "{{< note >}}\nTODO inside\n{{< /note >}}\n\nTODO outside\n"
    found, res = lint(tmp_path, ini, {"a.md": text})
    assert found == [("a.md", 5, 1, "Ours.Note")]
    assert not any("IgnorePatterns" in n for n in res.notices)


def test_skipped_scopes_ignored_classes_and_ignored_scopes(tmp_path):
    core = "IgnoredScopes = code, strong\nSkippedScopes = blockquote, pre\nIgnoredClasses = draft\n"
    text = ("TODO first.\n\n> TODO quoted.\n\n<div class=\"draft wide\">\nTODO hidden.\n</div>\n\n"
            "<span class=\"draft\">TODO</span> and **TODO**\n\nbut *TODO*.\n")
    found, res = lint(tmp_path, INI.format(core=core, section=""), {"a.md": text})
    # the quote is skipped, the draft-class elements and the strong text are not linted; em is
    assert found == [("a.md", 1, 1, "Ours.Note"), ("a.md", 11, 6, "Ours.Note")]
    assert not any("SkippedScopes" in n or "IgnoredClasses" in n for n in res.notices)


BLOCKS = {
    "Ours/Sentence.yml": "extends: existence\nmessage: \"'%s'\"\nlevel: warning\nscope: sentence\nraw: ['^.*$']\n",
    "Ours/Gap.yml": ("extends: existence\nmessage: \"'%s' should have one space\"\nlevel: warning\n"
                     "scope: paragraph\nnonword: true\ntokens: ['[.?!][A-Z]']\n"),
    "Ours/Case.yml": "extends: capitalization\nmessage: \"'%s' should be sentence-cased\"\nlevel: warning\nmatch: $sentence\n",
    "Ours/Alt.yml": ("extends: occurrence\nmessage: alt text too long\nlevel: warning\nscope: alt\n"
                     "max: 20\ntoken: '[\\w\\s]'\n"),
    "Ours/Typo.yml": "extends: spelling\nmessage: \"Did you mean '%s'?\"\nlevel: warning\ncustom: true\nfilters: ['[a-z]+']\n",
    "config/vocabularies/Kit/accept.txt": "Quick-Lock Pedal System\n",
}


def test_text_scope_reads_each_block_and_sentences_only_paragraphs(tmp_path):
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Kit\n\n[*]\nBasedOnStyles = Ours\nOurs.Typo = NO\n"
    text = ("# Ride\n\nRide the Quick-Lock Pedal System.\n\nRide the bike.\n\n- ride on\n")
    found, res = lint(tmp_path, ini, {"a.md": text}, style=BLOCKS)
    # capitalization judges each block (heading, paragraphs, item) on its own, the accepted
    # hyphenated term as a whole; only the item fails; sentences are read from paragraphs only
    assert [f for f in found if f[3] == "Ours.Case"] == [("a.md", 7, 3, "Ours.Case")]
    assert [f[1:3] for f in found if f[3] == "Ours.Sentence"] == [(5, 1)]  # (3: holds an accepted term)


def test_images_are_alt_blocks_not_prose_and_table_rules_are_not_text(tmp_path):
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("[![ZQXW logo ★ here][logo]][logo]\n\n![a very long alternative text](/x.png).\n\n"
            "| A | B |\n|:-:|:-:|\n| a | b |\n\n[logo]: https://example.com/x.png\n")
    found, res = lint(tmp_path, ini, {"a.md": text}, style=BLOCKS)
    # no '!Z' gap (the image is not prose); alt text over 20 characters flagged at its start;
    # the alt text is read by spelling (filter: words with lower case pass), and '★' or the
    # table's '|:-:|:-:|' row are not words
    assert [f for f in found if f[3] in ("Ours.Gap", "Ours.Alt", "Ours.Typo")] == [
        ("a.md", 1, 4, "Ours.Typo"), ("a.md", 3, 3, "Ours.Alt")]


PLACE = {
    "Ours/Again.yml": "extends: repetition\nmessage: \"'%s' is repeated\"\nlevel: error\nalpha: true\ntokens: ['[^\\s]+']\n",
    "Ours/Lower.yml": ("extends: existence\nmessage: \"'%s' should be capitalized\"\nlevel: warning\n"
                       "scope: heading\nraw: ['^[a-z].+']\n"),
    "Ours/Quotes.yml": ("extends: consistency\nmessage: \"Inconsistent '%s'\"\nlevel: error\nnonword: true\n"
                        "either:\n  '\"': '[”“]'\n"),
    "Ours/Word.yml": "extends: existence\nmessage: \"'%s'\"\nlevel: warning\ntokens: [bolt]\n",
}


def test_matches_are_placed_where_vale_finds_their_text(tmp_path):
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("# a *quick* start\n\nRead [the part on](https://example.org) on bolts: bolt, bolt.\n\n"
            "Say “this” or \"that\" or \"so\".\n")
    found, res = lint(tmp_path, ini, {"a.md": text}, style=PLACE)
    # not in the file as written (markup inside): the start of the line; a repeated text: its
    # occurrences in order; consistency: the block's last match ('"'), at its first occurrence
    assert found == [("a.md", 1, 1, "Ours.Lower"), ("a.md", 3, 1, "Ours.Again"),
                     ("a.md", 3, 51, "Ours.Word"), ("a.md", 3, 57, "Ours.Word"),
                     ("a.md", 5, 15, "Ours.Quotes")]
    assert [f.message for f in res.findings if f.code == "Ours.Quotes"] == ["Inconsistent '\"'"]


SCENARIO = {
    ".vale.ini": ("StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Kit\n\n"
                  "[*.md]\nBasedOnStyles = Ours, Vale\nOurs.Word = NO\nVale.Spelling = NO\n\n"
                  "[*.txt]\nOurs.Lower = YES\nOurs.Word = YES\n"),
    "styles/Ours/Lower.yml": PLACE["Ours/Lower.yml"],
    "styles/Ours/Again.yml": PLACE["Ours/Again.yml"],
    "styles/Ours/Word.yml": PLACE["Ours/Word.yml"],
    "styles/config/vocabularies/Kit/accept.txt": "PedalBox\n",
    "docs/a.md": "# a *quick* start\n\nUse the the pedalbox.\n\n<!-- vale off -->\nthe the bolt\n",
    "notes.txt": "A bolt, a bolt.\n",
}
# what Vale prints for this set-up (file:line:column:rule:message)
EXPECTED = {
    "docs/a.md:1:1:Ours.Lower:'a quick start' should be capitalized",
    "docs/a.md:3:5:Ours.Again:'the' is repeated",
    "docs/a.md:3:5:Vale.Repetition:'the' is repeated!",
    "docs/a.md:3:13:Vale.Terms:Use 'PedalBox' instead of 'pedalbox'.",
    "notes.txt:1:3:Ours.Word:'bolt'",
    "notes.txt:1:11:Ours.Word:'bolt'",
}


def test_check_with_vale_config_reproduces_the_scenario(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from voicelint.cli import cli
    tree(tmp_path, SCENARIO)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["check", ".", "--vale-config", ".vale.ini", "--no-semantic", "--no-cache",
                                 "--format", "json"])
    assert r.exit_code == 1, r.stderr
    got = {f"{f['path']}:{f['line']}:{f['column']}:{f['code']}:{f['message']}"
           for f in json.loads(r.stdout) if "." in f["code"]}  # the Vale styles' findings
    assert got == EXPECTED


def test_vale_spelling_reads_the_styles_dictionaries_and_word_lists(tmp_path):
    style = {
        "config/dictionaries/bikes.dic": "2\nderailleur\nпедаль/S\n",   # no SET: read as UTF-8
        "config/dictionaries/bikes.aff": "SFX S Y 1\nSFX S ь и ь\n",
        "config/dictionaries/broken.dic": "1\nword\n",                   # spylls cannot read this .aff
        "config/dictionaries/broken.aff": "SET UTF-8\nPHONE 1\nPHONE \ufffd<\n",
        "config/ignore/team/names.txt": "zorblax\n",
    }
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nVale.Spelling = YES\n"
    text = "The derailleur and педали of Zorblax are human-friendly, not qwrtyu.\n\nIt doesn‘t.\n"
    found, res = lint(tmp_path, ini, {"a.md": text}, style=style)
    # a word any dictionary of config/dictionaries has passes (the broken one is read without
    # its PHONE table), the word lists under config/ignore pass in any case, a hyphenated word
    # is left to the default filters as in Vale, and ‘ reads as an apostrophe
    assert [(f.line, f.column, f.message) for f in res.findings] == [(1, 62, "Did you really mean 'qwrtyu'?")]


def test_a_hyphenated_word_is_checked_whole(tmp_path):
    style = {"Ours/Typo.yml": "extends: spelling\nmessage: \"'%s'?\"\nlevel: warning\ncustom: true\n"}
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = Ours\n"
    found, res = lint(tmp_path, ini, {"a.md": "A human-friendly and well made bike.\n"}, style=style)
    # Hunspell would break at the hyphen; Vale's speller looks the word up whole
    assert [f.message for f in res.findings] == ["'human-friendly'?"]


SEQ = {
    "Ours/Plural.yml": ("extends: sequence\nmessage: \"Data is plural\"\nlevel: error\nignorecase: true\n"
                        "tokens:\n  - tag: NN\n    pattern: data\n  - tag: VBZ\n    skip: 3\n"),
    "Ours/Apos.yml": ("extends: sequence\nmessage: \"'%[1]ss', not '%[1]s's'\"\nlevel: error\n"
                      "tokens:\n  - tag: NN\n  - pattern: \"'s\"\n  - pattern: are\n"),
    "Ours/Pronoun.yml": ("extends: sequence\nmessage: \"Ambiguous\"\nlevel: warning\nignorecase: true\n"
                         "tokens:\n  - tag: NN|NNS\n    skip: 3\n  - tag: PRP\n    pattern: it\n"),
    "Ours/Meetup.yml": ("extends: sequence\nmessage: \"Say meetups\"\nlevel: warning\n"
                        "tokens:\n  - tag: NNS\n    pattern: meet-ups\n"),
}


def test_sequence_reads_runs_as_vale_does(tmp_path):
    ini = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = Ours\n"
    text = ("# Bike Frames\n\nIt rides well.\n\nData from these rides is clear.\n\n"
            "The bell's are loud.\n\nOur local meet-ups are fun.\n")
    found, res = lint(tmp_path, ini, {"a.md": text}, style=SEQ)
    # the tag is searched (NN takes the NNP or NNS spaCy may give "Data"); a skip on a step after
    # the first step with a pattern is a gap before it; "'s" is not bounded as a word; a run does
    # not cross from a heading to the paragraph after it; a hyphenated word is one word
    assert [(f[1], f[3]) for f in found] == [(5, "Ours.Plural"), (7, "Ours.Apos"), (9, "Ours.Meetup")]
