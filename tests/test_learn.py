"""voicelint profile learn: a profile `check --profile` accepts as it is, deterministic, atomic."""
from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
import yaml

from clihelpers import invoke_assert_code
from semantic_fixtures import POSTS, PROFILES

APPROVED_EN = PROFILES["en"]["voice"]["examples"] + [
    "Seeded rye is back: caraway, sunflower and a long cold prove.",
    "We open at 7am on weekdays, so you can grab a loaf on the way to work.",
    "A tip from Sam: keep your sourdough cut side down on a board, never in the fridge.",
    "Our croissants take three days: dough, lamination, then a slow rise overnight.",
    "Thank you for the lovely notes after the street party, we read every one.",
]
COMPETITORS_EN = [
    "Discover our range of breads for every occasion, delivered to your door.",
    "The best bakery deals in town, order online today.",
    "Fresh bread for the whole family at unbeatable prices.",
]


@pytest.fixture
def brand(tmp_path):
    """A base profile, approved posts (.jsonl), competitors (.csv) and drafts, in tmp_path."""
    base = copy.deepcopy(PROFILES["en"])
    base["name"] = "Leeds Loaf"
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    (tmp_path / "approved.jsonl").write_text(
        "".join(json.dumps({"text": t, "platform": "instagram"}) + "\n" for t in APPROVED_EN), encoding="utf-8")
    (tmp_path / "competitors.csv").write_text(
        "text\n" + "".join('"' + t.replace('"', '""') + '"\n' for t in COMPETITORS_EN), encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "politics.md").write_text(POSTS["en"]["declared_topic"] + "\n", encoding="utf-8")
    (drafts / "bread.md").write_text(POSTS["en"]["on_pillar"][0] + "\n", encoding="utf-8")
    return tmp_path


def learn(brand, *extra, out="learned.yaml", code=0, cache=None):
    args = ["profile", "learn", "--examples", brand / "approved.jsonl", "--out", brand / out,
            "--cache-dir", cache or brand / "cache", *extra]
    return invoke_assert_code(args, code)


