"""Drift is one group apart from the approved voice AND from the rest of the calendar
(intersection-union, voicelint.judgement.drift.judge.INTERSECT): a calendar whose platforms all moved away
from the approved posts together (a new period's topics, a brand whose new posts differ from the
ones it learned from) is not one platform sounding like another person. And hand-written
``voice.examples`` are read as drafts are (URLs blanked) by the learned-voice block."""
from __future__ import annotations

import pytest
from drift_small_fixtures import EN_EXAMPLES, EN_LINKEDIN_STIFF, EN_X

from voicelint import api
from voicelint.inputs import documents
from voicelint.judgement.drift import judge as drift_judge
from voicelint.inputs import profile as profile_mod
from voicelint.judgement.brand import approved_posts
from voicelint.judgement.drift.persona import Analysis


def _posts(lang, groups):
    return [documents.parse_string(t, name=f"calendar.jsonl#{g}-{i + 1}",
                                   meta={"platform": g, "lang": lang, "id": f"{g}-{i + 1}"}, markdown=False)
            for g, texts in groups.items() for i, t in enumerate(texts)]


def _run(examples, groups):
    prof = profile_mod.from_dict({"name": "Small brand", "id": "small", "language": "en",
                                  "voice": {"examples": list(examples)}})
    res = api.run(_posts("en", groups), api.Options(profile=prof, select=["VL501"], semantic=False,
                                                    cache=False))
    return [f for f in res.findings if f.code == "VL501"]


# Every platform of the calendar in the same stiff voice, away from the approved posts together.
MOVED_TOGETHER = {"twitter": EN_LINKEDIN_STIFF[:8], "linkedin": EN_LINKEDIN_STIFF[8:]}


def test_platforms_that_moved_away_together_are_not_one_platforms_drift():
    assert _run(EN_EXAMPLES, MOVED_TOGETHER) == []


def test_each_platform_alone_is_apart_from_the_approved_voice(monkeypatch):
    # what the test above would say if each comparison could flag on its own (before): both
    # platforms, each against the approved voice
    monkeypatch.setattr(drift_judge, "INTERSECT", False)
    assert sorted(f.evidence["group"] for f in _run(EN_EXAMPLES, MOVED_TOGETHER)) == ["linkedin", "twitter"]


def test_a_platform_apart_from_both_is_flagged_with_both_p_values():
    found = _run(EN_EXAMPLES, {"twitter": EN_X, "linkedin": EN_LINKEDIN_STIFF})
    assert [f.evidence["group"] for f in found] == ["linkedin"]
    ev = found[0].evidence
    assert ev["versus"] == "brand"  # explained against the approved voice, which people know
    assert ev["p_brand"] <= 0.01 and ev["p_others"] <= 0.01
    # the group's p-value is the larger of its two, Holm-adjusted over the two platforms
    assert ev["p_value"] == pytest.approx(min(1.0, 2 * max(ev["p_brand"], ev["p_others"])), abs=1e-5)


def test_a_single_platform_is_judged_against_the_approved_voice_alone():
    # nothing else in the calendar to tell a shift of the whole from one platform's
    found = _run(EN_EXAMPLES, {"linkedin": EN_LINKEDIN_STIFF})
    assert [f.evidence["group"] for f in found] == ["linkedin"]
    assert found[0].evidence["p_others"] is None


# -- hand-written voice.examples and the learned-voice block ---------------------------------------

_BREAD = ["rye loaf", "seeded batch", "sourdough", "spelt roll", "fruit bun", "focaccia", "barm cake",
          "teacake", "oat bread", "malt loaf"]
BRAND = [f"We baked the {d} {w} in Leeds: it is on the counter until we run out, see you soon."
         for d in _BREAD for w in ("this morning", "at dawn", "for the market", "for Saturday")]
PEER = [f"Discover the new {i}: dermatologist-tested, suitable for sensitive skin. Shop now, step {k}."
        for i in ("night cream", "serum", "eye balm", "toner", "sun fluid", "clay mask") for k in range(1, 6)]
