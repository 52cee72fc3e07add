"""The per-post findings cache (voicelint.engine.resultcache): a warm run reports exactly what a cold
run and a --no-cache run report, without running the post checks again, and anything that
can change a finding (text, platform, profile, rule packs, selection) is seen."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint import api
from voicelint.engine import resultcache
from voicelint.checks import existence, lexicon

ROOT = Path(__file__).resolve().parents[1]

PROFILE = """\
name: Atelier Test
id: atelier
language: fr
lexicon:
  banned: [promo]
  preferred:
    consommateur: client
voice:
  address: vous
"""

POSTS = {
    "twitter/a.md": "Chez nous, chaque consommateur compte. Découvrez la promo du jour !\n",
    "twitter/b.md": "Nous réparons vos vélos avec soin, chaque samedi matin.\n",
    "instagram/c.md": "TU VAS ADORER CETTE PROMO!!! 🔥🔥🔥🔥\n",
}

PACK_RULE = """\
extends: existence
message: "Avoid '%s'."
level: warning
ignorecase: true
tokens:
  - samedi
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    for rel, text in POSTS.items():
        p = tmp_path / "drafts" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)  # conftest turns it off for other tests
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def check(*extra, code=1, paths=("drafts",)):
    args = ["check", *paths, "--profile", "brand.yaml", "--no-semantic", "--format", "json", *extra]
    return json.loads(invoke_assert_code(args, code=code).stdout)


def forbid_checks(monkeypatch):
    """Make post checks explode: a run that still succeeds took every result from the cache."""
    def boom(*a, **kw):
        raise AssertionError("a post check ran although its result was cached")
    monkeypatch.setattr(lexicon, "check", boom)
    monkeypatch.setattr(existence, "check", boom)


def test_warm_run_reports_the_same_without_running_the_checks(repo, monkeypatch):
    cold = check()
    assert {"VL101", "VL102"} <= {f["code"] for f in cold}
    assert (repo / "cache" / resultcache.ResultStore.FILENAME).is_file()
    forbid_checks(monkeypatch)
    assert check() == cold


def test_no_cache_runs_the_checks_and_writes_nothing(repo, monkeypatch):
    cold = check("--no-cache")
    assert not (repo / "cache" / resultcache.ResultStore.FILENAME).exists()
    assert check() == cold
    forbid_checks(monkeypatch)
    with pytest.raises(AssertionError, match="result was cached"):
        check("--no-cache")
    monkeypatch.setenv("VOICELINT_NO_CACHE", "1")
    with pytest.raises(AssertionError, match="result was cached"):
        check()


def test_an_edited_post_is_checked_again_the_others_are_not(repo, monkeypatch):
    check()
    (repo / "drafts/twitter/b.md").write_text("Une promo pour chaque consommateur.\n", encoding="utf-8")
    calls = []
    real = lexicon.check

    def spy(rule, post, ctx):
        calls.append(Path(post.path).name)
        return real(rule, post, ctx)
    monkeypatch.setattr(lexicon, "check", spy)
    found = check()
    assert set(calls) == {"b.md"}
    assert {f["code"] for f in found if f["path"].endswith("b.md")} >= {"VL101", "VL102"}


def test_positions_follow_a_post_that_moved_in_its_file(repo):
    before = [f for f in check() if f["path"].endswith("a.md")]
    (repo / "drafts/twitter/a.md").write_text("---\nauthor: x\n---\n\n\n" + POSTS["twitter/a.md"], encoding="utf-8")
    after = [f for f in check() if f["path"].endswith("a.md")]
    assert [(f["code"], f["line"] - 5, f["column"]) for f in after] == [(f["code"], f["line"], f["column"]) for f in before]
    # and the same as a run that checks everything afresh
    assert after == [f for f in check("--no-cache") if f["path"].endswith("a.md")]


def test_platform_change_is_a_different_post(repo):
    text = "x" * 300 + "\n"
    (repo / "drafts/instagram/long.md").write_text(text, encoding="utf-8")
    assert not [f for f in check() if f["path"].endswith("long.md") and f["code"] == "VL301"]
    (repo / "drafts/twitter").joinpath("long.md").write_text(text, encoding="utf-8")
    (repo / "drafts/instagram/long.md").unlink()
    assert [f for f in check() if f["path"].endswith("long.md") and f["code"] == "VL301"]


