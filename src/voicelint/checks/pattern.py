"""pattern: spaCy token patterns (``Matcher``) — for what a regex cannot say (POS, lemmas).

``patterns`` is a list of spaCy Matcher patterns, e.g.
``[{LEMMA: {IN: [acheter, commander]}, MORPH: {IS_SUPERSET: ["Mood=Imp"]}}]``.

A post gets a spaCy doc only if it passes ``prefilter`` (a regex of the rule, searched in the
post, case-insensitive) and the prefilter derived from the patterns themselves: each required
token of a pattern that fixes its text (``LOWER``, ``ORTH``, ``TEXT``: a value, ``IN`` or, for
``LOWER``, ``REGEX``) or its lemma (``LEMMA``: a value or ``IN``, turned into the texts the
pipeline may lemmatise so, :mod:`voicelint.nlp.lemmata`) must be among the post's possible
tokens (:mod:`voicelint.nlp.surface`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from .base import Hit

TYPE = "pattern"
SCOPE = "post"
NEEDS = {"spacy"}
OPTIONS = {"patterns": list, "prefilter": str}


@dataclass(frozen=True)
class Settings:
    patterns: list       # spaCy Matcher patterns (lists of token mappings)
    prefilter: object    # a pattern a post must match before it is parsed, or None


def configure(rule) -> Settings:
    pats = rule.options["patterns"]
    if not pats or not all(isinstance(p, list) and p for p in pats):
        raise RuleError("expected 'patterns:' as a list of token patterns (lists of mappings)", key="patterns")
    for p in pats:
        for tok in p:
            if not isinstance(tok, dict):
                raise RuleError("each token of a pattern must be a mapping (e.g. {LOWER: buy})", key="patterns")
    pre = rule.options["prefilter"]
    return Settings(pats, re.compile(pre, re.I) if pre else None)


def _matcher(rule, ctx, lang):
    def build():
        from spacy.matcher import Matcher
        nlp = ctx.nlp(lang)
        m = Matcher(nlp.vocab)
        try:
            m.add(rule.code, rule.compiled.patterns)
        except (ValueError, KeyError, TypeError) as exc:
            raise RuleError(f"invalid spaCy token pattern: {str(exc).splitlines()[0][:160]}",
                            path=rule.path, key="patterns") from None
        return m
    return ctx.memo(("matcher", rule.code, rule.path, lang), build)


#: Token attributes spaCy's Matcher knows; a pattern with others is left to spaCy to refuse.
KNOWN = frozenset("ORTH TEXT LOWER LENGTH POS TAG MORPH DEP LEMMA SHAPE ENT_TYPE ENT_IOB ENT_ID "
                  "ENT_KB_ID NORM IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER IS_UPPER IS_TITLE IS_PUNCT "
                  "IS_SPACE IS_STOP IS_SENT_START SENT_START SPACY LIKE_NUM LIKE_URL LIKE_EMAIL "
                  "PREFIX SUFFIX OP _".split())
#: Bump when what :func:`_derived_spec` derives changes (its result is kept in the cache).
FILTER_VERSION = 2
_REQUIRED_OP = re.compile(r"\{[1-9]\d*(,\d*)?\}")


def _text_test(tok: dict, tables) -> dict | None:
    """What a token matching ``tok`` must be, as a token test of :mod:`..nlp.surface`; None
    when ``tok`` does not fix its text or lemma in a way used here."""
    for attr in ("LOWER", "ORTH", "TEXT", "LEMMA"):
        value = tok.get(attr)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list) \
                and all(isinstance(v, str) for v in value["IN"]):
            values = list(value["IN"])
        elif isinstance(value, str):
            values = [value]
        elif attr == "LOWER" and isinstance(value, dict) and set(value) == {"REGEX"} \
                and isinstance(value["REGEX"], str):
            try:
                re.compile(value["REGEX"])
            except re.error:
                return None  # spaCy refuses the pattern when the matcher is built
            return {"regex": [value["REGEX"]]}
        else:
            continue
        if attr == "LOWER":
            return {"exact": values}
        if attr in ("ORTH", "TEXT"):
            return {"exact": [v.lower() for v in values]}
        if tables is not None:
            return tables.inverse({v.lower() for v in values}).spec()
    return None


def _required(tok: dict) -> bool:
    op = tok.get("OP")
    return op is None or op in ("+", "1") or bool(isinstance(op, str) and _REQUIRED_OP.fullmatch(op))


def _derived_spec(rule, ctx, lang: str) -> dict:
    """For each pattern, the token tests of its required tokens (all must pass for the pattern
    to match); ``{"patterns": None}`` when some pattern cannot be narrowed down."""
    from ..nlp import artifacts, lemmata, pipelines

    pats = rule.compiled.patterns
    if any(not isinstance(k, str) or k.upper() not in KNOWN for p in pats for tok in p for k in tok):
        return {"patterns": None}
    configured = ctx.options.get("nlp") or (ctx.profile.get("nlp") if ctx.profile else None)
    uses_lemmas = any(k.upper() == "LEMMA" for p in pats for tok in p for k in tok)
    key = artifacts.digest("pattern-filter", FILTER_VERSION, lang, pats, pipelines.identity(lang, configured))

    def build():
        name = pipelines.chosen(lang, configured)
        splits = lemmata.special_cases(name, lang) if name else None
        if splits is None:  # not spaCy's own tokenizer: which tokens a post holds is unknown
            return {"patterns": None}
        tables = lemmata.load(name, lang) if uses_lemmas else None
        groups = []
        for p in pats:
            tests = [t for t in (_text_test({k.upper(): v for k, v in tok.items()}, tables)
                                 for tok in p if _required(tok)) if t is not None]
            if not tests:
                return {"patterns": None}
            groups.append(tests)
        return {"patterns": groups, "splits": splits}

    def decode(raw):
        if not isinstance(raw, dict) or "patterns" not in raw:
            raise ValueError("stale")
        return raw
    return artifacts.memo(ctx.options.get("cache_dir"), "pattern", key, build, decode=decode)


def _derived(rule, ctx, lang: str):
    from ..nlp.surface import Prefilter

    def build():
        spec = _derived_spec(rule, ctx, lang)
        return Prefilter(spec.get("patterns"), spec.get("splits"))
    return ctx.memo(("pattern-filter", rule.code, rule.path, lang), build)


def _may_match(rule, post, ctx) -> bool:
    pre = rule.compiled.prefilter
    if pre is not None and not pre.search(post.text):
        return False
    return _derived(rule, ctx, ctx.lang(post)).may_match(post.text)


def wants_doc(rule, post, ctx) -> bool:
    """Whether :func:`check` will read the post's spaCy doc (the engine makes those in batches)."""
    return _may_match(rule, post, ctx)


def check(rule, post, ctx):
    if not _may_match(rule, post, ctx):
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