@pytest.mark.semantic
def test_learned_profile_round_trip(brand):
    res = learn(brand, "--base", brand / "base.yaml", "--competitors", brand / "competitors.csv")
    assert "learned.yaml" in res.stdout and "VL210" in res.stdout
    data = yaml.safe_load((brand / "learned.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "Leeds Loaf" and data["pillars"] == PROFILES["en"]["pillars"]
    learned = data["learned"]
    assert learned["voice_model"] == "learned.voice.json" and (brand / "learned.voice.json").is_file()
    assert learned["posts"]["approved"] >= len(APPROVED_EN) and learned["posts"]["competitors"] >= 3
    assert set(learned["thresholds"]) >= {"VL210", "VL401", "VL402", "VL403", "VL404"}
    assert learned["traits"]["formality"]["std"] > 0
    model = json.loads((brand / "learned.voice.json").read_text(encoding="utf-8"))
    assert model["format"] == "voicelint-voice" and len(model["references"]["competitors"]) == 3

    invoke_assert_code(["profile", "check", brand / "learned.yaml"], 0)
    out = invoke_assert_code(["check", brand / "drafts", "--profile", brand / "learned.yaml", "--format", "json",
                              "--select", "VL4,VL210", "--cache-dir", brand / "cache"], 0).stdout
    found = json.loads(out)
    assert [(f["path"].rsplit("/", 1)[-1], f["code"]) for f in found] == [("politics.md", "VL402")]
    assert found[0]["evidence"]["threshold_source"]["VL402"] == "learned"
    # the stored voice model was used: nothing was learned (or cached) at run time
    assert not (brand / "cache" / "voice-models").exists()


@pytest.mark.semantic
def test_learning_is_deterministic(brand, tmp_path_factory):
    learn(brand, "--base", brand / "base.yaml", "--competitors", brand / "competitors.csv")
    first = [(brand / n).read_bytes() for n in ("learned.yaml", "learned.voice.json")]
    # again, with a cold embedding cache: same bytes
    learn(brand, "--base", brand / "base.yaml", "--competitors", brand / "competitors.csv",
          cache=tmp_path_factory.mktemp("cold"))
    assert [(brand / n).read_bytes() for n in ("learned.yaml", "learned.voice.json")] == first


@pytest.mark.semantic
def test_voice_only_profile_skips_strategy_checks_with_one_notice(brand):
    learn(brand, "--name", "Leeds Loaf", "--lang", "en", "--no-proposal", out="voice.yaml")
    data = yaml.safe_load((brand / "voice.yaml").read_text(encoding="utf-8"))
    assert data["name"] == "Leeds Loaf" and "pillars" not in data
    assert set(data["learned"]["thresholds"]) == {"VL210"}
    res = invoke_assert_code(["check", brand / "drafts", "--profile", brand / "voice.yaml",
                              "--cache-dir", brand / "cache"], 0)
    assert res.stderr.count("strategy checks (VL4xx) skipped") == 1
    assert "VL901" in res.stdout


@pytest.mark.semantic
def test_learning_without_a_strategy_proposes_one_marked_as_proposed(brand):
    res = learn(brand, "--name", "Leeds Loaf", "--lang", "en", out="proposed.yaml")
    text = (brand / "proposed.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert "# PROPOSED" in text and "proposed strategy" in res.stdout
    assert data["proposition"].startswith("Leeds Loaf publishes about ")
    assert 1 <= len(data["pillars"]) <= 8      # 13 posts: no two clusters of 5 may exist
    block = data["learned"]["proposal"]
    assert block["status"] == "proposed" and block["from_posts"] == len(APPROVED_EN)
    assert abs(sum(v["share"] for v in block["pillars"].values()) - 1) < 0.01
    for p in data["pillars"]:
        n = block["pillars"][p["id"]]["posts"]
        talk = block["pillars"][p["id"]].get("kind") == "conversation"
        assert p["description"].startswith("Conversation with" if talk else "Posts about ")
        assert min(3, n) <= len(p["examples"]) <= 5
        assert set(p["examples"]) <= set(APPROVED_EN)
        assert p["share"] == round(block["pillars"][p["id"]]["share"], 2)   # the mix VL405/406 expect
    assert "speaks as 'we'" in block["voice"]
    assert "VL401" in data["learned"]["thresholds"]
    # 13 approved posts: the two-sided margin is estimated conservatively (strategy_calibration.
    # low_cut), under every approved post's contrast
    off = data["learned"]["calibration"]["off_side"]
    margin = data["learned"]["thresholds"]["VL401.margin"]
    assert -0.3 <= margin == off["margin"] and off.get("approved_flagged", 0) <= 0.1
    assert off["other_posts"] > 50 and isinstance(off["excluded_sectors"], list)
    # the strategy checks run with it: no "skipped" notice
    from click.testing import CliRunner
    from voicelint.cli import cli
    res = CliRunner().invoke(cli, ["check", str(brand / "drafts"), "--profile", str(brand / "proposed.yaml"),
                                   "--cache-dir", str(brand / "cache")], catch_exceptions=False)
    assert res.exit_code in (0, 1) and "strategy checks (VL4xx) skipped" not in res.stderr


@pytest.mark.semantic
def test_too_few_posts_to_propose_a_strategy_says_so(brand):
    (brand / "few.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in APPROVED_EN[:6]),
                                     encoding="utf-8")
    res = invoke_assert_code(["profile", "learn", "--examples", brand / "few.jsonl", "--out", brand / "few.yaml",
                              "--name", "Leeds Loaf", "--lang", "en", "--cache-dir", brand / "cache"], 0)
    assert "no strategy proposed: too few approved posts to propose pillars (6" in res.stdout
    assert "pillars" not in yaml.safe_load((brand / "few.yaml").read_text(encoding="utf-8"))


@pytest.mark.semantic
def test_edited_declarations_are_calibrated_again(brand):
    learn(brand, "--base", brand / "base.yaml")
    as_learned = invoke_assert_code(["check", brand / "drafts" / "politics.md", "--profile", brand / "learned.yaml",
                                     "--select", "VL402", "--cache-dir", brand / "cache"], 0)
    assert "edited" not in as_learned.stderr
    data = yaml.safe_load((brand / "learned.yaml").read_text(encoding="utf-8"))
    data["pillars"][1]["examples"].append("Our regulars' favourite: the Tuesday walnut loaf.")
    (brand / "learned.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = invoke_assert_code(
        ["check", brand / "drafts" / "politics.md", "--profile", brand / "learned.yaml", "--format", "json",
         "--select", "VL402", "--cache-dir", brand / "cache"], 0)
    found = json.loads(r.stdout)
    assert found[0]["evidence"]["threshold_source"]["VL402"] == "calibrated"
    # ... and the run says so, with how to calibrate the edited strategy out of fold again
    assert "the strategy was edited since `profile learn` calibrated it" in r.stderr
    assert f"profile learn --base {brand / 'learned.yaml'} --out {brand / 'learned.yaml'}` (from the posts " \
           "it was learned from, " in r.stderr and "approved.jsonl)" in r.stderr
    # ... which needs no --examples: the profile recorded them (learned.examples)
    again = invoke_assert_code(["profile", "learn", "--base", brand / "learned.yaml", "--out", brand / "learned.yaml",
                                "--cache-dir", brand / "cache"], 0)
    assert "wrote" in again.stdout
    relearned = yaml.safe_load((brand / "learned.yaml").read_text(encoding="utf-8"))
    assert "Our regulars' favourite: the Tuesday walnut loaf." in relearned["pillars"][1]["examples"]
    quiet = invoke_assert_code(["check", brand / "drafts" / "politics.md", "--profile", brand / "learned.yaml",
                                "--select", "VL402", "--cache-dir", brand / "cache"], 0)
    assert "edited" not in quiet.stderr


@pytest.mark.semantic
def test_base_examples_from_paths_still_resolve_from_another_folder(brand, monkeypatch):
    monkeypatch.chdir(brand)  # paths are allowed inside the current directory
    (brand / "voice").mkdir()
    (brand / "voice" / "more.jsonl").write_text(json.dumps({"text": APPROVED_EN[-1]}) + "\n", encoding="utf-8")
    base = yaml.safe_load((brand / "base.yaml").read_text(encoding="utf-8"))
    base["voice"]["examples_from"] = "voice/more.jsonl"
    (brand / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    (brand / "out").mkdir()
    learn(brand, "--base", brand / "base.yaml", out="out/learned.yaml")
    data = yaml.safe_load((brand / "out" / "learned.yaml").read_text(encoding="utf-8"))
    assert data["voice"]["examples_from"] == "../voice/more.jsonl"
    invoke_assert_code(["profile", "check", brand / "out" / "learned.yaml"], 0)


@pytest.mark.parametrize("args,needle", [
    (["--examples", "missing.jsonl", "--name", "X"], "missing.jsonl"),
    (["--examples", "approved.jsonl"], "--name"),
    (["--examples", "few.jsonl", "--name", "X", "--lang", "en"], "at least 5"),
    (["--examples", "approved.jsonl", "--name", "X", "--base", "missing.yaml"], "missing.yaml"),
    (["--name", "X"], "give --examples"),
    (["--base", "base.yaml"], "base.yaml records none (learned.examples)"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(brand, args, needle):
    (brand / "few.jsonl").write_text(json.dumps({"text": "One post only."}) + "\n", encoding="utf-8")
    args = [str(brand / a) if a.endswith((".jsonl", ".yaml")) else a for a in args]
    res = invoke_assert_code(["profile", "learn", *args, "--out", brand / "out.yaml",
                              "--cache-dir", brand / "cache"], 2)
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and needle in err and "Traceback" not in err
    assert not (brand / "out.yaml").exists() and not (brand / "out.voice.json").exists()


def test_out_must_be_yaml(brand):
    res = invoke_assert_code(["profile", "learn", "--examples", brand / "approved.jsonl", "--name", "X",
                              "--out", brand / "out.txt"], 2)
    assert ".yaml" in res.stderr


def test_a_profile_pointing_to_a_missing_voice_model_is_an_error(brand):
    base = yaml.safe_load((brand / "base.yaml").read_text(encoding="utf-8"))
    base["learned"] = {"voice_model": "gone.voice.json"}
    (brand / "p.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    res = invoke_assert_code(["check", brand / "drafts", "--profile", brand / "p.yaml", "--select", "VL210",
                              "--cache-dir", brand / "cache"], 2)
    assert "learned.voice_model" in res.stderr and "gone.voice.json" in res.stderr


@pytest.mark.semantic
def test_learn_through_the_installed_command(brand):
    proc = subprocess.run([sys.executable, "-m", "voicelint", "profile", "learn", "--examples",
                           str(brand / "approved.jsonl"), "--base", str(brand / "base.yaml"),
                           "--out", str(brand / "sub.yaml"), "--cache-dir", str(brand / "cache")],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert (brand / "sub.voice.json").is_file()


@pytest.mark.semantic
def test_the_false_alarm_target_is_the_profiles_and_the_run_is_recorded(brand):
    base = yaml.safe_load((brand / "base.yaml").read_text(encoding="utf-8"))
    base["thresholds"] = {"false_alarm_target": 0.1}
    (brand / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    res = learn(brand, "--base", brand / "base.yaml", "--competitors", brand / "competitors.csv")
    line = next(x for x in res.stdout.splitlines() if x.startswith("false alarms:"))
    assert "target 10.0% (thresholds.false_alarm_target)" in line and "out of fold" in line
    data = yaml.safe_load((brand / "learned.yaml").read_text(encoding="utf-8"))
    assert data["thresholds"]["false_alarm_target"] == 0.1          # a declaration: kept
    check = data["learned"]["calibration"]["check"]
    assert check["false_alarm_target"] == 0.1 and check["target_source"] == "profile"
    assert check["folds"] >= 2 and 0 <= check["expected"] <= 1 and "VL210" in check["by_rule"]
    # at most the target, unless the rules alone take more than VL210 leaves them
    assert check["expected"] <= 0.1 + 1e-9 or check["rules"] > 0.1 * 2 / 3
    vl210 = data["learned"]["calibration"]["VL210"]
    assert vl210["oof_fa"] == check["by_rule"]["VL210"]


@pytest.mark.semantic
def test_a_declared_limit_the_history_breaks_does_not_silence_the_learned_checks(brand):
    """Posts that only the profile's own declarations flag (here `emoji: {max: 0}`) are the
    user's policy: the learned checks keep the target beside them, and learn says so."""
    base = yaml.safe_load((brand / "base.yaml").read_text(encoding="utf-8"))
    base.setdefault("voice", {})["emoji"] = {"max": 0}
    base["thresholds"] = {"false_alarm_target": 0.1}
    (brand / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")
    posts = [t + (" 🥐" if i in (1, 4) else "") for i, t in enumerate(APPROVED_EN)]
    (brand / "approved.jsonl").write_text(
        "".join(json.dumps({"text": t, "platform": "instagram"}) + "\n" for t in posts), encoding="utf-8")
    res = learn(brand, "--base", brand / "base.yaml")
    line = next(x for x in res.stdout.splitlines() if "break only what the profile declares" in x)
    assert "(VL204)" in line and "the learned checks keep 10.0%" in line
    check = yaml.safe_load((brand / "learned.yaml").read_text(encoding="utf-8"))["learned"]["calibration"]["check"]
    assert check["declared"] > 0 and check["declared_codes"] == ["VL204"]
    # the declared posts are counted, and the learned checks still flag some approved post
    assert sum(c["posts"] for c in check["components"].values()) >= 1
    assert check["expected"] > check["declared"]


@pytest.mark.semantic
def test_vl401s_information_tier_gives_the_reason_without_a_warning(brand):
    """With competitors, VL401 may warn only in its tail (VL210 catches other sectors' posts); the
    cut it would have needed alone (``learned.thresholds.VL401.info``) reports a post as info."""
    learn(brand, "--base", brand / "base.yaml", "--competitors", brand / "competitors.csv")
    path = brand / "learned.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def run(thresholds, declared=None):
        d = copy.deepcopy(data)
        d["learned"]["thresholds"].update(thresholds)
        if declared:
            d["thresholds"] = declared
        path.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
        out = invoke_assert_code(["check", brand / "drafts" / "bread.md", "--profile", path, "--format", "json",
                                  "--select", "VL401", "--cache-dir", brand / "cache"], 0).stdout
        return json.loads(out)

    assert run({}) == []                                   # on pillar, under no tier
    found = run({"VL401": 0.0, "VL401.info": 0.99})
    assert [(f["code"], f["severity"]) for f in found] == [("VL401", "info")]
    f = found[0]
    assert f["message"].startswith("Leans off-strategy") and "VL210" in f["message"]
    assert f["threshold"] == 0.99 and f["score"] < 0.99 and f["evidence"]["tier"] == "info"
    assert run({"VL401": 0.0, "VL401.info": -0.5}) == []   # stricter than the warning: no tier
    # a threshold the user declares wins, and the learned tier no longer applies
    assert run({"VL401": 0.0, "VL401.info": 0.99}, declared={"VL401": 0.0}) == []