def test_profile_edit_invalidates(repo):
    assert not [f for f in check() if "soin" in f["message"].lower()]
    (repo / "brand.yaml").write_text(PROFILE.replace("banned: [promo]", "banned: [promo, soin]"), encoding="utf-8")
    found = check()
    assert [f for f in found if f["code"] == "VL101" and f["path"].endswith("b.md")]
    assert found == check("--no-cache")


def test_rule_pack_added_later_runs_only_its_rule(repo, monkeypatch):
    base = check()
    pack = repo / "pack" / "House"
    pack.mkdir(parents=True)
    (pack / "Samedi.yml").write_text(PACK_RULE, encoding="utf-8")
    monkeypatch.setattr(lexicon, "check", lambda *a, **kw: (_ for _ in ()).throw(AssertionError("lexicon re-ran")))
    with_pack = check("--rules", str(pack))
    assert [f for f in with_pack if f["code"] == "House.Samedi"]
    assert [f for f in with_pack if f["code"] != "House.Samedi"] == base


def test_selection_subset_reuses_and_superset_completes(repo, monkeypatch):
    full = check()
    forbid_checks(monkeypatch)
    only = check("--select", "VL101")
    assert only == [f for f in full if f["code"] == "VL101"]
    monkeypatch.undo()  # a fresh cache folder: a narrow run first, then the full one
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(repo / "cache2"))
    monkeypatch.chdir(repo)
    check("--select", "VL101")
    assert check() == full


def test_severity_and_ignore_from_the_config_apply_to_cached_results(repo, monkeypatch):
    before = check()
    assert {f["severity"] for f in before if f["code"] == "VL102"} == {"warning"}
    (repo / "voicelint.yaml").write_text("severity:\n  VL102: error\nignore: [VL207]\n", encoding="utf-8")
    forbid_checks(monkeypatch)
    after = check()
    assert {f["severity"] for f in after if f["code"] == "VL102"} == {"error"}
    assert "VL207" in {f["code"] for f in before} and "VL207" not in {f["code"] for f in after}
    monkeypatch.undo()
    monkeypatch.chdir(repo)
    assert after == check("--no-cache")


def test_corrupt_cache_file_is_survived(repo, capsys):
    cold = check()
    db = repo / "cache" / resultcache.ResultStore.FILENAME
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    assert check() == cold
    assert check() == cold


def test_damaged_record_is_a_miss(repo):
    cold = check()
    db = repo / "cache" / resultcache.ResultStore.FILENAME
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE results SET record = '{not json'")
    assert check() == cold


def test_notices_are_kept_with_the_post(tmp_path, monkeypatch):
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    prof = {"name": "Voice only", "id": "v", "language": "en", "voice": {"person": "we"}}
    opts = api.Options(profile=prof, cache_dir=str(tmp_path / "c"))
    first = api.run(["We fix bikes on Saturdays, with care."], opts, meta={"platform": "twitter"})
    second = api.run(["We fix bikes on Saturdays, with care."], opts, meta={"platform": "twitter"})
    assert first.notices and first.notices == second.notices
    assert [f.to_dict() for f in first.findings] == [f.to_dict() for f in second.findings]


def test_a_rules_only_run_does_not_replay_what_a_semantic_rule_said(tmp_path, monkeypatch):
    """A notice is kept with the rule that gave it: a --no-semantic run that reuses a full run's
    record does not repeat what the strategy checks said (here: they are off for this profile)."""
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    prof = {"name": "Voice only", "id": "v", "language": "en", "voice": {"person": "we"}}
    text, meta = ["We fix bikes on Saturdays, with care."], {"platform": "twitter"}
    full = api.run(text, api.Options(profile=prof, cache_dir=str(tmp_path / "c")), meta=meta)
    assert any("VL4xx" in n for n in full.notices)
    rules_only = api.run(text, api.Options(profile=prof, cache_dir=str(tmp_path / "c"), semantic=False), meta=meta)
    fresh = api.run(text, api.Options(profile=prof, cache=False, semantic=False), meta=meta)
    assert not any("VL4xx" in n for n in rules_only.notices)
    assert rules_only.notices == fresh.notices
    again = api.run(text, api.Options(profile=prof, cache_dir=str(tmp_path / "c")), meta=meta)
    assert again.notices == full.notices                      # and the full run still gets it back


