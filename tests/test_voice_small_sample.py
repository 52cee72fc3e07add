"""VL210 says when it is calibrated on too few approved posts to keep its false-alarm target."""
from types import SimpleNamespace

import pytest

from voicelint.checks import voice_match


class Ctx:
    def __init__(self):
        self.notices = []

    def notice(self, text):
        self.notices.append(text)


def test_posts_needed_for_a_target():
    assert voice_match.approved_needed(0.03) == 33
    assert voice_match.approved_needed(0.05) == 19
    assert voice_match.approved_needed(0.5) == 1


@pytest.mark.parametrize("n, said", [(5, True), (32, True), (33, False), (300, False), (0, False)])
def test_a_notice_below_the_posts_needed(n, said):
    ctx = Ctx()
    voice_match._say_if_too_few(ctx, SimpleNamespace(counts={"approved": n}, target_fa=0.03))
    assert bool(ctx.notices) is said
    if said:
        assert f"calibrated on {n} approved posts" in ctx.notices[0]
        assert "estimated from their spread" in ctx.notices[0] and f"add {33 - n} more" in ctx.notices[0]


@pytest.mark.parametrize("declared, target, need", [(None, "3%", 33), (0.05, "5%", 19)])
def test_the_notice_names_the_profiles_target_not_vl210s_share(declared, target, need):
    """The model stores VL210's share of the budget (0.5 / 9 posts: 6 %); the notice speaks of
    the whole check's target, the one the user sets (thresholds.false_alarm_target)."""
    from voicelint.inputs import profile as profile_mod

    data = {"name": "Brand"}
    if declared is not None:
        data["thresholds"] = {"false_alarm_target": declared}
    ctx = Ctx()
    ctx.profile = profile_mod.from_dict(data, path="<fixture>")
    voice_match._say_if_too_few(ctx, SimpleNamespace(counts={"approved": 9}, target_fa=0.5 / 9))
    assert len(ctx.notices) == 1
    assert f"the {target} false-alarm target" in ctx.notices[0] and f"add {need - 9} more" in ctx.notices[0]
    assert "6%" not in ctx.notices[0]


class _Scorer(SimpleNamespace):
    def score(self, texts):
        return [self.value] * len(texts)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("value, threshold, share, weak", [(0.5, 0.4, "0%", True), (0.5, 0.6, "100%", False)])
def test_the_notice_measures_what_a_small_voice_tells_apart(lang, value, threshold, share, weak):
    # the shipped other sectors' posts are never VL210's training data: the share it flags at
    # its threshold is what a voice of 5 posts can tell apart, and under 90 % the notice says
    # that a post it does not flag is not shown to be in the brand's voice
    from voicelint.judgement.strategy.calibration import load_sectors

    ctx = Ctx()
    model = _Scorer(counts={"approved": 5}, target_fa=0.03, lang=lang, value=value, threshold=threshold)
    voice_match._say_if_too_few(ctx, model)
    n = len(load_sectors(lang))
    assert n >= 50
    assert f"it flags {share} of {n} posts in other voices" in ctx.notices[0]
    assert ("not shown to be in the brand's voice" in ctx.notices[0]) is weak
