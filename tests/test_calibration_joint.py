"""One false-alarm budget over the rules, VL210 and the strategy checks (voicelint.judgement.calibration_joint):
thresholds placed by order statistics, the budget spent where it buys detection, never more
approved posts flagged out of fold than the target allows."""
from __future__ import annotations

import random

import numpy as np
import pytest

from voicelint.judgement import calibration, calibration_joint as cj
from voicelint.shared.numbers import prediction_low


class FakeModel:
    """What the budget reads of a VoiceModel: its out-of-fold logits (approved first)."""

    def __init__(self, own, neg):
        self.oof_logits = (np.array(own + neg, dtype=float), np.array([1] * len(own) + [0] * len(neg)))
        self.threshold, self.target_fa, self.calibration = 0.5, 0.03, {}


def rules_oof(texts, flagged=()):
    return calibration.RulesOOF({}, {f"approved-{i}": {"VL302"} for i in flagged}, {}, 5, 0.0, keys=texts)


def logit(p):
    return float(np.log(p / (1 - p)))


def test_a_tail_threshold_sits_below_the_lowest_score_by_spacings():
    own = [3.0, 1.0, 2.0, 1.5, 7.0]
    # the scale from the 4 spacings there are: mean excess of 7 over 1, 1.5, 2, 3 = 5.125
    assert cj.tail_scale(own) == pytest.approx(5.125)
    assert cj.tail_cut(own, 0) == pytest.approx(1.0 - cj.TAIL_SPACINGS * 5.125)
    assert cj.tail_cut(own, 0, spacings=4) == pytest.approx(1.0 - 4 * 5.125)
    # with more posts, the five lowest: 1, 1.5, 2, 3, 3.5 under 4 -> (3 + 2.5 + 2 + 1 + 0.5) / 5
    assert cj.tail_scale(own[:4] + [3.5, 4.0, 9.0, 10.0]) == pytest.approx(1.8)
    assert cj.tail_cut(own, 2) == pytest.approx((1.5 + 2.0) / 2)   # the two lowest, midway to the third
    assert cj.tail_cut([2.0, float("inf"), 1.0], 0) < 1.0           # an unjudged post is no score


def test_a_new_post_costs_more_than_the_approved_posts_flagged():
    """A threshold between two order statistics flags a new post about k + 1/2 times in n + 1; one
    below the lowest by m scales (estimated from 5 spacings), prod (i + 1) / (i + 1 + i m / 5) times."""
    assert cj.new_post_share(3, 2.0) == 0.5
    assert cj.new_post_share(0, 2.0) == pytest.approx(2 / 2.4 * 3 / 3.8 * 4 / 5.2 * 5 / 6.6 * 6 / 8)
    assert cj.new_post_share(0, 2.0, tail_k=1) == pytest.approx(0.5)    # one gap: 2 / (2 + m)
    rng = np.random.default_rng(0)
    n, trials, below = 20, 20000, 0
    for _ in range(trials):
        x = rng.exponential(1.0, n + 1)              # an exponential lower tail (of -score)
        own, new = -x[:n], -x[n]
        below += new < cj.tail_cut(own, 0, spacings=2.0)
    assert below / trials * (n + 1) == pytest.approx(cj.new_post_share(0, 2.0), abs=0.04)


def test_the_tail_scale_is_steadier_than_the_gap_between_the_two_lowest():
    """The gap between the two lowest is one exponential draw; Hill's estimate over five spacings
    is a mean of five: a cut 3 scales below the lowest lets fewer new posts under it."""
    rng = np.random.default_rng(7)
    n, trials, gap_below, hill_below = 20, 20000, 0, 0
    for _ in range(trials):
        x = -rng.exponential(1.0, n + 1)
        own, new = np.sort(x[:n]), x[n]
        gap_below += new < own[0] - 3 * (own[1] - own[0])
        hill_below += new < cj.tail_cut(own, 0)
    assert hill_below < 0.6 * gap_below
    assert hill_below / trials * (n + 1) == pytest.approx(cj.new_post_share(0, 3.0), abs=0.04)
    assert gap_below / trials * (n + 1) == pytest.approx(cj.new_post_share(0, 3.0, tail_k=1), abs=0.06)


