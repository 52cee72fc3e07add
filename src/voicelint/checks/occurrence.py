"""occurrence: count matches of ``token`` in a post; report above ``max`` or below ``min``.

Vale's ``occurrence``, plus profile-driven limits: ``max_from``/``min_from`` name settings
(``platform.hashtags.max``, ``voice.emoji.max``); the first one the profile or the platform's
defaults define wins over the literal ``max``. A finding of a built-in rule points at the first
match over the limit; one of a Vale pack's rule at the first match that is not blank, as Vale.
As in Vale, the count is per block of the rule's ``scope`` (``scope: sentence`` counts per
sentence), and in a user pack a literal ``max: 0`` / ``min: 0`` means no limit.
"""
from __future__ import annotations

from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from . import _match, _scope
from .base import Hit

TYPE = "occurrence"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"token": str, "max": int, "min": int, "max_from": list, "min_from": list,
           "ignorecase": bool, "nonword": bool, "default_note": dict}
DEFAULTS = {"ignorecase": False, "nonword": False}
POST_LEVEL = True  # a count over the post (or its block), pointed at one match


@dataclass(frozen=True)
class Settings:
    rx: object
    scope: _scope.Scope


def configure(rule) -> Settings:
    o = rule.options
    if not o["token"]:
        raise RuleError("expected 'token:' (the pattern to count)", key="token")
    rx = _match.compile_pattern(_match.translate(o["token"], "token"), o["ignorecase"], "token")
    for key in ("max", "min"):
        if o[key] is not None and o[key] < 0:
            raise RuleError(f"expected '{key}' to be a whole number ≥ 0", key=key)
    if o["max"] is None and o["min"] is None and not o["max_from"] and not o["min_from"]:
        raise RuleError("expected 'max:' or 'min:' (or max_from/min_from)", key="max")
    return Settings(rx, _scope.parse(rule.scope))


def limit(rule, post, ctx, which: str):
    for dotted in rule.options.get(f"{which}_from") or ():
        value = ctx.setting(post, str(dotted))
        if value is not None:
            return value, str(dotted)
    value = rule.options.get(which)
    if value == 0 and not rule.builtin:
        value = None  # Vale: a literal 0 means "no limit"
    return value, None


def check(rule, post, ctx):
    rx, scope = rule.compiled.rx, rule.compiled.scope
    mx, src_max = limit(rule, post, ctx, "max")
    mn, src_min = limit(rule, post, ctx, "min")
    if mx is None and mn is None:
        return
    for block in _scope.blocks(scope, post, ctx, vale=not rule.builtin):
        matches = list(_match.finditer(rx, block.text, rule))
        if mx is not None and len(matches) > mx:
            if rule.builtin:  # voicelint's own limits: from the first match over the limit
                s, e = block.at(matches[mx].start()), block.end_at(matches[-1].end())
            else:  # Vale: the first match that is not blank (code and URLs are blanked)
                m = _first_visible(matches)
                if m is None:
                    continue
                s, e = block.at(m.start()), block.end_at(m.end())
            if not _scope.excluded(scope, post, s, e, ctx):
                args = (len(matches), mx)
                note = _default_note(rule, post, ctx, src_max)
                yield Hit(s, e, args=args,
                          message=_with_note(rule.format_message(args, ctx.lang(post)), note) if note else None,
                          evidence={"count": len(matches), "max": mx, "limit_from": src_max or "rule",
                                    **({"limit_source": "default"} if note else {})})
            continue
        if mn is not None and len(matches) < mn:
            first = None if rule.builtin else _first_visible(matches)
            if first is not None:  # Vale points at the first match when there is one
                start = block.at(first.start())
                yield Hit(start, block.end_at(first.end()), args=(len(matches), mn),
                          evidence={"count": len(matches), "min": mn, "limit_from": src_min or "rule"})
                continue
            if scope.include == ("text",):
                start = post.body_start + (len(post.body) - len(post.body.lstrip()))
            else:
                start = block.at(len(block.text) - len(block.text.lstrip()))
            yield Hit(start, start, args=(len(matches), mn),
                      evidence={"count": len(matches), "min": mn, "limit_from": src_min or "rule"})


def _default_note(rule, post, ctx, dotted: str | None) -> str:
    """The rule's ``default_note`` (``{en, fr}``, ``%s`` the platform) when the limit is a
    platform's default the profile does not declare ("3 hashtags, at most 2 on this platform":
    2 is voicelint's common-practice default for X, not X's rule, and the team can set its own).
    Empty otherwise."""
    notes = rule.options.get("default_note")
    if not notes or not dotted or not dotted.startswith("platform.") or ctx.declares(post, dotted):
        return ""
    text = notes.get(ctx.lang(post) or "en") or notes.get("en") or ""
    return text.replace("%s", post.platform or "")


def _with_note(message: str, note: str) -> str:
    """"3 hashtags, at most 2 on this platform (note)." """
    return f"{message[:-1]} {note}." if message.endswith(".") else f"{message} {note}"


def _first_visible(matches: list):
    """Vale's first match that is neither blank nor code (inline code reads as ``*``)."""
    return next((m for m in matches if m.group().strip(" \t\r\n*")), None)
