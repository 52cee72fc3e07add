"""Is a match denied rather than said? A claim in a negated clause is not a promise.

"Nous ne proposons pas de pain sans gluten", "We do not offer gluten-free bread", "no
guarantee": the brand says what it does *not* promise. Rules with ``skip_negated: true``
(VL104, VL105) let such a match go.

A token window, not a parse (the rule checks stay fast and need no spaCy): a match is negated
when a negation cue comes before it in the same clause (no boundary mark such as ``.``, ``;``,
``:``, ``,`` and no boundary word such as ``but``, ``mais``, ``and``, ``que`` between them),
with at most ``window`` tokens between, none of which is a breaker (a preposition starting
another noun phrase) or an affirmer (``you won't find better``, ``rien ne vaut``). French also
reads ``ne`` + claim + ``pas`` (``nous ne garantissons pas``); without ``ne``, ``pas`` negates
only the next word or a ``de`` phrase (``pas de pain sans gluten``, not ``pas cher sont
garanties``). Conservative on purpose, so these are still claims: ``not only 100% natural
but...``, ``pas que du bio``, ``nothing but the best``, ``il ne reste plus que...``, ``Isn't it
the best!``, an order (``Don't miss the best...``, ``N'hésitez pas...``) and any question
(``Isn't it the best?`` is praise; a rhetorical question promises as much as a statement).
The words are data: ``voicelint/data/negation.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from voicelint.shared.paths import DATA_DIR

TOKEN = re.compile(r"@\w+|(?:qu|jusqu|lorsqu|puisqu|quoiqu|[cdjlmnst])['’](?=\w)|\w+(?:['’-]\w+)*|\n|[^\w\s]",
                   re.IGNORECASE)
#: Marks that end a clause (a @mention too: "@ana Isn't it the best!" starts afresh after it).
MARKS = frozenset(".;:!?,…()[]—–-\n@")
#: Quotes are read through: «We never said "guaranteed"».
QUOTES = frozenset("\"'«»“”‘’„")
#: How far either side of a match is read (characters).
REACH = 160


@dataclass(frozen=True)
class Spec:
    window: int
    cues: frozenset
    needs_ne: frozenset
    ne: frozenset
    bare: frozenset
    bare_through: frozenset
    after_verb: frozenset
    imperative: frozenset
    inverted: frozenset
    cancel_after: frozenset
    cancel_before: frozenset
    affirmers: frozenset
    breakers: frozenset
    boundaries: frozenset


@lru_cache(maxsize=None)
def spec(lang: str) -> Spec | None:
    """The negation words of ``lang`` (None for a language the data does not cover)."""
    data = _data().get(lang)
    if not data:
        return None
    words = {k: frozenset(str(w).lower().replace("’", "'") for w in data.get(k) or ())
             for k in Spec.__dataclass_fields__ if k != "window"}
    return Spec(window=int(data.get("window", 3)), **words)


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(DATA_DIR / "negation.yml", encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def tokens(text: str) -> list[str]:
    """Lower-case tokens, apostrophes as ``'``, elisions apart (``n'``, ``qu'``), quotes dropped,
    a @mention as ``@``."""
    out = []
    for m in TOKEN.finditer(text):
        tok = m.group(0).lower().replace("’", "'")
        tok = "@" if tok.startswith("@") else tok
        if tok not in QUOTES:
            out.append(tok)
    return out


def negated(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the match ``text[start:end]`` sits in a clause that denies it."""
    s = spec(lang)
    if s is None or _in_question(text, end):
        return False
    before = tokens(text[max(0, start - REACH):start])
    after = tokens(text[end:end + REACH])
    return _cue_before(before, s) or _verb_denied(before, after, s)


def _in_question(text: str, end: int) -> bool:
    m = re.search(r"[.!?\n]", text[end:])
    return m is not None and m.group(0) == "?"


def _ends_clause(tok: str | None, s: Spec) -> bool:
    return tok is None or tok in MARKS or tok in s.boundaries


def _is_cue(toks: list[str], i: int, s: Spec) -> bool:
    tok = toks[i]
    if tok in s.cues or (tok.endswith("n't") and len(tok) > 3):
        return True
    return tok in s.needs_ne and _ne_at(toks, i, s) is not None


def _ne_at(toks: list[str], i: int, s: Spec, reach: int = 4) -> int | None:
    """Where the ``ne``/``n'`` of the cue at ``i`` is, in the same clause (None: there is none)."""
    for j in range(i - 1, max(-1, i - 1 - reach), -1):
        if _ends_clause(toks[j], s):
            return None
        if toks[j] in s.ne:
            return j
    return None


def _imperative(toks: list[str], i: int, s: Spec) -> bool:
    """The cue at ``i`` gives an order ("Don't miss", "Never settle", "Ne ratez pas")."""
    def starts_clause(j: int) -> bool:
        return _ends_clause(toks[j - 1] if j > 0 else None, s)
    tok = toks[i]
    if tok in s.imperative and starts_clause(i):
        return True
    if i > 0 and toks[i - 1] in s.imperative and tok in ("not", "n't") and starts_clause(i - 1):
        return True  # "Do not ..."
    j = _ne_at(toks, i, s)
    return j is not None and toks[j] in s.imperative and starts_clause(j)


def _cue_before(before: list[str], s: Spec) -> bool:
    gap = 0
    for i in range(len(before) - 1, -1, -1):
        tok = before[i]
        if _ends_clause(tok, s):
            return False
        if _is_cue(before, i, s):
            nxt = before[i + 1] if i + 1 < len(before) else None
            prev = before[i - 1] if i > 0 else None
            if nxt in s.cancel_after or prev in s.cancel_before:
                return False
            if nxt in s.inverted and _ends_clause(prev, s):
                return False  # "Isn't it the best!": an exclamation, not a denial
            j = _ne_at(before, i, s)  # the negated verb: "vous ne trouverez pas mieux"
            if j is not None and any(t in s.affirmers for t in before[j + 1:i]):
                return False
            bare = j is None and not s.ne.intersection(before[i + 1:])  # « rien n'est » has its ne
            if bare and tok in s.bare and gap and nxt not in s.bare_through:
                return False  # « pas cher sont garanties »: "pas" negates "cher" only
            return not _imperative(before, i, s)
        if tok in s.breakers or tok in s.affirmers:
            return False
        gap += 1
        if gap > s.window:
            return False
    return False


def _verb_denied(before: list[str], after: list[str], s: Spec) -> bool:
    """French: the claim is the verb, between ``ne`` and ``pas`` ("nous ne vous garantissons pas")."""
    if not s.ne or not after or after[0] not in s.after_verb:
        return False
    if len(after) > 1 and after[1] in s.cancel_after:
        return False  # "ne garantissons plus que", "ne garantit pas seulement"
    toks = before + [after[0]]
    j = _ne_at(toks, len(toks) - 1, s, reach=3)
    return j is not None and not (toks[j] in s.imperative and _ends_clause(toks[j - 1] if j else None, s))
