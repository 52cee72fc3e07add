"""The norms `profile learn` learns from approved posts (voicelint.judgement.norms): a rule that flags the
brand's own approved posts is relaxed to what they do, a declaration never is."""
from __future__ import annotations

import json
import math

import pytest
import yaml

import voicelint
from voicelint.inputs import documents
from voicelint.judgement import norms, tails

PLAIN_EN = [f"Our bakers start at four so the rye is ready for you at seven, day {i}." for i in range(40)]
PLAIN_FR = [f"Nos artisans commencent à quatre heures pour que le pain soit prêt, jour {i}." for i in range(40)]


def posts(texts, platform="twitter"):
    return [documents.parse_string(t, name=f"<a{i}>", meta={"platform": platform} if platform else None)
            for i, t in enumerate(texts)]


def learn(texts, data=None, declared=None, platform="twitter"):
    data = data or {"name": "Leeds Loaf", "language": "en"}
    data, found, share = norms.learn(posts(texts, platform), data, declared or {}, "<learned>")
    assert 0.0 <= share <= 1.0
    return data, found


def codes(found, severity=("warning", "error")):
    return sorted({f.code for f in found if f.severity in severity})


def test_a_limit_the_approved_posts_exceed_is_learned_per_platform():
    tagged = [f"Rye day {i} #bread #rye #sourdough #leeds" for i in range(10)]   # 4 hashtags
    data, found = learn(PLAIN_EN + tagged)
    # 10 of 50 posts tied at 4: under 99 posts a tie is not a ceiling (upper_scale), one more
    assert data["platforms"]["twitter"]["hashtags"]["max"] == 5
    entry = found["VL302"]
    assert entry["approved_share"] == pytest.approx(10 / 50)
    assert entry["set"] == {"platforms.twitter.hashtags.max": 5} and entry["approved_share_after"] == 0
    assert "VL302" in norms.describe("VL302", entry) and "20%" in norms.describe("VL302", entry)
    # the learned profile still flags what the brand never does
    f = voicelint.lint("Rye #a #b #c #d #e #f", profile=data, platform="twitter", semantic=False)
    assert codes(f) == ["VL302"]
    assert codes(voicelint.lint(tagged[0], profile=data, platform="twitter", semantic=False)) == []


@pytest.mark.parametrize("n,limit", [(100, 9), (200, 3)])
def test_the_limit_leaves_over_it_what_a_new_post_would_exceed_at_most_the_tolerance(n, limit):
    """3 posts use 3 hashtags, one uses 9 (an outlier). A new post is over the k-th highest of n
    about k + 1 times in n + 1: at 100 posts even one left over expects 2 %, over the 1 %
    tolerance, so the outlier sets the limit; at 200, one may stay over."""
    texts = PLAIN_EN + PLAIN_EN[:20] + [f"Rye {i} #a #b #c" for i in range(3)] + ["Rye #a #b #c #d #e #f #g #h #i"]
    texts += [f"Loaf number {i} is out of the oven." for i in range(n - len(texts))]
    data, found = learn(texts)
    assert data["platforms"]["twitter"]["hashtags"]["max"] == limit
    assert found["VL302"]["approved_share_after"] == pytest.approx(0.0 if limit == 9 else 1 / n)


@pytest.mark.parametrize("n,tolerated", [(13, 0), (98, 0), (99, 0), (100, 0), (199, 1), (300, 2)])
def test_a_rule_may_flag_k_approved_posts_when_k_plus_one_in_n_plus_one_is_within_the_tolerance(n, tolerated):
    assert norms.tolerated(n) == tolerated
    assert (norms.tolerated(n) + 1) <= norms.TOLERANCE * (n + 1) + 1e-9 or norms.tolerated(n) == 0


def test_a_rule_below_the_tolerance_is_left_alone():
    data, found = learn(PLAIN_EN * 8 + ["Rye #a #b #c"])      # 1 post of 321: 2 in 322 expected
    assert "VL302" not in found and "platforms" not in data
    data, found = learn(PLAIN_EN * 3 + ["Rye #a #b #c"])      # 1 post of 121: 2 in 122, over 1 %
    assert data["platforms"]["twitter"]["hashtags"]["max"] == 3


