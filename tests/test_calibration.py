"""The whole post-level check calibrated out of fold (voicelint.judgement.calibration): learned limits get the
margin held-out posts need, the simulated held-out check is the real one (what the rules leave of the
false-alarm target is spent in tests/test_calibration_joint.py)."""
from __future__ import annotations

import copy
import random

import pytest

import voicelint
from voicelint.judgement import calibration, norms
from voicelint.inputs import documents
from voicelint.api import load_rules

PLAIN = [f"Our bakers start at four so the rye is ready for you at seven, day {i}." for i in range(60)]


def posts(texts, platform="twitter"):
    return [documents.parse_string(t, name=f"<a{i}>", meta={"platform": platform})
            for i, t in enumerate(texts)]


def tagged(n_tags, i):
    return f"Rye of the day {i} " + " ".join(f"#t{j}" for j in range(n_tags))


def heavy_tailed(n=150, seed=3):
    """Posts whose hashtag counts have a long tail (0-4, then 9, 12, 16 and 20): the limit learned
    in sample (16: one post of 150 may stay over) is exceeded by held-out posts when each fold
    learns it without them."""
    counts = [i % 5 for i in range(n - 4)] + [9, 12, 16, 20]
    random.Random(seed).shuffle(counts)
    return [tagged(c, i) for i, c in enumerate(counts)], counts


def test_folds_are_seeded_and_balanced():
    a = calibration.assign_folds(103, 5, seed=0)
    assert a == calibration.assign_folds(103, 5, seed=0)
    assert a != calibration.assign_folds(103, 5, seed=1)
    sizes = sorted(a.count(f) for f in range(5))
    assert sizes[0] >= 20 and sizes[-1] <= 21


def test_the_simulated_held_out_check_is_the_real_check():
    """What survives of the findings before learning, under a fold's norms, is exactly what the rule
    check with that fold's learned profile flags (so the out-of-fold run needs one rule pass)."""
    texts, _ = heavy_tailed()
    texts += [f"Shop now before the focaccia {i} is gone!" for i in range(4)]          # VL206
    texts += [f"Rye {i} 🍞🥖🥐🥯" for i in range(3)]                                     # VL204
    ps = posts(texts)
    base = {"name": "Leeds Loaf", "language": "en", "voice": {"emoji": {"max": 1}}}
    index = norms.index_posts(ps)
    rules = {r.code: r for r in load_rules()}
    flagged = norms._flagged(norms._run(ps, base, "<p>"))
    fold = calibration.assign_folds(len(ps), 5, seed=0)
    seen, dropped = set(), 0
    for f in range(5):
        train = [pid for pid in index if fold[index[pid]] != f]
        held = [ps[index[pid]] for pid in index if fold[index[pid]] == f]
        dec = norms.decide(flagged, ps, index, train, {}, rules, margins={"platforms.twitter.hashtags.max": 1})
        assert dec, "the fixture makes rules learn something in every fold"
        data = norms.apply(dec, copy.deepcopy(base))
        real = norms._flagged(norms._run(held, data, "<p>"))
        real = {(c, pid) for c, by in real.items() for pid in by}
        simulated = {(c, p.meta["id"]) for c, by in flagged.items() for p in held
                     if p.meta["id"] in by and any(norms.survives(x, p, dec) for x in by[p.meta["id"]])}
        assert simulated == real
        seen |= {c for c, _ in real}
        dropped += sum(1 for c, by in flagged.items() for p in held if p.meta["id"] in by) - len(real)
    assert "VL302" in seen and dropped > 0     # kept and dropped findings, limits and severities


def test_a_learned_limit_gets_the_margin_held_out_posts_need():
    texts, counts = heavy_tailed()
    data, oof = calibration.learn_rules(posts(texts), {"name": "Leeds Loaf", "language": "en"}, {}, "<p>")
    key = "platforms.twitter.hashtags.max"
    in_sample = norms._learned_max([c for c in counts if c > 2], len(counts), 2)
    margin = oof.margins[key]
    assert margin >= 1
    assert data["platforms"]["twitter"]["hashtags"]["max"] == in_sample + margin
    assert oof.norms["VL302"]["margin"] == {key: margin}
    assert "with a margin of" in norms.describe("VL302", oof.norms["VL302"])
    # with the margin, no held-out post is over its fold's limit (a learned limit takes none of
    # the false-alarm budget, which the semantic checks detect more with)...
    assert not any("VL302" in c for c in oof.flags.values())
    # ...and with one less, some were: the margin is the smallest that gets there
    folds = calibration.assign_folds(len(texts), calibration.FOLDS, 0)
    over = 0
    for i, c in enumerate(counts):
        train = [x for j, x in enumerate(counts) if folds[j] != folds[i]]
        learned = norms._learned_max([x for x in train if x > 2], len(train), 2)
        limit = learned + (margin - 1 if learned > 2 else 0)
        over += c > limit
    assert over > 0


