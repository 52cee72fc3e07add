"""Cheap tests on the tokens a post may hold, without spaCy: prefilters of spaCy-based checks.

spaCy's tokenizer cuts a text at whitespace, around punctuation and symbols, between letters
and digits, and inside a run of letters only where one of its special cases says so
(``cannot`` -> ``can`` ``not``). So every token of a post is one of its *candidates*: a
substring of a whitespace-separated chunk that starts and ends at a place where one of the two
neighbouring characters is not a letter, or at a cut of a special case. :class:`Candidates`
lists them (lower-cased, as ``token.lower_``), which is a superset of the real tokens: a test
that no candidate passes proves that no token does. (That spaCy never cuts between two letters
otherwise is checked on the installed English and French pipelines in
``tests/test_prefilters.py``.)

A :class:`TokenTest` is what one token must satisfy, as JSON-able data (kept in the cache):
``exact`` texts, text ``prefix``-es, ``regex``-es searched in the token's lower-cased text (as
spaCy's ``REGEX`` on ``LOWER``), spaCy ``hashes`` of the token's text or lower-cased text (for
lookup tables, :mod:`.lemmata`), or ``any``. A post's texts are tested for the substrings first,
so most posts are rejected by one regular-expression search.
"""
from __future__ import annotations

import re


def murmur(text: str) -> int:
    """spaCy's ``hash_string``: MurmurHash64A of the UTF-8 bytes, seed 1."""
    data = text.encode("utf-8")
    m, mask = 0xC6A4A7935BD1E995, 0xFFFFFFFFFFFFFFFF
    n = len(data)
    h = (1 ^ (n * m)) & mask
    end = n - n % 8
    for i in range(0, end, 8):
        k = (int.from_bytes(data[i:i + 8], "little") * m) & mask
        k = ((k ^ (k >> 47)) * m) & mask
        h = ((h ^ k) * m) & mask
    if end < n:
        h = ((h ^ int.from_bytes(data[end:], "little")) * m) & mask
    h = ((h ^ (h >> 47)) * m) & mask
    return h ^ (h >> 47)


def normal(text: str) -> str:
    """What the quick substring search looks at: lower case with one sigma (Python lower-cases
    a final sigma by its context, which differs between a token and the whole post)."""
    return text.lower().replace("ς", "σ")


def cuts(chunk: str, splits: dict | None = None) -> list[int]:
    """Where a token of ``chunk`` (no whitespace) may start or end, in order."""
    n = len(chunk)
    at = [0] + [i for i in range(1, n) if not (chunk[i - 1].isalpha() and chunk[i].isalpha())] + [n]
    if splits:  # a special case spans two cuts; its parts cut it further
        more = set(at)
        for i, a in enumerate(at):
            for b in at[i + 1:]:
                parts = splits.get(chunk[a:b])
                if parts:
                    pos = a
                    for part in parts:
                        pos += len(part)
                        more.add(pos)
        at = sorted(more)
    return at


#: A chunk longer than this, or with more places to cut, is not cut into candidates (their
#: number grows with the square of the cuts): a post holding one may match anything.
MAX_CHUNK = 256
MAX_CUTS = 64


def covering(chunk: str, pos: int, splits: dict | None = None) -> list[str] | None:
    """The texts the token of ``chunk`` that holds character ``pos`` may have; None when the
    chunk is too long to say (see :data:`MAX_CHUNK`)."""
    if len(chunk) > MAX_CHUNK:
        return None
    at = cuts(chunk, splits)
    if len(at) > MAX_CUTS:
        return None
    return [chunk[a:b] for i, a in enumerate(at) if a <= pos for b in at[i + 1:] if b > pos]


class Candidates:
    """The texts a token of ``text`` may have (see the module docstring), computed once."""

    def __init__(self, text: str, splits: dict | None = None):
        self.text = text
        self.splits = splits or {}
        self._normal = None
        self._pieces = None
        self._keys = None
        self.overflow = False  # a chunk too long to cut (every test passes), known once cut

    @property
    def normal(self) -> str:
        if self._normal is None:
            self._normal = normal(self.text)
        return self._normal

    def _cut(self) -> None:
        pieces, starts = set(), []
        for chunk in self.text.split():
            at = cuts(chunk, self.splits) if len(chunk) <= MAX_CHUNK else None
            if at is None or len(at) > MAX_CUTS:
                self.overflow = True
                pieces, starts = set(), []
                break
            for i, a in enumerate(at[:-1]):
                starts.append(chunk[a:])
                for b in at[i + 1:]:
                    pieces.add(chunk[a:b])
        self._pieces = pieces
        self._lower = {p.lower() for p in pieces}
        self._starts = [s.lower() for s in starts]

    def overflows(self) -> bool:
        """Whether a chunk of the post is too long to cut into candidates (MAX_CHUNK)."""
        if self._pieces is None:
            self._cut()
        return self.overflow

    @property
    def lower(self) -> set[str]:
        """Every candidate token's lower-cased text."""
        if self._pieces is None:
            self._cut()
        return self._lower

    @property
    def starts(self) -> list[str]:
        """Lower-cased text from each place a token may start to the end of its chunk."""
        if self._pieces is None:
            self._cut()
        return self._starts

    @property
    def keys(self) -> set[int]:
        """spaCy hashes of every candidate token's text and lower-cased text."""
        if self._keys is None:
            if self._pieces is None:
                self._cut()
            self._keys = {murmur(p) for p in self._pieces} | {murmur(p) for p in self._lower}
        return self._keys


