"""LinkedIn member export: ``Shares.csv`` (``Date,ShareLink,ShareCommentary,SharedUrl,
MediaUrl,Visibility``).

LinkedIn quotes the commentary once more inside the CSV field: a multi-line post reads
``"first line"\\n"second line"`` once the CSV is parsed. The extra quotes are removed here,
the positions of the other characters kept.
"""
from __future__ import annotations

import bisect
import re

from voicelint.inputs.calendars import csv_rows
from voicelint.inputs.posts import line_starts_of
from voicelint.shared.errors import DraftError
from ._text import make_post

#: The start of a Shares.csv row (its Date, then its ShareLink) inside a post's text.
_NEXT_ROW = re.compile(r"\n\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?,\"?https?://(?:www\.)?linkedin\.com/")

PLATFORM = "linkedin"
COLUMN = "sharecommentary"
EXPECTED = "LinkedIn's Shares.csv (a header with Date and ShareCommentary)"


def _header(first_line: str) -> list[str]:
    return first_line.lower().replace('"', "").replace(" ", "").replace("\ufeff", "").strip().split(",")


def sniff(first_line: str) -> bool:
    return COLUMN in _header(first_line)


#: Columns only LinkedIn's Shares.csv has: a header with them is that export, whatever else it lacks.
_OWN = ("sharelink", "sharedurl", "mediaurl")


#: Other files of LinkedIn's member export, known by their header (and, for headers a content
#: calendar may share, by their name): not the member's posts.
_OTHERS = {
    ("first name", "last name", "connected on"): (None, "the connections"),
    ("conversation id", "from", "content"): (None, "the messages"),
    ("date", "link", "message"): ("comments.csv", "the member's comments"),
    ("date", "type", "link"): ("reactions.csv", "the member's reactions"),
}


def other_file(name: str, head: str, beside_shares: bool) -> str | None:
    """For another file of a LinkedIn export given on its own (Connections.csv, Comments.csv...),
    what it is and what to give instead; None for anything else (a content calendar)."""
    lines = [ln.lower() for ln in head.replace("\ufeff", "").splitlines()[:8]]
    for cols, (own_name, what) in _OTHERS.items():
        if own_name not in (None, name.lower()):
            continue
        if any(all(c in [x.strip(' "') for x in ln.split(",")] for c in cols) for ln in lines):
            return (f"this is LinkedIn's {name} ({what}), not the member's posts: give Shares.csv"
                    + (" (beside it)" if beside_shares else " from the same export"))
    return None


def missing_text(first_line: str) -> str | None:
    """For a Shares.csv whose ShareCommentary column is gone (cut by a spreadsheet, a script),
    why it cannot be read; None for any other CSV (a content calendar)."""
    cols = _header(first_line)
    if COLUMN in cols or sum(c in cols for c in _OWN) < 2:
        return None
    return (f"LinkedIn's Shares.csv without its ShareCommentary column, which holds the posts' text "
            f"(columns: {', '.join(c for c in cols if c)}); expected {EXPECTED}: export it again from "
            "LinkedIn, or keep that column when editing the file")


def _unquote(chars: str, offs: list[int]) -> tuple[str, list[int]]:
    pairs = list(zip(chars, offs))
    if len(pairs) >= 2 and pairs[0][0] == '"' and pairs[-1][0] == '"':
        pairs = pairs[1:-1]
    out: list = []
    i = 0
    while i < len(pairs):
        c = pairs[i][0]
        if c == '"' and i + 2 < len(pairs) and pairs[i + 1][0] == "\n" and pairs[i + 2][0] == '"':
            out.append(pairs[i + 1])
            i += 3
            continue
        if c == '"' and i + 1 < len(pairs) and pairs[i + 1][0] == '"':
            out.append(pairs[i])
            i += 2
            continue
        out.append(pairs[i])
        i += 1
    return "".join(c for c, _ in out), [o for _, o in out]


def parse(text: str, display: str) -> list:
    starts = line_starts_of(text)
    header = None
    posts = []
    for line, fields, offs in csv_rows(text, display, ","):
        if header is None:
            header = [f.strip().lower().replace(" ", "") for f in fields]
            if COLUMN not in header:
                raise DraftError(f"expected {EXPECTED}", path=display, line=line)
            col = header.index(COLUMN)
            date_col = header.index("date") if "date" in header else None
            continue
        if fields == [""] or len(fields) <= col:
            continue
        chars, pos = _unquote(*_drop_cr(fields[col], offs[col]))
        swallowed = _NEXT_ROW.search(chars)
        if swallowed:   # a quote left open: the next rows were read into this post's text
            at = pos[swallowed.start() + 1] if swallowed.start() + 1 < len(pos) else 0
            raise DraftError(f"a new share (its date and link) inside the text of the share on line {line}: "
                             f"a quote left open there runs on into the next rows; close it (a quote in "
                             f"the text is written twice, \"\"), or export the file again",
                             path=display, line=bisect.bisect_right(starts, at))
        meta = {"platform": PLATFORM, "date": fields[date_col].strip() if date_col is not None and
                len(fields) > date_col else None}
        post = make_post(display, starts, chars, pos, meta)
        if post is not None:
            posts.append(post)
    if header is None:
        raise DraftError(f"empty file; expected {EXPECTED}", path=display, line=1)
    if posts and date_col is None:   # read, but say what is missing rather than drop it silently
        posts[0].notes.append(f"{display}:1: no Date column: its {len(posts)} post{'s' if len(posts) != 1 else ''} "
                              "are read without a date (drift over time and the report's periods leave them out)")
    return posts


def _drop_cr(chars: str, offs: list[int]) -> tuple[str, list[int]]:
    keep = [(c, o) for c, o in zip(chars, offs) if c != "\r"]
    return "".join(c for c, _ in keep), [o for _, o in keep]