def test_vl401_buys_its_detection_goal_first_then_vl210_takes_the_rest():
    n = 100
    rng = np.random.default_rng(0)
    own = {"VL210": rng.normal(0, 1, n), "VL401.margin": rng.normal(0, 1, n), "VL403": rng.normal(0, 1, n)}
    lo = np.sort(own["VL401.margin"])
    # other sectors' posts sit between the margin's two lowest approved scores and the third:
    # one approved post flagged buys most of them
    neg = {"VL210": np.full(50, -10.0), "VL403": np.full(50, -10.0),
           "VL401.margin": np.r_[np.full(45, (lo[0] + lo[1]) / 2 - 1e-9), np.full(5, 5.0)]}
    plan = cj.allocate(own, neg, np.zeros(n, dtype=bool), target=0.05, goals={"VL401": 0.9})
    assert plan["VL401.margin"]["k"] == 1 and plan["VL401.margin"]["detection"] == pytest.approx(0.9)
    assert plan["VL403"]["k"] == 0                       # the other strategy check stays in the tail
    assert plan["VL210"]["k"] >= 1
    assert plan["_union"].sum() == 5                      # 5 % of 100 posts, out of fold
    assert plan["_expected"] == pytest.approx(
        (plan["_union"].sum() + 0.5 * 2 + cj.new_post_share(0, plan["_spacings"])) / (n + 1))


def test_posts_a_rule_already_flags_cost_nothing_more():
    n = 100
    own = {"VL210": np.arange(n, dtype=float)}
    neg = {"VL210": np.arange(-1.0, 8.0, 0.25)}
    ruled = np.zeros(n, dtype=bool)
    ruled[[0, 1]] = True                     # the two least typical posts: a rule flags them anyway
    plan = cj.allocate(own, neg, ruled, target=0.03)
    # 3 posts of 100: the two ruled ones cost VL210 nothing, the third is its own
    assert plan["VL210"]["k"] == 3 and plan["_union"].sum() == 3


def test_posts_only_the_profiles_declarations_flag_do_not_eat_the_budget():
    """A declared limit that 5 % of the brand's history breaks is the user's policy: the learned
    checks keep the whole target beside it (before, they kept nothing and VL401 went silent)."""
    n = 100
    own = {"VL210": np.arange(n, dtype=float)}
    neg = {"VL210": np.arange(-1.0, 8.0, 0.25)}
    ruled = np.zeros(n, dtype=bool)
    ruled[[10, 20, 30, 40, 50]] = True                    # a declared `emoji: {max: 2}`
    spent = cj.allocate(own, neg, ruled, target=0.03)
    assert spent["VL210"]["k"] == 1                       # the floor only: 5 + 1 posts
    kept = cj.allocate(own, neg, ruled, target=0.03, given=ruled)
    assert kept["VL210"]["k"] == 3 and kept["_union"].sum() == 8
    learned = ruled.copy()
    learned[10] = False                                    # one of them a learned norm flags too
    assert cj.allocate(own, neg, ruled, target=0.03, given=learned)["VL210"]["k"] == 2


def test_vl401s_two_tests_count_their_detection_together():
    """Other sectors' posts the first test already flags are no reason to raise the margin."""
    n = 60
    own = {"VL401": np.linspace(0.2, 0.8, n), "VL401.margin": np.linspace(-0.1, 0.5, n)}
    # the margin's next posts would catch sector posts 0-19; the first test catches all of them
    neg = {"VL401": np.full(40, 0.0), "VL401.margin": np.r_[np.full(20, -0.085), np.full(20, 1.0)]}
    plan = cj.allocate(own, neg, np.zeros(n, dtype=bool), target=0.05, goals={"VL401": 0.9})
    assert plan["VL401.margin"]["k"] == 0 and plan["VL401"]["detection"] == 1.0


@pytest.mark.parametrize("seed", range(6))
def test_the_union_never_exceeds_the_budget(seed):
    r = random.Random(seed)
    n = r.choice([13, 40, 100, 157])
    rng = np.random.default_rng(seed)
    own = {c: rng.normal(0, 1, n) for c in ("VL210", "VL401", "VL401.margin", "VL403")}
    neg = {c: rng.normal(-1.5, 1, 80) for c in own}
    ruled = rng.random(n) < 0.01
    target = r.choice([0.02, 0.03, 0.1])
    plan = cj.allocate(own, neg, ruled, target, goals={"VL401": 0.9})
    union = plan.pop("_union")
    expected = plan.pop("_expected")
    plan.pop("_spacings")
    allowed = max(int(target * n + 1e-9), int(ruled.sum()) + int(target * n * calibration.SEMANTIC_FLOOR + 1e-9))
    assert union.sum() <= allowed and expected > union.sum() / (n + 1)
    flagged = ruled.copy()
    for c, p in plan.items():
        flagged |= own[c] < p["cut"]
    assert (flagged == union).all()           # the thresholds flag exactly the posts counted


