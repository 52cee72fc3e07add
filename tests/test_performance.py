"""What makes voicelint fast enough for a pre-commit hook, as behaviour (never timings):
lazy heavy imports, cached lexicon analyses, batched spaCy docs, --jobs, the progress bar."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint.engine import parallel
from voicelint.outputs import progress
from voicelint.nlp import artifacts, pipelines

PROFILE = textwrap.dedent("""\
    name: Tandem Test
    id: tandem-test
    language: en
    voice:
      person: we
      emoji: {max: 1}
      exclamation: {max: 1}
      examples:
        - "A squeaky chain usually just needs cleaning and a drop of oil on each link."
        - "Our mechanics can true a buckled wheel while you wait."
        - "Saturday social ride leaves the shop at 9am: 30 km, no-drop pace, coffee at the end."
        - "Lights on: from this week it's dark before 5pm, so check your batteries."
        - "Puncture on the way in? Wheel it over, we'll get you rolling again before lunch."
        - "Quick tip: check your tyre pressure every week. Soft tyres are slow tyres."
    lexicon:
      banned: [bargain]
      preferred: {consumer: customer}
      claims:
        forbidden: ["the best"]
    platforms:
      twitter: {max_chars: 280, hashtags: {max: 2}}
    """)
CLEAN = "Our mechanics are in on Saturday morning for quick repairs.\n"
HEAVY = ("torch", "sentence_transformers", "spacy", "sklearn", "transformers")


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    d = tmp_path / "drafts" / "twitter"
    d.mkdir(parents=True)
    (d / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def _run_cli_and_list_heavy(args: list[str], cwd: Path, env: dict) -> tuple[int, list[str], str]:
    """Run the CLI in a fresh interpreter; exit code and which heavy modules it imported."""
    code = textwrap.dedent(f"""\
        import sys
        from voicelint.cli import cli
        try:
            cli.main(args={args!r}, prog_name="voicelint")
        except SystemExit as exc:
            code = exc.code
        heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)
        print("HEAVY=" + ",".join(heavy))
        sys.exit(code)
        """)
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=900)
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY=")]
    assert line, out.stdout + out.stderr
    return out.returncode, [m for m in line[-1][6:].split(",") if m], out.stderr


def _env(cache: Path) -> dict:
    env = dict(os.environ, VOICELINT_CACHE_DIR=str(cache))
    env.pop("GITHUB_ACTIONS", None)
    return env


# ------------------------------------------------------------------------ lazy imports

def test_importing_voicelint_imports_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", "import sys, voicelint, voicelint.api, voicelint.cli, "
                          "voicelint.engine.engine\nprint(sorted(m for m in %r if m in sys.modules))" % (HEAVY,)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_no_semantic_never_imports_torch_and_a_clean_run_needs_no_spacy(repo, tmp_path):
    env = _env(tmp_path / "cache")
    args = ["check", "drafts", "--profile", "brand.yaml", "--no-semantic"]
    rc, heavy, err = _run_cli_and_list_heavy(args, repo, env)
    assert rc == 0, err
    # even the first run: the lexicon prefilter comes from the pipeline's lemma tables (read
    # without spaCy, then kept in the cache), and no term can match the clean post
    assert heavy == [], heavy
    assert list((tmp_path / "cache" / artifacts.SUBDIR / "lexicon").glob("*.json"))
    rc, heavy, err = _run_cli_and_list_heavy(args, repo, env)
    assert rc == 0, err
    assert heavy == [], heavy


def test_a_post_that_may_match_still_gets_spacy_and_its_finding(repo, tmp_path):
    env = _env(tmp_path / "cache")
    (repo / "drafts" / "twitter" / "claim.md").write_text("We think these are the best brakes in town.\n",
                                                          encoding="utf-8")
    args = ["check", "drafts", "--profile", "brand.yaml", "--no-semantic", "--format", "json"]
    for _ in range(2):  # cold, then with the lexicon analyses cached
        rc, heavy, err = _run_cli_and_list_heavy(args, repo, env)
        assert rc == 1, err
        assert "spacy" in heavy and "torch" not in heavy


def test_python_api_without_semantic_imports_no_torch(tmp_path):
    code = ("import sys, voicelint\n"
            "found = voicelint.lint('Our bikes are the best in Bristol.', profile={'name': 'X', "
            "'language': 'en', 'lexicon': {'claims': {'forbidden': ['the best']}}}, semantic=False)\n"
            "assert 'VL104' in [f.code for f in found], found\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         env=_env(tmp_path / "cache"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.semantic
def test_a_warm_semantic_run_does_not_import_torch(repo, tmp_path):
    env = _env(tmp_path / "cache")
    args = ["check", "drafts", "--profile", "brand.yaml"]
    rc, heavy, err = _run_cli_and_list_heavy(args, repo, env)  # cold: fills the embedding cache
    assert rc in (0, 1), err
    rc, heavy, err = _run_cli_and_list_heavy(args, repo, env)
    assert rc in (0, 1), err
    assert "torch" not in heavy and "sentence_transformers" not in heavy, heavy


# ---------------------------------------------------------------- cached lexicon analyses

def test_prefilter_lets_through_only_posts_with_a_possible_token(tmp_path):
    from voicelint.checks import lexicon
    from voicelint.inputs.documents import parse_string
    from voicelint.engine.engine import Context
    from voicelint.inputs.profile import from_dict
    from voicelint.engine.rules import builtin_rules

    vl104 = next(r for r in builtin_rules() if r.code == "VL104")
    vl101 = next(r for r in builtin_rules() if r.code == "VL101")

    def wants(rule, lang, terms, text):
        key = "claims" if rule is vl104 else "banned"
        lex = {"claims": {"forbidden": terms}} if key == "claims" else {"banned": terms}
        ctx = Context(from_dict({"name": "X", "language": lang, "lexicon": lex}), {"cache_dir": str(tmp_path)})
        return lexicon.wants_doc(rule, parse_string(text, meta={"lang": lang}), ctx)
    assert wants(vl104, "en", ["the best"], "Simply the BEST.")
    assert not wants(vl104, "en", ["the best"], "our bestsellers")  # no token can be "best"
    assert not wants(vl104, "en", ["the best"], "the cat sat on the mat")
    # inflection may change the fourth letter: "cher" must let "chères" through
    assert wants(vl101, "fr", ["pas cher"], "Des bougies pas chères")
    assert not wants(vl101, "fr", ["pas cher"], "pas du tout")


def test_pipeline_identity_follows_the_configuration(tmp_path):
    a = pipelines.identity("en")
    assert a == pipelines.identity("en")
    model = tmp_path / "my_model"
    model.mkdir()
    (model / "meta.json").write_text("{}", encoding="utf-8")
    b = pipelines.identity("en", {"en": str(model)})
    assert b != a and str(model) in json.dumps(b)
    (model / "meta.json").write_text('{"version": "2"}', encoding="utf-8")
    assert pipelines.identity("en", {"en": str(model)}) != b


def test_artifacts_memo_builds_once_and_survives_damage(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"x": [1, 2]}
    key = artifacts.digest("k", {"b": 1, "a": 2})
    assert key == artifacts.digest("k", {"a": 2, "b": 1})
    assert artifacts.memo(str(tmp_path), "t", key, build) == {"x": [1, 2]}
    assert artifacts.memo(str(tmp_path), "t", key, build) == {"x": [1, 2]}
    assert len(calls) == 1
    (f,) = (tmp_path / artifacts.SUBDIR / "t").glob("*.json")
    f.write_text("{not json", encoding="utf-8")
    assert artifacts.memo(str(tmp_path), "t", key, build) == {"x": [1, 2]} and len(calls) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert artifacts.save(str(blocker), "t", key, {"y": 1}) is False
    assert artifacts.memo(str(blocker), "t", key, build) == {"x": [1, 2]}


# ------------------------------------------------------------------------------- --jobs

def _many_drafts(folder: Path, n: int) -> None:
    lines = [
        "Our workshop is open on Saturday for quick repairs, no booking needed.",
        "UNBELIEVABLE bargain!!! Buy now, the best bikes in town!!! 🎉🎉🎉",
        "Every consumer deserves brakes that work. #bikes #repair #bristol #cycling",
        "Lights on: it's dark before 5pm now, check your batteries. https://example.com/lights",
        "Riding to work in the rain? Mudguards and overshoes make all the difference.",
    ]
    for sub in ("twitter", "blog"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = "twitter" if i % 3 else "blog"
        (folder / sub / f"{i:04d}.md").write_text(
            f"---\nauthor: a{i % 4}\n---\n{lines[i % len(lines)]} ({i})\n", encoding="utf-8")


@pytest.mark.skipif(not parallel.available(), reason="--jobs uses fork (Linux)")
def test_jobs_gives_the_same_findings_as_one_process(repo, tmp_path, monkeypatch):
    _many_drafts(repo / "many", 60)
    used = []
    real = parallel.post_findings

    def spy(*a, **kw):
        out = real(*a, **kw)
        used.append(out is not None)
        return out
    monkeypatch.setattr(parallel, "post_findings", spy)
    monkeypatch.setattr(parallel, "MIN_POSTS_PER_JOB", 10)
    monkeypatch.chdir(repo)
    args = ["check", "many", "--profile", "brand.yaml", "--no-semantic", "--format", "json"]
    one = invoke_assert_code(args + ["--jobs", "1"], code=1).stdout
    assert used == []
    two = invoke_assert_code(args + ["--jobs", "2"], code=1).stdout
    assert used == [True]
    three = invoke_assert_code(args + ["--jobs", "3"], code=1).stdout
    assert json.loads(one) and one == two == three
    codes = {f["code"] for f in json.loads(one)}
    assert {"VL101", "VL104", "VL102"} <= codes  # the spaCy rules ran in the workers too


def test_jobs_falls_back_to_one_process_for_small_runs(repo, monkeypatch):
    monkeypatch.chdir(repo)
    r = invoke_assert_code(["check", "drafts", "--profile", "brand.yaml", "--no-semantic", "--jobs", "4"], code=0)
    assert "Traceback" not in r.stderr


def test_jobs_must_not_be_negative(repo, monkeypatch):
    monkeypatch.chdir(repo)
    invoke_assert_code(["check", "drafts", "--profile", "brand.yaml", "--jobs", "-1"], code=2)


# ------------------------------------------------------------------------- progress bar

class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    piped = io.StringIO()
    bar = progress.Bar(piped)
    bar.start(1000)
    bar.update(500)
    bar.close()
    assert piped.getvalue() == ""

    tty = FakeTTY()
    bar = progress.Bar(tty)
    bar.start(1000)
    bar.update(1000)
    bar.close()
    assert "1000/1000 posts" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[K")

    small = FakeTTY()
    bar = progress.Bar(small)
    bar.start(10)
    bar.update(10)
    bar.close()
    assert small.getvalue() == ""

    monkeypatch.setenv("CI", "true")
    ci = FakeTTY()
    bar = progress.Bar(ci)
    bar.start(1000)
    bar.update(1000)
    bar.close()
    assert ci.getvalue() == ""


def test_cli_prints_no_progress_when_not_a_tty(repo, monkeypatch):
    _many_drafts(repo / "many", progress.MIN_POSTS + 10)
    monkeypatch.chdir(repo)
    monkeypatch.delenv("CI", raising=False)
    r = invoke_assert_code(["check", "many", "--profile", "brand.yaml", "--no-semantic", "--select", "VL3"],
                           code=0)
    assert "posts" not in r.stderr and "\r" not in r.stderr


# ------------------------------------------------------- semantic checks in batches

@pytest.mark.semantic
def test_semantic_checks_give_the_same_findings_in_batches_as_post_by_post(monkeypatch, tmp_path):
    """``prepare`` (one embedding batch per chunk) must not change any VL4xx/VL210 finding."""
    import semantic_fixtures as fx

    from voicelint import api
    from voicelint.engine import engine
    from voicelint.checks import semantic, voice_match

    posts = [t for v in fx.POSTS["en"].values() for t in ([v] if isinstance(v, str) else v)]
    posts += fx.ONE_PILLAR["en"] + fx.MIXED["en"]
    drafts = tmp_path / "drafts" / "linkedin"
    drafts.mkdir(parents=True)
    for i, text in enumerate(posts):
        (drafts / f"{i:03d}.md").write_text(text + "\n", encoding="utf-8")
    opts = api.Options(profile={"name": "Bakery", **fx.EN_PROFILE}, cache_dir=str(tmp_path / "cache"),
                       select=["VL4", "VL210"])

    def lint():
        return [f.to_dict() for f in api.run([drafts], opts).findings]
    monkeypatch.setattr(engine, "CHUNK", 7)   # several chunks, one of them short
    batched = lint()
    monkeypatch.delattr(semantic, "prepare")
    monkeypatch.delattr(voice_match, "prepare")
    one_by_one = lint()
    assert batched == one_by_one
    assert {f["code"] for f in batched} & {"VL401", "VL402", "VL403", "VL404", "VL210"}


# ------------------------------------------------------------------------------- scale

def test_pillar_balance_p_value_at_ten_thousand_posts():
    """VL405's binomial tail crashed (OverflowError) on a set of 10,000 posts."""
    import math

    from voicelint.checks.pillar_balance import binom_sf

    def exact(c, n, p):
        return float(min(1.0, sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(c, n + 1))))
    for c, n, p in [(0, 5, .3), (3, 10, .25), (10, 10, .5), (7, 40, 1 / 3), (200, 400, .5)]:
        assert math.isclose(binom_sf(c, n, p), exact(c, n, p), rel_tol=1e-9, abs_tol=1e-12)
    assert binom_sf(6000, 10_000, 1 / 3) < 1e-100
    assert 0.999 < binom_sf(3000, 10_000, 1 / 3) <= 1.0
