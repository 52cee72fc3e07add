"""Which words a spaCy pipeline can give a lemma, read from its files without importing spaCy.

The lexicon checks (VL101-VL104) match on lemmas, so a post can only match a term if one of
its words *may* get the lemma the term needs. Loading a pipeline to find out costs seconds
(importing spaCy, then 1-10 s per language), far more than checking a thousand posts, so this
module answers the inverse question from the pipeline's own data, before any spaCy import:
*which surface forms can a token have, for its lemma to satisfy a condition?*

spaCy's rule and lookup lemmatizers (the ones of the ``en`` and ``fr`` pipelines) give a
token one of these, and nothing else:

- its own text, lower-cased (base forms, unknown words, proper nouns);
- an entry of the exceptions table for the lower-cased text (``lemma_exc``: went -> go);
- a suffix rule applied to it (``lemma_rules``: ``(old, new)``, cheapest -> cheap);
- an entry of the lookup table (``lemma_lookup``; French, and lookup mode), keyed by spaCy's
  64-bit hash of the text or of its lower-cased form;
- a lemma set by the attribute ruler (``attribute_ruler/patterns``: ``'s`` -> be).

:meth:`Tables.inverse` turns a condition on the lemma (one of a set of strings, or a string
plus at most ``extra`` characters) into the texts a token must then have: exact texts, starts,
regular expressions or spaCy hashes, a token test of :mod:`.surface`. It over-approximates
(it may let through a post that does not match), never the opposite: tests/test_prefilters.py
checks each lemma spaCy gives on thousands of words against it.

Only pipelines whose every active component is known to leave lemmas alone or to be one of
the above are read (:func:`load` returns None otherwise, and callers then treat every post as
a possible match). Standard library plus ``srsly`` (spaCy's serialisation package, installed
with it, imported without spaCy) to read the msgpack tables.
"""
from __future__ import annotations

import configparser
import json
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .surface import murmur

#: Languages whose lemmatizer classes (spacy.lang.{en,fr}.lemmatizer) are described above.
LANGS = ("en", "fr")
#: Components that never set a token's lemma.
NEUTRAL = frozenset({"tok2vec", "transformer", "tagger", "morphologizer", "senter", "sentencizer",
                     "parser", "ner", "beam_parser", "beam_ner", "entity_ruler", "span_ruler",
                     "textcat", "textcat_multilabel", "spancat"})
#: Keys below this are spaCy symbol ids (``get_string_id`` maps symbol names to them), not
#: hashes: which text they stand for is not known here.
_SYMBOL_LIMIT = 1 << 32
_ORTH = 65  # spaCy's attribute id of ORTH in the tokenizer's special cases

_lock = threading.Lock()
_read_once: dict = {}


def data_dir(name: str) -> Path | None:
    """The data folder of a pipeline given as spaCy.load gets it (package name or path)."""
    import importlib.util

    path = Path(os.path.expanduser(name))
    if path.is_dir():
        return path if (path / "config.cfg").is_file() else None
    if not name.replace("_", "").replace(".", "").isalnum():
        return None
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    pkg = Path(spec.origin).parent
    try:
        meta = json.loads((pkg / "meta.json").read_text(encoding="utf-8"))
        folder = pkg / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder if (folder / "config.cfg").is_file() else None


@dataclass
class Inverse:
    """The texts a token may have for its lemma to be wanted, as a token test of
    :mod:`.surface`; ``unbounded``: any text may (the caller cannot filter)."""

    exact: set = field(default_factory=set)      # lower-cased token texts
    prefix: set = field(default_factory=set)     # lower-cased starts of token texts
    regex: set = field(default_factory=set)      # searched in the lower-cased token text
    hashes: set = field(default_factory=set)     # spaCy hashes of the token's text or lower-cased text
    unbounded: bool = False

    def spec(self) -> dict:
        if self.unbounded:
            return {"any": True}
        return {"exact": sorted(self.exact), "prefix": sorted(self.prefix), "regex": sorted(self.regex),
                "hashes": sorted(self.hashes), "trusted": True}  # regexes of the pipeline's own data