def test_a_judgement_without_a_limit_becomes_info():
    pushy = [f"Fresh focaccia {i}: shop now before it is gone." for i in range(8)]
    data, found = learn(PLAIN_EN + pushy)
    assert data["rules"]["severity"]["VL206"] == "info"
    assert found["VL206"]["set"] == {"rules.severity.VL206": "info", "rules.habits.VL206": 1}
    f = voicelint.lint(pushy[0], profile=data, platform="twitter", semantic=False)
    assert "VL206" in codes(f, ("info",)) and "VL206" not in codes(f)


def test_past_the_brands_habit_a_learned_info_rule_warns_again():
    # the brand says "shop now" once a post: that is its habit, learned as info; a draft piling
    # up four hard-sell phrases is past it, and gets the rule's warning back, saying why
    pushy = [f"Fresh focaccia {i}: shop now before it is gone." for i in range(8)]
    data, found = learn(PLAIN_EN + pushy)
    assert data["rules"]["habits"] == {"VL206": 1}
    assert "a warning again past 1 in one post" in norms.describe("VL206", found["VL206"])
    draft = "Buy now! Limited time only. Don't miss out, order today or regret it forever."
    f = [x for x in voicelint.lint(draft, profile=data, platform="twitter", semantic=False) if x.code == "VL206"]
    assert len(f) >= 2 and {x.severity for x in f} == {"warning"}
    assert f"({len(f)} in this post; the brand's habit, learned from its approved posts, is 1 at most)" in f[0].message
    assert f[0].evidence["habit"] == 1 and f[0].evidence["in_post"] == len(f)
    # the brand's own way of saying it stays info
    f = voicelint.lint("Rye loaves: shop now before they are gone.", profile=data, platform="twitter",
                       semantic=False)
    assert "VL206" in codes(f, ("info",)) and "VL206" not in codes(f)


def test_the_habit_speaks_the_posts_language():
    pushy = [f"Focaccia du jour {i} : commandez maintenant avant qu'il n'y en ait plus." for i in range(8)]
    data, found = learn(PLAIN_FR + pushy, data={"name": "Fournil", "language": "fr"})
    if "VL206" not in found:
        pytest.skip("no French hard-sell phrase in these posts")
    draft = "Commandez maintenant ! Offre limitée, dernière chance, achetez vite !"
    f = [x for x in voicelint.lint(draft, profile=data, platform="twitter", semantic=False)
         if x.code == "VL206" and x.severity == "warning"]
    assert f and "dans ce post ; l'habitude de la marque, apprise de ses posts approuvés, est de" in f[0].message


def test_declarations_and_hard_limits_are_never_relaxed():
    base = {"name": "Leeds Loaf", "language": "en", "voice": {"emoji": {"max": 1}},
            "lexicon": {"banned": ["cheap"]}, "rules": {"severity": {"VL206": "error"}}}
    texts = (PLAIN_EN + [f"Cheap rye {i} 🍞🥖🥐" for i in range(6)]
             + [f"Shop now for rye {i}." for i in range(6)] + ["x" * 300] * 2)
    data, found = learn(texts, data=json.loads(json.dumps(base)), declared=base)
    assert data["voice"]["emoji"]["max"] == 1 and data["rules"]["severity"] == {"VL206": "error"}
    assert data["lexicon"] == base["lexicon"]
    for code in ("VL101", "VL204", "VL206", "VL301"):
        assert "set" not in found[code] and "kept as it is" in norms.describe(code, found[code]), code
    assert found["VL204"]["kept"] == found["VL206"]["kept"] == "declared"
    assert found["VL101"]["kept"] == found["VL301"]["kept"] == "a declaration or a hard limit"


def test_the_limit_learned_is_the_one_the_rule_used():
    emoji = [f"Rye {i} 🍞🥖🥐" for i in range(5)]
    data, found = learn(PLAIN_EN + emoji, data={"name": "Lumen", "language": "en"})
    assert "VL204" not in found                  # no emoji limit anywhere: nothing fires
    data, found = learn(PLAIN_EN + emoji, data={"name": "Lumen", "language": "en",
                                                "voice": {"emoji": {"max": 1}}})
    # five posts tied at 3 of 45: one count further (a tie is not a ceiling under 99 posts)
    assert found["VL204"]["set"] == {"voice.emoji.max": 4} and data["voice"]["emoji"]["max"] == 4
    # a platform limit wins over the voice's: that is the one learned
    data, found = learn(PLAIN_EN + emoji, data={"name": "Lumen", "language": "en",
                                                "voice": {"emoji": {"max": 1}},
                                                "platforms": {"twitter": {"emoji": {"max": 2}}}})
    assert found["VL204"]["set"] == {"platforms.twitter.emoji.max": 4}
    assert data["voice"]["emoji"]["max"] == 1 and found["VL204"]["approved_share_after"] == 0