def test_the_budget_sets_vl210_and_the_strategy_thresholds_and_records_them():
    n = 100
    texts = [f"post number {i}" for i in range(n)]
    rng = np.random.default_rng(1)
    vm = FakeModel(list(rng.normal(2, 1, n)), list(rng.normal(-2, 1, 100)))
    strat = {"own": {"VL401": rng.normal(0.4, 0.05, n), "VL401.margin": rng.normal(0.1, 0.05, n),
                     "VL403": rng.normal(0.1, 0.05, n)},
             "neg": {"VL401": rng.normal(0.2, 0.05, 80), "VL401.margin": rng.normal(-0.1, 0.05, 80),
                     "VL403": rng.normal(-0.05, 0.05, 100)},
             "folds": 5}
    fig, th = cj.budget(vm, texts, rules_oof(texts, flagged=[5]), 0.05, strat)
    assert set(th) == {"VL401", "VL401.margin", "VL403"}
    assert fig["expected"] <= 0.05 and fig["expected"] < fig["expected_new"] and "too_few" not in fig
    assert set(fig["components"]) == {"VL210", "VL401", "VL401.margin", "VL403"}
    # the figures are what the thresholds do to the approved posts' out-of-fold scores
    own210 = vm.oof_logits[0][:n]
    assert fig["by_rule"]["VL210"] == pytest.approx(np.mean(own210 < logit(vm.threshold)))
    assert fig["by_rule"]["VL403"] == pytest.approx(np.mean(strat["own"]["VL403"] < -th["VL403"]))
    assert fig["by_rule"]["VL302"] == pytest.approx(0.01)
    v401 = (strat["own"]["VL401"] < th["VL401"]) | (strat["own"]["VL401.margin"] < th["VL401.margin"])
    assert fig["by_rule"]["VL401"] == pytest.approx(v401.mean())


def test_too_few_approved_posts_say_so_and_keep_the_conservative_margin():
    n = 20
    texts = [f"post number {i}" for i in range(n)]
    strat = {"own": {"VL401.margin": np.linspace(0.0, 0.2, n), "VL403": np.linspace(-0.2, 0.0, n)},
             "neg": {"VL401.margin": np.full(30, -0.5), "VL403": np.full(30, -0.5)}, "folds": 5}
    fig, th = cj.budget(FakeModel([float(i) for i in range(n)], [-1.0]), texts, rules_oof(texts), 0.03,
                        strat, conservative={"VL403": -0.4})
    assert th["VL403"] == pytest.approx(0.4)   # the tail of 20 scores is nearer: the bound wins
    assert "too few" in fig["too_few"] and "need 33 or more" in fig["too_few"]   # 1 / 3 % - 1
    # the margin has no bound (learn passes none: its floor would switch the test off, and the run
    # would then calibrate it again in sample, outside the budget). Three tail spacings below the
    # lowest of 20 spread-out scores would all but switch it off too: it takes the normal prediction
    # bound of its scores, at the target shared by the two strategy tests, below every approved post
    scale = 3 * 0.2 / (n - 1)     # evenly spaced: the mean excess of the 6th lowest over the 5 below
    tail = 0.0 - cj.TAIL_SPACINGS * scale
    bound = prediction_low(strat["own"]["VL401.margin"], 0.03 / 2)
    assert tail < bound < 0.0
    assert th["VL401.margin"] == pytest.approx(bound)
    assert fig["strategy_bound"] == {"VL401.margin": pytest.approx(bound, abs=1e-4)}
    assert fig["by_rule"]["VL401"] == 0.0


def test_learn_bounds_every_strategy_threshold_but_the_margin(monkeypatch):
    from voicelint.judgement import learn
    from voicelint.judgement.strategy.space import BOUNDS
    seen = {}
    monkeypatch.setattr(cj, "budget", lambda *a, **kw: seen.update(kw) or ({}, {}))
    learn.calibration_joint_budget(None, [], None, 0.03, None)
    assert seen["conservative"] == {"VL401": BOUNDS["VL401"][0], "VL403": -BOUNDS["VL403"][1]}


