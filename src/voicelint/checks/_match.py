"""Compiling and running rule patterns safely (shared by the regex-based check types).

Patterns go through the ``regex`` module with a time bound per search, so a rule with a
catastrophic-backtracking pattern in a user pack ends with a clear error instead of hanging.
"""
from __future__ import annotations

import regex

from voicelint.shared.errors import RuleError
from voicelint.shared.textpatterns import expand

TIMEOUT = 1.0  # seconds per search of one post


def word_bounded(pattern: str, nonword: bool) -> str:
    if nonword:
        return pattern
    return r"(?<![\w])(?:" + pattern + r")(?![\w])"


def compile_pattern(pattern: str, ignorecase: bool = False, key: str = "tokens"):
    flags = regex.V0 | regex.MULTILINE
    if ignorecase:
        flags |= regex.IGNORECASE
    try:
        return regex.compile(expand(pattern), flags)
    except (regex.error, OverflowError, RecursionError) as exc:
        raise RuleError(f"invalid regular expression {pattern!r}: {exc}", key=key) from None


def alternation(items, nonword: bool, ignorecase: bool, key: str = "tokens"):
    items = [str(t) for t in items if str(t) != ""]
    if not items:
        raise RuleError("expected at least one pattern", key=key)
    for t in items:  # compile each alone first, so the error names the bad one
        compile_pattern(t, ignorecase, key)
    joined = "|".join(f"(?:{expand(t)})" for t in items)
    return compile_pattern(word_bounded(joined, nonword), ignorecase, key)


def finditer(rx, text: str, rule):
    try:
        yield from rx.finditer(text, timeout=TIMEOUT)
    except TimeoutError:
        raise RuleError(f"rule {rule.code}: a pattern took more than {TIMEOUT:.0f} s on one post "
                        "(catastrophic backtracking?); fix or remove the rule", path=rule.path) from None


def as_list(value, key: str) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise RuleError(f"expected a list, got {type(value).__name__}", key=key)


# ------------------------------------------------------------------------------------------
# Vale semantics (rules from user packs: ``--rules PATH``)
# ------------------------------------------------------------------------------------------
_QUOTED = regex.compile(r"\\Q(.*?)(?:\\E|$)", regex.S)


def translate(pattern: str, key: str = "tokens") -> str:
    """A Vale (Go regexp2/RE2) pattern as the ``regex`` module reads it.

    The two engines agree on almost everything Vale packs use (inline ``(?i)``, lookbehind,
    ``\\p{L}``, POSIX classes, ``\\z``). Go's quoting ``\\Q...\\E`` is rewritten; ungreedy mode
    ``(?U)`` has no equivalent and is refused with a clear error.
    """
    if "\\Q" in pattern:
        pattern = _QUOTED.sub(lambda m: regex.escape(m.group(1)), pattern)
    if regex.search(r"\(\?[a-zA-Z]*U", pattern):
        raise RuleError(f"ungreedy flag (?U) is not supported in {pattern!r}; "
                        "use lazy quantifiers (*?, +?) instead", key=key)
    return pattern


def vale_regex(tokens, raw, nonword: bool, append: bool, ignorecase: bool, vale: bool,
               key: str = "tokens"):
    """Vale's ``makeRegexp``: tokens as a word-bounded group, ``raw`` before (or, with
    ``append``, after) it. ``vale=False`` (built-in packs) bounds words with look-arounds, so a
    token may start or end with a symbol (``#1``)."""
    toks = [translate(str(t), key) for t in tokens if str(t).strip()]
    raw_s = "".join(translate(str(r), "raw") for r in raw)
    if not toks and not raw_s:
        raise RuleError("expected 'tokens:' or 'raw:' (at least one pattern)", key=key)
    joined = "|".join(toks)
    if toks and not nonword:
        core = (r"\b(?:" + joined + r")\b") if vale else word_bounded(joined, False)
    else:
        core = "(?:" + joined + ")" if toks else ""
    pattern = core + raw_s if append else raw_s + core
    return compile_joined(pattern, toks, ignorecase, key if toks else "raw")


def compile_joined(pattern: str, parts, ignorecase: bool, key: str):
    """Compile a pattern made of ``parts``; on error, name the part that is wrong."""
    try:
        return compile_pattern(pattern, ignorecase, key)
    except RuleError:
        for p in parts:
            compile_pattern(p, ignorecase, key)
        raise