_LOOK = re.compile(r"\\[bBAZzG]|\(\?<?[=!]|\(\?[aiLmsux-]")


def _unanchored(rx: str) -> str | None:
    """``rx`` (searched in a token) made searchable in the whole text, or None if it cannot
    be: anchors at its two ends go; a pattern with other anchors, lookarounds, flags or a
    final sigma cannot."""
    inner = rx[1:] if rx.startswith("^") else rx
    if inner.endswith("$") and (len(inner) - len(inner[:-1].rstrip("\\")) - 1) % 2 == 0:
        inner = inner[:-1]  # a "$" not escaped by an odd number of backslashes
    if "^" in inner or "$" in inner or "ς" in inner or _LOOK.search(inner):
        return None
    return inner


class TokenTest:
    """A compiled token test (see the module docstring)."""

    def __init__(self, spec: dict):
        self.any = bool(spec.get("any"))
        self.exact = frozenset(spec.get("exact") or ())
        prefixes = sorted(set(spec.get("prefix") or ()), key=len, reverse=True)
        self.prefix = re.compile("|".join(map(re.escape, prefixes))) if prefixes else None
        self.regexes = [re.compile(r) for r in spec.get("regex") or ()]
        self.hashes = frozenset(spec.get("hashes") or ())
        # the quick test: a substring of the whole (normalised) text that must be there
        quick = [re.escape(normal(s)) for s in sorted(set(self.exact) | set(prefixes), key=len, reverse=True)]
        self.unsure = self.any or bool(self.hashes)
        for r in spec.get("regex") or ():
            # a rule's own regex is only ever run on candidate tokens (as spaCy runs it on
            # tokens), never on the whole post, where a bad one could backtrack for long
            flat = _unanchored(r) if spec.get("trusted") else None
            if flat is None:
                self.unsure = True
            else:
                quick.append(f"(?:{flat})")
        self.quick = re.compile("|".join(quick)) if quick else None

    def maybe(self, cand: Candidates) -> bool:
        """False when the post surely holds no token passing the test (one regex search)."""
        if self.unsure:
            return True
        return self.quick is not None and self.quick.search(cand.normal) is not None

    def passes(self, cand: Candidates) -> bool:
        """Whether some candidate token of the post passes the test."""
        if self.any:
            return True
        if cand.overflows():
            return True
        if self.exact and not self.exact.isdisjoint(cand.lower):
            return True
        if self.prefix is not None and any(self.prefix.match(s) for s in cand.starts):
            return True
        if self.regexes and any(r.search(t) for r in self.regexes for t in cand.lower):
            return True
        return bool(self.hashes) and not self.hashes.isdisjoint(cand.keys)


_last: list = [None, None]  # (special cases, Candidates) of the last post: its rules share them
_shared: dict = {}


def shared(splits: dict | None) -> dict:
    """One dict object per distinct table of special cases (so that :func:`candidates` can
    tell them apart by identity)."""
    splits = splits or {}
    key = tuple(sorted((k, tuple(v)) for k, v in splits.items()))
    return _shared.setdefault(key, splits)


def candidates(text: str, splits: dict) -> Candidates:
    """:class:`Candidates` of ``text``, shared with the previous call for the same post and
    the same (:func:`shared`) special cases."""
    cand = _last[1]
    if cand is None or _last[0] is not splits or (cand.text is not text and cand.text != text):
        cand = Candidates(text, splits)
        _last[0], _last[1] = splits, cand
    return cand


class Prefilter:
    """A post may match when, for one of the groups, every token test passes (a term: all its
    tokens; a token pattern: all its tokens). An empty group passes every post; ``groups``
    None means no filter at all."""

    def __init__(self, groups: list[list[dict]] | None, splits: dict | None = None):
        self.everything = groups is None
        self.splits = shared(splits)
        self.groups = [[TokenTest(t) for t in g if not t.get("any")] for g in groups or []]

    def may_match(self, text: str) -> bool:
        if self.everything:
            return True
        cand = candidates(text, self.splits)
        for tests in self.groups:
            if all(t.maybe(cand) for t in tests) and all(t.passes(cand) for t in tests):
                return True
        return False