@dataclass
class Tables:
    lang: str
    rules: list            # [(old, new)]: suffix rules of every part of speech
    excs: list             # [{lower-cased text: [lemmas]}]: exception tables, one per part of speech
    lookups: list          # [{spaCy hash of a text: [lemmas]}]: lookup tables
    ruler: list            # [(lemma, ("in", [texts]) | ("regex", pattern) | ("any",))]
    splits: dict = field(default_factory=dict)  # special case -> its pieces, when they split letters

    def __post_init__(self):
        # lookup entries under a symbol id: their text is unknown, so they may be anyone's
        self._anyones = {x.lower() for table in self.lookups for key in [k for k in table if k < _SYMBOL_LIMIT]
                         for x in table[key]}

    def lemmas(self, text: str) -> set[str]:
        """Every lemma (lower-cased) the pipeline may give a token ``text``, in any context."""
        low = text.lower()
        out = {low} | self._anyones
        for table in self.excs:
            out.update(x.lower() for x in table.get(low, ()))
        for old, new in self.rules:
            if low.endswith(old):
                form = low[: len(low) - len(old)] + new
                if form:
                    out.add(form.lower())
        for key in {murmur(text), murmur(low)}:
            for table in self.lookups:
                out.update(x.lower() for x in table.get(key, ()))
        for lemma, spec in self.ruler:
            if spec[0] == "any" or (spec[0] == "in" and low in spec[1]) or \
                    (spec[0] == "regex" and re.search(spec[1], low)):
                out.add(lemma.lower())
        return out

    def inverse(self, exact: set[str], prefix: str | None = None, extra: int = 2) -> Inverse:
        """Which texts a token may have for its lemma (lower-cased) to be in ``exact``, or to
        be ``prefix`` plus at most ``extra`` characters (see the module docstring)."""
        return self.inverse_many([(exact, prefix, extra)])[0]

    def inverse_many(self, queries: list[tuple[set, str | None, int]]) -> list[Inverse]:
        """:meth:`inverse` of several queries, with one pass over the tables."""
        todo = []
        for exact, prefix, extra in queries:
            exact = {e.lower() for e in exact if e}
            prefix = prefix.lower() if prefix else None
            inv = Inverse(exact=set(exact), prefix={prefix} if prefix else set())
            # suffix rules, backwards: the text is the lemma minus `new`, plus `old`
            for old, new in self.rules:
                for target in exact:
                    if target.endswith(new) and target[: len(target) - len(new)] + old:
                        inv.exact.add(target[: len(target) - len(new)] + old)
                for k in range(extra + 1) if prefix else ():
                    # lemma = prefix + k letters: a rule whose `new` is longer than k ends in the
                    # prefix (shorter ones leave texts that start with the prefix: covered)
                    if len(new) > k and prefix.endswith(new[: len(new) - k]):
                        text = prefix[: len(prefix) - (len(new) - k)] + old
                        if text:
                            inv.exact.add(text)
            todo.append((inv, exact, prefix, extra))
        starts = {e[:3] for _, exact, _, _ in todo for e in exact} | \
                 {p[:3] for _, _, p, _ in todo if p}

        def wanted(lemma: str) -> list[Inverse]:
            low = lemma.lower()
            return [inv for inv, exact, prefix, extra in todo
                    if low in exact or (prefix and low.startswith(prefix) and len(low) - len(prefix) <= extra)]
        # the hot loops (hundreds of thousands of entries): most lemmas are rejected on their
        # first three letters, lower-cased only when they are not already
        for table in self.excs:
            for text, lemmas in table.items():
                for x in lemmas:
                    k = x[:3]
                    if (k in starts) if k.islower() else (x.lower()[:3] in starts):
                        for inv in wanted(x):
                            inv.exact.add(text)
        for table in self.lookups:
            for key, lemmas in table.items():
                for x in lemmas:
                    k = x[:3]
                    if (k in starts) if k.islower() else (x.lower()[:3] in starts):
                        for inv in wanted(x):
                            inv.hashes.add(key)
                            if key < _SYMBOL_LIMIT:
                                inv.unbounded = True
        for lemma, spec in self.ruler:
            for inv in wanted(lemma):
                if spec[0] == "in":
                    inv.exact.update(spec[1])
                elif spec[0] == "regex":
                    inv.regex.add(spec[1])
                else:
                    inv.unbounded = True
        return [t[0] for t in todo]


def load(name: str, lang: str) -> Tables | None:
    """The lemma tables of pipeline ``name`` (as :func:`voicelint.nlp.pipelines.get` would
    load it), or None when they cannot be read or do not tell the whole story."""
    return _cached("tables", name, lang, _read)


def special_cases(name: str, lang: str) -> dict | None:
    """The special cases of the pipeline's tokenizer that cut a run of letters (``cannot`` ->
    ``can`` ``not``), as text -> pieces; None when the tokenizer is not spaCy's own or its
    files cannot be read. Cheaper than :func:`load` (the lemma tables are not read)."""
    return _cached("splits", name, lang, lambda folder, lang: _splits(folder) if _config(folder, lang) else None)