LINKED = [f"Our opening hours for {h} are on the shop page https://loaf.example/hours/{i} see you there."
          for i, h in enumerate(("Easter", "Christmas", "the bank holiday"))]


def _learned_like_profile_learn(folder, examples):
    """A learned profile whose hand-written ``voice.examples`` the model learned from as
    ``profile learn`` reads them (URLs blanked, as drafts are read)."""
    from voicelint.judgement.voice.model import VoiceModel
    read = [documents.mask_markdown(t, 0, markdown=False).strip() for t in examples]
    model = VoiceModel.learn(BRAND[:30] + read, {"competitors": PEER[:25]},
                             lang="en", embedder=None)
    model.save(folder / "brand.voice.json")
    return profile_mod.from_dict({"name": "Loaf", "id": "loaf", "language": "en",
                                  "voice": {"examples": list(examples)},
                                  "learned": {"voice_model": "brand.voice.json"}},
                                 path=str(folder / "brand.yaml"))


def test_a_hand_written_example_with_a_link_keeps_the_learned_voice_block(tmp_path):
    prof = _learned_like_profile_learn(tmp_path, LINKED)
    texts = approved_posts(prof, pillars=False)
    assert len(texts) == 33  # the example and the model's copy of it (link blanked) counted once
    an = Analysis(_posts("en", {"twitter": BRAND[30:36]}), prof, lambda p: "en")
    assert an.n_approved["en"] == 33
    assert an.feats["en"].voice is not None  # every approved post has its out-of-fold score


@pytest.mark.semantic
def test_profile_learn_reads_hand_written_examples_as_drafts(tmp_path):
    # voice.examples of the base profile are learned from as drafts are read (links blanked), so
    # drift keeps the learned-voice block for such a profile
    import json

    import yaml
    from clihelpers import invoke_assert_code
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump({"name": "Loaf", "language": "en", "voice": {"examples": LINKED}}),
                    encoding="utf-8")
    approved = tmp_path / "approved.jsonl"
    approved.write_text("".join(json.dumps({"text": t}) + "\n" for t in BRAND[:30]), encoding="utf-8")
    out = tmp_path / "learned.yaml"
    invoke_assert_code(["profile", "learn", "--examples", approved, "--base", base, "--out", out,
                        "--no-proposal"], code=0)
    prof = profile_mod.load(out)
    from voicelint.judgement.brand import load_learned
    kept = load_learned(prof).approved
    assert not [t for t in kept if "https://" in t]
    assert len([t for t in kept if t.startswith("Our opening hours for")]) == 3
    an = Analysis(_posts("en", {"twitter": BRAND[30:36]}), prof, lambda p: "en")
    assert an.n_approved["en"] == 33
    assert an.feats["en"].voice is None  # a model with embeddings needs semantic checks on
    from voicelint.judgement.drift.voice import approved_logits
    assert approved_logits(load_learned(prof), "en", approved_posts(prof, pillars=False)) is not None


def test_a_set_that_moved_as_a_whole_is_said_once_in_a_notice():
    prof = profile_mod.from_dict({"name": "Small brand", "id": "small", "language": "en",
                                  "voice": {"examples": list(EN_EXAMPLES)}})
    res = api.run(_posts("en", MOVED_TOGETHER), api.Options(profile=prof, select=["VL501"], semantic=False,
                                                           cache=False))
    said = [n for n in res.notices if "apart from the approved voice" in n]
    assert len(said) == 1 and "every platform of the set" in said[0] and "moved as a whole" in said[0]
    # a calendar in the brand's own voice gets no such notice
    calm = api.run(_posts("en", {"twitter": EN_X[:8], "linkedin": EN_X[8:16]}),
                   api.Options(profile=prof, select=["VL501"], semantic=False, cache=False))
    assert not [n for n in calm.notices if "apart from the approved voice" in n]
