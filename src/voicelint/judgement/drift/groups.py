"""How drift groups posts (by platform, author, campaign or period of their date) and the verdict
of one group (:class:`GroupVerdict`, filled in by :mod:`voicelint.judgement.drift.judge`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

DIMENSIONS = ("platform", "author", "campaign", "date")
PERIODS = ("month", "week", "quarter", "year")

_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_DMY_RE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def period_of(value, period: str = "month") -> str | None:
    """'2024-03-14' -> '2024-03' (month), '2024-W11' (week), '2024-Q1', '2024'; None if unreadable."""
    import datetime as dt
    if value is None:
        return None
    s = str(value)
    m = _DATE_RE.match(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    else:
        m = _DMY_RE.match(s)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        return None
    if period == "year":
        return f"{y:04d}"
    if period == "quarter":
        return f"{y:04d}-Q{(mo - 1) // 3 + 1}"
    if period == "week":
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return f"{y:04d}-{mo:02d}"


def group_key(post, dimension: str, period: str = "month") -> str | None:
    if dimension == "date":
        return period_of(post.meta.get("date"), period)
    v = post.meta.get(dimension)
    return str(v) if v not in (None, "") else None


@dataclass
class GroupVerdict:
    """What the drift test says of one group of posts (one platform, author, campaign or month,
    in one language): whether it was judged, against what, and whether it drifted, with the
    evidence a finding shows."""

    dimension: str                  # "platform" | "author" | "campaign" | "date"
    key: str                        # the group: "instagram", an author's name, "2026-10"
    lang: str                       # "fr" | "en"
    posts: list                     # the group's Posts
    n: int                          # how many posts the group has
    drifted: bool = False           # judged and apart (p <= the Holm level, both comparisons)
    judged: bool = False            # False: too few posts or references (see ``reason``)
    versus: str = ""                # what it was found apart from: "brand" | "others" | ""
    p_value: float | None = None    # the p-value the verdict rests on (Holm-adjusted)
    p_brand: float | None = None    # ... against the approved voice
    p_others: float | None = None   # ... against the groups not found drifted
    score: float | None = None      # the test statistic of the comparison named by ``versus``
    threshold: float | None = None  # its critical value at the Holm level, times the tolerance
    blocks: dict[str, float] = field(default_factory=dict)  # block -> its standardised statistic
    traits: list[dict] = field(default_factory=list)   # every persona trait: group vs brand
    moved: list[dict] = field(default_factory=list)    # traits that moved (|z| >= 1), largest first
    markers: list[dict] = field(default_factory=list)  # words / marks whose share of posts moved most
    order: list = field(default_factory=list)          # group posts, largest contribution first
    reason: str = ""                # why not judged
