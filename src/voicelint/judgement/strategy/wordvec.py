"""Word vectors: what a post is about, for languages the embedding model was not trained on.

all-MiniLM-L6-v2 is English-trained; on French posts its similarities are mostly shared word
stems, and so are the character n-grams beside it. A post on classes of 25 pupils and a pillar
on "l'école" share no stem. Static word vectors (spaCy's ``fr_core_news_md``: 300 dimensions,
trained on French) place *élèves*, *classes* and *école* together. :class:`WordVectors` gives each
text the mean vector of its content words (alphabetic, not a stop word, three letters or more),
centred on the shipped generic posts of the language (as the sentence embeddings are: what every
post shares is not what it is about) and of unit length; the strategy space adds their cosine as
a third view (docs/semantic.md, "French word vectors").

Resolution for a language (first that has vectors wins):

1. ``VOICELINT_WORD_VECTORS_<LANG>`` (a package name or a folder; ``off`` turns the view off);
2. the spaCy pipeline configured for the language (``nlp: {fr: fr_core_news_md}``), when it has
   vectors;
3. the installed packages: fr: ``fr_core_news_md``, ``fr_core_news_lg``; en: ``en_core_web_md``,
   ``en_core_web_lg`` (the ``sm`` pipelines carry no vectors).

Only the vectors are read (``vocab/vectors``, ``vocab/key2row``: a tenth of a second; no pipe,
not even spaCy's tokenizer: words are runs of letters), once per process; numpy lazily.
"""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

from voicelint.shared.numbers import numpy as _np

CANDIDATES = {"fr": ["fr_core_news_md", "fr_core_news_lg"], "en": ["en_core_web_md", "en_core_web_lg"]}
MIN_LETTERS = 3
_WORD = re.compile(r"[^\W\d_]+")

_loaded: dict = {}
_lock = threading.Lock()


class WordVectors:
    """Mean content-word vectors of texts, centred and of unit length (:meth:`encode`)."""

    def __init__(self, table, key2row: dict, stop: frozenset, ident: str):
        self.table, self.key2row, self.stop = table, key2row, stop
        #: What the learned thresholds record (a change of vectors changes every similarity).
        self.id = ident
        self.dim = int(table.shape[1])
        self._memo: dict[str, object] = {}
        self._centres: dict[tuple, object] = {}
        from voicelint.nlp.surface import murmur
        self._hash = murmur               # spaCy's string hash, without importing spaCy

    def _row(self, word: str):
        r = self.key2row.get(self._hash(word))
        return self.key2row.get(self._hash(word.lower())) if r is None else r

    def raw(self, texts):
        """(len(texts), dim) mean vectors of the texts' content words (zeros for a text with none)."""
        np = _np()
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        for t in dict.fromkeys(texts):
            if t in self._memo:
                continue
            rows = [r for w in _WORD.findall(t) if len(w) >= MIN_LETTERS and w.lower() not in self.stop
                    for r in (self._row(w),) if r is not None]
            self._memo[t] = np.asarray(self.table[rows], dtype=np.float64).mean(axis=0) if rows else None
        for i, t in enumerate(texts):
            v = self._memo[t]
            if v is not None:
                out[i] = v
        return out

    def centre(self, background) -> object:
        """The mean vector of ``background`` (the shipped generic posts), computed once."""
        key = tuple(background)
        if key not in self._centres:
            self._centres[key] = self.raw(list(background)).mean(axis=0) if background else _np().zeros(self.dim)
        return self._centres[key]

    def encode(self, texts, centre):
        """Centred, unit-length mean vectors; a text without a known content word stays zero
        (similar to nothing)."""
        np = _np()
        raw = self.raw(list(texts))
        empty = ~raw.any(axis=1)
        x = raw - centre
        n = np.linalg.norm(x, axis=1, keepdims=True)
        x = x / np.where(n > 0, n, 1.0)
        x[empty] = 0.0
        return x


