"""profile learn writes voice.address (tu/vous) when a French brand's approved posts agree on it
(voicelint.judgement.declared)."""
from __future__ import annotations

import json

import pytest
import yaml

from clihelpers import invoke_assert_code
from voicelint.judgement import declared

VOUS = [
    "Vous cherchez un cadeau pour un grand lecteur ? Passez nous voir, nous trouverons ensemble.",
    "La librairie sera fermée lundi ; nous vous retrouvons mardi à 10 h.",
    "Vos commandes arrivent en deux jours : nous vous prévenons par courriel.",
    "Marion vous conseille ce mois-ci un essai sur l'histoire des cartes marines.",
    "Merci pour vos messages après la soirée poésie, nous en organiserons une autre.",
    "Les livres de poche de l'été sont arrivés, une table entière leur est réservée.",
]


def test_a_brand_that_always_says_vous_learns_vous():
    data = {"name": "Librairie"}
    record = declared.learn_address(VOUS, "fr", data)
    assert data["voice"]["address"] == "vous" and record["learned"] == "vous"
    assert record["vous"] == 5 and record["tu"] == 0 and record["posts"] == 6
    assert "VL201 now flags 'tu'" in declared.describe(record)


def test_quoted_speech_is_not_the_brands_address():
    # a reader's « tu » quoted in a post does not make the brand tutoie
    texts = VOUS + ["Un lecteur nous écrit : « Tu m'as fait aimer les polars ! » Merci à vous."]
    data = {"name": "Librairie"}
    assert declared.learn_address(texts, "fr", data)["learned"] == "vous"


def test_nothing_is_learned_when_the_posts_disagree_or_are_too_few_or_it_is_declared():
    both = VOUS + ["Tu passes samedi ? On t'a gardé le dernier polar."]
    data = {"name": "Librairie"}
    record = declared.learn_address(both, "fr", data)
    assert "voice" not in data and "both" in record["why_not"] and "not learned" in declared.describe(record)
    data = {"name": "Librairie"}
    record = declared.learn_address(VOUS[:4], "fr", data)
    assert "voice" not in data and "needed" in record["why_not"]
    for kept in ({"voice": {"address": "tu"}}, {"platforms": {"tiktok": {"address": "tu"}}}):
        data = {"name": "Librairie", **kept}
        assert declared.learn_address(VOUS, "fr", data) is None and data.get("voice", {}).get("address") in (None, "tu")
    assert declared.learn_address(["We love books, you will too."] * 6, "en", {"name": "x"}) is None


def test_many_posts_may_hold_a_few_of_the_other_form():
    # 199 posts tolerate one (norms.tolerated), as the learned norms do; 198 none
    texts = [f"Votre roman numéro {i} vous attend en librairie." for i in range(198)] + ["Tu viens ?"]
    data = {"name": "Librairie"}
    assert declared.learn_address(texts, "fr", data)["learned"] == "vous"
    assert "learned" not in declared.learn_address(texts[1:], "fr", {"name": "Librairie"})


@pytest.mark.semantic
def test_profile_learn_writes_it_and_check_then_flags_tu(tmp_path):
    approved = tmp_path / "approved.jsonl"
    approved.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in VOUS * 2),
                        encoding="utf-8")
    out = tmp_path / "learned.yaml"
    res = invoke_assert_code(["profile", "learn", "--examples", approved, "--out", out, "--name", "Librairie",
                              "--lang", "fr", "--no-proposal", "--cache-dir", tmp_path / "cache"], 0)
    assert "voice.address = vous" in res.stdout and "# LEARNED: `voice.address: vous`" in out.read_text(encoding="utf-8")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["voice"]["address"] == "vous" and data["learned"]["address"]["learned"] == "vous"
    draft = tmp_path / "salut.md"
    draft.write_text("Salut toi ! Passe à la librairie samedi, on a ton polar.\n", encoding="utf-8")
    res = invoke_assert_code(["check", draft, "--profile", out, "--no-semantic", "--cache-dir", tmp_path / "cache"], 0)
    assert "VL201" in res.stdout


@pytest.mark.semantic
def test_a_learned_profile_judges_formality_from_the_posts_it_was_learned_from(tmp_path):
    """VL208 read voice.examples only: a profile learned from an export has none, and VL208 was
    silent on a slangy draft however far it was from the brand's posts."""
    approved = tmp_path / "approved.jsonl"
    approved.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in VOUS * 2),
                        encoding="utf-8")
    out = tmp_path / "learned.yaml"
    invoke_assert_code(["profile", "learn", "--examples", approved, "--out", out, "--name", "Librairie",
                        "--lang", "fr", "--no-proposal", "--cache-dir", tmp_path / "cache"], 0)
    assert "examples" not in (yaml.safe_load(out.read_text(encoding="utf-8")).get("voice") or {})
    draft = tmp_path / "yo.md"
    draft.write_text("Yo la team, trop stylé ce polar mdr, grave kiffant 🔥🔥\n", encoding="utf-8")
    res = invoke_assert_code(["check", draft, "--profile", out, "--no-semantic", "--select", "VL208",
                              "--cache-dir", tmp_path / "cache"], 0)
    assert "VL208" in res.stdout and "plus familier" in res.stdout
