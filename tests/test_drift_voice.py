"""The learned-voice block of the drift test (voicelint.judgement.drift.voice): out-of-fold scores of the
approved posts kept in the voice model, drafts scored by the model, one more block of the exact
test; and the rank combination of the blocks."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest

from voicelint import api
from voicelint.inputs import documents
from voicelint.judgement.drift import judge as drift_judge
from voicelint.inputs import profile as profile_mod
from voicelint.judgement.drift.persona import Analysis
from voicelint.judgement.voice.model import VoiceModel

_BRAND_DISHES = ["rye loaf", "seeded batch", "sourdough", "spelt roll", "fruit bun", "focaccia",
                 "barm cake", "teacake", "oat bread", "malt loaf"]
_BRAND_WHEN = ["this morning", "at dawn", "before the shop opened", "for the market", "for Saturday"]
BRAND = [f"We baked the {d} {w} in Leeds: it is on the counter until we run out, see you soon."
         for d in _BRAND_DISHES for w in _BRAND_WHEN]
random.Random(0).shuffle(BRAND)  # approved and new posts alike: every dish on both sides
_PEER_ITEMS = ["night cream", "vitamin C serum", "eye balm", "toner", "sun fluid", "cleansing oil",
               "clay mask", "lip treatment"]
PEER = [f"Discover the new {i}: dermatologist-tested, suitable for sensitive skin. Shop now, step {k}."
        for i in _PEER_ITEMS for k in range(1, 6)][:40]


@pytest.fixture(scope="module")
def learned_profile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learned")
    model = VoiceModel.learn(BRAND[:30], {"competitors": PEER[:30]}, lang="en", embedder=None)
    model.save(folder / "brand.voice.json")
    return profile_mod.from_dict({"name": "Loaf", "id": "loaf", "language": "en",
                                  "learned": {"voice_model": "brand.voice.json"}},
                                 path=str(folder / "brand.yaml"))


def _posts(groups):
    return [documents.parse_string(t, name=f"c#{g}{i}", meta={"platform": g, "lang": "en"}, markdown=False)
            for g, texts in groups.items() for i, t in enumerate(texts)]


def test_the_model_keeps_out_of_fold_scores_of_its_examples():
    model = VoiceModel.learn(BRAND[:30], {"competitors": PEER[:30]}, lang="en", embedder=None)
    assert len(model.examples_oof) == len(model.examples) == 30
    back = VoiceModel.from_dict(model.to_dict())
    assert back.examples_oof == pytest.approx(model.examples_oof, abs=1e-4)
    # out of fold, an approved post scores as a new one would: not as the fitted model scores it
    fitted = np.log(model.score(model.examples) / (1 - model.score(model.examples)))
    assert np.mean(model.examples_oof) < np.mean(fitted)


def test_the_voice_block_is_used_with_a_learned_profile(learned_profile):
    posts = _posts({"twitter": BRAND[30:40], "instagram": PEER[30:36]})
    an = Analysis(posts, learned_profile, lambda p: "en")
    col = an.feats["en"].voice
    assert col is not None and col.shape == (16 + 30, 1)
    assert col[10:16].mean() < col[:10].mean()  # the peer's posts sound less like the brand
    res = api.run(posts, api.Options(profile=learned_profile, select=["VL501"], semantic=False, cache=False))
    found = [f for f in res.findings if f.code == "VL501"]
    assert [f.evidence["group"] for f in found] == ["instagram"]
    blocks = found[0].evidence["blocks"]
    assert "voice" in blocks
    if max(blocks, key=blocks.get) == "voice":  # said first, with how far
        assert "learned voice score" in found[0].message


def test_no_voice_block_when_an_approved_post_has_no_out_of_fold_score(learned_profile):
    data = dict(learned_profile.data, voice={"examples": ["We opened a second shop in Headingley today."]})
    prof = profile_mod.from_dict(data, path=str(learned_profile.path))
    an = Analysis(_posts({"twitter": BRAND[30:35]}), prof, lambda p: "en")
    assert an.feats["en"].voice is None  # that example would be scored in-sample or not at all


def test_rank_combination_holds_its_level_with_a_long_tailed_block():
    rng = np.random.default_rng(3)
    n, m, hits, runs = 5, 60, 0, 150
    for s in range(runs):
        X = rng.standard_t(2, size=(n + m, 3))
        K = np.exp(-((X[:, None, :] - X[None, :, :]) ** 2).sum(-1) / 4.0)
        blocks = {"k": ("kernel", K), "v": ("lower", rng.normal(size=(n + m, 1)))}
        hits += drift_judge.permutation_test(blocks, n, 199, seed=s).p <= 0.05
    assert hits / runs <= 0.05 + 0.04


def test_rank_combination_finds_a_clear_one_sided_shift_beside_a_noisy_kernel():
    rng = np.random.default_rng(5)
    n, m = 5, 200
    X = rng.standard_t(1.5, size=(n + m, 4))
    K = np.exp(-((X[:, None, :] - X[None, :, :]) ** 2).sum(-1) / 8.0)
    v = rng.normal(size=(n + m, 1))
    v[:n] -= 3.0  # the group sounds much less like the brand
    res = drift_judge.permutation_test({"k": ("kernel", K), "v": ("lower", v)}, n, 1999, seed=0)
    assert res.p <= 2 / 2000 + 1e-12
    assert res.stat == pytest.approx(-math.log10(1 / 2000))


def _profile_of(model, folder):
    model.save(folder / "brand.voice.json")
    return profile_mod.from_dict({"name": "Loaf", "id": "loaf", "language": "en",
                                  "learned": {"voice_model": "brand.voice.json"}},
                                 path=str(folder / "brand.yaml"))


def test_no_voice_block_when_the_model_read_links_that_drafts_are_scored_without(tmp_path):
    # Learned from the raw texts, the link is a marker of the brand that no draft shows (drafts are
    # scored with their URLs blanked): the approved posts' scores are not comparable with drafts'.
    linked = [f"{t} Menu: https://loaf.example/menu/{i}" for i, t in enumerate(BRAND[:30])]
    raw = VoiceModel.learn(linked, {"competitors": PEER[:30]}, lang="en", embedder=None)
    (tmp_path / "raw").mkdir()
    an = Analysis(_posts({"twitter": BRAND[30:35]}), _profile_of(raw, tmp_path / "raw"),
                  lambda p: "en")
    assert an.feats["en"].voice is None
    # learned as profile learn reads posts (the link blanked), the block is used
    read = [documents.mask_markdown(t, 0, markdown=False).strip() for t in linked]
    model = VoiceModel.learn(read, {"competitors": PEER[:30]}, lang="en", embedder=None)
    (tmp_path / "read").mkdir()
    an = Analysis(_posts({"twitter": BRAND[30:35]}), _profile_of(model, tmp_path / "read"), lambda p: "en")
    assert an.feats["en"].voice is not None


def test_read_as_drafts():
    from voicelint.judgement.drift.voice import read_as_drafts
    assert read_as_drafts("We baked rye today.  See you soon!")
    assert not read_as_drafts("We baked rye today: https://loaf.example/rye")