def lexical_views(lex, w, ref_w, alpha: float, beta: float):
    """The strategy space's n-gram similarities ``lex`` (weight ``1 - alpha``) with the word
    vectors' (``w`` against ``ref_w``) taking ``beta`` of it where both texts have a known content
    word: a text without one ("Merci !") is not *unlike* a pillar, that view says nothing of it."""
    np = _np()
    if w is None:
        return (1.0 - alpha) * lex
    both = np.outer(w.any(axis=1), ref_w.any(axis=1))
    return np.where(both, (1.0 - alpha - beta) * lex + beta * (w @ ref_w.T), (1.0 - alpha) * lex)


def formula(alpha: float, beta: float, vectors: str | None) -> str:
    """How the strategy space makes a similarity (:func:`lexical_views`), as a finding's evidence
    says it: the word vectors' share only where they are used."""
    out = (f"{alpha:.2f} x centred embedding cosine + {1.0 - alpha - beta:.2f} x content character "
           "n-gram cosine")
    if beta:
        out += (f" + {beta:.2f} x content-word vector cosine ({vectors}; where both texts have a "
                "known content word, else the n-grams take its share)")
    return out


def candidates(lang: str, configured: dict | None = None) -> list[str] | None:
    """Where to look for ``lang``'s vectors, in order; None when the view is turned off."""
    env = os.environ.get(f"VOICELINT_WORD_VECTORS_{lang.upper()}", "").strip()
    if env.lower() in ("off", "none", "0", "false"):
        return None
    out = [env] if env else []
    if configured and configured.get(lang):
        out.append(str(configured[lang]))
    return out + [c for c in CANDIDATES.get(lang, []) if c not in out]


def get(lang: str, configured: dict | None = None) -> WordVectors | None:
    """The word vectors for ``lang`` (loaded once per process), or None when no installed
    pipeline has any."""
    names = candidates(lang, configured)
    if not names:
        return None
    key = (lang, tuple(names))
    with _lock:
        if key not in _loaded:
            _loaded[key] = next((w for w in map(lambda n: _load(n, lang), names) if w is not None), None)
        return _loaded[key]


def _data_dir(name: str) -> Path | None:
    """The data folder of a spaCy pipeline (package name or path, as :mod:`voicelint.nlp.lemmata`
    reads it) when it holds word vectors."""
    from voicelint.nlp.lemmata import data_dir
    d = data_dir(name)
    return d if d is not None and (d / "vocab" / "vectors").is_file() and (d / "vocab" / "key2row").is_file() else None


def _load(name: str, lang: str) -> WordVectors | None:
    d = _data_dir(name)
    if d is None:
        return None
    np = _np()
    try:
        import srsly
        table = np.load(d / "vocab" / "vectors", mmap_mode="r", allow_pickle=False)
        key2row = srsly.read_msgpack(d / "vocab" / "key2row")
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8")) if (d / "meta.json").is_file() else {}
    except (OSError, ValueError, TypeError) as exc:  # a damaged package: no view, never a traceback
        import logging
        logging.getLogger("voicelint").debug("word vectors %s unreadable: %s", d, exc)
        return None
    if table.ndim != 2 or not table.shape[0] or not key2row:
        return None
    ident = f"{meta['lang']}_{meta['name']}-{meta.get('version', '')}" if meta.get("name") else d.name
    return WordVectors(table, key2row, _stop_words(meta.get("lang") or lang), ident)


def _stop_words(lang: str) -> frozenset:
    """spaCy's stop words for ``lang``, read from its ``lang/<lang>/stop_words.py`` without
    importing spaCy (seconds: a check that needs only the vectors never pays it)."""
    import ast
    import importlib.util
    try:
        spec = importlib.util.find_spec("spacy")
        path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (AttributeError, TypeError, StopIteration, OSError, SyntaxError, ValueError):
        return frozenset()
    words = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return frozenset(w for text in words for w in text.split())
