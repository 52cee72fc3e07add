"""substitution: ``swap: {pattern: replacement}`` — suggest the replacement (Vale's ``substitution``).

As in Vale: the keys are joined into one word-bounded pattern (``nonword`` drops the bounds,
``ignorecase`` applies to all), the first ``%s`` of the message is the replacement and the
second what was found; a match that already reads as the replacement, or in which one of
``exceptions`` occurs, is not reported. A replacement with ``|`` offers alternatives (shown as
``'a' or 'b'`` when the rule's action is ``replace``, as Vale does) and carries no fix.

A single, plain replacement is a fix for ``--fix``, in the case of what was found
(``Consumer`` -> ``Customer``, ``ASAP`` -> ``SOON``): *safe* when the key is literal text, *unsafe*
when the key is a pattern (``consumers?`` may have matched a plural the replacement lacks).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from voicelint.shared.errors import RuleError
from . import _match, _place, _scope
from .base import Hit

TYPE = "substitution"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"swap": dict, "ignorecase": bool, "nonword": bool, "exceptions": list, "capitalize": bool,
           "pos": object}
DEFAULTS = {"ignorecase": False, "nonword": False, "capitalize": False}
_REGEX_CHARS = regex.compile(r"[\\\[\](){}*+?^$|]")


@dataclass(frozen=True)
class Settings:
    rx: object           # the keys as one pattern, group _s<i> for key i
    replacements: list   # replacement i for key i (longer keys first)
    literal: list        # key i when it is plain text (a safe fix), else None
    ignorecase: bool
    exceptions: tuple
    scope: _scope.Scope
    words: object        # first words a post must hold to match (a prefilter), or None


def configure(rule) -> Settings:
    o = rule.options
    swap = o["swap"]
    if not swap:
        raise RuleError("expected 'swap:' as a mapping of pattern: replacement", key="swap")
    ic, nonword = o["ignorecase"], o["nonword"]
    keys, reps = [], []
    # Vale tries the longer keys first ("myproduct enterprise" before "myproduct")
    for pat, rep in sorted(swap.items(), key=lambda kv: -len(str(kv[0]))):
        keys.append(_match.translate(str(pat), "swap"))
        reps.append("" if rep is None else str(rep))
    groups = "|".join(f"(?P<_s{i}>{k})" for i, k in enumerate(keys))
    if nonword:
        joined = f"(?:{groups})"
    elif rule.builtin:
        joined = _match.word_bounded(groups, False)
    else:
        joined = rf"\b(?:{groups})\b"
    rx = _match.compile_joined(joined, keys, ic, "swap")
    exceptions = tuple(str(e) for e in _match.as_list(o["exceptions"], "exceptions"))
    _match.Exceptions(exceptions)
    literal = [k if not _REGEX_CHARS.search(k.replace(".", "")) else None for k in keys]
    words = None if nonword else _match.first_words(keys)
    return Settings(rx, reps, literal, ic, exceptions, _scope.parse(rule.scope), words)


def match_case(replacement: str, found: str) -> str:
    """``replacement`` in the case of ``found``: ALL CAPS, Capitalised or as written."""
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if found[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def is_plain(replacement: str) -> bool:
    """A replacement that is text, not a pattern or a choice ('pilot(s)', 'a|b')."""
    return bool(replacement.strip()) and not _REGEX_CHARS.search(replacement)


def already_right(expected: str, observed: str, ignorecase: bool) -> bool:
    """Vale's ``matchToken``: a replacement made of words (letters, digits, spaces, hyphens)
    compares as text, anything else as a pattern that must match all of what was found. Vale
    compares case-sensitively even under ``ignorecase`` ("Javascript" is not "JavaScript");
    voicelint's own rules pass ``ignorecase`` so a capital at a sentence start is not flagged."""
    if all(c.isalnum() or c in " -" for c in expected):
        return expected == observed or (ignorecase and expected.lower() == observed.lower())
    try:
        return regex.fullmatch(expected, observed, regex.IGNORECASE if ignorecase else 0,
                               timeout=_match.TIMEOUT) is not None
    except (regex.error, TimeoutError):
        return expected == observed


def to_sentence(choices: list[str]) -> str:
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return ", ".join(quoted[:-1]) + ", or " + quoted[-1]


def check(rule, post, ctx):
    p = rule.compiled
    rx, reps, literal, ic = p.rx, p.replacements, p.literal, p.ignorecase
    exceptions, scope, words = p.exceptions, p.scope, p.words
    if not _match.might_match(words, post, ctx):
        return
    exc = _match.exceptions_for(rule, ctx, exceptions)
    action = rule.action or {}
    for _s, _e, m, block in _match.scoped_matches(rx, rule, post, ctx, scope):
        index = next((i for i in range(len(reps)) if m.start(f"_s{i}") >= 0), None)
        if index is None:
            continue
        a, b = _match.strip_span(block.text, m.start(), m.end())
        observed = block.text[a:b]
        if not observed:
            continue
        expected = reps[index]
        if already_right(expected, observed, ic and rule.builtin) or (exc and exc.covers(observed, block.text, a, b)):
            continue
        shown = expected
        message = None
        if action.get("name") == "replace" and not action.get("params") and "|" in expected:
            shown = to_sentence(expected.split("|"))
            msg = rule.messages.get(post.lang or "", rule.message)
            for spec in ("'%s'", '"%s"'):  # Vale: the choices come quoted already
                if msg.count(spec) == 2:
                    msg = msg.replace(spec, "%s", 1)
            message = _fill(msg, (shown, observed))
        fix = None
        if "|" not in expected and is_plain(expected) and block.verbatim(a, b, post.source):
            # safe when what was found is the swap's literal key: a key that is a pattern
            # ("consumers?") may have matched an inflected form the replacement does not carry
            safe = literal[index] is not None and observed.lower() == literal[index].lower()
            fix = {"replacement": match_case(expected, observed), "safe": safe}
        s, e = _place.place(rule, post, ctx, block, a, b)
        yield Hit(s, e, message=message, args=(shown, observed), fix=fix)


def _fill(msg: str, args: tuple) -> str:
    parts = msg.split("%s")
    out = parts[0]
    for i, p in enumerate(parts[1:]):
        out += (str(args[i]) if i < len(args) else "") + p
    return out
