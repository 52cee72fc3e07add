"""Shortcuts of the rule-only path give exactly what the long way gives.

- front matter of plain ``key: value`` lines is read without the YAML parser: the same mapping
  as YAML's, and anything else still goes through YAML (with its errors);
- the formality check (VL208) computes the formality score alone: the same value as the trait;
- a first ``--no-semantic`` run on drafts no lexicon term or token pattern can match imports no
  spaCy at all, and a draft that can match still gets its finding (the prefilters themselves:
  tests/test_prefilters.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clihelpers import invoke_assert_code
from voicelint.inputs.documents import parse_string, split_front_matter
from voicelint.inputs.markdown import _simple_front_matter
from voicelint.shared.errors import DraftError
from voicelint.nlp import style
from voicelint.inputs.yamlutil import load_yaml_text

TRICKY = ["yes", "No", "on", "OFF", "y", "n", "true", "null", "Null", "~", "1", "-1", "+1", "1.5",
          "1e3", "0x1F", "0o17", "1_000", "1:20", "2024-01-01", "2024-01-01 10:00:00", ".inf",
          ".NaN", "nan", "inf", "<<", "=", "a: b", "a #b", "#x", "- x", "-x", "x-", "[a]", "{a}",
          "'a'", '"a"', "&a", "*a", "!a", "|", ">", "%a", "@a", "`a", "a,b", "é", "Lumen", "p625",
          "x_y", "_x", "v1.2", "a/b", "a+b", "a  b", "a ", " a", "a\t", "A", "ÉTÉ", "Ⅻ", "x²"]
KEYS = ["brand", "lang", "id", "platform", "yes", "null", "1", "x-y", "_k", "Clé", "a b", "k:"]


@st.composite
def front_matter(draw):
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        key = draw(st.sampled_from(KEYS) | st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,6}", fullmatch=True))
        value = draw(st.sampled_from(TRICKY) | st.text(alphabet="aZé1 ._-/+:#'\"", min_size=1, max_size=8))
        sep = draw(st.sampled_from([": ", ":  ", ":", ":\t", " : "]))
        end = draw(st.sampled_from(["", " ", "\r"]))
        lines.append(f"{key}{sep}{value}{end}")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "\r", "  ", "# comment"])))
    return "\n".join(lines) + ("\n" if lines else "")


@settings(max_examples=600, deadline=None)
@given(front_matter())
def test_simple_front_matter_reads_what_yaml_reads(fm):
    fast = _simple_front_matter(fm)
    if fast is None:
        return
    assert fast == (load_yaml_text("\n" + fm, "x.md", DraftError).data or {})


def test_simple_front_matter_is_used_for_plain_lines_only():
    assert _simple_front_matter("brand: Lumen\nlang: fr\nid: p625\r\n") == \
        {"brand": "Lumen", "lang": "fr", "id": "p625"}
    for fm in ("id: 625\n", "lang: yes\n", "date: 2024-01-01\n", "a: b: c\n", "  brand: x\n",
               "brand: x\nbrand: y\n", "tags: [a, b]\n", "brand: x # note\n", "brand:\n"):
        assert _simple_front_matter(fm) is None, fm
    # what YAML refuses is still refused, with the line
    with pytest.raises(DraftError) as err:
        split_front_matter("---\nbrand: x\nbrand: y\n---\nHello\n", "d.md")
    assert "duplicate key" in str(err.value) and err.value.line == 3
    post = parse_string("---\nbrand: Lumen\nid: 625\n---\nHello there\n", name="d.md")
    assert post.meta.get("id") == "625" and post.meta.get("brand") == "Lumen"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from(["en", "fr"]))
def test_formality_alone_is_the_formality_trait(text, lang):
    assert style.formality(text, lang) == style.traits(text, lang)["formality"]


PROFILE = textwrap.dedent("""\
    name: Speed Test
    id: speed-test
    language: en
    lexicon:
      banned: [bargain]
      preferred: {consumer: customer}
      claims: {forbidden: ["the best", guaranteed]}
    competitors: [{name: Brightside}]
    """)


def _heavy_after(args, cwd, cache):
    code = (f"import sys\nfrom voicelint.cli import cli\n"
            f"try:\n    cli.main(args={args!r}, prog_name='voicelint')\n"
            f"except SystemExit as exc:\n    code = exc.code\n"
            f"print('SPACY=' + str('spacy' in sys.modules))\nsys.exit(code)\n")
    env = dict(os.environ, VOICELINT_CACHE_DIR=str(cache))
    env.pop("GITHUB_ACTIONS", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=600)
    flag = [x for x in out.stdout.splitlines() if x.startswith("SPACY=")]
    assert flag, out.stdout + out.stderr
    return out.returncode, flag[-1] == "SPACY=True", out


def test_first_run_loads_spacy_only_for_a_draft_that_can_match(tmp_path):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    drafts = tmp_path / "drafts" / "twitter"
    drafts.mkdir(parents=True)
    for i, text in enumerate(["Our workshop is open on Saturday.", "Looking for a new helmet? Our workshop can help.",
                              "Thanks for the kind words, we'll pass them on!"]):
        (drafts / f"{i}.md").write_text(f"---\nlang: en\nid: p{i}\n---\n{text}\n", encoding="utf-8")
    args = ["check", "drafts", "--profile", "brand.yaml", "--no-semantic", "--format", "json"]
    rc, spacy, out = _heavy_after(args, tmp_path, tmp_path / "cache1")
    assert rc == 0 and not spacy, out.stderr
    (drafts / "3.md").write_text("---\nlang: en\n---\nSimply the best brakes, guaranteed.\n", encoding="utf-8")
    rc, spacy, out = _heavy_after(args, tmp_path, tmp_path / "cache2")
    assert rc == 1 and spacy, out.stderr
    found = json.loads(out.stdout[:out.stdout.rindex("SPACY=")])
    codes = sorted(f["code"] for f in found if f["path"].startswith("drafts"))
    assert codes == ["VL104", "VL104"], codes


def test_cli_finds_an_irregular_form_the_old_prefilter_missed(tmp_path):
    (tmp_path / "brand.yaml").write_text("name: X\nlanguage: en\nlexicon: {banned: [go]}\n", encoding="utf-8")
    (tmp_path / "post.md").write_text("We went there twice.\n", encoding="utf-8")
    res = invoke_assert_code(["check", tmp_path / "post.md", "--profile", tmp_path / "brand.yaml",
                              "--no-semantic", "--format", "json"], 1)
    found = [(f["code"], f["column"]) for f in json.loads(res.stdout) if f["code"].startswith("VL1")]
    assert found == [("VL101", 4)], found


def test_spacy_imports_without_its_command_line_which_still_works_after():
    code = ("import sys\nfrom voicelint.nlp import pipelines\n"
            "spacy = pipelines.import_spacy()\n"
            "print(sorted(m for m in ('spacy.cli', 'typer', 'weasel', 'torch') if m in sys.modules))\n"
            "nlp = pipelines.get('en')\nprint([t.lemma_ for t in nlp('We went shopping.')])\n"
            "import spacy.cli\nfrom spacy.cli import download\n"
            "print(type(spacy.info(silent=True)).__name__, callable(download))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["[]", "['we', 'go', 'shop', '.']", "dict True"], out.stdout