class Exceptions:
    """Vale's ``exceptions`` (and accepted vocabulary): case-sensitive, word-bounded regexes
    searched in what a rule matched; a multi-word entry also covers a match that falls inside
    one of its occurrences in the text ("Studio" inside "Visual Studio")."""

    def __init__(self, terms):
        terms = sorted({str(t) for t in terms if str(t).strip()}, key=len, reverse=True)
        self.rx = None
        self.phrase_rx = None
        if terms:
            self.rx = compile_pattern(r"\b(?:" + "|".join(translate(t, "exceptions") for t in terms) + r")\b",
                                      False, "exceptions")
            phrases = [t for t in terms if " " in t]
            if phrases:
                self.phrase_rx = compile_pattern(r"\b(?:" + "|".join(phrases) + r")\b", False, "exceptions")

    def __bool__(self) -> bool:
        return self.rx is not None

    def matches(self, observed: str) -> bool:
        return self.rx is not None and self.rx.search(observed, timeout=TIMEOUT) is not None

    def covers(self, observed: str, text: str = "", start: int = 0, end: int = 0) -> bool:
        if self.rx is None:
            return False
        if self.matches(observed):
            return True
        if self.phrase_rx is not None and text:
            for m in self.phrase_rx.finditer(text, max(0, start - 200), min(len(text), end + 200),
                                             timeout=TIMEOUT):
                if m.start() <= start and end <= m.end():
                    return True
        return False


def brand_vocabulary(ctx) -> tuple[str, ...]:
    """The brand's own words, accepted by Vale rules with ``vocab: true`` (the default): the
    profile's name and the preferred terms of its lexicon."""
    prof = getattr(ctx, "profile", None)
    if prof is None:
        return ()
    words = [str(getattr(prof, "name", "") or "")]
    lex = getattr(prof, "lexicon", None) or {}
    words.extend(str(v) for v in (lex.get("preferred") or {}).values())
    return tuple(regex.escape(w) for w in words if w.strip())


def exceptions_for(rule, ctx, exceptions, use_vocab: bool = True) -> Exceptions:
    """The rule's exceptions plus, when the rule accepts vocabularies, the pack's accept.txt
    terms and the brand's own words. Built once per rule and profile."""
    extra: tuple = ()
    if use_vocab and getattr(rule, "vocab", True) and not getattr(rule, "builtin", False):
        extra = tuple(getattr(rule, "accepted", ()) or ()) + brand_vocabulary(ctx)
    terms = tuple(exceptions) + extra
    if ctx is None:
        return Exceptions(terms)
    prof = getattr(ctx, "profile", None)
    return ctx.memo(("vale-exceptions", rule.path, rule.code, id(prof), use_vocab), lambda: Exceptions(terms))


def scoped_matches(rx, rule, post, ctx, scope):
    """Yield ``(start, end, match, block)`` for each match of ``rx`` in the rule's scope, with
    offsets in ``post.text``; matches inside an excluded scope (``~heading``) are dropped."""
    from . import _scope
    seen = set()
    for block in _scope.blocks(scope, post, ctx, vale=not getattr(rule, "builtin", False)):
        for m in finditer(rx, block.text, rule):
            s, e = block.at(m.start()), block.end_at(m.end())
            if (s, e) in seen or _scope.excluded(scope, post, s, e, ctx):
                continue
            seen.add((s, e))
            yield s, e, m, block


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace a pattern took at either end (``\\s*`` in Vale packs)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_LITERAL = regex.compile(r"[\w' ’-]+")
_WORDS = regex.compile(r"\w+")


def first_words(patterns) -> frozenset | None:
    """The lower-case first word of each pattern when every pattern is plain text (a word list),
    else None. A post that has none of these words cannot match (Vale's ``MightMatch``)."""
    out = set()
    for p in patterns:
        p = str(p)
        if not _LITERAL.fullmatch(p) or not p.strip():
            return None
        m = _WORDS.search(p)
        if m is None or m.start() != 0:
            return None
        out.add(m.group(0).lower())
    return frozenset(out)


def might_match(words: frozenset | None, post, ctx) -> bool:
    """False when a word-list rule cannot match the post (cheap test before the regex)."""
    if words is None:
        return True
    def build():
        return frozenset(w.lower() for w in _WORDS.findall(post.source))
    have = ctx.memo(("vale-words", id(post)), build) if ctx is not None else build()
    return not have.isdisjoint(words)