class _WordEmbedder:
    """Bag-of-words vectors: enough for a StrategySpace to rank texts."""
    model_id = "test-words"
    dim = 64

    def encode(self, texts, **_):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, sum(map(ord, w)) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1)


def test_a_proposed_strategy_is_rebuilt_without_each_fold():
    from voicelint.inputs import profile as profile_mod
    prof = profile_mod.from_dict({
        "name": "Acme", "language": "en", "proposition": "Acme mends garden tools.",
        "pillars": [{"id": "repair", "description": "repairing garden tools",
                     "examples": ["We sharpen your old shears."]}]}, path="acme.yaml")
    own = [f"Post {i}: we sharpen and mend garden tool number {i}." for i in range(12)]
    seen = []

    def rebuild(train):
        seen.append(list(train))
        return prof
    out = cj.strategy_oof(prof, _WordEmbedder(), "en", own, [], seed=0, folds=4, rebuild=rebuild)
    assert out is not None and out["folds"] == 4 and len(seen) == 4
    held = [set(own) - set(train) for train in seen]
    assert all(h for h in held) and set().union(*held) == set(own)    # every post held out once
    assert sum(len(h) for h in held) == len(own)
    # a fold whose posts are too few to propose from keeps the strategy proposed from all of them
    out2 = cj.strategy_oof(prof, _WordEmbedder(), "en", own, [], seed=0, folds=4, rebuild=lambda t: None)
    for c in ("VL401", "VL403"):
        assert np.allclose(out2["own"][c], cj.strategy_oof(prof, _WordEmbedder(), "en", own, [],
                                                             seed=0, folds=4)["own"][c])


@pytest.mark.parametrize("n", [9, 13, 50, 90, 101])
def test_vl210_flags_at_most_the_target_counted_in_posts(n):
    texts = [f"post number {i}" for i in range(n)]
    fig, _ = cj.budget(FakeModel([float(i) for i in range(n)], [-1.0 + 0.1 * i for i in range(40)]),
                       texts, rules_oof(texts), 0.03)
    assert fig["expected"] * n <= int(0.03 * n) + 1e-9


def test_the_semantic_checks_keep_a_third_of_the_target_when_rules_take_it_all():
    n = 90
    texts = [f"post number {i}" for i in range(n)]
    rules = rules_oof(texts, flagged=range(0, 90, 18))            # 5 of 90 posts: over 3 %
    fig, _ = cj.budget(FakeModel([float(i) for i in range(n)], [-1.0 + 0.5 * i for i in range(20)]),
                       texts, rules, 0.03)
    assert fig["vl210_share"] == pytest.approx(1 / 90) and fig["expected"] > 0.03


def test_without_competitors_vl401_spends_the_whole_budget_past_its_goal():
    """On day one there is no competitor for VL210 to tell apart: the strategy's test of other
    sectors takes the budget, and keeps spending once the shipped sectors' posts are all caught
    (real other-sector posts sit nearer than those)."""
    n = 100
    rng = np.random.default_rng(3)
    own = {"VL210": rng.normal(0, 1, n), "VL401": rng.normal(0, 1, n), "VL401.margin": rng.normal(0, 1, n)}
    neg = {"VL210": np.full(50, -10.0), "VL401": np.full(50, -10.0), "VL401.margin": np.full(50, -10.0)}
    with_rivals = cj.allocate(own, neg, np.zeros(n, dtype=bool), 0.05, goals={"VL401": 0.9})
    assert with_rivals["VL401"]["k"] + with_rivals["VL401.margin"]["k"] == 0   # goal met in the tail
    assert with_rivals["VL210"]["k"] == 5
    alone = cj.allocate(own, neg, np.zeros(n, dtype=bool), 0.05, goals={"VL401": 1.0}, goal_share=1.0,
                        past_goal=True)
    assert alone["VL401"]["k"] + alone["VL401.margin"]["k"] == 5 and alone["VL210"]["k"] == 0
    assert alone["_union"].sum() == 5


