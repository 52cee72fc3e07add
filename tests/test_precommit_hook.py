"""The pre-commit hooks, with the real pre-commit, in a content repository.

pre-commit clones this repository at a commit and ``pip install``s it into its own virtualenv:
the test gives it a snapshot of the working tree (like ``pre-commit try-repo``, which however
leaves untracked files out), installs the hook in a content repository and commits to it.
The install takes about a minute (spaCy and its two models); the ``voicelint-semantic`` hook
(torch, the embedding model: ~5 minutes, 1.7 GB) runs only with VOICELINT_TEST_SEMANTIC_HOOK=1.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# pre-commit as this environment has it (the venv's python run directly has no bin/ on PATH);
# `install` records this python in the git hook, so commits run the same pre-commit
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason=f"pre-commit is not installed for {sys.executable}"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the voicelint git checkout"),
]

PROFILE = """\
name: Maison Test
language: fr
lexicon:
  claims:
    forbidden: ["garanti", "le meilleur"]
"""
GIT_ID = ["-c", "user.name=t", "-c", "user.email=t@example.org"]


def sh(*args, cwd, env=None, check=True):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> tuple[Path, str]:
    """This working tree as a commit pre-commit can clone (HEAD, tracked changes, new files)."""
    shadow = tmp_path_factory.mktemp("hookrepo") / "voicelint"
    sh("git", "clone", "-q", "--no-hardlinks", str(ROOT), str(shadow), cwd=ROOT)
    changed = sh("git", "diff", "--name-only", "-z", "HEAD", cwd=ROOT).stdout.split("\0")
    for rel in filter(None, changed):
        src, dst = ROOT / rel, shadow / rel
        if src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        elif dst.exists():
            dst.unlink()
    # files not committed yet (a new module the working tree imports), minus ignored ones
    untracked = sh("git", "ls-files", "-z", "--others", "--exclude-standard", cwd=ROOT).stdout.split("\0")
    for rel in filter(None, untracked):
        (shadow / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, shadow / rel)
    sh("git", "add", "-A", cwd=shadow)
    sh("git", *GIT_ID, "commit", "-q", "--allow-empty", "-m", "snapshot", cwd=shadow)
    return shadow, sh("git", "rev-parse", "HEAD", cwd=shadow).stdout.strip()


def content_repo(base: Path, snapshot, hook_id: str) -> tuple[Path, dict]:
    repo = base / "content"
    repo.mkdir()
    sh("git", "init", "-q", "-b", "main", cwd=repo)
    (repo / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    (repo / "voicelint.yaml").write_text("profile: brand.yaml\n", encoding="utf-8")
    shadow, sha = snapshot
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {shadow}\n    rev: {sha}\n    hooks:\n      - id: {hook_id}\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "pre-commit-home"),
           "VOICELINT_CACHE_DIR": str(base / "vl-cache")}
    env.pop("GITHUB_ACTIONS", None)  # text output, as on a laptop
    sh("git", "add", "-A", cwd=repo)
    sh("git", *GIT_ID, "commit", "-q", "--no-verify", "-m", "brand", cwd=repo)
    sh(*PRE_COMMIT, "install", cwd=repo, env=env)
    return repo, env


def commit(repo: Path, env: dict, files: dict[str, str]):
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    sh("git", "add", *files, cwd=repo)
    return sh("git", *GIT_ID, "commit", "-m", "draft", cwd=repo, env=env, check=False)


def test_hook_blocks_a_forbidden_claim_and_lets_a_clean_draft_through(snapshot, tmp_path):
    repo, env = content_repo(tmp_path, snapshot, "voicelint")
    # the first commit installs the hook's environment
    bad = commit(repo, env, {"drafts/linkedin/promo.md": "Notre savon est le meilleur du marché.\n"})
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out
    assert "voicelint (brand voice, rules)" in out and "Failed" in out
    assert "drafts/linkedin/promo.md" in out and "VL104" in out
    assert sh("git", "diff", "--cached", "--name-only", cwd=repo).stdout.split() == ["drafts/linkedin/promo.md"]

    sh("git", "rm", "-q", "--cached", "drafts/linkedin/promo.md", cwd=repo)
    (repo / "drafts" / "linkedin" / "promo.md").unlink()
    good = commit(repo, env, {"drafts/linkedin/atelier.md": "Nous fabriquons nos savons à Lyon, à la main.\n",
                              "drafts/calendar.jsonl": '{"platform": "twitter", "text": "Atelier ouvert samedi."}\n'})
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout + good.stderr

    # jsonl and csv calendars are hooked too (identify has no jsonl tag: `files` catches it)
    bad_row = commit(repo, env, {"drafts/calendar.jsonl":
                                 '{"platform": "twitter", "text": "Résultat garanti."}\n'})
    assert bad_row.returncode != 0 and "drafts/calendar.jsonl" in bad_row.stdout + bad_row.stderr
    sh("git", "reset", "-q", cwd=repo)
    sh("git", "checkout", "-q", "--", "drafts/calendar.jsonl", cwd=repo)

    # drafts with no text (a placeholder, front matter only, blank lines) are notices, never a
    # refusal: they pass beside a clean draft and leave a bad draft's findings to decide
    empties = {"drafts/todo.md": "", "drafts/linkedin/next.md": "---\nauthor: Ana\n---\n",
               "drafts/notes.txt": "\n\n  \n"}
    passed = commit(repo, env, {**empties, "drafts/linkedin/fil.md": "Nos savons sèchent six semaines.\n"})
    out = passed.stdout + passed.stderr
    assert passed.returncode == 0, out
    failed = commit(repo, env, {"drafts/todo.md": "\n", "drafts/linkedin/next.md": "---\nauthor: Bo\n---\n",
                                "drafts/notes.txt": "\n \n", "drafts/linkedin/promo.md": "Le meilleur savon.\n"})
    out = failed.stdout + failed.stderr
    assert failed.returncode != 0 and "VL104" in out, out
    assert "Traceback" not in out and "error:" not in out, out
    for rel in ("drafts/todo.md", "drafts/linkedin/next.md", "drafts/notes.txt"):  # one notice each
        assert out.count(f"{rel}:1: empty draft") == 1, (rel, out)

    sh("git", "reset", "-q", cwd=repo)
    sh("git", "checkout", "-q", "--", "drafts/calendar.jsonl", cwd=repo)
    other = commit(repo, env, {"notes.py": "print('le meilleur, garanti')\n"})
    assert other.returncode == 0, other.stdout + other.stderr
    assert "(no files to check)" in other.stdout + other.stderr

    # the hook installs the light core: no torch in its environment
    envs = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*"))
    assert len(envs) == 1
    assert not list(envs[0].glob("lib/python*/site-packages/torch"))
    assert list(envs[0].glob("lib/python*/site-packages/spacy"))


@pytest.mark.skipif(os.environ.get("VOICELINT_TEST_SEMANTIC_HOOK") != "1",
                    reason="installs torch and the embedding model (~5 min): set VOICELINT_TEST_SEMANTIC_HOOK=1")
def test_semantic_hook_installs_the_extra(snapshot, tmp_path):
    repo, env = content_repo(tmp_path, snapshot, "voicelint-semantic")
    bad = commit(repo, env, {"drafts/promo.md": "Résultat garanti.\n"})
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0 and "VL104" in out, out
    envs = list((tmp_path / "pre-commit-home").glob("repo*/py_env-*"))
    assert list(envs[0].glob("lib/python*/site-packages/torch"))
    assert list(envs[0].glob("lib/python*/site-packages/sentence_transformers"))
