"""Many linters at once, broken caches, and writes killed midway.

- 8 ``voicelint`` processes on one cache folder give identical results (rule-only always; with
  embeddings when the model is installed);
- a corrupt or unusable cache is survived with a warning and the same results;
- ``fsutil.atomic_write`` and ``check --fix`` killed with SIGKILL at random moments leave each
  file either as it was or as it should become, never partial.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SEMANTIC_PROFILE = """\
name: Maison Test
language: fr
proposition: Des bougies artisanales coulées à la main à Lyon, pour des soirées calmes.
pillars:
  - id: savoir-faire
    description: comment nous fabriquons nos bougies à la main
    examples: ["Chaque bougie est coulée à la main dans notre atelier lyonnais.",
               "La cire de soja est chauffée doucement avant le coulage."]
  - id: rituels
    description: les moments calmes du soir avec une bougie
    examples: ["Le soir, une bougie allumée et un livre : notre rituel préféré.",
               "Allumez une bougie pour ralentir après la journée."]
voice:
  examples: ["Nous coulons chaque bougie à la main.", "Un soir calme commence par une flamme douce."]
lexicon:
  preferred: {consommateur: client}
  claims: {forbidden: [garanti]}
"""


def make_corpus(root: Path, n: int = 6) -> Path:
    for platform in ("twitter", "linkedin"):
        (root / "drafts" / platform).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / "drafts" / "twitter" / f"p{i}.md").write_text(
            f"Nous coulons la bougie numéro {i} à la main, c'est garanti.\n", encoding="utf-8")
        (root / "drafts" / "linkedin" / f"q{i}.md").write_text(
            f"Offre spéciale sur les pneus d'hiver numéro {i}, achetez maintenant !\n", encoding="utf-8")
    (root / "brand.yaml").write_text(SEMANTIC_PROFILE, encoding="utf-8")
    return root


def start(args, cwd: Path, cache: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "VOICELINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "voicelint", *map(str, args)], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def lint_args(semantic: bool):
    return ["check", "drafts", "--profile", "brand.yaml", "--format", "json"] + ([] if semantic else ["--no-semantic"])


def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    assert "Traceback" not in err, err
    return proc.returncode, out, err


def eight_at_once(tmp_path: Path, semantic: bool):
    root = make_corpus(tmp_path)
    cache = tmp_path / "cache"
    procs = [start(lint_args(semantic), root, cache) for _ in range(8)]
    results = [finish(p) for p in procs]
    codes = {r[0] for r in results}
    outputs = {r[1] for r in results}
    assert codes == {1}, [r[2] for r in results]
    assert len(outputs) == 1, "8 concurrent runs disagree"
    found = json.loads(outputs.pop())
    # and a later run, reading what the 8 wrote, agrees with them
    code, again, _ = finish(start(lint_args(semantic), root, cache))
    assert code == 1 and json.loads(again) == found
    return found, cache


@pytest.mark.slow
def test_eight_processes_agree_rule_only(tmp_path):
    found, _ = eight_at_once(tmp_path, semantic=False)
    assert {"VL104", "VL206"} <= {f["code"] for f in found}


@pytest.mark.slow
@pytest.mark.semantic
def test_eight_processes_agree(tmp_path):
    found, cache = eight_at_once(tmp_path, semantic=True)
    codes = {f["code"] for f in found}
    assert codes & {"VL401", "VL404", "VL210"}, codes   # embeddings were used
    db = sqlite3.connect(cache / "embeddings.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM embeddings").fetchone()[0] > 0
    db.close()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """One semantic run with a fresh cache: (corpus folder, its cache, the JSON it printed)."""
    root = make_corpus(tmp_path_factory.mktemp("baseline"), n=3)
    code, out, _ = finish(start(lint_args(True), root, root / "cache"))
    assert code == 1
    return root, root / "cache", out


@pytest.mark.slow
@pytest.mark.semantic
def test_corrupt_cache_is_survived(baseline, tmp_path):
    root, clean_cache, clean = baseline
    cache = tmp_path / "cache"
    shutil.copytree(clean_cache, cache)
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.name == "embeddings.sqlite3" for p in files)
    for p in files:                                  # every cache file: junk
        p.write_bytes(b"junk\x00" * 100)
    code, out, err = finish(start(lint_args(True), root, cache))
    assert code == 1 and json.loads(out) == json.loads(clean)
    assert "embedding cache" in err and "corrupt" in err
    assert (cache / "embeddings.sqlite3.corrupt").exists()


@pytest.mark.slow
@pytest.mark.semantic
def test_unwritable_cache_is_survived(baseline, tmp_path):
    """Root ignores permission bits, so the cache folder is made unusable another way: its path
    runs through a regular file."""
    root, _, clean = baseline
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = finish(start(lint_args(True), root, blocker / "cache"))
    assert code == 1 and json.loads(out) == json.loads(clean)
    assert "embedding cache" in err and "unusable" in err and "continuing without it" in err


# ------------------------------------------------------------------------------------------
# writes killed midway
# ------------------------------------------------------------------------------------------
SLOW_WRITES = textwrap.dedent("""
    # Slow the writes of drafts (*.md) that go through fsutil.atomic_write (a slow disk), so a
    # SIGKILL lands in the middle of writing far more often than by chance; the file named by
    # $VL_TEST_WRITING appears when the first draft starts to be written.
    import os, sys, time
    from voicelint.shared import fsutil

    slow = [False]

    class Slow:
        def __init__(self, fh):
            self.fh = fh
        def write(self, text):
            if not slow[0]:
                return self.fh.write(text)
            for i in range(0, len(text), 64):
                self.fh.write(text[i:i + 64]); self.fh.flush(); time.sleep(0.002)
            return len(text)
        def __getattr__(self, name):
            return getattr(self.fh, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)

    real_fdopen, real_atomic_write = os.fdopen, fsutil.atomic_write
    fsutil.os.fdopen = lambda *a, **k: Slow(real_fdopen(*a, **k))

    def atomic_write(path, text, *args, **kwargs):
        marker = os.environ.get("VL_TEST_WRITING")
        slow[0] = str(path).endswith(".md")
        if slow[0] and marker and not os.path.exists(marker):
            open(marker, "w").close()
        try:
            return real_atomic_write(path, text, *args, **kwargs)
        finally:
            slow[0] = False

    fsutil.atomic_write = atomic_write