def example_repo(tmp_path, monkeypatch):
    """A copy of the bundled example (two brands, md/csv/jsonl, both languages), cache on."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "brand_profiles", tmp_path / "brand_profiles")
    shutil.copy(ROOT / "voicelint.yaml", tmp_path / "voicelint.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "cache"))


def test_example_repository_cold_warm_and_fresh_agree(tmp_path, monkeypatch):
    """The bundled example (two brands, md/csv/jsonl, both languages), rule checks."""
    example_repo(tmp_path, monkeypatch)
    args = ["check", "examples/drafts", "--no-semantic", "--format", "json"]
    cold = invoke_assert_code(args, code=1).stdout
    forbid_checks(monkeypatch)
    warm = invoke_assert_code(args, code=1).stdout
    monkeypatch.undo()
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "cache"))
    fresh = invoke_assert_code(args + ["--no-cache"], code=1).stdout
    assert json.loads(cold) and cold == warm == fresh


@pytest.mark.semantic
def test_semantic_findings_survive_the_round_trip(tmp_path, monkeypatch):
    """Scores, thresholds and evidence of VL4xx/VL210 come back equal from the cache."""
    example_repo(tmp_path, monkeypatch)
    (tmp_path / "examples/drafts/blog/more.md").write_text(
        "---\nbrand: tandem-cycles\n---\nOur winter service keeps your bike rolling.\n", encoding="utf-8")
    args = ["check", "examples/drafts", "--format", "json"]
    cold = invoke_assert_code(args, code=1).stdout
    from voicelint.judgement.strategy import space as strategy

    def no_space(*a, **kw):
        raise AssertionError("the strategy space was built although every post was cached")
    monkeypatch.setattr(strategy.StrategySpace, "__init__", no_space)  # pillar mix: from the cache too
    warm = invoke_assert_code(args, code=1).stdout
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "cache"))
    fresh = invoke_assert_code(args + ["--no-cache"], code=1).stdout
    found = json.loads(cold)
    assert any(f.get("evidence") for f in found) and any(f["code"].startswith("VL4") for f in found)
    assert cold == warm == fresh


def test_hits_round_trip_numpy_and_tuples():
    np = pytest.importorskip("numpy")
    from voicelint.checks.base import Hit
    hit = Hit(3, 9, None, ("a", 2), np.float32(0.25), np.float64(0.5),
              {"traits": [("emoji", np.float32(1.5))], "v": np.arange(2)}, {"replacement": "b", "safe": True})
    back = resultcache.hit_from_json(json.loads(json.dumps(resultcache.hit_to_json(hit))))
    assert (back.start, back.end, back.args, back.score, back.threshold) == (3, 9, ("a", 2), 0.25, 0.5)
    assert back.evidence == {"traits": [["emoji", 1.5]], "v": [0, 1]} and back.fix == hit.fix


def test_rule_fingerprint_sees_every_field():
    rules = api.load_rules()
    a = next(r for r in rules if r.code == "VL205")
    from dataclasses import replace
    b = replace(a, message=a.message + " ")
    assert resultcache.rule_fingerprint(a) != resultcache.rule_fingerprint(b)
    assert len({resultcache.rule_fingerprint(r) for r in rules}) == len(rules)


def test_jobs_with_the_cache(repo, monkeypatch):
    from voicelint.engine import parallel
    if not parallel.available():
        pytest.skip("--jobs uses fork (Linux)")
    for i in range(30):
        (repo / "drafts" / "twitter" / f"n{i:02d}.md").write_text(
            f"Une promo pour le consommateur numéro {i} !\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_POSTS_PER_JOB", 5)
    fresh = check("--no-cache")
    assert check("--jobs", "2") == fresh      # cold, in two workers, stored
    forbid_checks(monkeypatch)
    assert check("--jobs", "2") == fresh      # warm: nothing to do


# ------------------------------------------------------------------ set-scope rules (drift)

def forbid_set_checks(monkeypatch):
    """Make the set checks explode: a run that still succeeds took the set's result from the cache."""
    from voicelint.checks import drift

    def boom(*a, **kw):
        raise AssertionError("a set check ran although the set's result was cached")
        yield  # pragma: no cover - a generator, like check_set
    monkeypatch.setattr(drift, "check_set", boom)


def drift_repo(tmp_path, monkeypatch):
    """The bundled example: its rule-only run reports drift (VL501-VL503) and a notice."""
    example_repo(tmp_path, monkeypatch)
    return ["check", "examples/drafts", "--no-semantic", "--format", "json"]


def run_cli(args, code=1):
    res = invoke_assert_code(args, code=code)
    return res.stdout, res.stderr


