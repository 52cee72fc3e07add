"""VL402 with a declared topic that names a shipped sector (strategy/sectors.py) and its cut chosen
on both sides (strategy/calibration.topic_cut): a French candidate's post on jobs or pensions is
about politics without a word of "Politique, élections, partis, gouvernement"."""
import copy
from pathlib import Path

import pytest
import yaml

from voicelint import api
from voicelint.api import Options
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod

pytestmark = pytest.mark.semantic

BOOKSHOP = yaml.safe_load((Path(__file__).parent / "rule_cases" / "VL402.yml").read_text(encoding="utf-8"))["profile"]
POLITICS = [
    "Notre programme : la retraite à 60 ans et le SMIC à 1500 euros. Rendez-vous au meeting de Lyon samedi.",
    "Le candidat a répondu aux questions des journalistes sur l'immigration et la sécurité hier soir.",
    "Face à la crise, il faut un président qui protège les salariés et les services publics.",
    "Les sondages nous placent au second tour : mobilisez-vous, chaque voix compte !",
]
ON_PILLAR = "Notre coup de cœur : un roman d'aventure maritime qui se lit d'une traite, parfait pour les vacances."


def run(texts, cache_dir, sectors=None):
    prof = copy.deepcopy(BOOKSHOP)
    prof["name"] = "Librairie"
    if sectors is not None:
        prof["off_strategy"][0]["sectors"] = sectors
    posts = [documents.parse_string(t, name=f"p{i}.md", meta={"lang": "fr"}) for i, t in enumerate(texts)]
    return api.run(posts, Options(profile=profile_mod.from_dict(prof, path="<fixture>"), select=["VL4"],
                                  cache_dir=cache_dir))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("topic-cache"))


def test_a_topic_named_after_a_shipped_sector_catches_posts_without_its_words(cache_dir):
    res = run(POLITICS + [ON_PILLAR], cache_dir)
    vl402 = {f.path: f for f in res.findings if f.code == "VL402"}
    assert set(vl402) == {f"p{i}.md" for i in range(len(POLITICS))}, [(f.path, f.code) for f in res.findings]
    for f in vl402.values():
        assert f.score >= f.threshold
        assert f.evidence["nearest_off_strategy"]["source"] == "sector politique"
        assert "politique" in f.message
    assert not [f for f in res.findings if f.path == f"p{len(POLITICS)}.md"]


def test_without_the_sector_the_topic_has_only_its_own_words(cache_dir):
    res = run(POLITICS, cache_dir, sectors=[])
    assert not [f for f in res.findings if f.code == "VL402"]


def test_the_cut_is_chosen_on_both_sides_and_recorded():
    from voicelint.judgement.strategy.space import BOUNDS, TOPIC_FLOOR, StrategySpace
    from voicelint.nlp.embeddings import get_embedder
    prof = copy.deepcopy(BOOKSHOP)
    prof["name"] = "Librairie"
    sp = StrategySpace(profile_mod.from_dict(prof, path="<fixture>"), get_embedder(None), "fr")
    th = sp.calibrate()
    fig = th.figures["VL402_topic"]
    one_sided = max(BOUNDS["VL402"][0], th.figures["raw"]["VL402"])
    assert TOPIC_FLOOR <= fig["lo"] <= th["VL402"] < one_sided
    assert th["VL402"] == pytest.approx(fig["VL402"], abs=1e-4)
    assert fig["topic_flagged"] > fig["topic_flagged_one_sided"]
    # none of the approved posts is flagged by both of VL402's tests at the chosen cut
    for a in sp.assess(sp.approved, leave_out=True):
        oid, osim = a.best_off
        assert not (osim >= th["VL402"] and osim - a.strategy >= th["VL402.margin"])
    # a profile's own VL402 wins over the chosen cut
    assert sp.calibrate(overrides={"VL402": 0.5})["VL402"] == 0.5
