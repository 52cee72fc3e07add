"""pattern: spaCy token patterns (``Matcher``) — for what a regex cannot say (POS, lemmas).

``patterns`` is a list of spaCy Matcher patterns, e.g.
``[{LEMMA: {IN: [acheter, commander]}, MORPH: {IS_SUPERSET: ["Mood=Imp"]}}]``.
"""
from __future__ import annotations

from ..errors import RuleError
from .base import Hit

TYPE = "pattern"
SCOPE = "post"
NEEDS = {"spacy"}
OPTIONS = {"patterns": None, "prefilter": None}


def compile(rule):
    pats = rule.options.get("patterns")
    if not isinstance(pats, list) or not pats or not all(isinstance(p, list) and p for p in pats):
        raise RuleError("expected 'patterns:' as a list of token patterns (lists of mappings)", key="patterns")
    for p in pats:
        for tok in p:
            if not isinstance(tok, dict):
                raise RuleError("each token of a pattern must be a mapping (e.g. {LOWER: buy})", key="patterns")
    pre = rule.options.get("prefilter")
    import re
    return pats, re.compile(pre, re.I) if pre else None


def _matcher(rule, ctx, lang):
    def build():
        from spacy.matcher import Matcher
        nlp = ctx.nlp(lang)
        m = Matcher(nlp.vocab)
        try:
            m.add(rule.code, rule.compiled[0])
        except (ValueError, KeyError, TypeError) as exc:
            raise RuleError(f"invalid spaCy token pattern: {str(exc).splitlines()[0][:160]}",
                            path=rule.path, key="patterns") from None
        return m
    return ctx.memo(("matcher", rule.code, rule.path, lang), build)


def wants_doc(rule, post, ctx) -> bool:
    """Whether :func:`check` will read the post's spaCy doc (the engine makes those in batches)."""
    pre = rule.compiled[1]
    return pre is None or bool(pre.search(post.text))


def check(rule, post, ctx):
    pre = rule.compiled[1]
    if pre is not None and not pre.search(post.text):
        return
    lang = ctx.lang(post)
    doc = ctx.doc(post)
    matcher = _matcher(rule, ctx, lang)
    spans = sorted({(s, e) for _, s, e in matcher(doc)})
    last_end = -1
    for s, e in spans:
        if s < last_end:
            continue
        last_end = e
        span = doc[s:e]
        yield Hit(span.start_char, span.end_char, args=(span.text,))
