"""`voicelint report`: one self-contained, accessible HTML page."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from clihelpers import invoke_assert_code
from drift_fixtures import FR_PROFILE, calendar

PILLARS = [
    {"id": "savoir-faire", "description": "Le travail du fournil : levain, farines, pétrissage, cuisson.",
     "examples": ["Notre levain est nourri chaque matin avec une farine de seigle."],
     "keywords": ["levain", "farine", "four", "pâte"]},
    {"id": "quartier", "description": "La boutique et le quartier : horaires, marché, événements, recrutement.",
     "examples": ["Nous serons au marché dimanche matin."],
     "keywords": ["boutique", "marché", "samedi", "dimanche"]},
]


def _setup(tmp_path, drifted=True):
    prof = dict(FR_PROFILE, pillars=PILLARS, proposition="Du pain au levain, fait main, à Lyon.")
    (tmp_path / "brand.yaml").write_text(yaml.safe_dump(prof, allow_unicode=True), encoding="utf-8")
    rows = calendar("fr", drifted)
    for i, r in enumerate(rows):
        r["author"] = ("claire", "marc", "léa")[i % 3]
    cal = tmp_path / "calendar.jsonl"
    cal.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return tmp_path / "brand.yaml", cal


def _external_refs(page: str) -> list[str]:
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page, re.IGNORECASE)
    refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", page, re.IGNORECASE)
    refs += re.findall(r"@import\s+['\"]?([^'\";]+)", page, re.IGNORECASE)
    return [r for r in refs if not r.startswith("#")]


def test_report_is_one_self_contained_page(tmp_path):
    profile, cal = _setup(tmp_path)
    out = tmp_path / "report.html"
    invoke_assert_code(["report", cal, "--profile", profile, "--html", out, "--no-semantic"], code=0)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert _external_refs(page) == []                      # nothing fetched: no src/href/url()
    assert "<script" not in page.lower()                    # no JS at all
    assert page.count("<svg") >= 3 + 2 + 1                  # 3 platforms, author + time, pillar mix
    assert page.count('role="img"') == page.count("<svg")   # every chart is labelled...
    assert page.count("<title id=") == page.count("<svg")   # ...with a title and a description
    assert "Persona per platform" in page and "Drift per author" in page and "Drift over time" in page
    assert "Pillar mix per platform" in page and "savoir-faire" in page   # from pillar keywords
    assert "VL501" in page and "drifted" in page
    assert re.search(r"<th scope=\"row\">instagram</th><td>6</td><td><strong class=\"bad\">drifted", page)
    assert "@media print" in page
    # the tile counts info findings, as the CLI's summary line does ("n info"), apart from the notes
    assert "<dt>Info</dt>" in page and "<dt>Notes</dt>" not in page


def test_report_of_a_clean_calendar_says_in_voice(tmp_path):
    profile, cal = _setup(tmp_path, drifted=False)
    out = tmp_path / "report.html"
    invoke_assert_code(["report", cal, "--profile", profile, "-o", out, "--no-semantic"], code=0)
    page = out.read_text(encoding="utf-8")
    assert "<code>VL501</code>" not in page
    assert not re.search(r'<strong class="bad">drifted', page)
    # a test that finds nothing says so, not "in voice"; with 12 approved posts, how little it sees
    assert re.search(r'<th scope="row">instagram</th><td>\d+</td><td>no drift shown', page)
    assert "judged against only 12 approved posts" in page


@pytest.mark.semantic
def test_report_with_embeddings_has_the_pillar_mix_by_meaning(tmp_path):
    profile, cal = _setup(tmp_path)
    out = tmp_path / "report.html"
    invoke_assert_code(["report", cal, "--profile", profile, "--html", out], code=0)
    page = out.read_text(encoding="utf-8")
    assert "nearest pillar" in page and "quartier" in page and "style and embeddings" in page
    assert _external_refs(page) == []


def test_report_honours_the_config_file(tmp_path):
    profile, cal = _setup(tmp_path)
    (tmp_path / "voicelint.yaml").write_text(f"profiles: [{profile.name}]\n", encoding="utf-8")
    out = tmp_path / "r.html"
    invoke_assert_code(["report", cal, "--config", tmp_path / "voicelint.yaml", "--html", out,
                        "--no-semantic"], code=0)
    assert "Fournil des Pentes" in out.read_text(encoding="utf-8")


def test_report_errors_are_one_line_and_write_nothing(tmp_path):
    profile, cal = _setup(tmp_path)
    res = invoke_assert_code(["report", cal, "--profile", tmp_path / "nope.yaml", "--html",
                              tmp_path / "r.html", "--no-semantic"], code=2)
    assert "Traceback" not in res.stderr and "nope.yaml" in res.stderr
    assert not (tmp_path / "r.html").exists()
    res = invoke_assert_code(["report", cal, "--profile", profile, "--html",
                              tmp_path / "missing" / "r.html", "--no-semantic"], code=2)
    assert res.stderr.count("\n") == 1 and "cannot write the report" in res.stderr
    invoke_assert_code(["report", cal, "--profile", profile, "--no-semantic"], code=2)  # no --html
    # a failed run leaves the previous report untouched
    (tmp_path / "r.html").write_text("old", encoding="utf-8")
    invoke_assert_code(["report", tmp_path / "none.md", "--profile", profile, "--html", tmp_path / "r.html",
                        "--no-semantic"], code=2)
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "old"


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path):
    if not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")):
        pytest.skip("chromium is not installed")
    profile, cal = _setup(tmp_path)
    out = tmp_path / "report.html"
    invoke_assert_code(["report", cal, "--profile", profile, "--html", out, "--no-semantic"], code=0)
    png = tmp_path / "shot.png"
    script = Path(__file__).resolve().parents[1] / "bench" / "screenshot_report.py"
    subprocess.run([sys.executable, script, out, png, "--height", "1600"], check=True, timeout=180)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_trait_labels_fit_left_of_the_chart(lang):
    # labels are right-aligned on the bars: the longest ("'faut', 'y a' without 'il'", 26
    # characters, about 7 px each at 12 px) must not run off the left edge of the SVG
    from voicelint.judgement.drift.display import TRAIT_SHORT
    from voicelint.judgement.drift.persona import PERSONA_TRAITS
    from voicelint.outputs.report.page import trait_chart
    svg = trait_chart("instagram", lang, 6, {t: 0.0 for t in PERSONA_TRAITS[lang]}, None, False)
    labels = {TRAIT_SHORT["en"][t].replace("'", "&#x27;") for t in PERSONA_TRAITS[lang]}
    ends = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" font-size="12"[^>]*>([^<]+)</text>', svg)
    placed = {label: float(x) for x, label in ends if label in labels}
    assert set(placed) == labels
    assert all(x >= 6.8 * len(label.replace("&#x27;", "'")) for label, x in placed.items())


def test_units_name_the_traits_of_the_languages_shown():
    from voicelint.outputs.report.page import units_sentence
    en, fr = units_sentence(["en"]), units_sentence(["fr"])
    assert "contractions" in en and not re.search(r"\btu\b|\bvous\b", en)
    assert "tu, vous" in fr and "negation without 'ne'" in fr and "contractions" not in fr
    assert en.startswith("formality 0 (casual) to 1 (formal); ") and en.endswith("post length in characters")
    assert units_sentence([]) == ""
