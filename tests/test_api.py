"""The Python API: ``voicelint.lint(texts_or_paths, profile=...) -> list[Finding]``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from clihelpers import invoke_assert_code

import voicelint
from voicelint.shared.errors import DraftError, ProfileError, UserError

PROFILE = {
    "name": "Maison Test",
    "language": "fr",
    "lexicon": {"claims": {"forbidden": ["garanti"]}, "preferred": {"consommateur": "client"}},
    "platforms": {"twitter": {"max_chars": 40}},
}
PROFILE_YAML = """\
name: Maison Test
language: fr
lexicon:
  claims:
    forbidden: [garanti]
  preferred: {consommateur: client}
platforms:
  twitter: {max_chars: 40}
"""


def codes(findings, path=None):
    return sorted((f.code, f.line, f.column) for f in findings
                  if f.path != "<profile>" and (path is None or f.path == path))


def test_a_string_with_a_dict_profile_and_a_platform():
    text = "Résultat garanti pour chaque consommateur, et bien plus encore."
    found = voicelint.lint(text, profile=PROFILE, platform="twitter", semantic=False)
    assert all(isinstance(f, voicelint.Finding) for f in found)
    got = codes(found)
    assert ("VL104", 1, 10) in got and ("VL102", 1, 30) in got
    assert ("VL301", 1, 41) in got  # 40 characters on twitter, from the profile
    assert {f.platform for f in found if f.path == "<text 1>"} == {"twitter"}
    assert {f.brand for f in found} == {"maison-test"}  # the profile's id, from its name
    # the same text elsewhere: no length limit of 40
    assert "VL301" not in [c for c, *_ in codes(voicelint.lint(text, profile=PROFILE, semantic=False))]


def test_several_strings_are_several_posts():
    found = voicelint.lint(["Bonjour à tous.", "Résultat garanti."], profile=PROFILE, semantic=False)
    assert codes(found, "<text 1>") == []
    assert codes(found, "<text 2>") == [("VL104", 1, 10)]


def test_a_post_that_looks_like_a_long_path_is_a_post():
    # a published post with a link mangled to "https:/t.co/..." and a 300-character "file name":
    # looking it up as a path raised ENAMETOOLONG (an OSError traceback)
    text = "Let's go " + "x" * 300 + " https:/t.co/q4i7B3VkR0"
    findings = voicelint.lint([text, "ok\0/" + "y" * 10], profile={"name": "Lumen", "language": "en"},
                              platform="twitter", semantic=False, select=["VL301"])
    assert [(f.path, f.code) for f in findings] == [("<text 1>", "VL301")]


def test_lang_picks_the_rules_of_that_language():
    text = "Buy now! Order today and save big."
    en = [c for c, *_ in codes(voicelint.lint(text, profile=PROFILE, lang="en", semantic=False))]
    fr = [c for c, *_ in codes(voicelint.lint(text, profile=PROFILE, lang="fr", semantic=False))]
    assert "VL206" in en and "VL206" not in fr


def test_select_and_ignore():
    text = "Résultat garanti pour chaque consommateur."
    only = voicelint.lint(text, profile=PROFILE, select=["VL104"], semantic=False)
    assert {f.code for f in only} == {"VL104"}
    rest = voicelint.lint(text, profile=PROFILE, ignore=["VL1"], semantic=False)
    assert not {f.code for f in rest} & {"VL101", "VL102", "VL104"}


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "brand.yaml").write_text(PROFILE_YAML, encoding="utf-8")
    d = tmp_path / "drafts" / "twitter"
    d.mkdir(parents=True)
    (d / "promo.md").write_text("Résultat garanti pour chaque consommateur, et plus encore.\n", encoding="utf-8")
    (tmp_path / "drafts" / "note.md").write_text("---\nplatform: linkedin\n---\nNous livrons en 48 h.\n",
                                                 encoding="utf-8")
    return tmp_path


def test_paths_as_str_and_path_with_a_profile_file(drafts):
    as_str = voicelint.lint(str(drafts / "drafts"), profile=str(drafts / "brand.yaml"), semantic=False)
    as_path = voicelint.lint([drafts / "drafts"], profile=drafts / "brand.yaml", semantic=False)
    assert as_str == as_path
    promo = str(drafts / "drafts" / "twitter" / "promo.md")
    got = codes(as_str, promo)
    assert ("VL104", 1, 10) in got and ("VL301", 1, 41) in got  # platform from the folder
    assert {f.platform for f in as_str if f.path == promo} == {"twitter"}


def test_texts_and_paths_together(drafts):
    found = voicelint.lint([drafts / "drafts" / "note.md", "Résultat garanti."], profile=PROFILE, semantic=False)
    assert codes(found, "<text 1>") == [("VL104", 1, 10)]
    assert codes(found, str(drafts / "drafts" / "note.md")) == []


def test_the_api_and_the_cli_agree(drafts, monkeypatch):
    monkeypatch.chdir(drafts)
    api = voicelint.lint(["drafts"], profile="brand.yaml", semantic=False)
    out = invoke_assert_code(["check", "--no-semantic", "--profile", "brand.yaml", "--format", "json",
                              "drafts"], code=1).stdout
    assert [f.to_dict() for f in api] == json.loads(out)


@pytest.mark.parametrize("kwargs, error, where", [
    ({"profile": {"nom": "x"}}, ProfileError, "name"),
    ({"profile": "missing-brand.yaml"}, ProfileError, "missing-brand.yaml"),
    ({"profile": PROFILE, "platform": "myspace"}, DraftError, "myspace"),
    ({"profile": PROFILE, "lang": "de"}, DraftError, "de"),
])
def test_bad_input_raises_user_errors(kwargs, error, where):
    with pytest.raises(error) as exc:
        voicelint.lint("Bonjour.", semantic=False, **kwargs)
    assert isinstance(exc.value, UserError) and where in str(exc.value)
    assert "\n" not in str(exc.value)


def test_bad_items_raise_user_errors(tmp_path):
    with pytest.raises(DraftError, match="give a path or a string"):
        voicelint.lint([3], profile=PROFILE, semantic=False)
    with pytest.raises(DraftError, match="no such file"):
        voicelint.lint("drafts/typo.md", profile=PROFILE, semantic=False)  # not linted as a text
    with pytest.raises(DraftError, match="no drafts"):
        voicelint.lint([], profile=PROFILE, semantic=False)
    (tmp_path / "bin.md").write_bytes(b"a\x00b")
    with pytest.raises(DraftError, match="binary"):
        voicelint.lint(tmp_path / "bin.md", profile=PROFILE, semantic=False)


def test_rules_only_does_not_import_torch(tmp_path):
    code = ("import sys, voicelint\n"
            "found = voicelint.lint('Résultat garanti.', profile={'name': 'X', 'language': 'fr', "
            "'lexicon': {'claims': {'forbidden': ['garanti']}}}, semantic=False)\n"
            "assert [f.code for f in found if f.path != '<profile>'] == ['VL104'], found\n"
            "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'sklearn') if m in sys.modules)\n"
            "print(','.join(heavy))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_docs_examples_name_real_parameters():
    """docs/api.md shows lint() calls: every keyword it uses is one lint() takes."""
    import inspect
    import re
    doc = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    params = set(inspect.signature(voicelint.lint).parameters)
    used = set(re.findall(r"\b(\w+)=", "\n".join(re.findall(r"lint\((.*?)\)", doc, re.DOTALL))))
    assert used and used <= params, used - params
