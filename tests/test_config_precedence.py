"""Configuration against the command line, and which configuration file is found.

README: "`--config FILE`, else `voicelint.yaml` (or `[tool.voicelint]` in `pyproject.toml`) found
by walking up from the current directory ... Command-line options win." Each test builds its own
folder with two small brands and one draft, and runs the CLI from there.
"""
from __future__ import annotations

import json

import pytest

from clihelpers import invoke_assert_code

# Brand A bans "boisson" (VL101, error) and names a competitor (VL103, warning); brand B bans
# "sirop". The draft trips all three, so what is reported shows which settings applied.
BRAND_A = "name: Brand A\nlanguage: fr\nlexicon:\n  banned: [boisson]\ncompetitors:\n  - name: Brightside\n"
BRAND_B = "name: Brand B\nlanguage: fr\nlexicon:\n  banned: [sirop]\n"
DRAFT = "Une boisson au sirop, comme chez Brightside.\n"


@pytest.fixture
def site(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text(BRAND_A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(BRAND_B, encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "post.md").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def found(args, code=None):
    """(code, flagged word) pairs reported on the draft by ``check drafts`` with ``args``."""
    full = ["check", "drafts", "--no-semantic", "--format", "json", *args]
    r = invoke_assert_code(full, code=code) if code is not None else _any_exit(full)
    return sorted((f["code"], DRAFT[f["column"] - 1:f["end_column"] - 1]) for f in json.loads(r.stdout)
                  if f["path"].endswith("post.md"))  # not the profile's own VL9xx


def _any_exit(args):
    from click.testing import CliRunner

    from voicelint.cli import cli
    r = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert r.exit_code in (0, 1), r.stderr
    return r


def write(path, text):
    path.write_text(text, encoding="utf-8")


ALL_A = [("VL101", "boisson"), ("VL103", "Brightside")]


def test_the_config_profile_applies_without_options(site):
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    assert found([], code=1) == ALL_A


# ----------------------------------------------------------------------------- select

def test_command_line_select_replaces_the_configs(site):
    write(site / "voicelint.yaml", "profile: a.yaml\nselect: [VL103]\n")
    assert found([]) == [("VL103", "Brightside")]
    assert found(["--select", "VL101"]) == [("VL101", "boisson")]


def test_command_line_select_wins_over_the_configs_ignore_of_the_same_code(site):
    write(site / "voicelint.yaml", "profile: a.yaml\nignore: [VL101]\n")
    assert found([]) == [("VL103", "Brightside")]
    assert found(["--select", "VL101"]) == [("VL101", "boisson")]


# ----------------------------------------------------------------------------- ignore

def test_command_line_ignore_adds_to_the_configs(site):
    write(site / "voicelint.yaml", "profile: a.yaml\nignore: [VL103]\n")
    assert found([]) == [("VL101", "boisson")]
    assert found(["--ignore", "VL101"], code=0) == []


def test_command_line_ignore_wins_over_the_configs_select_of_the_same_code(site):
    write(site / "voicelint.yaml", "profile: a.yaml\nselect: [VL101, VL103]\n")
    assert found([]) == ALL_A
    assert found(["--ignore", "VL101"]) == [("VL103", "Brightside")]
    write(site / "voicelint.yaml", "profile: a.yaml\nselect: [VL1]\n")
    assert found(["--ignore", "VL1"], code=0) == []


def test_command_line_ignore_wins_over_the_profiles_select(site):
    write(site / "a.yaml", BRAND_A + "rules:\n  select: [VL101]\n")
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    assert found([]) == [("VL101", "boisson")]
    assert found(["--ignore", "VL101"], code=0) == []


# ----------------------------------------------------------------------------- fail_on

def test_command_line_fail_on_wins_over_the_configs(site):
    # only the warning (VL103) is left: the exit code says which fail_on applied
    write(site / "voicelint.yaml", "profile: a.yaml\nignore: [VL101]\nfail_on: warning\n")
    assert found([], code=1) == [("VL103", "Brightside")]
    assert found(["--fail-on", "error"], code=0) == [("VL103", "Brightside")]
    write(site / "voicelint.yaml", "profile: a.yaml\nignore: [VL101]\nfail_on: error\n")
    found([], code=0)
    found(["--fail-on", "warning"], code=1)


# ----------------------------------------------------------------------------- profile

def test_command_line_profile_wins_over_the_configs(site):
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    assert found(["--profile", "b.yaml"]) == [("VL101", "sirop")]


def test_command_line_profile_wins_over_the_configs_profiles(site):
    write(site / "voicelint.yaml", "profiles: [a.yaml]\n")
    assert found([]) == ALL_A   # the only brand, so the draft (no brand field) is its
    assert found(["--profile", "b.yaml"]) == [("VL101", "sirop")]


# ------------------------------------------------------- voicelint.yaml against pyproject.toml

PYPROJECT_B = '[project]\nname = "site"\n\n[tool.voicelint]\nprofile = "b.yaml"\n'


def test_voicelint_yaml_wins_over_pyproject_in_the_same_folder(site):
    write(site / "pyproject.toml", PYPROJECT_B)
    assert found([]) == [("VL101", "sirop")]          # the pyproject section alone applies
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    assert found([]) == ALL_A


def test_the_nearest_configuration_wins_whatever_its_kind(site, monkeypatch):
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    sub = site / "team"
    sub.mkdir()
    (sub / "drafts").mkdir()
    write(sub / "drafts" / "post.md", DRAFT)
    write(sub / "b.yaml", BRAND_B)
    write(sub / "pyproject.toml", PYPROJECT_B)
    monkeypatch.chdir(sub)
    assert found([]) == [("VL101", "sirop")]
    # a pyproject.toml without [tool.voicelint] is passed over: the parent's voicelint.yaml applies
    write(sub / "pyproject.toml", '[project]\nname = "team"\n')
    assert found([]) == ALL_A


def test_config_option_wins_over_discovery(site):
    write(site / "voicelint.yaml", "profile: a.yaml\n")
    write(site / "other.yaml", "profile: b.yaml\n")
    assert found(["--config", "other.yaml"]) == [("VL101", "sirop")]
    assert found([]) == ALL_A


# ------------------------------------------------------------- the tests' own folder (conftest)

def test_tests_run_in_an_empty_folder_outside_the_repository():
    from pathlib import Path

    from voicelint.inputs import config
    root = Path(__file__).resolve().parents[1]
    assert root not in [Path.cwd(), *Path.cwd().parents] and not list(Path.cwd().iterdir())
    assert config.find_config() is None


@pytest.mark.repo_cwd
def test_a_repo_cwd_test_discovers_the_repositorys_configuration():
    from pathlib import Path

    from voicelint.inputs import config
    root = Path(__file__).resolve().parents[1]
    assert config.find_config() == root / "voicelint.yaml"
