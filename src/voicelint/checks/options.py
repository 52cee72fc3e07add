"""Typed rule options, checked once when a rule file loads (as yamllint's ``CONF``/``DEFAULT``).

A check module declares ``OPTIONS = {"min_words": int, "tokens": list, ...}``: each option's
type, one of ``bool``, ``int`` (a whole number), ``float`` (any number), ``str``, ``list``,
``dict`` or ``object`` (anything; the module checks it), or a tuple of them (the first that fits).
``DEFAULTS`` gives the value of an option a rule leaves out (else ``None``). A value is read
weakly, as Vale's decoder reads it (``WeaklyTypedInput``): ``"3"`` is a number, ``"true"`` a
boolean, a single value a list of one. Anything else is a :class:`RuleError` naming the option,
which the loader turns into ``file:line``.
"""
from __future__ import annotations

from voicelint.shared.errors import RuleError

_WORDS = {bool: "true or false", int: "a whole number", float: "a number", str: "a text",
          list: "a list", dict: "a mapping (key: value)", object: "a value"}
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False", ""}


class _Mismatch(Exception):
    pass


def _as(kind, value):
    if kind is object:
        return value
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return value != 0
        if isinstance(value, str) and value.strip() in _TRUE | _FALSE:
            return value.strip() in _TRUE
    elif kind is int:
        if isinstance(value, bool):
            raise _Mismatch
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
    elif kind is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    elif kind is list:
        if isinstance(value, list):
            return value
        if isinstance(value, (str, int, float, bool)):
            return [value]
    elif kind is dict:
        if isinstance(value, dict):
            return value
    raise _Mismatch


def describe(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_WORDS.get(k, k.__name__) for k in kinds)


def convert(name: str, kind, value):
    """``value`` read as ``kind``; a RuleError naming the option when it cannot be."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:  # as it is first, then converted
        if k is object or (isinstance(value, k) and not (k in (int, float) and isinstance(value, bool))):
            return value
    for k in kinds:
        try:
            return _as(k, value)
        except _Mismatch:
            continue
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    raise RuleError(f"expected '{name}' to be {describe(kind)}, got {shown}", key=name)


def read(module, given: dict) -> dict:
    """Every option the module declares: the rule's value, converted, else the default."""
    declared = getattr(module, "OPTIONS", {})
    defaults = getattr(module, "DEFAULTS", {})
    out = {}
    for name, kind in declared.items():
        value = given.get(name)
        out[name] = defaults.get(name) if value is None else convert(name, kind, value)
    return out
