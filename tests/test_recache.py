"""voicelint.nlp.recache: large regular expressions compiled once, then loaded from the cache."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from voicelint.nlp import recache

pytestmark = pytest.mark.skipif(not recache._SUPPORTED, reason="CPython only")


def _big_pattern() -> str:
    words = [f"mot{i:05d}(?:-[a-zé]+)?" for i in range(3000)]
    return "(?iu)(?P<lead>[àâäéèêëîïôöùûüç]+-)?(?:" + "|".join(words) + r")\b"


SAMPLES = ["mot00042", "MOT02999-été", "éé-mot00001", "mot3000", "xmot00001", "mot00010-", ""]


def _files(folder) -> list[str]:
    sub = os.path.join(folder, recache.SUBDIR)
    return sorted(os.listdir(sub)) if os.path.isdir(sub) else []


def test_cached_compile_matches_re_and_is_reused(tmp_path):
    pattern = _big_pattern()
    assert len(pattern) >= recache.MIN_LENGTH
    reference = re.compile(pattern)
    calls = []

    def original(p, flags=0):
        calls.append(p)
        return re._compiler.compile(p, flags)
    first = recache.cached_compile(pattern, 0, str(tmp_path), original)
    assert len(_files(tmp_path)) == 1 and calls == []  # built by recache itself, then stored
    second = recache.cached_compile(pattern, 0, str(tmp_path), original)
    assert calls == []
    for compiled in (first, second):
        assert compiled.pattern == pattern and compiled.flags == reference.flags
        assert compiled.groupindex == reference.groupindex
        for s in SAMPLES:
            a, b = compiled.match(s), reference.match(s)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), s


def test_small_patterns_and_bytes_go_to_re(tmp_path):
    calls = []

    def original(p, flags=0):
        calls.append(p)
        return re._compiler.compile(p, flags)
    recache.cached_compile("ab+c", 0, str(tmp_path), original)
    recache.cached_compile(b"x" * recache.MIN_LENGTH, 0, str(tmp_path), original)
    assert len(calls) == 2 and _files(tmp_path) == []


def test_damaged_cache_file_is_rebuilt(tmp_path):
    pattern = _big_pattern()
    recache.cached_compile(pattern, 0, str(tmp_path), re._compiler.compile)
    (name,) = _files(tmp_path)
    path = tmp_path / recache.SUBDIR / name
    path.write_bytes(b"not marshal data")
    again = recache.cached_compile(pattern, 0, str(tmp_path), re._compiler.compile)
    assert again.match("mot00042") and path.read_bytes() != b"not marshal data"


def test_unwritable_cache_still_compiles(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    compiled = recache.cached_compile(_big_pattern(), 0, str(blocker), re._compiler.compile)
    assert compiled.match("mot00007")


def test_context_manager_restores_re(tmp_path):
    before = re._compiler.compile
    with recache.large_patterns_cached(str(tmp_path)):
        assert re._compiler.compile is not before
        re.compile(_big_pattern() + "(?:z)?")
    assert re._compiler.compile is before
    assert len(_files(tmp_path)) == 1


def test_spacy_import_does_not_import_torch_and_torch_still_works():
    """Hiding torch from thinc while spaCy imports must not break a later `import torch`."""
    pytest.importorskip("spacy")
    code = ("import sys\n"
            "from voicelint.nlp.pipelines import import_spacy\n"
            "import_spacy()\n"
            "assert 'spacy' in sys.modules\n"
            "print('torch' in sys.modules)\n"
            "import importlib.util\n"
            "if importlib.util.find_spec('torch'):\n"
            "    import torch; torch.zeros(1)\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "ok"]