def test_same_posts_same_norms_and_flags():
    texts, _ = heavy_tailed(seed=5)
    a = calibration.learn_rules(posts(texts), {"name": "L", "language": "en"}, {}, "<p>", seed=2)
    b = calibration.learn_rules(posts(texts), {"name": "L", "language": "en"}, {}, "<p>", seed=2)
    assert a[0] == b[0] and a[1].flags == b[1].flags and a[1].margins == b[1].margins


def test_declared_limits_get_no_margin():
    texts, _ = heavy_tailed()
    base = {"name": "L", "language": "en", "platforms": {"twitter": {"hashtags": {"max": 2}}}}
    data, oof = calibration.learn_rules(posts(texts), copy.deepcopy(base), base, "<p>")
    assert data["platforms"]["twitter"]["hashtags"]["max"] == 2
    assert oof.norms["VL302"]["kept"] == "declared" and oof.margins == {}
    # the rule flags the posts over the declared limit, out of fold as in sample
    assert oof.share == pytest.approx(sum(t.count("#") > 2 for t in texts) / len(texts))


def test_the_target_comes_from_the_profile():
    from voicelint.inputs import profile as profile_mod
    prof = profile_mod.from_dict({"name": "L", "thresholds": {"false_alarm_target": 0.05}}, path="<p>")
    assert calibration.target_of(prof) == (0.05, "profile")
    assert calibration.target_of(profile_mod.from_dict({"name": "L"}, path="<p>")) == (0.03, "default")


@pytest.mark.parametrize("value", [0.6, 0, "low"])
def test_a_target_out_of_range_is_a_profile_error(tmp_path, value):
    from clihelpers import invoke_assert_code
    import yaml
    p = tmp_path / "p.yaml"
    p.write_text(yaml.safe_dump({"name": "L", "thresholds": {"VL210": 0.2, "false_alarm_target": value}}),
                 encoding="utf-8")
    res = invoke_assert_code(["profile", "check", p], 2)
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and "thresholds.false_alarm_target" in err and ":3:" in err


def test_a_learned_profile_flags_what_the_brand_never_does():
    texts, _ = heavy_tailed()
    data, _ = calibration.learn_rules(posts(texts), {"name": "L", "language": "en"}, {}, "<p>")
    limit = data["platforms"]["twitter"]["hashtags"]["max"]
    f = voicelint.lint(tagged(limit + 1, 0), profile=data, platform="twitter", semantic=False)
    assert "VL302" in {x.code for x in f if x.severity == "warning"}
    assert not [x for x in voicelint.lint(tagged(limit, 0), profile=data, platform="twitter", semantic=False)
                if x.severity == "warning"]


def test_an_undeclared_emoji_or_exclamation_limit_is_learned_from_the_posts():
    """A learned profile had no emoji or exclamation limit at all: "Salut toi !! 😍😍🔥 ... !!!" passed
    VL204 and VL205 for a brand whose posts have one emoji at most."""
    texts = [f"Our rye of the day {i} is out of the oven 🍞" if i % 3 == 0 else
             f"Our rye of the day {i} is out of the oven!" if i % 3 == 1 else
             f"Our rye of the day {i} is out of the oven." for i in range(60)]
    data = {"name": "Leeds Loaf", "language": "en"}
    learned, oof = calibration.learn_rules(posts(texts), copy.deepcopy(data), {}, "<p>")
    # twice the most one approved post has: for the draft far past the brand's way
    assert learned["voice"]["emoji"]["max"] == 2 and learned["voice"]["exclamation"]["max"] == 2
    assert oof.norms["VL204"]["undeclared"] and not oof.flags                  # none of its own over it
    line = norms.describe("VL204", oof.norms["VL204"])
    assert line.startswith("VL204: no limit declared, learned voice.emoji.max = 2 from the approved posts (33%")


def test_a_fold_whose_posts_have_none_learns_no_limit_and_flags_nothing():
    """One approved post of 55 with "!!!": the folds without it learn no limit (silence), so the
    post is no false alarm out of fold (it took a French account's one budget post from VL210)."""
    texts = PLAIN[:54] + ["Quelle soirée, merci à tous !!!"]
    learned, oof = calibration.learn_rules(posts(texts), {"name": "L", "language": "en"}, {}, "<p>")
    assert learned["voice"]["exclamation"]["max"] >= 6 and not oof.flags     # twice 3, and a tail margin
    assert "VL205" not in oof.unlearned


def test_a_limit_one_post_in_many_uses_is_said_not_learned():
    # from 199 posts one may break a rule and leave it as it is (norms.tolerated): no limit then
    texts = [f"Our bakers start at four so the rye is ready at seven, day {i}." for i in range(199)]
    learned, oof = calibration.learn_rules(posts(texts + ["What a night, thank you all 🎉"]),
                                           {"name": "L", "language": "en"}, {}, "<p>")
    assert "emoji" not in (learned.get("voice") or {}) and oof.unlearned["VL204"] == 1
    assert "only 1 of the 200 approved posts uses emoji" in norms.describe_unlearned("VL204", 1, 200)


