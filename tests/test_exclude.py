"""Config ``exclude:`` globs leave drafts out of check, report and the API, for files found
in folders and files named on the command line (as a pre-commit hook passes them)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint import api
from voicelint.inputs import documents

BAD = "Une PROMO EXCEPTIONNELLE!!! Achetez maintenant!!!\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    for rel in ("drafts/twitter/a.md", "drafts/archive/old.md", "drafts/twitter/old-b.md", "README.md",
                "drafts/instagram/keep.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def paths(found):
    return sorted({f["path"] for f in found})


def test_globs_on_names_folders_and_paths(repo):
    (repo / "voicelint.yaml").write_text("exclude:\n  - README.md\n  - archive\n  - '**/old-*.md'\n",
                                         encoding="utf-8")
    found = json.loads(invoke_assert_code(["check", ".", "--no-semantic", "--format", "json", "--fail-on", "warning"], code=1).stdout)
    assert paths(found) == ["drafts/instagram/keep.md", "drafts/twitter/a.md"]


def test_files_named_on_the_command_line_are_excluded_too(repo):
    (repo / "voicelint.yaml").write_text("exclude: [README.md, drafts/archive/*]\n", encoding="utf-8")
    out = invoke_assert_code(["check", "README.md", "drafts/archive/old.md", "drafts/twitter/a.md",
                              "--no-semantic", "--format", "json", "--fail-on", "warning"], code=1).stdout
    assert paths(json.loads(out)) == ["drafts/twitter/a.md"]


def test_everything_excluded_is_not_an_error(repo):
    (repo / "voicelint.yaml").write_text("exclude: ['*.md']\n", encoding="utf-8")
    r = invoke_assert_code(["check", "README.md", "--no-semantic", "--format", "json", "--fail-on", "warning"], code=0)
    assert json.loads(r.stdout) == [] and "excluded by the configuration" in r.stderr


def test_patterns_are_relative_to_the_config_folder(repo, monkeypatch):
    (repo / "voicelint.yaml").write_text("exclude: [drafts/twitter]\n", encoding="utf-8")
    monkeypatch.chdir(repo / "drafts")
    found = json.loads(invoke_assert_code(["check", ".", "--no-semantic", "--format", "json", "--fail-on", "warning"], code=1).stdout)
    assert not [p for p in paths(found) if "twitter" in p] and paths(found)


def test_without_exclude_everything_is_linted(repo):
    found = json.loads(invoke_assert_code(["check", ".", "--no-semantic", "--format", "json", "--fail-on", "warning"], code=1).stdout)
    assert len(paths(found)) == 5


def test_bad_exclude_value_is_a_config_error(repo):
    (repo / "voicelint.yaml").write_text("exclude: {a: 1}\n", encoding="utf-8")
    r = invoke_assert_code(["check", ".", "--no-semantic"], code=2)
    assert "voicelint.yaml:1" in r.stderr and "exclude" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("path, pattern, hit", [
    ("drafts/a.md", "a.md", True), ("drafts/a.md", "drafts", True), ("drafts/a.md", "draft", False),
    ("drafts/x/a.md", "drafts/*/a.md", True), ("drafts/x/a.md", "**/a.md", True),
    ("drafts/x/a.md", "x/", True), ("drafts/x/ab.md", "a*.md", True), ("drafts/x/ba.md", "a*.md", False),
])
def test_excluded(tmp_path, path, pattern, hit):
    assert documents.excluded(tmp_path / path, [pattern], tmp_path) is hit


def test_api_options(repo):
    opts = api.Options(semantic=False, exclude=["archive"], exclude_root=str(repo))
    found = api.run([repo / "drafts"], opts).findings
    assert found and not [f for f in found if "archive" in f.path]
