"""VL402's cut chosen on both sides (strategy/calibration.topic_cut): the declared topics' own
examples against the approved posts and the shipped generic posts, and VL915 (profile check) for
a topic too thin to be recognised."""
from types import SimpleNamespace

import numpy as np
import pytest

from voicelint.judgement.strategy.calibration import separation_line, topic_cut


def post(off: float, strategy: float = 0.0):
    return SimpleNamespace(best_off=("topic", off), strategy=strategy)


class Space:
    """What topic_cut reads of a StrategySpace: the topics' references and assess_refs."""

    def __init__(self, topic, generic, roles=None):
        self.refs = [SimpleNamespace(role=r) for r in (roles or ["example"] * len(topic))]
        self.refs += [SimpleNamespace(role="example") for _ in generic]
        self.topics = {"off": {"topic": np.arange(len(topic))}}
        self.idx = {"background": np.arange(len(topic), len(topic) + len(generic))}
        self._scores = list(topic) + list(generic)

    def assess_refs(self, idx):
        return [self._scores[int(i)] for i in idx]


OWN = [post(0.05 + 0.01 * i) for i in range(20)]          # the brand's posts: 0.05-0.24, far from the topic


def test_the_cut_goes_down_to_where_the_brand_and_generic_posts_stop():
    topic = [post(v) for v in (0.14, 0.16, 0.30, 0.45)]
    generic = [post(v) for v in np.linspace(0.0, 0.10, 40)]
    own = [post(v, strategy=v + 0.1) for v in np.linspace(0.05, 0.24, 20)]   # closer to a pillar
    tc = topic_cut(Space(topic, generic), own, cut=0.25, margin=0.03, fa=0.03, floor=0.10)
    # one of 40 generic posts may pass: the second highest, 0.097, is under the floor of 0.10
    assert tc["lo"] == pytest.approx(0.10)
    assert tc["VL402"] == pytest.approx((tc["lo"] + 0.14) / 2, abs=1e-6)
    assert tc["topic_flagged"] == 1.0 and tc["topic_flagged_one_sided"] == 0.5
    assert tc["approved_flagged"] == 0.0 and tc["generic_flagged"] <= 0.03


def test_everyday_posts_over_the_one_sided_cut_raise_it():
    # generic posts sharing everyday words with the topic's examples ("aujourd'hui", "ensemble")
    topic = [post(v) for v in (0.14, 0.30, 0.45)]
    generic = [post(v) for v in [0.33, 0.30, 0.27, 0.26, 0.25] + [0.05] * 35]
    tc = topic_cut(Space(topic, generic), OWN, cut=0.20, margin=0.03, fa=0.03, floor=0.10)
    assert tc["VL402"] > 0.20                       # raised: at most 3 % of 40 (one post) over it
    assert tc["generic_flagged"] <= 0.03
    assert tc["VL402"] == pytest.approx(0.30 + 1e-6)


def test_nothing_to_choose_from_leaves_the_cut_alone():
    generic = [post(0.05)] * 40
    assert topic_cut(Space([post(0.3)], generic), OWN, 0.2, 0.03, 0.03, 0.10) is None   # one example
    # descriptions and keywords are not posts on the topic
    assert topic_cut(Space([post(0.3), post(0.4)], generic, roles=["description", "keywords"]),
                     OWN, 0.2, 0.03, 0.03, 0.10) is None
    # the topic's posts are all over the one-sided cut already: lowering it buys nothing
    assert topic_cut(Space([post(0.3), post(0.4)], generic), OWN, 0.2, 0.03, 0.03, 0.10) is None


def test_the_margin_test_keeps_the_brands_own_posts_out():
    # approved posts as close to the topic as its examples, but closer still to a pillar
    own = [post(0.2, strategy=0.4) for _ in range(20)]
    topic = [post(v) for v in (0.12, 0.15, 0.3)]
    tc = topic_cut(Space(topic, [post(0.0)] * 40), own, 0.25, 0.03, 0.03, 0.10)
    assert tc["approved_flagged"] == 0.0 and tc["VL402"] < 0.25


def test_profile_check_line_reports_both_sides_of_vl402():
    off = {"other_flagged": 0.62, "other_posts": 81, "margin": -0.18, "excluded_sectors": [],
           "declared_topics": {"VL402": 0.19, "topic_posts": 6, "topic_flagged": 0.833,
                               "topic_flagged_one_sided": 0.667, "approved_flagged": 0.0,
                               "generic_flagged": 0.013}}
    line = separation_line(off)
    assert "VL402 (declared topics) at 0.19, chosen on both sides, flags 83 % of the topics' 6" in line
    assert "0 % of the approved posts and 1 % of the shipped generic posts" in line
    del off["declared_topics"]
    assert "VL402" not in separation_line(off)


def test_vl402_names_the_topic_words_a_post_shares_not_the_words_any_post_has():
    # "Quel match hier soir" shares "quel" and "soir" with every other post: they are not what
    # makes it about football, and the message used to list them as if they were
    from types import SimpleNamespace

    from voicelint.judgement.strategy.space import StrategySpace

    ns = SimpleNamespace(lang="fr",
                         refs=[SimpleNamespace(text="Allez l'OL ! Quel match hier soir, trois buts en deuxième mi-temps.")])
    words = StrategySpace.shared_words(ns, "Quel match hier soir ! L'OL a marqué deux buts en fin de partie.", 0)
    assert "match" in words and "buts" in words
    assert "quel" not in words and "soir" not in words
