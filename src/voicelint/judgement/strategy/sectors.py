"""The other sectors' posts that ship with voicelint (``voicelint/data/sectors_<lang>.txt``), and
which of them a declared off-strategy topic names.

A declared topic is rarely matched by its own few words: "Politique, élections, partis" against a
candidate's post on jobs or Europe shares no word, and MiniLM knows no French. So an
``off_strategy:`` topic that names a shipped sector gets that sector's posts as examples too
(a dozen posts of the sector, written for voicelint, each in its own words). It names a sector:

- with ``sectors: [politique]`` (any of :func:`sector_names`; ``sectors: []`` for none);
- without that key, by its ``id`` or one of its ``keywords``: a word of it and a word of the
  sector's name share their first :data:`STEM` letters, accents and case aside (``politique``,
  ``politics``, ``political`` -> politique / politics; ``santé`` -> sante, ``food`` -> fast-food).
  Only where the embedding model does not know the language (all-MiniLM-L6-v2 on French): there
  the similarity is mostly shared word stems and the topic's few words miss. Where it knows it,
  the description's meaning is embedded already, and the sector's posts bring their incidental
  words: on the dev set, English skincare strategies flagged a cosmetics brand's "Emerging
  Leaders Fund" posts as politics ("We need a leader who...") and care replies on "service
  costs" ("the minister's expenses"), 1-3 points more of their own posts for 1-3 points of
  detection. ``sectors:`` applies in every language.

The description is not read for this: a sentence names more than its topic ("do not talk about
competitor food brands" is not about fast food).
"""
from __future__ import annotations

import re

from voicelint.shared.sectors import load_sectors, sector_names  # noqa: F401 (re-exported)

#: Letters two words share at their start to name the same thing (shorter words: all of them).
STEM = 5
_SPLIT = re.compile(r"[^\w]+|_")


def _stems(text: str) -> set[str]:
    from .text import _strip_accents
    words = (w for w in _SPLIT.split(_strip_accents(str(text)).lower()) if len(w) >= 3)
    return {w[:STEM] for w in words}


def topic_sectors(item: dict, lang: str, by_name: bool = True) -> list[str]:
    """The shipped sectors of ``lang`` that the off-strategy topic ``item`` names (see the module
    docstring), in the file's order; ``by_name`` False: only those its ``sectors:`` key lists."""
    names = sector_names(lang)
    if "sectors" in item and item["sectors"] is not None:
        wanted = {str(s) for s in item["sectors"]}
        return [s for s in names if s in wanted]
    if not by_name:
        return []
    words = _stems(item.get("id", ""))
    for k in item.get("keywords") or []:
        words |= _stems(k)
    return [s for s in names if words & _stems(s)]


def topic_sector_posts(item: dict, lang: str, by_name: bool = True) -> list[tuple[str, str]]:
    """(sector, post) of the shipped sectors the topic names (:func:`topic_sectors`)."""
    chosen = set(topic_sectors(item, lang, by_name))
    return [(s, t) for s, t in load_sectors(lang) if s in chosen]