def test_the_budget_gives_vl401_the_whole_target_only_without_competitors():
    n = 100
    texts = [f"post number {i}" for i in range(n)]
    rng = np.random.default_rng(1)
    strat = {"own": {"VL401": rng.normal(0.4, 0.05, n), "VL401.margin": rng.normal(0.1, 0.05, n)},
             "neg": {"VL401": np.full(80, -1.0), "VL401.margin": np.full(80, -1.0)}, "folds": 5}
    shares = {}
    for rivals in (0, 50):
        vm = FakeModel(list(rng.normal(2, 1, n)), list(rng.normal(-2, 1, 50)))
        vm.counts = {"approved": n, "competitors": rivals} if rivals else {"approved": n}
        fig, th = cj.budget(vm, texts, rules_oof(texts), 0.05, strat)
        shares[rivals] = (fig["goal_share"], fig["components"]["VL401"]["posts"]
                          + fig["components"]["VL401.margin"]["posts"])
    assert shares[0] == (1.0, 5)
    assert shares[50] == (cj.GOAL_SHARE, 0)


def _goal_case(n=100, seed=5):
    """VL401's negatives sit inside the brand's own tail: each approved post it flags buys some."""
    rng = np.random.default_rng(seed)
    own = {"VL210": rng.normal(0, 1, n), "VL401": rng.normal(0, 1, n), "VL401.margin": rng.normal(0, 1, n)}
    neg = {"VL210": rng.normal(-3, 1, 60), "VL401": rng.normal(-1.5, 0.5, 40),
           "VL401.margin": rng.normal(-1.5, 0.5, 40)}
    return own, neg


def test_a_goal_that_vl210_already_meets_costs_vl401_no_approved_post():
    """With competitors, VL210 flags most other sectors' posts by itself: VL401 then buys only
    what VL210 misses of its goal, and the budget it does not spend is VL210's."""
    own, neg = _goal_case()
    ruled = np.zeros(100, dtype=bool)
    plain = cj.allocate(own, neg, ruled, 0.06, goals={"VL401": 0.9})
    assert plain["VL401"]["k"] + plain["VL401.margin"]["k"] > 0
    covered = cj.allocate(own, neg, ruled, 0.06, goals={"VL401": 0.9},
                          cover={"VL401": ("VL210", np.full(40, -50.0))})
    assert covered["_covered"] == {"VL401": 1.0}
    assert covered["VL401"]["k"] + covered["VL401.margin"]["k"] == 0
    assert covered["VL210"]["k"] > plain["VL210"]["k"]
    assert covered["_union"].sum() == plain["_union"].sum()      # the same budget, spent elsewhere


def test_a_cover_that_flags_nothing_changes_nothing():
    own, neg = _goal_case()
    ruled = np.zeros(100, dtype=bool)
    plain = cj.allocate(own, neg, ruled, 0.06, goals={"VL401": 0.9})
    missed = cj.allocate(own, neg, ruled, 0.06, goals={"VL401": 0.9},
                         cover={"VL401": ("VL210", np.full(40, 50.0))})
    assert missed.pop("_covered") == {"VL401": 0.0}
    for c in own:
        assert missed[c]["k"] == plain[c]["k"] and missed[c]["cut"] == plain[c]["cut"]


def test_the_budget_counts_vl210_towards_vl401s_goal_only_with_competitors():
    n = 100
    texts = [f"post number {i}" for i in range(n)]
    rng = np.random.default_rng(2)
    strat = {"own": {"VL401": rng.normal(0.4, 0.05, n), "VL401.margin": rng.normal(0.1, 0.05, n)},
             "neg": {"VL401": rng.normal(0.3, 0.05, 30), "VL401.margin": rng.normal(0.0, 0.05, 30)},
             "folds": 5, "sector_texts": [f"sector post {i}" for i in range(30)]}
    spent, tiers = {}, {}
    for rivals in (0, 50):
        vm = FakeModel(list(rng.normal(2, 1, n)), list(rng.normal(-2, 1, 50)))
        vm.counts = {"approved": n, "competitors": rivals} if rivals else {"approved": n}
        vm.score = lambda xs: np.full(len(xs), 1e-6)      # VL210 finds every sector post unlike the brand
        fig, th = cj.budget(vm, texts, rules_oof(texts), 0.06, strat)
        spent[rivals] = (fig.get("goal_covered_by_VL210"),
                         fig["components"]["VL401"]["posts"] + fig["components"]["VL401.margin"]["posts"])
        tiers[rivals] = {c: v for c, v in th.items() if c.endswith(".info")}
        if tiers[rivals]:
            assert set(fig["info_tier"]) == {c[:-5] for c in tiers[rivals]}
    assert spent[50] == (1.0, 0)
    assert spent[0][0] is None and spent[0][1] > 0     # day one: VL401 is the judge of other sectors
    # what VL401 would have needed alone stays as its information tier, more lenient than its warning
    assert tiers[0] == {} and tiers[50]
    assert all(v > th_warn for th_warn, v in [(cj.tail_cut(strat["own"][c[:-5]], 0), v)
                                              for c, v in tiers[50].items()])


