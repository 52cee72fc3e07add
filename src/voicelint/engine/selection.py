"""Which rule codes run, and at what severity: the profile's, the config's and the command
line's select/ignore/severity merged, the longest matching pattern winning."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable


@dataclass
class Selection:
    """Which codes run and at what severity (profile, then config, then command line)."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _match(code: str, patterns: Iterable[str]) -> int:
        """Length of the longest pattern matching ``code`` (0 = none); 'ALL' matches all."""
        best = 0
        for p in patterns:
            if p == "ALL" or code == p or code.startswith(p):
                best = max(best, len(p) if p != "ALL" else 1)
        return best

    def enabled(self, code: str) -> bool:
        sel = self._match(code, self.select) if self.select else 1
        ign = self._match(code, self.ignore)
        return sel > ign  # the longer pattern wins; at equal length, the ignore

    def severity_for(self, code: str, default: str) -> str | None:
        best, sev = 0, default
        for pat, s in self.severity.items():
            n = self._match(code, [pat])
            if n > best:
                best, sev = n, s
        return None if sev == "off" else sev

    def merged(self, other: "Selection") -> "Selection":
        """``other`` wins: its select replaces ours if given, ignores add up (less ours that its
        select names: an ignore beats a select of the same pattern)."""
        sev = dict(self.severity)
        sev.update(other.severity)
        ignore = [p for p in self.ignore if p not in other.select] + other.ignore
        return Selection(select=other.select or self.select, ignore=ignore, severity=sev)


def code_named(pattern: str, known: Iterable[str], packs: set[str] | None = None) -> str | None:
    """The code, family or rule pack ``pattern`` names, spelt as the rules spell it, or None when
    it names none. ``ALL`` is every code; case does not matter (``vl201`` is VL201, ``vl2`` the
    VL2 family); a prefix names the codes it starts (``VL2``, ``Microsoft``). A rule pack's code
    (``Microsoft.We``) whose pack this run does not load (``packs``: the loaded packs' names;
    None: not known, as for ``profile check``) is kept as written: a configuration may name the
    codes of a pack that only some runs load (a .vale.ini found or not); a code missing from a
    pack that is loaded is a typo, and None."""
    p = pattern.strip()
    if p.upper() == "ALL":
        return "ALL"
    low = p.lower()
    hits = sorted(k for k in known if k.lower().startswith(low))
    if hits:
        exact = [k for k in hits if k.lower() == low]
        if exact:
            return p if p in exact else exact[0]
        if p in (h[:len(p)] for h in hits):
            return p
        return hits[0][:len(p)]
    pack = low.split(".")[0]
    if low.startswith("vl") or low[:1].isdigit() or pack in {k.lower() for k in packs or ()}:
        return None     # a VL code, one without its VL, or a code the loaded pack lacks
    return p


def resolved(select: Iterable[str], ignore: Iterable[str], severity: dict, known: Iterable[str],
             packs: set[str] | None = None, place=None) -> Selection:
    """A Selection of these codes, each as :func:`code_named` spells it. A code that names no
    rule raises a ConfigError placed by ``place(key, index_or_code)`` (keyword arguments of the
    error: path, line, column, key), with "did you mean" from the known codes."""
    from voicelint.shared.errors import ConfigError
    from voicelint.shared.messages import did_you_mean_code
    known = sorted(set(known))

    def one(key: str, at, p: str) -> str:
        code = code_named(str(p), known, packs)
        if code is not None:
            return code
        where = place(key, at) if place else {"key": key}
        raise ConfigError(f"unknown rule code '{str(p).strip()}'{did_you_mean_code(p, known)}; "
                          "see `voicelint rules`", **where)

    return Selection(select=[one("select", i, p) for i, p in enumerate(select)],
                     ignore=[one("ignore", i, p) for i, p in enumerate(ignore)],
                     severity={one("severity", c, c): s for c, s in (severity or {}).items()})
