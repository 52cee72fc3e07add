"""Replies: an export's replies open with the @handle the platform puts there; a drafted reply
has none yet. ``kind: reply`` marks it, VL210 judges it as it will be sent, says why when a voice
learned from replies flags a draft without a handle, and drift does not count the handles."""
from __future__ import annotations

import itertools
import json
import random

import pytest

from clihelpers import invoke_assert_code
from voicelint import api
from voicelint.checks import voice_match
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.shared.textpatterns import reply_body

NAMES = ["Sam", "Priya", "Jo", "Leah", "Marc", "Ana", "Tom", "Ines"]
ISSUES = ["the missing payment", "your card limit", "the app login", "the transfer delay", "the statement error"]
SIGN = ["^K", "^JA", "^S", "^PQ"]
REPLIES = [f"Thanks for reaching out, {n}! Our team can look into {i} for you: please DM us your "
           f"phone # and we'll call {s}" for n, i, s in itertools.product(NAMES, ISSUES, SIGN)]
random.Random(0).shuffle(REPLIES)


def _post(text, **meta):
    return documents.parse_string(text, name=meta.pop("name", "d.md"), meta={"platform": "twitter", **meta})


def test_reply_body_drops_only_the_handles_a_reply_opens_with():
    assert reply_body("@ana @shop_fr thanks, see you @market!") == "thanks, see you @market!"
    assert reply_body(".@ana hello") == "hello"
    assert reply_body("Hello @ana") == "Hello @ana"


def test_kind_is_read_from_front_matter_and_checked(tmp_path):
    ok = tmp_path / "ok.md"
    ok.write_text("---\nkind: Reply\n---\nSorry about the wait, Sam.\n", encoding="utf-8")
    assert documents.parse_file(ok)[0].meta["kind"] == "reply"
    bad = tmp_path / "bad.md"
    bad.write_text("---\nplatform: twitter\nkind: answer\n---\nSorry about the wait, Sam.\n", encoding="utf-8")
    r = invoke_assert_code(["check", bad, "--no-semantic"], code=2)
    assert "bad.md:3: unknown kind 'answer' in front matter; expected post or reply" in r.stderr


def test_a_marked_reply_is_scored_as_it_will_be_sent():
    assert voice_match.scored_text(_post("Sorry about the wait, Sam.", kind="reply")) == "@user Sorry about the wait, Sam."
    assert voice_match.scored_text(_post("@sam Sorry about the wait.", kind="reply")) == "@sam Sorry about the wait."
    assert voice_match.scored_text(_post("Sorry about the wait, Sam.")) == "Sorry about the wait, Sam."


def test_the_voice_keeps_the_share_of_replies_it_learned_from():
    from voicelint.judgement.voice.model import VoiceModel
    m = VoiceModel.learn([f"@c{i} {t}" for i, t in enumerate(REPLIES[:15])] + REPLIES[15:20], None, lang="en")
    assert m.reply_share == pytest.approx(0.75)
    d = json.loads(m.dumps())
    assert VoiceModel.from_dict(d).reply_share == pytest.approx(0.75)
    d.pop("reply_share")                       # a model written before: unknown, nothing said
    old = VoiceModel.from_dict(d)
    assert old.reply_share is None and voice_match.unmarked_reply(old, "Hi", "en") == ("", None)
    clause, share = voice_match.unmarked_reply(m, "Thanks, Sam!", "en")
    assert share == pytest.approx(0.75) and "learned mostly from replies (75% of its approved posts" in clause
    assert "approve more of the brand's original posts" in clause
    assert voice_match.unmarked_reply(m, "@sam Thanks!", "en") == ("", None)


@pytest.mark.semantic
def test_a_drafted_reply_marked_as_one_is_not_flagged_and_an_unmarked_one_says_why(tmp_path):
    prof = profile_mod.from_dict({"name": "Maple Bank", "language": "en",
                                  "voice": {"examples": [f"@cust{i} {t}" for i, t in enumerate(REPLIES[:40])]}})
    unmarked = [_post(t, name=f"d{i}.md") for i, t in enumerate(REPLIES[40:50])]
    marked = [_post(t, name=f"r{i}.md", kind="reply") for i, t in enumerate(REPLIES[40:50])]
    res = api.run(unmarked + marked, api.Options(profile=prof, select=["VL210"], cache_dir=str(tmp_path / "c")))
    flagged = {f.path for f in res.findings}
    assert not any(p.startswith("r") for p in flagged)
    assert flagged, "without the handle, a voice learned from replies should flag the drafts"
    f = res.findings[0]
    assert "this draft opens with none: mark it `kind: reply` if it is one" in f.message
    assert f.evidence["learned_from_replies"] == 1.0


def test_drift_judges_drafted_replies_marked_as_such_against_a_voice_learned_from_replies(tmp_path):
    """The drift test's learned-voice block scores a post as VL210 does: a drafted reply marked
    `kind: reply` as it will be sent. Unmarked, the same replies sit far below the approved posts."""
    from voicelint.judgement.voice.model import VoiceModel, load_background
    everyday = load_background("en")
    model = VoiceModel.learn([f"@cust{i} {t}" for i, t in enumerate(REPLIES[:40])], {"others": everyday[:80]},
                             lang="en", use_background=False, embedder=None)
    model.save(tmp_path / "bank.voice.json")
    prof = profile_mod.from_dict({"name": "Maple Bank", "id": "bank", "language": "en",
                                  "learned": {"voice_model": "bank.voice.json"}}, path=str(tmp_path / "bank.yaml"))
    opts = api.Options(profile=prof, select=["VL5"], semantic=False, cache=False)
    marked = [_post(t, name=f"r{i}.md", kind="reply") for i, t in enumerate(REPLIES[40:48])]
    assert api.run(marked, opts).findings == []
    unmarked = [_post(t, name=f"d{i}.md") for i, t in enumerate(REPLIES[40:48])]
    assert [f.code for f in api.run(unmarked, opts).findings] == ["VL501"]
