"""The counts Vale's ``readability`` and ``metric`` read: its summary text, counted as
``jdkato/twine/summarize`` counts it (Vale's ``core.File.ComputeMetrics`` and
``check/readability.go``).

- The summary: in a Markdown post, the text of each paragraph, list item and block quote (not
  headings, table cells or alt text; code reads as ``*``), each followed by a blank line; in
  any other post, its body.
- Paragraphs: the summary split at blank lines; sentences: each paragraph split after
  ``. ! ?`` (Vale uses a Punkt model; here a period after an abbreviation, an initial or a
  word with an inner period, ``i.e.``, ends no sentence).
- Words: twine's word-boundary tokens, ``(?:[A-Z]\\.){2,}|[\\p{N}\\p{L}']+``; characters: their
  letters and digits; long words: more than 6 bytes (Go's ``len``); syllables: twine's counter
  (``_syllables``); polysyllabic: more than 2; complex: more than 2 once an ``es``, ``ed`` or
  ``ing`` ending takes one off.
"""
from __future__ import annotations

import regex

from . import _scope
from ._syllables import syllables

WORD = regex.compile(r"(?:[A-Z]\.){2,}|[\p{N}\p{L}']+")
_BREAK = regex.compile(r"[.!?]+[\"'»”’)\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc inc ltd co corp dept est fig gen gov sgt no mt approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split())


def summary_text(post, ctx=None) -> str:
    """What Vale's ``summary`` scope reads of a post."""
    if not _scope.is_markdown(post):
        return post.text[post.body_start:]
    from . import _blocks, _view
    struct = _scope._structure(post)
    spans = list(_blocks.paragraphs(post, ctx))
    spans += [(s, e) for kind in ("list", "blockquote") for s, e, _ in struct[kind]]
    key = ("vale-view", id(post))
    view, offs = ctx.memo(key, lambda: _view.build(post)) if ctx is not None else _view.build(post)
    return "".join(_view.cut(view, offs, s, e)[0] + "\n\n" for s, e in sorted(spans))


def _ends_sentence(text: str, at: int) -> bool:
    """Whether the period ending at ``text[at]`` ends a sentence (not an abbreviation)."""
    if text[at] != ".":
        return True
    word = text[:at].rsplit(None, 1)[-1] if text[:at].strip() else ""
    word = word.lstrip("(\"'“‘[")
    if "." in word or (len(word) == 1 and word.isalpha()):
        return False  # i.e. / U.S. / an initial
    return word.lower() not in _ABBREVIATIONS


def sentences(paragraph: str) -> list[str]:
    out, pos = [], 0
    for m in _BREAK.finditer(paragraph):
        last = m.group(0).rstrip("\"'»”’)]")
        if last == "." * len(last) and not _ends_sentence(paragraph, m.start()):
            continue
        piece = paragraph[pos:m.end()].strip()
        if piece:
            out.append(piece)
        pos = m.end()
    rest = paragraph[pos:].strip()
    if rest:
        out.append(rest)
    return out


def counts(text: str) -> dict[str, float]:
    """Vale's metric variables over a summary text (floats, as Vale passes them)."""
    c = dict.fromkeys(("words", "sentences", "characters", "syllables", "long_words",
                       "polysyllabic_words", "complex_words"), 0.0)
    paragraphs = text.split("\n\n")
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            c["sentences"] += 1
            for word in WORD.findall(sentence):
                n = syllables(word)
                c["words"] += 1
                c["syllables"] += n
                c["characters"] += sum(ch.isalnum() for ch in word)
                c["long_words"] += len(word.encode("utf-8")) > 6
                c["polysyllabic_words"] += n > 2
                c["complex_words"] += (n - word.endswith(("es", "ed", "ing"))) > 2
    c["paragraphs"] = float(len(paragraphs) - 1)  # Vale: the summary ends with a blank line
    return c
