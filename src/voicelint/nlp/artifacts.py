"""Small derived artefacts kept in the voicelint cache directory, keyed by a hash of their inputs.

What is costly to derive but small to keep lives here, so that a warm run needs no model: the
lemmas of a profile's lexicon terms (no spaCy pipeline to load when no post can match), a
voice model or calibrated thresholds learned from a profile's examples, etc. Each artefact
is one JSON file, ``<cache_dir>/artifacts/<kind>/<key>.json``, written atomically; ``key``
is :func:`digest` of everything the artefact depends on (inputs, versions, settings), so a
changed input simply misses.

Like the embedding cache, it is an accelerator and never a reason to fail: unreadable,
damaged or unwritable files are ignored (the artefact is recomputed). Standard library only.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from typing import Any

from .cache import resolve_cache_dir

SUBDIR = "artifacts"
#: Bump when the layout of every artefact changes.
FORMAT = 1


def digest(*parts: Any) -> str:
    """A stable hex key for JSON-able ``parts`` (dict order does not matter)."""
    raw = json.dumps([FORMAT, *parts], sort_keys=True, ensure_ascii=False, default=str,
                     separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _path(cache_dir: str | None, kind: str, key: str) -> str:
    return os.path.join(resolve_cache_dir(cache_dir), SUBDIR, kind, f"{key}.json")


def load(cache_dir: str | None, kind: str, key: str) -> Any | None:
    """The stored value, or None when absent or unreadable."""
    try:
        with open(_path(cache_dir, kind, key), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def save(cache_dir: str | None, kind: str, key: str, value: Any) -> bool:
    """Store ``value`` (JSON-able) atomically; False when the cache cannot be written."""
    try:
        path = _path(cache_dir, kind, key)
        folder = os.path.dirname(path)
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
        return True
    except (OSError, TypeError, ValueError):
        return False
    finally:
        with contextlib.suppress(OSError):
            if os.path.exists(tmp):
                os.unlink(tmp)


def memo(cache_dir: str | None, kind: str, key: str, build, encode=None, decode=None):
    """``decode(load(...))`` when stored, else ``build()``, stored as ``encode(value)``."""
    raw = load(cache_dir, kind, key)
    if raw is not None:
        try:
            return decode(raw) if decode else raw
        except Exception:  # an artefact from an older layout: rebuild it
            pass
    value = build()
    save(cache_dir, kind, key, encode(value) if encode else value)
    return value