def test_french_approved_posts():
    data, found = learn(PLAIN_FR + [f"Meeting jour {i} #Lyon #pain #levain" for i in range(6)],
                        data={"name": "Maison Lumen", "language": "fr"})
    assert data["platforms"]["twitter"]["hashtags"]["max"] == 4 and "VL302" in found


def test_no_posts_no_norms():
    data = {"name": "Lumen", "language": "en"}
    assert norms.learn([], data, {}, "<p>") == (data, {}, 0.0)


def test_the_share_still_flagged_is_the_union_of_the_rules():
    texts = PLAIN_EN * 8 + ["Shop now!!", "x" * 300]       # VL206 + VL207 on one, VL301 on one
    _, found, share = norms.learn(posts(texts), {"name": "Lumen", "language": "en"}, {}, "<p>")
    assert share == pytest.approx(2 / 322) and found == {}
    # with 122 posts, one flagged post expects 2 in 123 new ones flagged: VL206 and VL207 are
    # relaxed to info; VL301 (the platform's length) is a hard limit, kept
    _, found, share = norms.learn(posts(PLAIN_EN * 3 + texts[-2:]), {"name": "Lumen", "language": "en"}, {}, "<p>")
    assert found["VL206"]["set"] == {"rules.severity.VL206": "info", "rules.habits.VL206": 1} and "kept" in found["VL301"]
    assert share == pytest.approx(1 / 122)


@pytest.mark.semantic
def test_profile_learn_writes_and_prints_the_norms(tmp_path):
    from clihelpers import invoke_assert_code

    approved = PLAIN_EN + [f"Rye day {i} #bread #rye #sourdough" for i in range(10)]
    (tmp_path / "approved.jsonl").write_text(
        "".join(json.dumps({"text": t, "platform": "twitter"}) + "\n" for t in approved), encoding="utf-8")
    res = invoke_assert_code(["profile", "learn", "--examples", tmp_path / "approved.jsonl", "--name", "Leeds Loaf",
                              "--out", tmp_path / "p.yaml", "--cache-dir", tmp_path / "cache"], 0)
    assert "VL302 flagged 20% of the approved posts: learned platforms.twitter.hashtags.max = 4" in res.stdout
    data = yaml.safe_load((tmp_path / "p.yaml").read_text(encoding="utf-8"))
    assert data["platforms"]["twitter"]["hashtags"]["max"] == 4
    assert data["learned"]["norms"]["VL302"]["approved_share"] == pytest.approx(0.2)
    drafts = tmp_path / "twitter"
    drafts.mkdir()
    (drafts / "a.md").write_text(approved[-1] + "\n", encoding="utf-8")
    (drafts / "b.md").write_text("Rye #a #b #c #d #e\n", encoding="utf-8")
    res = invoke_assert_code(["check", drafts, "--profile", tmp_path / "p.yaml", "--no-semantic",
                              "--format", "json", "--fail-on", "warning"], 1)
    found = {(f["path"].rsplit("/", 1)[-1], f["code"]) for f in json.loads(res.stdout) if f["code"] != "VL901"}
    assert found == {("b.md", "VL302")}        # VL901: a voice-only profile, strategy checks off


@pytest.mark.parametrize("n, k", [(13, 5), (13, 1), (49, 5), (98, 3)])
def test_a_limit_from_few_posts_goes_past_their_highest_count(n, k):
    """m scales past the highest of n counts, the scale measured on k spacings, leave a new post
    over the limit TOLERANCE of the time: it is the highest once in n + 1, then past m scales
    new_post_share of those times."""
    m = norms.tail_spacings(n, k)
    assert m > 0
    assert tails.new_post_share(0, m, k) / (n + 1) == pytest.approx(norms.TOLERANCE, rel=1e-6)
    # one spacing alone is one exponential draw: a limit measured on it must go further
    assert norms.tail_spacings(n, 1) >= m


