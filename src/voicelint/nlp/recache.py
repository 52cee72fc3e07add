"""A disk cache for the compiled form of very large regular expressions.

spaCy's French language data builds one 1.4 MB case-insensitive regular expression at import
time (``spacy.lang.fr.tokenizer_exceptions``); Python's ``re`` needs seconds to compile it,
in every process that loads a French pipeline. CPython compiles a pattern in two steps: parse
and generate SRE code (slow, pure Python), then build the pattern object from that code
(``_sre.compile``, fast, and it validates the code). :func:`cached_compile` keeps the code of
large patterns in the voicelint cache directory, keyed by the pattern, its flags and the
Python/SRE version, so that only the fast step runs next time.

It is an accelerator only: anything unexpected (another Python implementation, an unreadable
or damaged cache file, code that ``_sre`` rejects) falls back to the normal compile. Only the
standard library is imported.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile

#: Patterns shorter than this compile fast enough: they are never cached.
MIN_LENGTH = 20_000
SUBDIR = "regex"

try:  # CPython internals; absent or different elsewhere
    import _sre
    from re import _compiler, _parser
    _SUPPORTED = sys.implementation.name == "cpython" and hasattr(_sre, "compile") \
        and hasattr(_compiler, "_code") and hasattr(_parser, "parse")
except ImportError:  # pragma: no cover - other Python implementations
    _SUPPORTED = False

_VERSION = f"{sys.version_info[:3]}-{getattr(_sre, 'MAGIC', '?') if _SUPPORTED else '?'}-" \
           f"{getattr(_sre, 'CODESIZE', '?') if _SUPPORTED else '?'}"


def _key(pattern: str, flags: int) -> str:
    h = hashlib.sha256(f"{_VERSION}\0{int(flags)}\0".encode())
    h.update(pattern.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def _build(pattern: str, flags: int):
    """What ``re._compiler.compile`` does, returning the pattern and the pieces to cache."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    parts = (int(flags | p.state.flags), code, int(p.state.groups - 1), groupindex, tuple(indexgroup))
    return _sre.compile(pattern, parts[0], code, parts[2], groupindex, parts[4]), parts


def cached_compile(pattern, flags: int, cache_dir: str, original):
    """``original(pattern, flags)`` with the SRE code of large string patterns kept on disk."""
    if not (_SUPPORTED and isinstance(pattern, str) and len(pattern) >= MIN_LENGTH and cache_dir):
        return original(pattern, flags)
    flags = int(flags)
    path = os.path.join(cache_dir, SUBDIR, _key(pattern, flags) + ".marshal")
    try:
        with open(path, "rb") as fh:
            pflags, code, groups, groupindex, indexgroup = marshal.load(fh)
        return _sre.compile(pattern, pflags, code, groups, groupindex, indexgroup)
    except FileNotFoundError:
        pass
    except Exception:  # damaged or foreign file: rebuild it below
        pass
    try:
        compiled, parts = _build(pattern, flags)
    except Exception:
        return original(pattern, flags)
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(parts, fh)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return compiled


@contextlib.contextmanager
def large_patterns_cached(cache_dir: str | None):
    """Within this block, ``re`` keeps the compiled code of large patterns in ``cache_dir``."""
    if not _SUPPORTED or not cache_dir:
        yield
        return
    original = _compiler.compile

    def compile_(p, flags=0):
        return cached_compile(p, flags, cache_dir, original)
    _compiler.compile = compile_
    try:
        yield
    finally:
        if _compiler.compile is compile_:
            _compiler.compile = original


__all__ = ["cached_compile", "large_patterns_cached", "MIN_LENGTH"]
