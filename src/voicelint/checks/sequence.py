"""sequence: a run of words given by their text and part of speech (Vale's ``sequence``).

``tokens`` is a list of steps, each with ``pattern`` (a regex searched in the word, not bounded:
``'s`` finds the possessive token) and ``tag`` (a regex searched in the Penn Treebank tag, as
Vale does: ``NN`` also takes ``NNP`` and ``NNS``; anchor it, ``^NN$``, for one tag),
``negate: true`` (the step matches a word that does *not* fit) and ``skip: n`` (up to ``n`` words
of any kind may come between this step and the anchor's side, the anchor being the first step
with a pattern; a step with only ``skip`` is such a gap). As in Vale a run is read within a
sentence, whatever the rule's ``scope``: a sentence of a paragraph (not a heading) of a
Markdown post, of a blank-line separated block of a text file. The words and
their tags are spaCy's (``token.tag_``: Penn Treebank tags for English, the pipeline's own for
French), read per sentence, as Vale does. As in Vale, a run is reported only when its words,
joined by one space (no space before a word starting with ``'``), are the sentence's text: a run
across punctuation ("opinion , he") is not. The message is filled with the words of the run:
``%s`` in order, or Vale's ``%[2]s`` for the second. ``ignorecase`` applies to the patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from . import _match, _scope
from .base import Hit

TYPE = "sequence"
SCOPE = "post"
NEEDS = {"spacy"}
OPTIONS = {"tokens": list, "ignorecase": bool}
DEFAULTS = {"ignorecase": False}

_INDEXED = re.compile(r"%\[(\d+)\]s")


@dataclass(frozen=True)
class Settings:
    steps: tuple         # (pattern, tag pattern, negate, gap after it) per step
    scope: _scope.Scope


def configure(rule) -> Settings:
    toks = rule.options["tokens"]
    if not toks or not all(isinstance(t, dict) for t in toks):
        raise RuleError("expected 'tokens:' as a list of steps (pattern:, tag:, negate:, skip:)", key="tokens")
    ic = rule.options["ignorecase"]
    steps = []
    for t in toks:
        pat = t.get("pattern")
        tag = t.get("tag")
        skip = t.get("skip", 0) or 0
        if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
            raise RuleError("expected 'skip' to be a whole number", key="tokens")
        rx = _match.compile_pattern("(?:" + _match.translate(str(pat), "tokens") + ")", ic, "tokens") \
            if pat not in (None, "") else None
        trx = _match.compile_pattern(str(tag), False, "tokens") if tag not in (None, "") else None
        steps.append((rx, trx, bool(t.get("negate", False)), skip))
    return Settings(_toward_anchor(steps), _scope.parse(rule.scope))


def _toward_anchor(steps: list) -> tuple:
    """Vale reads a run from its anchor (the first step with a pattern), and a step's ``skip``
    is a gap on the anchor's side of it: after a step before the anchor ("a noun up to 7 words
    before 'he'"), before a step after it ("'data', then up to 4 words, then a VBZ"). Here
    each step's number is the gap after it."""
    anchor = next((k for k, st in enumerate(steps) if st[0] is not None and not st[2]), 0)
    gaps = [st[3] if k < anchor or (st[0] is None and st[1] is None) else 0 for k, st in enumerate(steps)]
    for k, st in enumerate(steps):
        if k > anchor and st[3] and not (st[0] is None and st[1] is None):
            gaps[k - 1] += st[3]
    return tuple((rx, trx, neg, gaps[k]) for k, (rx, trx, neg, _) in enumerate(steps))


def _fits(step, token) -> bool:
    rx, trx, negate, _ = step
    if rx is None and trx is None:
        return True
    ok_tag = trx is None or trx.search(token.tag_) is not None
    ok_text = rx is None or rx.search(token.text) is not None
    return (ok_tag and ok_text) != negate


