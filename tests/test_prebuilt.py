"""The background posts' embeddings voicelint ships (voicelint.nlp.prebuilt): up to date, equal
to what the model computes, used as if cached, and ignored for any other model or a damaged file."""
from __future__ import annotations

import json

import numpy as np
import pytest

from voicelint.nlp import prebuilt
from voicelint.nlp.cache import EmbeddingCache
from voicelint.nlp.embeddings import DEFAULT_MODEL_ID, Embedder, text_key


@pytest.fixture(autouse=True)
def _fresh():
    prebuilt.clear()
    yield
    prebuilt.clear()


def _shipped():
    path = prebuilt.file_for(f"{DEFAULT_MODEL_ID}#numpy")
    assert path.is_file(), "run: python -m voicelint.nlp.prebuilt"
    return prebuilt._read(path)


def test_the_shipped_file_covers_every_background_text():
    entry = _shipped()
    missing = [t for t in prebuilt.texts() if text_key(t) not in entry["vectors"]]
    assert not missing, f"background changed: run python -m voicelint.nlp.prebuilt ({missing[:2]})"
    assert entry["cache_id"] == f"{DEFAULT_MODEL_ID}#numpy" and entry["dim"] == 384
    norms = np.linalg.norm(np.stack(list(entry["vectors"].values())), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)


@pytest.mark.semantic
def test_shipped_vectors_equal_the_model_and_the_model_is_not_loaded(tmp_path):
    texts = prebuilt.texts()
    emb = Embedder(None, cache=EmbeddingCache(tmp_path / "c"), backend="numpy")
    got = emb.encode(texts)
    assert not emb.model_loaded                       # every one was shipped
    # and now they are in the cache like any encoded text
    assert len(emb.cache.get_many(emb.cache_id, [text_key(t) for t in texts])) == len(set(map(text_key, texts)))
    fresh = Embedder(None, cache=EmbeddingCache(tmp_path / "other"), backend="numpy")
    sample = texts[::25]
    prebuilt.clear()
    ref = fresh._encode_with(fresh._load_model_locked(), sample)
    np.testing.assert_allclose(got[::25], ref, atol=1e-5)


@pytest.mark.semantic
def test_a_text_not_shipped_is_encoded(tmp_path):
    emb = Embedder(None, cache=EmbeddingCache(tmp_path / "c"), backend="numpy")
    emb.encode([prebuilt.texts()[0], "A post voicelint has never seen."])
    assert emb.model_loaded


def test_other_namespaces_models_and_damaged_files_get_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(prebuilt, "DIR", tmp_path)
    key, vec = "k" * 64, np.ones(4, dtype="<f4") / 2
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    from voicelint.nlp.embeddings import model_fingerprint

    def write(cache_id, fingerprint, body=None):
        header = {"format": prebuilt.FORMAT, "cache_id": cache_id, "model_fingerprint": fingerprint,
                  "dim": 4, "keys": [key]}
        prebuilt.file_for(cache_id).write_bytes(json.dumps(header).encode() + b"\n"
                                                 + (vec.tobytes() if body is None else body))
        prebuilt.clear()

    write("m#numpy", model_fingerprint(str(model)))
    got = prebuilt.lookup("m#numpy", str(model), [key, "other"])
    assert list(got) == [key] and np.array_equal(got[key], vec)
    assert prebuilt.lookup("m", str(model), [key]) == {}                 # another back end's namespace
    write("m#numpy", "someone else's weights")
    assert prebuilt.lookup("m#numpy", str(model), [key]) == {}
    write("m#numpy", model_fingerprint(str(model)), body=b"\0" * 3)      # truncated vectors
    assert prebuilt.lookup("m#numpy", str(model), [key]) == {}
    prebuilt.file_for("m#numpy").write_bytes(b"not json\n")
    prebuilt.clear()
    assert prebuilt.lookup("m#numpy", str(model), [key]) == {}
