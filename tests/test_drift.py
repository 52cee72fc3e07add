"""Persona drift over sets of posts (VL501-VL504, voicelint.judgement.drift.persona, checks/drift.py)."""
from __future__ import annotations

import math
import random

import pytest
from clihelpers import invoke_assert_code
from drift_fixtures import (
    EN_APPROVED,
    EN_CALENDAR,
    EN_PROFILE,
    FR_CALENDAR,
    FR_DRIFTED,
    FR_PROFILE,
    calendar,
    write_profile,
)

from voicelint import api
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.shared.errors import RuleError
from voicelint.judgement.drift.groups import period_of
from voicelint.judgement.drift.judge import permutation_test
from voicelint.engine.rules import load_pack

SEMANTIC = [pytest.param(False, id="style"), pytest.param(True, id="semantic", marks=pytest.mark.semantic)]


def _posts(rows, **extra):
    out = []
    for r in rows:
        meta = {k: r[k] for k in ("platform", "date", "id") if k in r}
        meta.update({k: v(r) if callable(v) else v for k, v in extra.items()})
        out.append(documents.parse_string(r["text"], name=f"calendar.jsonl#{r['id']}", meta=meta))
    return out


def _drift(lang, drifted, semantic=False, profile=None, **extra):
    prof = profile_mod.from_dict(profile or (FR_PROFILE if lang == "fr" else EN_PROFILE))
    res = api.run(_posts(calendar(lang, drifted), **extra),
                  api.Options(profile=prof, select=["VL5"], semantic=semantic))
    return [f for f in res.findings if f.code.startswith("VL5")]


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_fr_slangy_tu_instagram_is_flagged_there_only(semantic):
    found = _drift("fr", drifted=True, semantic=semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    f = found[0]
    ev = f.evidence
    assert ev["group"] == "instagram" and ev["n"] == 6
    assert ev["p_value"] <= 0.01 and f.score >= f.threshold
    assert all(pid.startswith("instagram-") for pid in ev["posts"])
    assert f.post_id == ev["posts"][0]
    moved = {t["trait"]: t for t in ev["traits"]}
    assert "address_tu" in moved and moved["address_tu"]["group"] > 0 and moved["address_tu"]["brand"] == 0
    assert {"exclamation", "emoji", "slang"} & set(moved)
    assert "instagram" in f.message and "tu " in f.message  # says which group and which trait


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_en_stiff_corporate_linkedin_is_flagged_there_only(semantic):
    found = _drift("en", drifted=True, semantic=semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", "linkedin")]
    moved = {t["trait"]: t for t in found[0].evidence["traits"]}
    assert moved["formality"]["group"] > moved["formality"]["brand"] + 0.2
    assert "formality" in found[0].message and "vs brand" in found[0].message


@pytest.mark.parametrize("semantic", SEMANTIC)
@pytest.mark.parametrize("lang,variant,platform,up,gone", [
    # LinkedIn may be 0.1 more formal (formality_delta), not a company speaking of itself in long
    # sentences without "nous" or "vous" (the brand is formal already: formality barely moves)
    pytest.param("fr", "corporate", "linkedin", {"sentence_len"}, {"person_we", "address_vous"},
                 id="fr-stiff-corporate"),
    pytest.param("en", "slangy", "instagram", {"emoji", "exclamation", "slang"}, set(), id="en-slangy-emoji"),
])
def test_the_other_persona_the_other_way_is_flagged_there_only(lang, variant, platform, up, gone, semantic):
    found = _variant(lang, variant, semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", platform)]
    ev = found[0].evidence
    assert ev["versus"] == "brand" and all(pid.startswith(f"{platform}-") for pid in ev["posts"])
    moved = {t["trait"]: t for t in ev["traits"]}
    assert up | gone <= set(moved)
    assert all(moved[t]["group"] > moved[t]["brand"] for t in up)
    assert all(moved[t]["group"] == 0 < moved[t]["brand"] for t in gone)
    assert platform in found[0].message and ("(marque : " if lang == "fr" else "vs brand") in found[0].message


@pytest.mark.parametrize("semantic", SEMANTIC)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_same_calendar_without_the_other_persona_is_clean(lang, semantic):
    assert _drift(lang, drifted=False, semantic=semantic) == []


def test_findings_are_deterministic():
    a = [f.to_dict() for f in _drift("fr", True)]
    b = [f.to_dict() for f in _drift("fr", True)]
    assert a == b and a


def test_platform_tolerance_scales_the_allowed_drift():
    prof = dict(FR_PROFILE, platforms={"instagram": {"tolerance": 10}})
    assert _drift("fr", True, profile=prof) == []


def test_formality_delta_shifts_what_is_expected_on_a_platform():
    # the corporate LinkedIn is much more formal than the brand; expecting +0.55 there removes
    # formality from the traits that moved
    base = {t["trait"] for t in _drift("en", True)[0].evidence["traits"]}
    prof = dict(EN_PROFILE, platforms={"linkedin": {"formality_delta": 0.55}})
    found = _drift("en", True, profile=prof)
    shifted = {t["trait"] for t in found[0].evidence["traits"]} if found else set()
    assert "formality" in base and "formality" not in shifted


def test_without_approved_posts_the_odd_platform_out_is_found():
    prof = {"name": "Fournil", "language": "fr"}
    found = _drift("fr", True, profile=prof)
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    assert found[0].evidence["versus"] == "others"
    assert _drift("fr", False, profile=prof) == []


def test_same_posts_are_not_reported_twice_by_two_drift_rules():
    # one author per platform: VL502 would repeat VL501 on the very same posts
    found = _drift("fr", True, author=lambda r: f"author-{r['platform']}")
    assert [f.code for f in found] == ["VL501"]
    only_authors = api.run(_posts(calendar("fr", True), author=lambda r: f"author-{r['platform']}"),
                           api.Options(profile=profile_mod.from_dict(FR_PROFILE), select=["VL502"],
                                       semantic=False)).findings
    assert [(f.code, f.evidence["group"]) for f in only_authors] == [("VL502", "author-instagram")]


def test_drift_over_time_flags_the_month_that_changed():
    rows = calendar("fr", False)
    for i, r in enumerate(rows):
        r["date"] = "2025-01-15" if i % 2 else "2025-02-15"
    rows += [{"id": f"march-{i}", "platform": "instagram", "date": "2025-03-05", "text": t}
             for i, t in enumerate(FR_DRIFTED)]
    prof = profile_mod.from_dict(FR_PROFILE)
    found = api.run(_posts(rows), api.Options(profile=prof, select=["VL504"], semantic=False)).findings
    assert [(f.code, f.evidence["group"]) for f in found] == [("VL504", "2025-03")]


def test_precommit_three_files_are_judged_against_the_approved_voice(tmp_path):
    profile = write_profile(tmp_path, "fr")
    drafts = tmp_path / "drafts" / "instagram"
    drafts.mkdir(parents=True)
    for i, t in enumerate(FR_DRIFTED[:3]):
        (drafts / f"post{i}.md").write_text(t + "\n", encoding="utf-8")
    args = ["check", *sorted(drafts.iterdir()), "--profile", profile, "--no-semantic", "--select", "VL5",
            "--format", "json"]
    res = invoke_assert_code(args + ["--fail-on", "warning"], code=1)
    assert '"VL501"' in res.stdout and '"instagram"' in res.stdout
    for i, t in enumerate(FR_CALENDAR["instagram"][:3]):  # three new posts in the brand's voice: quiet
        (drafts / f"post{i}.md").write_text(t + "\n", encoding="utf-8")
    invoke_assert_code(args + ["--fail-on", "warning"], code=0)


def test_two_files_are_too_few_to_judge():
    prof = profile_mod.from_dict(FR_PROFILE)
    posts = [documents.parse_string(t, name=f"p{i}.md", meta={"platform": "instagram"})
             for i, t in enumerate(FR_DRIFTED[:2])]
    assert api.run(posts, api.Options(profile=prof, select=["VL5"], semantic=False)).findings == []


def test_english_brand_own_posts_rotated_across_platforms_stay_clean():
    # the approved posts themselves, cut into three platforms, never drift from themselves
    prof = profile_mod.from_dict(dict(EN_PROFILE, voice={"examples": EN_APPROVED[:6]}))
    posts = [documents.parse_string(t, name=f"p{i}.md", meta={"platform": ["twitter", "facebook"][i % 2]})
             for i, t in enumerate(EN_APPROVED[6:] + EN_APPROVED[:6])]
    assert api.run(posts, api.Options(profile=prof, select=["VL5"], semantic=False)).findings == []


def test_drafts_of_replies_without_the_handles_are_not_another_persona():
    """Approved posts from an export of replies each open with the handle the platform puts there;
    drafts of the brand's posts have none. The handles are not the voice: no drift (before:
    "twitter: 12 posts sound like another persona (p=0.006): @mentions 0.0/post vs brand 1.0")."""
    replies = [f"@cust{i} {t}" for i, t in enumerate(EN_APPROVED)]
    prof = profile_mod.from_dict(dict(EN_PROFILE, voice={"examples": replies}))
    texts = [t for platform in ("instagram", "facebook") for t in EN_CALENDAR[platform]]
    posts = [documents.parse_string(t, name=f"p{i}.md", meta={"platform": "twitter"}) for i, t in enumerate(texts)]
    assert api.run(posts, api.Options(profile=prof, select=["VL5"], semantic=False)).findings == []


# ----------------------------------------------------------------------------- statistics

def test_permutation_test_holds_its_level_under_the_null():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(1)
    rejections = 0
    sims = 200
    for s in range(sims):
        X = rng.normal(size=(24, 5))
        res = permutation_test({"traits": ("mean", X)}, n=6, n_perm=199, seed=s)
        rejections += res.p <= 0.05
    assert 0.01 <= rejections / sims <= 0.10


def test_permutation_test_detects_a_shift_with_three_posts():
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(19, 4))
    X[:3] += 4.0
    res = permutation_test({"traits": ("mean", X)}, n=3, n_perm=1999, seed=0)
    assert res.p <= 0.005
    assert res.stat >= res.critical(0.01)
    assert list(np.argsort(-res.contributions)).count(0) == 1


@pytest.mark.parametrize("value,period,expected", [
    ("2025-03-14", "month", "2025-03"), ("2025-03-14T10:00:00Z", "week", "2025-W11"),
    ("14/03/2025", "quarter", "2025-Q1"), ("2025-3-1", "year", "2025"), ("soon", "month", None),
    ("2025-02-30", "month", None),
])
def test_period_of(value, period, expected):
    assert period_of(value, period) == expected


def test_bad_drift_rule_options_name_the_file(tmp_path):
    pack = tmp_path / "Pack"
    pack.mkdir()
    (pack / "Drift.yml").write_text("extends: drift\nmessage: drift\ngroup_by: colour\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_pack(pack)
    assert "Drift.yml" in str(err.value) and "group_by" in str(err.value)
    (pack / "Drift.yml").write_text("extends: drift\nmessage: drift\ngroup_by: author\nalpha: 2\n",
                                    encoding="utf-8")
    with pytest.raises(RuleError, match="alpha"):
        load_pack(pack)


def test_shuffled_order_of_posts_gives_the_same_verdict():
    rows = calendar("en", True)
    random.Random(3).shuffle(rows)
    prof = profile_mod.from_dict(EN_PROFILE)
    found = api.run(_posts(rows), api.Options(profile=prof, select=["VL5"], semantic=False)).findings
    assert [(f.code, f.platform) for f in found] == [("VL501", "linkedin")]


@pytest.mark.semantic
def test_a_learned_profile_brings_its_approved_posts(tmp_path):
    import json as _json

    from drift_fixtures import FR_APPROVED
    approved = tmp_path / "approved.jsonl"
    approved.write_text("".join(_json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in FR_APPROVED),
                        encoding="utf-8")
    out = tmp_path / "learned.yaml"
    invoke_assert_code(["profile", "learn", "--examples", approved, "--name", "Fournil", "--lang", "fr",
                        "--out", out], code=0)
    prof = profile_mod.load(out)
    assert not prof.voice.get("examples")
    found = api.run(_posts(calendar("fr", True)), api.Options(profile=prof, select=["VL5"],
                                                              semantic=False)).findings
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    assert found[0].evidence["versus"] == "brand"
    assert found[0].evidence["approved"] == "the learned voice model"


def test_big_groups_are_subsampled_and_still_judged():
    from voicelint.judgement.drift.persona import Analysis
    prof = profile_mod.from_dict(EN_PROFILE)
    rows = calendar("en", True)
    posts = _posts(rows)
    an = Analysis(posts, prof, lambda p: "en")
    v = {x.key: x for x in an.judge("platform", {"max_sample": 5, "alpha": 0.05})}
    assert v["linkedin"].drifted and v["linkedin"].judged
    assert not v["facebook"].drifted
    assert len(v["linkedin"].order) == 6  # every post listed, the sampled ones first
    assert len(EN_CALENDAR) == 3


# ----------------------------------------------------------------------------- register, wording

def _variant(lang, variant, semantic=False, profile=None):
    prof = profile_mod.from_dict(profile or (FR_PROFILE if lang == "fr" else EN_PROFILE))
    res = api.run(_posts(calendar(lang, True, variant)),
                  api.Options(profile=prof, select=["VL5"], semantic=semantic))
    return [f for f in res.findings if f.code.startswith("VL5")]


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_fr_familiar_register_alone_is_flagged_with_the_markers_that_moved(semantic):
    # tu, "c'est pas", "faut", "y a": no emoji, no "!", the same topics
    found = _variant("fr", "familiar", semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    ev = found[0].evidence
    assert ev["versus"] == "brand" and ev["blocks"]["register"] == max(ev["blocks"].values())
    moved = {t["trait"]: t for t in ev["traits"]}
    assert {"ne_dropped", "bare_il"} <= set(moved)
    assert moved["ne_dropped"]["brand"] == 0 and moved["ne_dropped"]["group"] > 2
    assert "négations sans « ne »" in found[0].message and "(marque : 0,0)" in found[0].message


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_tu_where_the_profile_expects_tu_is_not_a_drift(semantic):
    found = _variant("fr", "tu", semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    assert found[0].evidence["traits"][0]["trait"] == "address_tu"
    prof = dict(FR_PROFILE, platforms={"instagram": {"address": "tu"}})
    assert _variant("fr", "tu", semantic, profile=prof) == []


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_en_casual_register_alone_is_flagged(semantic):
    found = _variant("en", "casual", semantic)
    assert [(f.code, f.platform) for f in found] == [("VL501", "linkedin")]
    moved = {t["trait"] for t in found[0].evidence["traits"]}
    assert {"slang", "contractions"} <= moved


def test_fr_typography_of_another_writer_is_flagged_and_named():
    found = _variant("fr", "typography")
    assert [(f.code, f.platform) for f in found] == [("VL501", "instagram")]
    markers = {m["marker"]: m for m in found[0].evidence["markers"]}
    assert markers["’"]["group"] == 1.0 and markers["’"]["brand"] == 0.0
    assert "apostrophe courbe" in found[0].message


def test_precommit_three_familiar_posts_are_flagged(tmp_path):
    from drift_fixtures import FR_FAMILIAR
    profile = write_profile(tmp_path, "fr")
    drafts = tmp_path / "instagram"
    drafts.mkdir()
    for i, t in enumerate(FR_FAMILIAR[:3]):
        (drafts / f"post{i}.md").write_text(t + "\n", encoding="utf-8")
    args = ["check", *sorted(drafts.iterdir()), "--profile", profile, "--no-semantic", "--select", "VL5",
            "--format", "json", "--fail-on", "warning"]
    res = invoke_assert_code(args, code=1)
    assert '"ne_dropped"' in res.stdout


@pytest.mark.parametrize("text,expected", [
    ("C'est pas aux conseillers de gouverner.", {"ne_dropped": 1}),
    ("Ce n'est pas aux conseillers de gouverner.", {}),
    ("Je ne crois pas à la fatalité, on sait jamais.", {"ne_dropped": 1}),
    ("Faut sortir du nucléaire. Il faut en sortir.", {"bare_il": 1}),
    ("Y a pas de fatalité, il y a des choix, il n'y a pas de hasard.", {"ne_dropped": 1, "bare_il": 1}),
    ("Rien ne va plus. Personne n'a rien dit. Pourquoi pas ? Pas de panique, une personne.", {}),
    ("Ça va, cela suffit.", {"ca": 1}),
])
def test_french_register_markers(text, expected):
    from voicelint.judgement.drift.register import _FR_TOKEN_RE, french_register
    got = french_register(text)
    n = len(_FR_TOKEN_RE.findall(text))
    assert {k: round(v * n) for k, v in got.items() if v} == expected


def test_wording_markers_name_hashtags_and_typography():
    from voicelint.judgement.drift.display import wording_markers
    group = [f"Je propose la mesure {i} aujourd’hui. #LeGrandDébat" for i in range(8)]
    ref = [f"Je propose la mesure {i} aujourd'hui." for i in range(12)]
    got = {m["marker"]: m for m in wording_markers(group, ref, top=5)}
    assert got["#LeGrandDébat"]["group"] == 1.0 and got["#LeGrandDébat"]["brand"] == 0.0
    assert got["’"]["group"] == 1.0 and got["'"]["brand"] == 1.0
    assert "je" not in got and "propose" not in got  # on both sides: not a marker
    assert wording_markers(ref[:6], ref[6:]) == []


def test_char_gram_kernel_is_a_function_of_the_pooled_posts_only():
    np = pytest.importorskip("numpy")
    from voicelint.judgement.drift.grams import char_grams, gram_kernel
    texts = EN_APPROVED + FR_DRIFTED
    K = gram_kernel([char_grams(t) for t in texts])
    order = list(range(len(texts)))
    random.Random(0).shuffle(order)
    K2 = gram_kernel([char_grams(texts[i]) for i in order])
    assert np.allclose(K2, K[np.ix_(order, order)])  # exchangeable: the permutation test stays exact
    assert np.allclose(np.diag(K), 1.0) and np.allclose(K, K.T)
    assert K[len(EN_APPROVED):, len(EN_APPROVED):].mean() > K[:len(EN_APPROVED), len(EN_APPROVED):].mean()


def test_char_gram_kernel_of_a_subset_is_the_kernel_of_those_posts_alone(monkeypatch):
    # one table per run serves every test: a subset's kernel (idf, shared n-grams, norms) is
    # what the subset's posts alone give, and the 4,096-gram cap keeps the most frequent ones
    np = pytest.importorskip("numpy")
    from voicelint.judgement.drift import grams as drift_grams
    from voicelint.judgement.drift.grams import GramTable, char_grams, gram_kernel
    texts = EN_APPROVED + FR_DRIFTED + FR_CALENDAR["linkedin"] + [""]
    grams = [char_grams(t) for t in texts]
    table = GramTable(grams)
    for rows in ([3, 0, 14, 7, 23, 24], list(range(0, len(texts), 2)), list(range(len(texts)))):
        assert np.allclose(table.kernel(rows), gram_kernel([grams[i] for i in rows]))
    # "x" in 3 posts, "y" in 2: with room for one n-gram only "x" is kept, "y" still counts in the norms
    small = GramTable([{"x": 1, "y": 1}, {"x": 1, "y": 1}, {"x": 1}])
    assert np.isclose(small.kernel([0, 1, 2])[0, 1], 1.0)
    monkeypatch.setattr(drift_grams, "_MAX_GRAMS", 1)
    idf_y = math.log(4 / 3) + 1
    assert np.isclose(small.kernel([0, 1, 2])[0, 1], 1 / (1 + idf_y ** 2))


def test_each_block_holds_its_level_on_the_brands_own_posts():
    # the approved posts against themselves, cut at random: a drift at p <= alpha about alpha of the time
    from voicelint.judgement.drift.persona import Analysis
    texts = EN_APPROVED + [t for ts in EN_CALENDAR.values() for t in ts]
    hits = 0
    for s in range(20):
        pick = random.Random(s).sample(texts, len(texts))
        prof = profile_mod.from_dict(dict(EN_PROFILE, voice={"examples": pick[:20]}))
        posts = [documents.parse_string(t, name=f"p{i}.md", meta={"platform": "twitter"})
                 for i, t in enumerate(pick[20:26])]
        v = Analysis(posts, prof, lambda p: "en").judge("platform", {"alpha": 0.05, "permutations": 499})[0]
        hits += v.drifted
    assert hits <= 3


# ----------------------------------------------------------------------------- results cache

def test_warm_run_takes_every_posts_features_from_the_results_cache(tmp_path, monkeypatch):
    # drafts and approved posts are measured once; a warm run (or a hook given the same files)
    # judges them from the cache, and an edited post is the only one measured again
    from voicelint.judgement.drift import persona
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    prof = profile_mod.from_dict(FR_PROFILE)
    opts = api.Options(profile=prof, select=["VL5"], semantic=False, cache_dir=str(tmp_path / "cache"))
    rows = calendar("fr", True)
    cold = [f.to_dict() for f in api.run(_posts(rows), opts).findings]
    assert [f["code"] for f in cold] == ["VL501"]

    measured = []
    real = persona.post_features

    def spy(text, lang):
        measured.append(text)
        return real(text, lang)

    def boom(text, lang):
        raise AssertionError(f"measured again although cached: {text[:40]}")
    monkeypatch.setattr(persona, "post_features", boom)
    assert [f.to_dict() for f in api.run(_posts(rows), opts).findings] == cold
    monkeypatch.setattr(persona, "post_features", spy)
    rows[0]["text"] += " Nous vous attendons."
    api.run(_posts(rows), opts)
    assert measured == [rows[0]["text"]]
    monkeypatch.setattr(persona, "post_features", boom)  # no results cache: everything is measured
    with pytest.raises(AssertionError, match="measured again"):
        api.run(_posts(rows), api.Options(profile=prof, select=["VL5"], semantic=False, cache=False))