def test_the_prediction_bound_reads_the_spread_and_widens_with_fewer_posts():
    rng = np.random.default_rng(3)
    s = rng.normal(1.0, 2.0, 13)
    b = prediction_low(s, 0.03)
    # below the mean by more than the plain normal quantile (z(0.03) = -1.88): t with 12 degrees
    # of freedom and the new post's own variance
    assert b < s.mean() - 1.88 * s.std(ddof=1)
    assert prediction_low(s, 0.03) < prediction_low(s, 0.10)
    # the same spread, known from more posts: a tighter bound
    wide = np.concatenate([s, s])
    assert prediction_low(wide, 0.03) > b
    assert prediction_low([0.5, 1.0], 0.03) == 0.5 and prediction_low([], 0.03) == -np.inf


@pytest.mark.parametrize("n, bounded", [(13, True), (32, True), (33, False), (60, False)])
def test_vl210_takes_the_prediction_bound_when_the_target_is_finer_than_one_post_in_n(n, bounded):
    """With 13 posts, half a spacing below the lowest is one post's accident; the bound reads all
    of them (1 / 0.03 - 1 = 33 posts are needed for the tail to be measured)."""
    texts = [f"post number {i}" for i in range(n)]
    rng = np.random.default_rng(n)
    own = list(rng.normal(1.0, 2.0, n))
    own[0] = -20.0 if n % 2 else own[0]
    vm = FakeModel(own, list(rng.normal(-4, 1, 50)))
    fig, _ = cj.budget(vm, texts, rules_oof(texts), 0.03)
    if bounded:
        assert logit(vm.threshold) == pytest.approx(prediction_low(own, 0.03), abs=1e-6)
        assert fig["vl210_bound"] == "normal prediction bound"
        assert "normal prediction bound" in fig["too_few"] and f"{n} approved posts" in fig["too_few"]
    else:
        assert "vl210_bound" not in fig
        s = np.sort(own)
        k = int(np.floor(0.03 * n + 1e-9))
        assert logit(vm.threshold) <= (s[k - 1] + s[k]) / 2 + 1e-6 if k else s[0]


def test_the_t_quantile_without_scipy_matches_the_tables():
    from voicelint.shared.numbers import t_quantile
    # Student's t tables: t(0.975; 10) = 2.228, t(0.95; 5) = 2.015, t(0.99; 20) = 2.528
    assert t_quantile(0.975, 10) == pytest.approx(2.228, abs=2e-3)
    assert t_quantile(0.05, 5) == pytest.approx(-2.015, abs=2e-3)
    assert t_quantile(0.99, 20) == pytest.approx(2.528, abs=2e-3)
    assert t_quantile(0.03, 1e9) == pytest.approx(-1.8808, abs=1e-3)     # the normal quantile
    stats = pytest.importorskip("scipy.stats")
    for dof in (5, 12, 30):
        for p in (0.01, 0.03, 0.05):
            assert t_quantile(p, dof) == pytest.approx(stats.t.ppf(p, dof), abs=2e-3)


def test_the_competitors_logits_are_the_competitors_not_the_generic_background():
    """A learned model's negatives are the declared sources, then the shipped background: the
    budget's VL210 detection figure reads the competitors' slice of them, wherever it sits."""
    from voicelint.judgement.voice.model import VoiceModel

    pos = [f"Nous aimons le pain numéro {i}, pétri chaque matin au fournil." for i in range(20)]
    comp = [f"Le match de foot numéro {i} était génial hier soir, quel but !" for i in range(15)]
    vm = VoiceModel.learn(pos, {"competitors": comp}, lang="fr", embedder=None)
    assert list(vm.counts)[-1] == "background" and vm.counts["competitors"] == 15
    logits, y = vm.oof_logits
    got = cj._competitor_logits(vm, logits, y)
    assert np.array_equal(got, logits[y == 0][:15])
