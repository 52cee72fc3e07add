"""Vale's ``action:`` turned into a voicelint fix (``Hit.fix``), for ``check --fix``.

Vale's fixers (``internal/check/action.go``): ``replace`` (the params are the candidates),
``remove``, and ``edit`` with ``regex``, ``trim_right``, ``trim_left``, ``trim``, ``truncate`` or
``split``. A fix from an action is *unsafe* (it removes or rewrites words on a pattern's say-so):
``--fix`` applies it only with ``--unsafe-fixes``. ``suggest`` and ``convert`` carry no fix.
Substitution rules build their own (safe) fix from ``swap``; see ``substitution.py``.
"""
from __future__ import annotations

import regex


def validate(action) -> dict | None:
    """The action as a mapping ``{name, params}``, or None when absent or not understood."""
    if not isinstance(action, dict) or not isinstance(action.get("name"), str):
        return None
    params = action.get("params") or []
    if not isinstance(params, list):
        params = [params]
    return {"name": action["name"].strip().lower(), "params": [str(p) for p in params]}


def apply(action: dict | None, match: str) -> str | None:
    """What Vale's fixer would put in place of ``match``; None when there is no single answer."""
    if not action:
        return None
    name, params = action["name"], action["params"]
    if name == "remove":
        return ""
    if name == "replace":
        return params[0] if len(params) == 1 else None
    if name != "edit" or not params:
        return None
    op = params[0]
    out = match
    try:
        if op == "regex" and len(params) == 3:
            out = regex.sub(params[1], _go_template(params[2]), match, timeout=1.0)
        elif op == "trim_right" and len(params) == 2:
            out = match.rstrip(params[1])
        elif op == "trim_left" and len(params) == 2:
            out = match.lstrip(params[1])
        elif op == "trim" and len(params) == 2:
            out = match.strip(params[1])
        elif op == "truncate" and len(params) == 2:
            out = match.split(params[1])[0] if params[1] else match
        elif op == "split" and len(params) == 3:
            parts = match.split(params[1]) if params[1] else [match]
            index = int(params[2])
            if index >= len(parts):
                return None
            out = parts[index]
        else:
            return None
    except (regex.error, ValueError, TimeoutError):
        return None
    return out.strip()


def _go_template(repl: str) -> str:
    """Go's ``$1`` / ``${name}`` replacement syntax as Python's ``\\g<1>``."""
    repl = repl.replace("\\", "\\\\")
    return regex.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: "\\g<%s>" % (m.group(1) or m.group(2)), repl)


def fix_for(rule, match: str) -> dict | None:
    """An unsafe fix from the rule's Vale ``action``, or None."""
    replacement = apply(getattr(rule, "action", None), match)
    if replacement is None or replacement == match:
        return None
    return {"replacement": replacement, "safe": False}