def test_same_set_again_takes_the_set_rules_from_the_cache(tmp_path, monkeypatch):
    args = drift_repo(tmp_path, monkeypatch)
    cold, cold_err = run_cli(args)
    assert {"VL501", "VL502"} <= {f["code"] for f in json.loads(cold)}
    forbid_set_checks(monkeypatch)
    warm, warm_err = run_cli(args)
    assert warm == cold and warm_err == cold_err


def test_a_different_set_is_judged_again(tmp_path, monkeypatch):
    args = drift_repo(tmp_path, monkeypatch)
    run_cli(args)
    forbid_set_checks(monkeypatch)
    post = next((tmp_path / "examples/drafts").rglob("*.md"))
    with pytest.raises(AssertionError, match="set's result was cached"):   # one post edited
        post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        run_cli(args)
    with pytest.raises(AssertionError, match="set's result was cached"):   # one post renamed
        post.rename(post.with_name("renamed-" + post.name))
        run_cli(args)
    with pytest.raises(AssertionError, match="set's result was cached"):   # one set rule fewer
        run_cli(args + ["--ignore", "VL503"])
    with pytest.raises(AssertionError, match="set's result was cached"):   # a subset of the posts
        run_cli([*args[:1], "examples/drafts/twitter", *args[2:]])


def test_set_result_equals_a_fresh_run_after_edits(tmp_path, monkeypatch):
    args = drift_repo(tmp_path, monkeypatch)
    run_cli(args)
    post = next((tmp_path / "examples/drafts").rglob("*.md"))
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line!!! 🔥🔥\n", encoding="utf-8")
    again, _ = run_cli(args)
    fresh, _ = run_cli(args + ["--no-cache"])
    assert again == fresh


@pytest.mark.parametrize("damage", [
    "UPDATE results SET record = '{not json'",
    """UPDATE results SET record = '{"rules": {}, "set": [[999, 0, [0, 1, null, [], null, null, null, null, null]]]}'""",
    """UPDATE results SET record = '{"rules": {}, "set": [[0, 0, "not a hit"]]}'""",
    """UPDATE results SET record = '{"rules": {}, "set": 3}'""",
])
def test_damaged_set_record_is_a_miss(tmp_path, monkeypatch, damage):
    args = drift_repo(tmp_path, monkeypatch)
    cold, _ = run_cli(args)
    db = tmp_path / "cache" / resultcache.ResultStore.FILENAME
    with sqlite3.connect(db) as conn:
        conn.execute(damage + " WHERE record LIKE '%\"set\":%'")
    again, err = run_cli(args)
    assert again == cold and "Traceback" not in err


def test_set_notices_come_back_from_the_cache(tmp_path, monkeypatch):
    """A notice a set rule gives (here: drift without approved posts) is given on a warm run too."""
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    for i in range(8):
        for platform, text in (("twitter", "Nous réparons votre vélo numéro {} avec soin."),
                               ("linkedin", "TU VAS ADORER LA PROMO {} !!! 🔥🔥🔥")):
            p = tmp_path / "drafts" / platform / f"{i}.md"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text.format(i) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "cache"))
    args = ["check", "drafts", "--profile", "brand.yaml", "--no-semantic", "--format", "json"]
    cold, cold_err = run_cli(args)
    assert "compare groups with each other only" in cold_err
    forbid_set_checks(monkeypatch)
    warm, warm_err = run_cli(args)
    assert (warm, warm_err) == (cold, cold_err)


def test_semantic_flag_is_part_of_the_set_key():
    env = "e" * 64
    posts = [("k", "a.md", None)]
    assert resultcache.set_key(env, ["r"], posts, semantic=True) != resultcache.set_key(env, ["r"], posts, semantic=False)
    assert resultcache.set_key(env, ["r"], posts, True) != resultcache.set_key(env, ["r"], [("k", "b.md", None)], True)
    assert resultcache.set_key(env, ["r", "s"], posts, True) != resultcache.set_key(env, ["s", "r"], posts, True)


def test_learned_voice_model_file_is_part_of_the_profile_fingerprint(tmp_path):
    from voicelint.inputs import profile as profile_mod
    model = tmp_path / "brand.voice.json"
    model.write_text("{}", encoding="utf-8")
    (tmp_path / "brand.yaml").write_text("name: B\nlearned:\n  voice_model: brand.voice.json\n", encoding="utf-8")
    before = resultcache.profile_fingerprint(profile_mod.load(tmp_path / "brand.yaml"))
    model.write_text('{"relearned": true}', encoding="utf-8")
    after = resultcache.profile_fingerprint(profile_mod.load(tmp_path / "brand.yaml"))
    assert before != after
