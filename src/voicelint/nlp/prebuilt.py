"""Embeddings shipped with voicelint: the generic background posts, for the default model.

Every semantic check compares posts with the shipped generic background
(``voicelint/data/background_<lang>.txt``: VL210 learns against it, VL4xx centre the embeddings
on it), so a first run with an empty cache would embed those ~300 posts before any draft: a
fifth of what a cold run over 1,000 drafts encodes. Their vectors for the default model
(all-MiniLM-L6-v2, numpy back end) ship in ``voicelint/data/prebuilt/``; the embedder reads a
text from there when it is not in the cache, and copies it into the cache, exactly as if it had
encoded it. A vector is used only when the installed model files have the fingerprint the
vectors were made with, and only for the cache namespace (model and back end) they came from;
anything else is encoded as usual.

The file: one line of JSON (``format``, ``cache_id``, ``model_fingerprint``, ``dim``, ``keys``:
the cache keys of the texts, in order), then ``len(keys) * dim`` little-endian float32. Rebuild
it after editing a background file (a test fails until then)::

    python -m voicelint.nlp.prebuilt
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from voicelint.shared.paths import DATA_DIR

FORMAT = "voicelint-prebuilt-embeddings"
DIR = DATA_DIR / "prebuilt"
LANGS = ("en", "fr")

_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def file_for(cache_id: str) -> Path:
    """Where the vectors of the cache namespace ``cache_id`` are shipped (if they are)."""
    return DIR / (hashlib.sha1(cache_id.encode("utf-8")).hexdigest()[:16] + ".bin")


def texts() -> list[str]:
    """Every form of the background posts a check embeds (as written, and as the strategy
    space compares them: one line, links out)."""
    from voicelint.judgement.strategy.space import neutral_text, norm_text
    from voicelint.judgement.voice.model import load_background

    out: dict[str, None] = {}
    for lang in LANGS:
        for t in load_background(lang):
            for form in (t, norm_text(t), neutral_text(t)):
                if form.strip():
                    out.setdefault(form, None)
    return list(out)


def _read(path: Path) -> dict | None:
    import numpy as np

    with open(path, "rb") as fh:
        header = json.loads(fh.readline().decode("utf-8"))
        if header.get("format") != FORMAT:
            return None
        dim, keys = int(header["dim"]), list(header["keys"])
        data = np.frombuffer(fh.read(), dtype="<f4")
    if data.size != dim * len(keys):
        return None
    header["vectors"] = dict(zip(keys, data.reshape(len(keys), dim).astype(np.float32)))
    return header


def lookup(cache_id: str, model_path: str, keys) -> dict:
    """``{key: vector}`` for the ``keys`` shipped for ``cache_id``, when the model at
    ``model_path`` is the one they were made with; ``{}`` otherwise (or when the file is
    missing or damaged: then the texts are simply encoded)."""
    path = file_for(cache_id)
    with _lock:
        if cache_id not in _loaded:
            entry = None
            if path.is_file():
                try:
                    entry = _read(path)
                    if entry is not None:
                        from voicelint.nlp.embeddings import model_fingerprint
                        if entry.get("cache_id") != cache_id or \
                                entry.get("model_fingerprint") != model_fingerprint(model_path):
                            entry = None
                except (OSError, ValueError, KeyError, TypeError):
                    entry = None
            _loaded[cache_id] = entry
        entry = _loaded[cache_id]
    if not entry:
        return {}
    vectors = entry["vectors"]
    return {k: vectors[k] for k in keys if k in vectors}


def build(embedder=None) -> Path:
    """Encode :func:`texts` with ``embedder`` (default: the default model on the numpy back
    end, no cache) and write its file. Deterministic for the same model and machine."""
    import numpy as np

    from voicelint.nlp.cache import EmbeddingCache
    from voicelint.nlp.embeddings import Embedder, model_fingerprint, normalize_text, text_key

    if embedder is None:
        import tempfile
        embedder = Embedder(None, cache=EmbeddingCache(tempfile.mkdtemp(prefix="voicelint-prebuilt-")),
                            backend="numpy")
    items = texts()
    keys = list(dict.fromkeys(text_key(t) for t in items))
    by_key = {text_key(t): normalize_text(t) for t in items}
    vectors = embedder._encode_with(embedder._load_model_locked(), [by_key[k] for k in keys])
    header = {"format": FORMAT, "cache_id": embedder.cache_id,
              "model_fingerprint": model_fingerprint(embedder.model_path),
              "dim": int(vectors.shape[1]), "keys": keys}
    DIR.mkdir(parents=True, exist_ok=True)
    path = file_for(embedder.cache_id)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n"
                    + np.ascontiguousarray(vectors, dtype="<f4").tobytes())
    os.replace(tmp, path)
    with _lock:
        _loaded.pop(embedder.cache_id, None)
    return path


def clear() -> None:
    """Forget loaded files (tests)."""
    with _lock:
        _loaded.clear()


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(build())
