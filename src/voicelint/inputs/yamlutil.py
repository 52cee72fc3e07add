"""Safe YAML loading that remembers where every value came from.

Only ``yaml.SafeLoader`` is used: no tag can construct a Python object or run code.
Values are plain dicts/lists/scalars; a parallel ``marks`` dict maps a key path
(``("pillars", 0, "id")``) to its 1-based (line, column), so validation errors can point
at the exact place. Alias expansion is bounded to defuse "billion laughs" documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from voicelint.shared.errors import UserError

MAX_NODES = 200_000
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 100
# Tags a document may carry: YAML's plain types. Anything else (``!!python/object``,
# ``!!binary``, ``!!set``, a local ``!tag``) is refused by name rather than silently read.
PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in (
    "str", "int", "float", "bool", "null", "seq", "map", "timestamp"))

Path_ = tuple


@dataclass
class Located:
    """A loaded YAML document and the position of every key path in it."""

    data: Any
    path: str
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, keypath: tuple) -> tuple[int | None, int | None]:
        """(line, column) of ``keypath`` or of its closest located ancestor."""
        kp = tuple(keypath)
        while kp:
            if kp in self.marks:
                return self.marks[kp]
            kp = kp[:-1]
        return self.marks.get((), (1, 1))


def _err(cls, path, msg, mark=None):
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return cls(msg, path=path, line=line, column=col)


def load_yaml_text(text: str, path: str, error_cls: type[UserError] = UserError) -> Located:
    if len(text) > MAX_BYTES:
        raise error_cls(f"file is too large for a YAML document ({len(text)} bytes, at most {MAX_BYTES})",
                        path=path)
    try:
        node = _compose(text)
    except _TooDeep as exc:
        raise _err(error_cls, path, f"nesting is too deep (more than {MAX_DEPTH} levels)", exc.mark) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise _err(error_cls, path, f"invalid YAML: {problem}", mark) from None
    except yaml.YAMLError as exc:
        raise error_cls(f"invalid YAML: {exc}", path=path) from None
    except RecursionError:  # not expected: _compose stops at MAX_DEPTH first
        raise error_cls("invalid YAML: nesting is too deep", path=path, line=1) from None
    loc = Located(data=None, path=path)
    if node is None:
        return loc
    budget = [MAX_NODES]
    loc.data = _build(node, (), loc, budget, error_cls, 0)
    return loc


class _TooDeep(Exception):
    def __init__(self, mark):
        super().__init__("too deep")
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer is recursive: stop at MAX_DEPTH with the place, before Python's
    recursion limit turns a hostile ``[[[[...`` into a RecursionError without a line."""

    def compose_node(self, parent, index):
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: libyaml's parser (C, about 10x faster) when PyYAML was built with it. Its composer recurses
#: in C without a depth check, so it only gets documents whose nesting is bounded by their
#: shape: depth <= lines + '[' + '{', kept under :data:`_C_SHAPE_LIMIT`. A document libyaml
#: refuses is read again by the Python parser, whose messages and places are the reference.
_CSafeLoader = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None
_C_SHAPE_LIMIT = 2000


def _compose(text: str):
    if _CSafeLoader is not None and text.count("\n") + text.count("[") + text.count("{") < _C_SHAPE_LIMIT:
        loader = _CSafeLoader(text)
        try:
            return loader.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load_yaml_file(path: str | Path, error_cls: type[UserError] = UserError) -> Located:
    from voicelint.shared.fsutil import FileTooLarge, NotRegularFile, read_bounded
    p = Path(path)
    try:
        raw = read_bounded(p, MAX_BYTES)
    except FileTooLarge as exc:
        raise error_cls(f"file is too large for a YAML document ({exc.size} bytes, at most {MAX_BYTES})",
                        path=str(path)) from None
    except NotRegularFile:
        raise error_cls("not a regular file (a FIFO, a device or a socket), expected a YAML file",
                        path=str(path)) from None
    except FileNotFoundError:
        raise error_cls("file not found", path=str(path)) from None
    except IsADirectoryError:
        raise error_cls("is a directory, expected a YAML file", path=str(path)) from None
    except OSError as exc:
        raise error_cls(f"cannot read file: {exc.strerror}", path=str(path)) from None
    if b"\x00" in raw:
        raise error_cls("binary file (NUL byte), expected UTF-8 YAML", path=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error_cls(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", path=str(path), line=line) from None
    return load_yaml_text(text, str(path), error_cls)


def _build(node, keypath, loc, budget, error_cls, depth):
    budget[0] -= 1
    if budget[0] < 0:
        raise _err(error_cls, loc.path,
                   f"document expands to more than {MAX_NODES} values (alias bomb?)", node.start_mark)
    if depth > MAX_DEPTH:
        raise _err(error_cls, loc.path, f"nesting is too deep (more than {MAX_DEPTH} levels)", node.start_mark)
    if node.tag not in PLAIN_TAGS:
        raise _err(error_cls, loc.path, f"invalid YAML: unsupported tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' (only plain values, "
                   "lists and mappings)", node.start_mark)
    loc.marks.setdefault(keypath, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise _err(error_cls, loc.path, "merge keys ('<<') are not supported", knode.start_mark)
            if not isinstance(knode, yaml.ScalarNode) or knode.tag not in PLAIN_TAGS:
                raise _err(error_cls, loc.path, "a mapping key must be a plain value", knode.start_mark)
            key = _scalar(knode, loc, error_cls)
            if key is None:
                raise _err(error_cls, loc.path, "a mapping key cannot be empty (null)", knode.start_mark)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                raise _err(error_cls, loc.path, f"duplicate key '{key}'", knode.start_mark)
            loc.marks[keypath + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[key] = _build(vnode, keypath + (key,), loc, budget, error_cls, depth + 1)
            loc.marks[keypath + (key,)] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, keypath + (i,), loc, budget, error_cls, depth + 1)
                for i, item in enumerate(node.value)]
    names = [k for k in keypath if isinstance(k, str)]
    if node.tag == "tag:yaml.org,2002:timestamp" and names and "date" in names[-1].lower():
        try:
            return _scalar(node, loc, error_cls)
        except error_cls:   # date: 2026-13-45 reads as a date YAML cannot build: name the key and the form
            raise _err(error_cls, loc.path, f"{names[-1]}: expected YYYY-MM-DD (or an ISO date-time), got "
                       f"'{node.value}'", node.start_mark) from None
    return _scalar(node, loc, error_cls)


_SCALAR_LOADER = yaml.SafeLoader("")


def _scalar(node, loc, error_cls):
    if not isinstance(node, yaml.ScalarNode):
        return None
    try:
        value = _SCALAR_LOADER.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise _err(error_cls, loc.path, f"invalid value: {exc}", node.start_mark) from None
    except (ValueError, OverflowError) as exc:
        raise _err(error_cls, loc.path, f"invalid value: {exc}", node.start_mark) from None
    if isinstance(value, str) and _SURROGATE.search(value):
        # "\ud800" in a double-quoted scalar: not a character, cannot be written out as UTF-8
        raise _err(error_cls, loc.path, "invalid value: an unpaired surrogate escape (\\uD800-\\uDFFF) "
                   "is not a character", node.start_mark)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")
