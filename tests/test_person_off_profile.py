"""VL211 person off profile (checks/address.py, kind person_off_profile): the post speaks only
as the person the profile does not, quiet when the brand's approved posts do the same, relaxed
by the learned norms like the other judgements."""
from __future__ import annotations

import voicelint
from voicelint.inputs import documents
from voicelint.judgement import norms

WE = [f"Our bakers start at four so the rye is ready for you at seven, day {i}." for i in range(40)]
SIGNED = [f"I'm sorry about the delay with order {i}, I've asked the shop to call you. *AB" for i in range(6)]


def _codes(found, severity=("warning", "error")):
    return sorted({f.code for f in found if f.severity in severity})


def test_the_issue_example_is_flagged_under_person_we():
    text = "I personally think my new jacket is great, and I hope you like the one I designed."
    found = voicelint.lint(text, profile={"name": "B", "language": "en", "voice": {"person": "we"}},
                           semantic=False)
    hit = [f for f in found if f.code == "VL211"]
    assert len(hit) == 1 and hit[0].evidence == {"expected": "we", "found": "i", "count": 4}
    assert "VL211" not in _codes(voicelint.lint(text, profile={"name": "B", "language": "en"}, semantic=False))


def test_quiet_when_the_approved_posts_speak_as_i_too():
    data = {"name": "B", "language": "en", "voice": {"person": "we", "examples": WE[:10] + SIGNED[:2]}}
    assert "VL211" not in _codes(voicelint.lint(SIGNED[3], profile=data, semantic=False))
    data["voice"]["examples"] = WE[:10]
    assert "VL211" in _codes(voicelint.lint(SIGNED[3], profile=data, semantic=False))


def test_learned_norms_relax_it_to_info():
    data = {"name": "B", "language": "en", "voice": {"person": "we"}}
    posts = [documents.parse_string(t, name=f"<a{i}>", meta={"platform": "twitter"})
             for i, t in enumerate(WE + SIGNED)]
    data, found, _ = norms.learn(posts, data, {}, "<learned>")
    assert found["VL211"]["set"] == {"rules.severity.VL211": "info", "rules.habits.VL211": 1}
    f = voicelint.lint(SIGNED[0], profile=data, platform="twitter", semantic=False)
    assert "VL211" in _codes(f, ("info",)) and "VL211" not in _codes(f)


def test_a_declared_severity_is_kept():
    data = {"name": "B", "language": "en", "voice": {"person": "we"}, "rules": {"severity": {"VL211": "error"}}}
    posts = [documents.parse_string(t, name=f"<a{i}>") for i, t in enumerate(WE + SIGNED)]
    data, found, _ = norms.learn(posts, data, {"rules": {"severity": {"VL211": "error"}}}, "<learned>")
    assert found["VL211"]["kept"] == "declared" and data["rules"]["severity"]["VL211"] == "error"


ME = [f"Je serai à Lille le {i} mars pour parler d'école et de santé avec vous." for i in range(1, 31)]


def test_an_i_voice_says_we_for_its_readers_until_its_posts_show_otherwise():
    # a candidate's "nous" is the country's, his "notre démocratie" the readers': on day one
    # (5 examples, none in "nous") neither VL211 nor VL203 reads it as the brand's own "we"
    only_we = "Nous n'avons pas le droit de prendre l'école en otage dans ce débat."
    mixed = "Je veux faire respirer notre démocratie à nouveau."
    day_one = {"name": "C", "language": "fr", "voice": {"person": "je", "examples": ME[:5]}}
    found = voicelint.lint(only_we, profile=day_one, semantic=False) + voicelint.lint(mixed, profile=day_one, semantic=False)
    assert not {"VL211", "VL203"} & {f.code for f in found}
    # 30 approved posts, none in "nous": the brand does not speak that way, so both are found
    known = {"name": "C", "language": "fr", "voice": {"person": "je", "examples": ME}}
    assert "VL211" in _codes(voicelint.lint(only_we, profile=known, semantic=False))
    hit = [f for f in voicelint.lint(mixed, profile=known, semantic=False) if f.code == "VL203"]
    assert len(hit) == 1 and mixed[hit[0].column - 1:].startswith("notre")
    # and when over 1 % of them say "nous", it is the brand's way: quiet again
    known["voice"]["examples"] = ME + [only_we]
    assert "VL211" not in _codes(voicelint.lint("Nous devons protéger l'école publique.", profile=known, semantic=False))


def test_a_we_brand_is_judged_from_the_first_day():
    # the other way round the evidence is not needed: a we-brand's "I" is the slip the rule is for
    data = {"name": "B", "language": "en", "voice": {"person": "we", "examples": WE[:5]}}
    assert "VL211" in _codes(voicelint.lint("I think my new jacket is great.", profile=data, semantic=False))
    found = voicelint.lint("We open on Saturday and I can't wait to see you.", profile=data, semantic=False)
    assert [f.code for f in found if f.code == "VL203"] == ["VL203"]