@pytest.mark.parametrize("n", [99, 300])
def test_from_99_posts_the_highest_count_is_within_the_tolerance(n):
    assert norms.tail_spacings(n) == 0.0


def test_the_learned_limit_extrapolates_the_scale_of_the_highest_counts():
    # 13 posts over a limit of 5 with 9, 8 and 6: two spacings, scale (3 + 2) / 2
    scale, k = norms.upper_scale([9, 8, 6], 13, 5)
    assert (scale, k) == (pytest.approx(2.5), 2)
    assert norms._learned_max([9, 8, 6], 13, 5) == 9 + math.ceil(norms.tail_spacings(13, 2) * 2.5)
    # one post over the limit it replaces: one spacing, down to that limit
    assert norms.upper_scale([9], 13, 8) == (1.0, 1)
    # tied highest counts all the way down the tail: whole numbers, spread over one count on
    # average (10 tied, 5 spacings: a scale of 6 / 20), not a ceiling with no scale
    assert norms.upper_scale([4] * 10, 13, 2) == (pytest.approx(0.3), 5)
    assert norms._learned_max([4] * 10, 13, 2) == 4 + math.ceil(norms.tail_spacings(13, 5) * 0.3)
    # from 99 posts on, the highest is within the tolerance; from 199, one post may be over
    assert norms._learned_max([12, 9], 150, 5) == 12
    assert norms._learned_max([30, 12, 9], 250, 5) == 12


def test_a_tie_at_the_top_is_not_a_ceiling_when_the_tail_goes_on_below_it():
    """50 LinkedIn posts with 8, 8, 7, 7, 7, 6... hashtags: the two highest are tied by chance,
    the tail below them has a scale. The gap between the two highest alone (0) learned 8, and an
    unseen post of the account had 10; the five highest spacings say 1.4 a scale."""
    counts = [8, 8, 7, 7, 7, 6, 6, 6]
    assert norms.upper_scale(counts, 50, 5) == (pytest.approx(1.4), 5)
    assert norms._learned_max(counts, 50, 5) >= 10


def test_a_habit_with_a_margin_says_what_the_approved_posts_have_and_the_margin():
    # the habit written is the most an approved post has plus the out-of-fold margin: the summary
    # must not call the sum "the most an approved post has"
    entry = {"approved_share": 0.03, "approved_share_after": 0.0, "margin": {"rules.habits.VL207": 1},
             "set": {"rules.severity.VL207": "info", "rules.habits.VL207": 4}}
    line = norms.describe("VL207", entry)
    assert "a warning again past 4 in one post (the most an approved post has, 3, with a margin of 1" in line


@pytest.mark.semantic
def test_profile_learn_keeps_a_limit_declared_under_an_alias(tmp_path):
    """A base profile with `x: {hashtags: {max: 3}}`, approved posts at X's default of 3 mentions:
    the mention limit is learned, and the declared hashtag limit is neither learned over nor lost
    under a second `twitter:` key."""
    from clihelpers import invoke_assert_code

    base = tmp_path / "base.yaml"
    base.write_text("name: Leeds Loaf\nlanguage: en\nplatforms:\n  x:\n    hashtags: {max: 3}\n", encoding="utf-8")
    approved = [f"Thanks @ana @bob @cy, rye day {i} #bread #rye #sourdough" for i in range(12)] + PLAIN_EN[:10]
    (tmp_path / "approved.jsonl").write_text(
        "".join(json.dumps({"text": t, "platform": "twitter"}) + "\n" for t in approved), encoding="utf-8")
    invoke_assert_code(["profile", "learn", "--examples", tmp_path / "approved.jsonl", "--base", base,
                        "--out", tmp_path / "p.yaml", "--cache-dir", tmp_path / "cache"], 0)
    data = yaml.safe_load((tmp_path / "p.yaml").read_text(encoding="utf-8"))
    assert list(data["platforms"]) == ["twitter"]
    assert data["platforms"]["twitter"]["hashtags"] == {"max": 3}
    assert data["platforms"]["twitter"]["mentions"]["max"] > 3
    assert data["learned"]["norms"]["VL303"]["reached"] > 0.5
