"""Vale parity, round 3: readability counted over Vale's summary text with Vale's counters, and
a sequence reported only when its words read as one run of the sentence."""
from __future__ import annotations

from voicelint.checks._summarize import counts, sentences, summary_text
from voicelint.checks._syllables import syllables
from voicelint.inputs.documents import parse_string

from test_vale_parity import lint


def test_syllables_as_twine_counts_them():
    # values from twine's own syllable table (summarize/testdata/syllables.json)
    table = {"deluge": 2, "boggled": 2, "cottage": 2, "trivializes": 5, "sidelines": 2,
             "surfaceness": 3, "prearranged": 3, "grecian": 2, "apprenticed": 3, "abalone": 4}
    assert {w: syllables(w) for w in table} == table
    assert syllables("at") == 1 and syllables("") == 0


def test_an_abbreviation_ends_no_sentence():
    assert sentences("Bring tools, i.e. a pump. Ride to St. Malo! Then rest.") == [
        "Bring tools, i.e. a pump.", "Ride to St. Malo!", "Then rest."]


def test_summary_leaves_out_headings_and_code():
    post = parse_string("# A heading of seven words right here\n\nWe fix `make all` bikes. You ride.\n\n"
                        "- It is fun.\n", name="post.md")
    text = summary_text(post)
    assert "heading" not in text and "make" not in text
    c = counts(text)
    # "We fix bikes" + "You ride" + "It is fun": 8 words, 3 sentences, 2 paragraphs
    assert (c["words"], c["sentences"], c["paragraphs"]) == (8, 3, 2)


def test_readability_grade_from_vale_counts(tmp_path):
    style = {"Ours/Grade.yml": ("extends: readability\nmessage: 'Grade %s'\nlevel: warning\ngrade: -5\n"
                                "metrics: [Flesch-Kincaid]\n")}
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "# Unbelievably complicated terminology everywhere\n\nWe fix bikes. You ride them.\n"
    found, res = lint(tmp_path, ini, {"a.md": text}, style=style)
    # 6 one-syllable words in 2 sentences (the heading is not read): 0.39*3 + 11.8 - 15.59 = -2.62;
    # with the heading's long words counted the grade would be far higher
    assert [f.message for f in res.findings] == [f"Grade {0.39 * 3 + 11.8 - 15.59:.2f}"]


SEQ = {"Ours/Pronoun.yml": ("extends: sequence\nmessage: \"Ambiguous '%[2]s'\"\nlevel: warning\n"
                            "ignorecase: true\ntokens:\n  - tag: NN|NNS\n    skip: 3\n"
                            "  - tag: PRP\n    pattern: it\n")}


def test_a_sequence_across_punctuation_is_not_reported(tmp_path):
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "After the long ride, it rained.\n\nThe bike it needs is red.\n"
    found, _ = lint(tmp_path, ini, {"a.md": text}, style=SEQ)
    # "ride , it" is not text of the sentence (Vale looks the run up and drops it); "bike it" is
    assert [(line, code) for _, line, _, code in found] == [(3, "Ours.Pronoun")]


def test_metric_counts_are_vales_too(tmp_path):
    style = {"Ours/Lix.yml": ("extends: metric\nmessage: 'LIX %s'\nlevel: warning\n"
                              "formula: (words / sentences) + ((long_words * 100) / words)\ncondition: '> 0'\n")}
    ini = "StylesPath = styles\n\n[*]\nBasedOnStyles = Ours\n"
    text = "# Extraordinarily lengthy heading\n\nWe repaired eleven bicycles. Riders waited.\n\n- Thanks.\n"
    found, res = lint(tmp_path, ini, {"a.md": text}, style=style)
    # not the heading: 7 words in 3 sentences (the list item is one), long words (over 6 bytes)
    # "repaired", "bicycles", "waited" (6: no), "Thanks" (6: no) -> 7/3 + 200/7
    assert [f.message for f in res.findings] == [f"LIX {7 / 3 + 200 / 7:.2f}"]