def _cached(kind: str, name: str, lang: str, read):
    folder = data_dir(name) if name else None
    if folder is None or lang not in LANGS:
        return None
    key = (kind, str(folder), lang)
    with _lock:
        if key not in _read_once:
            try:
                _read_once[key] = read(folder, lang)
            except Exception:  # damaged or unexpected files: no filter, never a failure
                _read_once[key] = None
        return _read_once[key]


def _json(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value


def _config(folder: Path, lang: str) -> tuple[list, list] | None:
    """(lemmatizer components, attribute rulers) of the pipeline in ``folder``, or None when
    it is not a ``lang`` pipeline with spaCy's tokenizer and only components described in the
    module docstring (the ones :mod:`.pipelines` excludes do not count)."""
    from . import pipelines

    cfg = configparser.ConfigParser(interpolation=None, strict=False)
    cfg.optionxform = str
    cfg.read_string((folder / "config.cfg").read_text(encoding="utf-8"))
    if _json(cfg.get("nlp", "lang", fallback="")) != lang:
        return None
    tokenizer = _json(cfg.get("nlp", "tokenizer", fallback="{}"))
    if not isinstance(tokenizer, dict) or tokenizer.get("@tokenizers") != "spacy.Tokenizer.v1":
        return None
    pipeline = _json(cfg.get("nlp", "pipeline", fallback="[]"))
    disabled = _json(cfg.get("nlp", "disabled", fallback="[]")) or []
    if not isinstance(pipeline, list) or not isinstance(disabled, list):
        return None
    lemmatizers, rulers = [], []
    for name in pipeline:
        if name in pipelines.EXCLUDE or name in disabled:
            continue
        section = f"components.{name}"
        if not cfg.has_section(section) or cfg.has_option(section, "source"):
            return None  # sourced from another pipeline: not described here
        factory = _json(cfg.get(section, "factory", fallback='""'))
        if factory == "lemmatizer":
            if _json(cfg.get(section, "mode", fallback='"lookup"')) not in ("rule", "lookup"):
                return None
            lemmatizers.append(name)
        elif factory == "attribute_ruler":
            rulers.append(name)
        elif factory not in NEUTRAL:
            return None
    return lemmatizers, rulers


def _splits(folder: Path) -> dict:
    import srsly

    splits = {}
    data = srsly.msgpack_loads((folder / "tokenizer").read_bytes())
    for text, pieces in (data.get("exceptions") or {}).items():
        orths = [str(p.get(_ORTH, p.get("ORTH", ""))) for p in pieces]
        cuts = [sum(len(o) for o in orths[:i]) for i in range(1, len(orths))]
        if "".join(orths) == text and any(text[c - 1].isalpha() and text[c].isalpha() for c in cuts):
            splits[text] = orths
    return splits


def _read(folder: Path, lang: str) -> Tables | None:
    components = _config(folder, lang)
    if components is None:
        return None
    lemmatizers, rulers = components
    import srsly

    rules, excs, lookups = [], [], []
    for name in lemmatizers:
        path = folder / name / "lookups" / "lookups.bin"
        tables = srsly.read_msgpack(path) if path.is_file() else {}
        for by_pos in (tables.get("lemma_rules") or {}).values():
            rules.extend((str(old), str(new)) for old, new in by_pos)
        excs.extend(_lists(by_pos) for by_pos in (tables.get("lemma_exc") or {}).values())
        if tables.get("lemma_lookup"):
            lookups.append(_lists(tables["lemma_lookup"]))
    ruler = []
    for name in rulers:
        path = folder / name / "patterns"
        for entry in (srsly.read_msgpack(path) if path.is_file() else []):
            lemma = (entry.get("attrs") or {}).get("LEMMA")
            if lemma is None:
                continue
            for pattern in entry.get("patterns") or []:
                tok = pattern[int(entry.get("index", 0))] if pattern else {}
                ruler.append((str(lemma), _spec(tok)))
    return Tables(lang, rules, excs, lookups, ruler, _splits(folder))


def _lists(table: dict) -> dict:
    """``table`` with every value a list of strings (as read, unless a value is a string)."""
    if set(map(type, table.values())) <= {list}:
        return table
    return {k: [v] if isinstance(v, str) else list(v) for k, v in table.items()}


def _spec(tok: dict) -> tuple:
    """Which token texts (lower-cased) an attribute-ruler token pattern can match."""
    for attr in ("LOWER", "ORTH", "TEXT"):
        value = tok.get(attr)
        if isinstance(value, str):
            return ("in", [value.lower()])
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return ("in", [str(v).lower() for v in value["IN"]])
        if attr == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"} \
                and isinstance(value["REGEX"], str):
            try:
                re.compile(value["REGEX"])
                return ("regex", value["REGEX"])  # searched in the token's lower-cased text
            except re.error:
                pass
    return ("any",)