def test_a_limit_the_posts_never_use_or_one_declared_is_not_learned():
    data = {"name": "Leeds Loaf", "language": "en"}
    learned, oof = calibration.learn_rules(posts(PLAIN), copy.deepcopy(data), {}, "<p>")
    assert "voice" not in learned and "VL204" not in oof.norms and not oof.flags     # silence, not max 0
    # ... in the check, not in what `profile learn` prints: it says what VL204/VL205 cannot count
    assert oof.unlearned == {"VL204": 0, "VL205": 0}
    line = norms.describe_unlearned("VL204", 0, len(PLAIN))
    assert line.startswith(f"VL204: no limit declared and none learned: none of the {len(PLAIN)} approved posts use emoji")
    assert "declare `voice.emoji.max` (0 to forbid them)" in line
    declared = {"name": "Leeds Loaf", "language": "en", "platforms": {"twitter": {"exclamation": {"max": 3}}}}
    probe, probed = norms.probe_limits(declared)
    assert probed == {"VL204"} and probe["voice"]["emoji"]["max"] == 0 and "voice" not in declared
    assert norms.probe_limits({"name": "x", "voice": {"emoji": {"max": 2}, "exclamation": {"max": 1}}})[1] == set()


def test_posts_at_voicelint_default_learn_a_limit_past_it():
    """A candidate's first 15 posts, 8 of them with the 2 hashtags X's default allows and none with
    more: the default stood, read as the brand's ceiling, and one in ten of his next posts (3
    hashtags) was a warning. The posts at the default are the top of the brand's own counts."""
    texts = [tagged(2 if i % 2 else 1, i) for i in range(15)]
    learned, oof = calibration.learn_rules(posts(texts), {"name": "L", "language": "fr"}, {}, "<p>")
    limit = learned["platforms"]["twitter"]["hashtags"]["max"]
    assert limit > 2 and not oof.flags                      # no approved post was ever over it
    entry = oof.norms["VL302"]
    assert entry["approved_share"] == 0 and entry["reached"] == pytest.approx(7 / 15, abs=1e-4)
    assert norms.describe("VL302", entry).startswith(
        "VL302: 47% of the approved posts reach voicelint's default and 0% go past it: "
        f"learned platforms.twitter.hashtags.max = {limit}")
    # a post far past the brand's counts is still one
    f = voicelint.lint(tagged(limit + 1, 0), profile=learned, platform="twitter", semantic=False)
    assert "VL302" in {x.code for x in f if x.severity == "warning"}


def test_posts_under_the_default_or_a_declared_limit_leave_it_as_it_is():
    # none at the default: the default stays (and its note says it is voicelint's)
    learned, oof = calibration.learn_rules(posts([tagged(1, i) for i in range(15)]),
                                           {"name": "L", "language": "en"}, {}, "<p>")
    assert "platforms" not in learned and "VL302" not in oof.norms
    # a limit the profile declares is never probed: posts at it are within it, not learned from
    data = {"name": "L", "language": "en", "platforms": {"twitter": {"hashtags": {"max": 2}}}}
    learned, oof = calibration.learn_rules(posts([tagged(2, i) for i in range(15)]), copy.deepcopy(data),
                                           data, "<p>")
    assert learned["platforms"]["twitter"]["hashtags"]["max"] == 2 and "VL302" not in oof.norms
    # the probe is one under each undeclared default with a limit, on the posts' platforms only
    probe, floors = norms.probe_defaults(data, ["twitter", "linkedin", "blog", None])
    assert floors == {"platforms.twitter.mentions.max": 3, "platforms.linkedin.hashtags.max": 5,
                      "platforms.linkedin.mentions.max": 5}
    assert probe["platforms"]["linkedin"]["hashtags"]["max"] == 4 and data["platforms"].keys() == {"twitter"}


def test_an_undeclared_limit_is_twice_the_brands_way_not_a_tail_past_it():
    """A candidate's 15 posts, one with "!!" and one with "!": twice the highest is the margin of a
    limit no one declared. With the tail extrapolation of a declared limit on top (one spacing:
    10.5 scales), `profile learn` printed `voice.exclamation.max = 26`."""
    texts = PLAIN[:13] + ["Quelle soirée, merci à tous !!", "Merci Lyon !"]
    learned, oof = calibration.learn_rules(posts(texts), {"name": "L", "language": "fr"}, {}, "<p>")
    assert learned["voice"]["exclamation"]["max"] == 4 + oof.margins.get("voice.exclamation.max", 0) <= 6
    assert not oof.flags