""")



def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def kill_at(proc: subprocess.Popen, delay: float, marker: Path | None = None) -> None:
    """SIGKILL ``delay`` seconds after start, or after ``marker`` appears (writing has begun)."""
    if marker is not None:
        deadline = time.monotonic() + 300
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)


@pytest.mark.slow
def test_atomic_write_survives_sigkill(tmp_path):
    """A process rewrites 20 files over and over with atomic_write; SIGKILL at random moments
    (15 times): every file is whole, one of the versions written, never a mix or a prefix."""
    files = [tmp_path / f"f{i}.md" for i in range(20)]
    versions = {}
    for v in range(3):
        body = f"version {v}\n" + (f"ligne {v} " * 40 + "\n") * 30
        versions[hashlib.sha256(body.encode()).hexdigest()] = v
    first = next(iter(versions))
    for f in files:
        f.write_text(f"version 0\n" + ("ligne 0 " * 40 + "\n") * 30, encoding="utf-8")
    assert digest(files[0]) == first
    script = SLOW_WRITES + textwrap.dedent(f"""
        from pathlib import Path
        files = [Path(p) for p in {[str(f) for f in files]!r}]
        v = 0
        while True:
            v = (v + 1) % 3
            body = f"version {{v}}\\n" + (f"ligne {{v}} " * 40 + "\\n") * 30
            for f in files:
                fsutil.atomic_write(f, body)
    """)
    rng = random.Random(7)
    torn_temp = 0
    for _ in range(15):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        kill_at(proc, rng.uniform(0.3, 1.5))
        for f in files:
            assert digest(f) in versions, f"{f.name} is partial after SIGKILL"
        torn_temp += len(list(tmp_path.glob(".*.tmp")))
    assert torn_temp > 0, "no kill landed mid-write: the test proves nothing"


@pytest.mark.slow
def test_fix_survives_sigkill(tmp_path):
    """`voicelint check --fix` over 30 drafts, killed with SIGKILL at random moments once it has
    begun to write (writes slowed down): each draft is exactly the original or the fixed text."""
    profile = "name: L\nlanguage: fr\nlexicon:\n  preferred: {consommateur: client}\n"
    (tmp_path / "brand.yaml").write_text(profile, encoding="utf-8")
    originals = {}
    for i in range(30):
        text = "Chaque consommateur compte.\n\n" + f"Le consommateur numéro {i} lit ceci. " * 12 + "\n"
        originals[f"p{i:02d}.md"] = text
    fixed = {k: v.replace("consommateur", "client") for k, v in originals.items()}
    runner = SLOW_WRITES + "\nfrom voicelint.cli import main\nsys.argv = ['voicelint'] + sys.argv[1:]\nmain()\n"
    args = ["check", "drafts", "--fix", "--no-semantic", "--profile", "brand.yaml", "--select", "VL102"]
    marker = tmp_path / "writing"

    def reset():
        d = tmp_path / "drafts"
        d.mkdir(exist_ok=True)
        for p in d.iterdir():
            p.unlink()
        for name, text in originals.items():
            (d / name).write_text(text, encoding="utf-8")
        marker.unlink(missing_ok=True)

    def popen():
        return subprocess.Popen([sys.executable, "-c", runner, *args], cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "NO_COLOR": "1", "VL_TEST_WRITING": str(marker)})

    reset()
    proc = popen()
    _, err = proc.communicate(timeout=600)
    assert "Traceback" not in err and proc.returncode == 0, err
    drafts = list((tmp_path / "drafts").glob("*.md"))
    states = {p.name: p.read_text(encoding="utf-8") for p in drafts}
    assert states == fixed, "the complete run did not fix every draft"
    # how long the complete run took to write every draft, from its first write on
    writing = max(p.stat().st_mtime for p in drafts) - marker.stat().st_mtime

    rng = random.Random(11)
    mixed_runs = 0
    for _ in range(4):
        reset()
        kill_at(popen(), rng.uniform(0.1, 0.9) * writing, marker)
        seen = set()
        for name in originals:
            text = (tmp_path / "drafts" / name).read_text(encoding="utf-8")
            assert text in (originals[name], fixed[name]), f"{name} is partial after SIGKILL"
            seen.add(text == fixed[name])
        mixed_runs += seen == {True, False}
    assert mixed_runs > 0, "no kill landed while files were being written: the test proves nothing"