def _run(steps, words, k: int, j: int):
    """Indices of the words of a run matching ``steps[k:]`` from word ``j`` (or None). A step's
    ``skip`` lets up to that many words of any kind come between it and the next step."""
    if k == len(steps):
        return []
    step = steps[k]
    if step[0] is None and step[1] is None:  # a gap of its own
        for gap in range(step[3] + 1):
            rest = _run(steps, words, k + 1, j + gap) if j + gap <= len(words) else None
            if rest is not None:
                return list(range(j, j + gap)) + rest
        return None
    if j >= len(words) or not _fits(step, words[j]):
        return None
    if k + 1 == len(steps):
        return [j]
    for gap in range(step[3] + 1):
        rest = _run(steps, words, k + 1, j + 1 + gap)
        if rest is not None:
            return list(range(j, j + 1 + gap)) + rest
    return None


def fill(message: str, args: list[str]) -> str:
    out = _INDEXED.sub(lambda m: args[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(args) else "", message)
    parts = out.split("%s")
    text = parts[0]
    for i, p in enumerate(parts[1:]):
        text += (args[i] if i < len(args) else "") + p
    return text


class _Word:
    """A word as Vale's tokenizer has it: spaCy's tokens of a hyphenated word ("meet", "-",
    "ups") joined, with the tag of its last part."""
    __slots__ = ("text", "tag_", "idx")

    def __init__(self, text: str, tag: str, idx: int):
        self.text, self.tag_, self.idx = text, tag, idx


def _words(tokens: list) -> list:
    out: list = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        j = i
        while (j + 2 < len(tokens) and tokens[j + 1].text == "-" and not tokens[j].whitespace_
               and not tokens[j + 1].whitespace_ and tokens[j].text[-1:].isalnum()
               and tokens[j + 2].text[:1].isalnum()):
            j += 2
        if j == i:
            out.append(t)
        else:
            end = tokens[j].idx + len(tokens[j].text)
            out.append(_Word(t.doc.text[t.idx:end], tokens[j].tag_, t.idx))
        i = j + 1
    return out


def _blocks_of(scope, post, ctx):
    """Spans a run must stay within: Vale runs a sequence on sentences (whatever its
    ``scope``), which in a Markdown post are those of its paragraphs (not headings), and in a
    text file those of each blank-line separated block; None for a calendar row."""
    if post.row is not None:
        return None
    if _scope.is_markdown(post):
        from . import _blocks
        return sorted((s, e) for s, e, _src in _blocks.spans("sentence", post, ctx))
    return sorted(_scope._spans("sentence", post, ctx))


def joined(words: list[str]) -> str:
    """Vale's ``stepsToString``: the words of a run as one text, which Vale then looks for in the
    sentence (a run it cannot find there, across a comma say, is dropped)."""
    return "".join(w if w.startswith("'") else " " + w for w in words).strip(" ")


def check(rule, post, ctx):
    steps, scope = rule.compiled.steps, rule.compiled.scope
    first = next((s for s in steps if s[0] is not None and not s[2]), None)
    if first is not None and first[0].search(post.text) is None:
        return  # the run needs a word this post does not hold: no tagging
    spans = _blocks_of(scope, post, ctx)
    doc = ctx.doc(post)
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        words = _words([t for t in sent if not t.is_space])
        i = 0
        while i < len(words):
            idx = _run(steps, words, 0, i)
            if idx and spans is not None and not any(
                    a <= words[idx[0]].idx and words[idx[-1]].idx + len(words[idx[-1]].text) <= b for a, b in spans):
                idx = None
            if idx and joined([words[n].text for n in idx]) not in sent.text:
                idx = None
            if idx:
                run = [words[n] for n in idx]
                args = [t.text for t in run]
                msg = fill(rule.messages.get(post.lang or "", rule.message), args)
                yield Hit(run[0].idx, run[-1].idx + len(run[-1].text), message=msg, args=tuple(args))
                i = idx[-1] + 1
            else:
                i += 1
