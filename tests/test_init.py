"""``voicelint init``: a working set-up from a brand's name, language and published posts."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from clihelpers import invoke_assert_code

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "exports"


def _x_zip(tmp_path: Path) -> Path:
    archive = tmp_path / "twitter-archive.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIX / "x-archive" / "data" / "tweets.js", "data/tweets.js")
    return archive


def _run_hook(folder: Path, files: list[str]) -> subprocess.CompletedProcess:
    """Run the hook that .pre-commit-config.yaml declares, as pre-commit would: its entry, on the
    staged files its ``files`` pattern selects (the voicelint of this checkout)."""
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repo = config["repos"][0]
    assert repo["repo"] == "local"           # runs the installed voicelint: no URL to replace first
    hook = repo["hooks"][0]
    assert hook["language"] == "system" and hook["verbose"] is True
    selected = [f for f in files if re.search(hook["files"], f)]
    assert selected == files
    entry = hook["entry"].split()
    assert entry[:3] == ["voicelint", "check", "--no-semantic"]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
           "HOME": str(folder), "VOICELINT_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "voicelint", *entry[1:], *selected], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)


def _pre_commit_run(folder: Path, files: list[str]) -> subprocess.CompletedProcess | None:
    """pre-commit itself (installed with the test extra) on a Git repository of ``folder``, with
    the voicelint console script of this environment on PATH; None when either is missing."""
    import shutil
    script = Path(sys.executable).parent / "voicelint"
    if importlib.util.find_spec("pre_commit") is None or not script.exists() or shutil.which("git") is None:
        return None
    env = {"PATH": f"{script.parent}:/usr/bin:/bin", "HOME": str(folder / ".home"), "NO_COLOR": "1",
           "PYTHONPATH": str(ROOT / "src"), "VOICELINT_NO_CACHE": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=folder, env=env, check=True)
    subprocess.run(["git", "add", "-A"], cwd=folder, env=env, check=True)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files], cwd=folder,
                          env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.semantic
def test_init_from_an_x_archive_gives_a_working_setup(tmp_path, monkeypatch):
    site = tmp_path / "content"
    site.mkdir()
    archive = _x_zip(tmp_path)
    monkeypatch.chdir(site)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume Cycles", "--from", archive])
    for rel in ("voicelint.yaml", "brand_profiles/brume-cycles.yaml", "brand_profiles/brume-cycles.voice.json",
                ".pre-commit-config.yaml", ".github/workflows/voicelint.yml", "drafts/first-post.md"):
        assert (site / rel).is_file(), rel
        assert f"wrote    {rel}" in r.stdout or rel.endswith(".voice.json")
    prof = yaml.safe_load((site / "brand_profiles/brume-cycles.yaml").read_text(encoding="utf-8"))
    assert prof["name"] == "Brume Cycles" and prof["language"] == "en"
    assert prof["learned"]["posts"]["approved"] == 7                  # the retweet left out
    first = (site / "drafts/first-post.md").read_text(encoding="utf-8")
    assert "platform: twitter" in first and "# An example: one of your published posts" in first
    body = first.split("---\n")[-1].strip()          # one of the archive's own tweets, as written
    assert body and body in (FIX / "x-archive" / "data" / "tweets.js").read_text(encoding="utf-8")
    workflow = yaml.safe_load((site / ".github/workflows/voicelint.yml").read_text(encoding="utf-8"))
    step = workflow["jobs"]["voicelint"]["steps"][1]
    assert step["uses"].startswith("your-org/voicelint@v") and step["with"]["paths"] == "drafts"
    # `check` works at once, with the learned voice
    r = invoke_assert_code(["check", "drafts"])
    assert "1 post checked" in r.stdout and " 0 warnings" in r.stdout
    # pre-commit accepts the config, and the hook passes a clean draft
    if importlib.util.find_spec("pre_commit") is not None:   # installed with the test extra
        v = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], cwd=site,
                           capture_output=True, text=True, timeout=120)
        assert v.returncode == 0, v.stdout + v.stderr
    (site / "drafts" / "twitter").mkdir()
    (site / "drafts" / "twitter" / "repair-night.md").write_text(
        "Our repair evening is on again next Thursday: bring your bike, we bring the tools.\n", encoding="utf-8")
    hook = _run_hook(site, ["drafts/first-post.md", "drafts/twitter/repair-night.md"])
    assert hook.returncode == 0, hook.stdout + hook.stderr
    # and pre-commit runs it as written, with the warnings shown although the commit may go on
    (site / "drafts" / "twitter" / "promise.md").write_text(
        "The best bikes in the world, guaranteed results.\n", encoding="utf-8")
    real = _pre_commit_run(site, ["drafts/first-post.md", "drafts/twitter/promise.md"])
    if real is not None:
        assert real.returncode == 0, real.stdout + real.stderr
        assert "Passed" in real.stdout and "VL105" in real.stdout, real.stdout


@pytest.mark.semantic
def test_init_twice_keeps_files_and_force_says_it_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke_assert_code(["init", "--no-input", "--name", "Lumen", "--lang", "fr"])
    (tmp_path / "voicelint.yaml").write_text("profile: mine.yaml\n", encoding="utf-8")
    r = invoke_assert_code(["init", "--no-input", "--name", "Lumen", "--lang", "fr"])
    assert "kept     voicelint.yaml (it exists; --force overwrites it)" in r.stdout
    assert (tmp_path / "voicelint.yaml").read_text(encoding="utf-8") == "profile: mine.yaml\n"
    r = invoke_assert_code(["init", "--no-input", "--name", "Lumen", "--lang", "fr", "--force"])
    assert "overwrote voicelint.yaml" in r.stdout
    r = invoke_assert_code(["check", "drafts", "--no-semantic"])


def test_init_without_exports_writes_a_plain_profile_that_check_accepts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke_assert_code(["init", "--no-input", "--name", "Maison Lumen", "--lang", "fr",
                        "--platform", "linkedin,instagram"])
    prof = yaml.safe_load((tmp_path / "brand_profiles/maison-lumen.yaml").read_text(encoding="utf-8"))
    assert prof == {"name": "Maison Lumen", "language": "fr", "platforms": {"linkedin": {}, "instagram": {}}}
    invoke_assert_code(["check", "drafts", "--no-semantic"])
    invoke_assert_code(["profile", "check", "brand_profiles/maison-lumen.yaml"])


@pytest.mark.parametrize("args, words", [
    (["--no-input", "--lang", "fr"], "give --name"),
    (["--no-input", "--name", "A"], "give --lang"),
    (["--no-input", "--name", "A", "--from", "missing.zip"], "missing.zip"),
    (["--no-input", "--name", "A", "--lang", "fr", "--platform", "myspace"], "unknown platform"),
])
def test_init_user_mistakes_exit_2_and_write_nothing(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["init", *args], code=2)
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_init_from_an_unreadable_export_writes_nothing(tmp_path, monkeypatch):
    bad = tmp_path / "export" / "outbox.json"
    bad.parent.mkdir()
    bad.write_text('{"type": "OrderedCollection", "orderedItems": [', encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    r = invoke_assert_code(["init", "--no-input", "--name", "A", "--from", bad], code=2)
    assert "outbox.json" in r.stderr and "expected a Mastodon outbox.json" in r.stderr
    assert list(site.iterdir()) == []


@pytest.mark.semantic
def test_init_from_several_exports_learns_from_all(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr",
                            "--from", FIX / "instagram", "--from", FIX / "facebook", "--from", FIX / "linkedin",
                            "--from", FIX / "mastodon"])
    rows = (tmp_path / "brand_profiles/brume.approved.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 8 and any('"platform": "mastodon"' in r for r in rows)   # in date order
    assert "posts: approved 8" in r.stdout
    assert f"{FIX / 'linkedin'} (2 posts), {FIX / 'mastodon'} (2 posts)" in r.stdout   # what each gave
    # too few posts to propose a strategy: init says so, and that VL4xx stay off
    assert "no strategy proposed (too few approved posts" in r.stdout
    assert "strategy checks (VL4xx) stay off" in r.stdout


def test_init_asks_its_questions_on_a_terminal(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from voicelint import cli as cli_mod
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_mod, "_stdin_is_tty", lambda: True)
    r = CliRunner().invoke(cli_mod.cli, ["init"], input="Tandem Cycles\n\nen\nx,linkedin\n")
    assert r.exit_code == 0, r.output
    assert "Brand name" in r.output and "Language of the posts" in r.output
    prof = yaml.safe_load((tmp_path / "brand_profiles/tandem-cycles.yaml").read_text(encoding="utf-8"))
    assert prof == {"name": "Tandem Cycles", "language": "en", "platforms": {"twitter": {}, "linkedin": {}}}


def test_init_asks_again_for_a_path_or_platform_it_cannot_use(tmp_path, monkeypatch):
    """A mistyped export or platform is asked again, as cookiecutter does, not an exit."""
    from click.testing import CliRunner

    from voicelint import cli as cli_mod
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli_mod, "_stdin_is_tty", lambda: True)
    r = CliRunner().invoke(cli_mod.cli, ["init"],
                           input='Tandem Cycles\nnope.zip\n"unclosed\n\nen\nfacebok,linkedin\nfacebook,linkedin\n')
    assert r.exit_code == 0, r.output
    assert "not found: nope.zip" in r.output and "No closing quotation" in r.output
    assert "unknown platform 'facebok'" in r.output
    prof = yaml.safe_load((tmp_path / "brand_profiles/tandem-cycles.yaml").read_text(encoding="utf-8"))
    assert prof["platforms"] == {"facebook": {}, "linkedin": {}}


@pytest.mark.parametrize("name, stem", [("Fournil Lumière", "fournil-lumiere"), ("Cœur d'Été", "coeur-d-ete"),
                                        ("Tandem Cycles", "tandem-cycles"), ("!!!", "brand")])
def test_the_profile_is_named_after_the_brand_with_its_accents_folded(name, stem):
    from voicelint.integrations.scaffold import Plan
    assert Plan(Path("."), name, "fr").brand_id == stem


@pytest.mark.semantic
def test_init_from_exports_in_two_languages_sets_the_other_language_aside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--from", FIX / "x-archive",
                            "--from", FIX / "instagram"])
    assert "; en; posts: approved 7" in r.stdout
    assert "set aside 2 in French (instagram 2); learn them into a second profile with --lang fr" in r.stdout


def _dm_outbox(tmp_path: Path) -> Path:
    """An outbox of direct messages only: a valid export with nothing to learn from."""
    import json
    data = json.loads((FIX / "mastodon" / "outbox.json").read_text(encoding="utf-8"))
    for act in data["orderedItems"]:
        for holder in (act, act["object"] if isinstance(act.get("object"), dict) else {}):
            holder["to"], holder["cc"] = ["https://other.example/users/someone"], []
    out = tmp_path / "dms" / "outbox.json"
    out.parent.mkdir()
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


@pytest.mark.semantic
def test_init_names_an_export_that_gave_no_post(tmp_path, monkeypatch):
    dms = _dm_outbox(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "en",
                            "--from", _x_zip(tmp_path), "--from", dms])
    assert f"{dms} (0 posts)" in r.stdout
    assert f"{dms}: no post to learn from in it (an export's retweets, boosts, direct messages" in r.stdout


def test_init_from_exports_with_too_few_posts_leaves_nothing_behind(tmp_path, monkeypatch):
    dms = _dm_outbox(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.chdir(site)
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr", "--from", dms,
                            "--from", FIX / "linkedin"], code=2)
    assert len(r.stderr.strip().splitlines()) == 1
    assert f"{dms} 0, {FIX / 'linkedin'} 2; at least 5 approved posts are needed" in r.stderr
    assert list(site.iterdir()) == []
    r = invoke_assert_code(["init", "--no-input", "--name", "Brume", "--lang", "fr", "--from", dms], code=2)
    assert "--from: 0 posts with text in it, at least 5 approved posts are needed" in r.stderr
    assert list(site.iterdir()) == []
