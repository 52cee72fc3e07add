"""Inline suppression directives (HTML comments in the draft).

``<!-- voicelint-disable VL101 VL2 -->`` … ``<!-- voicelint-enable -->``,
``<!-- voicelint-disable-next-line VL101 -->`` and ``<!-- voicelint-disable-file -->``.
Without codes a directive covers every code; a code may be a prefix (``VL1`` = the family).
The engine asks :meth:`Suppressions.covers` for each finding and, with
``--report-unused-disables``, reports directives that covered nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

DIRECTIVE = re.compile(
    r"<!--\s*voicelint-(disable-file|disable-next-line|disable-line|disable|enable)\b([^>]*?)-->", re.I)
CODE = re.compile(r"^(?:VL\d{1,3}|[A-Za-z][\w-]*(?:\.[\w-]+)?)$")


@dataclass
class Directive:
    kind: str
    codes: tuple[str, ...]
    offset: int
    end: int
    line: int
    first_line: int          # first line covered
    last_line: int | None    # last line covered (None = to the end)
    used: bool = False

    def matches(self, code: str) -> bool:
        if not self.codes:
            return True
        return any(code == c or (c.startswith("VL") and code.startswith(c)) for c in self.codes)


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)
    bad_codes: list[tuple[Directive, str]] = field(default_factory=list)

    def covers(self, code: str, line: int) -> bool:
        hit = False
        for d in self.directives:
            if d.kind == "enable":
                continue
            if d.first_line <= line and (d.last_line is None or line <= d.last_line) and d.matches(code):
                d.used = True
                hit = True
        return hit

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.kind != "enable" and not d.used]


def parse(post, known_code=None) -> Suppressions:
    """Directives of a post. ``known_code(code) -> bool`` flags unknown codes."""
    source = post.source
    if "voicelint-" not in source:
        return Suppressions()
    sup = Suppressions()
    open_ranges: list[Directive] = []
    calendar = post.row is not None
    for m in DIRECTIVE.finditer(source):
        kind = m.group(1).lower()
        codes = tuple(c for c in re.split(r"[\s,]+", m.group(2).strip()) if c)
        line = post.position(m.start())[0]
        end_line = post.position(m.end())[0]
        d = Directive(kind, codes, m.start(), m.end(), line, line, None)
        for c in codes:
            if not CODE.match(c) or (known_code is not None and not known_code(c)):
                sup.bad_codes.append((d, c))
        if kind == "disable-file" or (calendar and kind in ("disable", "disable-next-line", "disable-line")):
            d.first_line, d.last_line = 0, None
        elif kind == "disable-next-line":
            d.first_line = d.last_line = end_line + 1
        elif kind == "disable-line":
            d.first_line, d.last_line = line, end_line
        elif kind == "disable":
            open_ranges.append(d)
        elif kind == "enable":
            for o in list(open_ranges):
                if not codes or set(o.codes) & set(codes) or not o.codes:
                    o.last_line = line
                    open_ranges.remove(o)
        sup.directives.append(d)
    return sup
