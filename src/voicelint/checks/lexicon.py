"""lexicon: the profile's own words, matched on lemmas (``boissons`` matches ``boisson``).

``source`` picks the list: ``banned`` (lexicon.banned), ``preferred`` (lexicon.preferred, with a
fix), ``forbidden_claims`` (lexicon.claims.forbidden, unless inside an allowed claim) or
``competitors`` (competitors[].name and aliases, matched on exact words, case-insensitive).
With ``skip_negated: true`` a match in a clause that denies it is not reported ("nous ne
proposons pas de pain sans gluten" is no promise; see ``_negation``).

Matching is on token sequences. A term token accepts a post token when their lower-case forms
are equal, when the post token's lemma is the term's form or lemma (the term's lemma only when it
shares its first letters with the term, so "best" never matches "good"), or when both reduce to
the same light stem (plural/feminine endings). A prefilter rejects posts that cannot match
before spaCy is asked for lemmas, so a clean post costs no NLP at all: it is derived from the
lemma tables of the pipeline, read without spaCy (:mod:`voicelint.nlp.lemmata`), and lets
through every post holding a word the pipeline may lemmatise into a term's lemma.
"""
from __future__ import annotations

import re

from voicelint.shared.errors import RuleError
from . import _negation
from .base import Hit

TYPE = "lexicon"
SCOPE = "post"
NEEDS = {"spacy"}
OPTIONS = {"source": str, "skip_negated": bool}
DEFAULTS = {"skip_negated": False}
SOURCES = ("banned", "preferred", "forbidden_claims", "competitors")


def configure(rule) -> str:
    src = rule.options["source"]
    if src not in SOURCES:
        raise RuleError(f"expected source one of {', '.join(SOURCES)}, got {src!r}", key="source")
    return src


def _stem(word: str) -> str:
    """A light stem: plural and feminine endings off (garanties -> garanti, boissons -> boisson)."""
    w = word.lower().replace("’", "'")
    if len(w) < 5:
        return w
    for suf in ("es", "s", "x"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) >= 5:
        w = w[:-1]
    return w


class Term:
    def __init__(self, text: str, tokens: list[tuple[str, set[str], str]], replacement=None, key=None):
        self.text = text
        self.tokens = tokens  # (lower form, accepted lemmas/forms, stem)
        self.replacement = replacement
        self.key = key

    def accepts(self, i: int, tok) -> bool:
        form, accepted, stem = self.tokens[i]
        low = tok.lower_
        if len(low) > 1 and low[-1] == "." and form[-1:] != ".":
            low = low[:-1]  # spaCy keeps the full stop on abbreviations ("48 h.")
        lemma = tok.lemma_.lower()
        if low == form or lemma in accepted or low in accepted:
            return True
        if len(form) < 5:
            return False
        # "garanti" accepts "garanties" (stem) and "garantissons" (lemma garantir = garanti + r)
        return _stem(low) == stem or (lemma.startswith(form) and len(lemma) - len(form) <= 2)


def _items(ctx, source: str) -> list[tuple[str, object, tuple]]:
    """(term text, replacement, profile key) of every term of ``source``."""
    p = ctx.profile
    if p is None:
        return []
    lex = p.lexicon
    items: list[tuple[str, object, tuple]] = []
    if source == "banned":
        items = [(t, None, ("lexicon", "banned", i)) for i, t in enumerate(lex.get("banned") or [])]
    elif source == "preferred":
        items = [(k, v, ("lexicon", "preferred", k)) for k, v in (lex.get("preferred") or {}).items()]
    elif source == "forbidden_claims":
        items = [(t, None, ("lexicon", "claims", "forbidden", i))
                 for i, t in enumerate((lex.get("claims") or {}).get("forbidden") or [])]
    elif source == "allowed_claims":
        items = [(t, None, ("lexicon", "claims", "allowed", i))
                 for i, t in enumerate((lex.get("claims") or {}).get("allowed") or [])]
    elif source == "competitors":
        for c in p.competitors:
            for n in [c["name"], *(c.get("aliases") or [])]:
                items.append((n, None, ("competitors",)))
    return [(str(t), rep, key) for t, rep, key in items if str(t).strip()]


def _terms(ctx, lang: str, source: str) -> list[Term]:
    def build():
        items = _items(ctx, source)
        if not items:
            return []
        out = []
        for (text, rep, key), analysed in zip(items, _analyse(ctx, lang, [it[0] for it in items])):
            toks = []
            for form, lemma, is_space in analysed:
                if is_space:
                    continue
                accepted = {form}
                if source != "competitors" and lemma[:3] == form[:3]:
                    accepted.add(lemma)
                toks.append((form, accepted, _stem(form) if source != "competitors" else form))
            if toks:
                out.append(Term(text, toks, rep, key))
        return out
    return ctx.memo(("lexicon-terms", source, lang), build)


def _analyse(ctx, lang: str, texts: list[str]) -> list[list[tuple[str, str, bool]]]:
    """(lower form, lower lemma, is_space) of each token of each term. Kept in the cache
    directory, keyed by the terms and the pipeline that would analyse them, so that a run in
    which no post can match loads no spaCy pipeline at all."""
    from ..nlp import artifacts, pipelines

    configured = ctx.options.get("nlp") or (ctx.profile.get("nlp") if ctx.profile else None)
    cache_dir = ctx.options.get("cache_dir")
    key = artifacts.digest("lexicon-terms", lang, pipelines.identity(lang, configured), texts)

    def build():
        nlp = ctx.nlp(lang)
        return [[(t.lower_, t.lemma_.lower(), bool(t.is_space)) for t in nlp(text)] for text in texts]

    def decode(raw):
        if len(raw) != len(texts):
            raise ValueError("stale")
        return [[(str(f), str(lm), bool(sp)) for f, lm, sp in toks] for toks in raw]
    return artifacts.memo(cache_dir, "lexicon", key, build, decode=decode)


def find(terms: list[Term], doc):
    """Yield (term, first token, last token) for each non-overlapping match in ``doc``."""
    toks = [t for t in doc if not t.is_space]
    n = len(toks)
    i = 0
    while i < n:
        best = None
        for term in terms:
            k = len(term.tokens)
            if i + k <= n and all(term.accepts(j, toks[i + j]) for j in range(k)):
                if best is None or k > len(best.tokens):
                    best = term
        if best is not None:
            k = len(best.tokens)
            yield best, toks[i], toks[i + k - 1]
            i += k
        else:
            i += 1


#: Bump when what :func:`_filter_spec` derives changes (its result is kept in the cache).
FILTER_VERSION = 3


#: The sources a prefilter is built for (allowed claims only ever excuse a match).
FILTERED = ("banned", "preferred", "forbidden_claims", "competitors")


def _queries(tables, chunk: str, source: str) -> list[tuple[set, str | None, int, str | None]] | None:
    """What a post token must be for the term token covering ``chunk`` (one whitespace-separated
    piece of a term) to accept it (see :meth:`Term.accepts`): one of the forms that token may
    have (:func:`..nlp.surface.covering`: the chunk itself when it is a run of letters), or a
    form it accepts, or (forms of five letters or more) start with the form's stem, or be a
    text the pipeline may lemmatise into an accepted lemma or into the form plus up to two
    letters. Per possible form: the lemma query for :meth:`..nlp.lemmata.Tables.inverse_many`
    and the stem prefix."""
    from ..nlp.surface import covering

    letters = [m for m in re.finditer(r"[^\W\d_]+", chunk) if m.group().isalpha()]
    pos = max(letters, key=lambda m: len(m.group())).start() if letters else 0
    texts = covering(chunk, pos, tables.splits)
    if texts is None:
        return None  # a chunk too long to cut: any post may match it
    out = []
    for text in texts:
        form = text.lower()
        accepted = {form}
        if source != "competitors":
            accepted |= {lm for lm in tables.lemmas(text) if lm[:3] == form[:3]}
        long = len(form) >= 5
        stem = (_stem(form) if source != "competitors" else form) if long else None
        # _stem reads ’ as ': what comes before the first apostrophe is the same in both
        out.append((accepted, form if long else None, 2, stem.split("'")[0] if long else None))
    return out


def _filter_specs(ctx, lang: str) -> dict:
    """The prefilter of each source for ``lang``: per term, a token test
    (:class:`..nlp.surface.TokenTest`) per whitespace-separated chunk of the term, all of which
    a post must pass; built from the pipeline's lemma tables without spaCy
    (:mod:`..nlp.lemmata`) and kept in the cache directory. A source maps to None when the
    tables cannot tell (every post then gets a spaCy doc)."""
    from ..nlp import artifacts, lemmata, pipelines

    texts = {source: [it[0] for it in _items(ctx, source)] for source in FILTERED}
    if not any(texts.values()):
        return {"sources": {source: [] for source in FILTERED}, "splits": {}}
    configured = ctx.options.get("nlp") or (ctx.profile.get("nlp") if ctx.profile else None)
    key = artifacts.digest("lexicon-filter", FILTER_VERSION, lang, pipelines.identity(lang, configured), texts)

    def build():
        name = pipelines.chosen(lang, configured)
        tables = lemmata.load(name, lang) if name else None
        if tables is None:
            return {"sources": {source: None for source in FILTERED}, "splits": {}}
        plan = {source: [[_queries(tables, c, source) for c in text.split()] for text in terms]
                for source, terms in texts.items()}
        flat = [q for terms in plan.values() for chunks in terms for qs in chunks for q in qs or ()]
        found = iter(tables.inverse_many([q[:3] for q in flat]))

        def test(qs) -> dict:
            if qs is None:
                return {"any": True}
            spec: dict = {"exact": set(), "prefix": set(), "regex": set(), "hashes": set()}
            unbounded = False
            for q, inv in zip(qs, [next(found) for _ in qs]):
                if q[3] is not None:
                    inv.prefix = {q[3]}  # a start of the form: covers it and the lemma prefix
                got = inv.spec()
                unbounded = unbounded or bool(got.get("any"))
                for k in spec:
                    spec[k] |= set(got.get(k, ()))
            if unbounded:
                return {"any": True}
            return {**{k: sorted(v) for k, v in spec.items()}, "trusted": True}
        sources = {source: [[test(qs) for qs in chunks] for chunks in terms] for source, terms in plan.items()}
        return {"sources": sources, "splits": tables.splits}

    def decode(raw):
        if not isinstance(raw, dict) or not isinstance(raw.get("sources"), dict):
            raise ValueError("stale")
        return raw
    return artifacts.memo(ctx.options.get("cache_dir"), "lexicon", key, build, decode=decode)


def _prefilter(ctx, lang: str, source: str):
    from ..nlp.surface import Prefilter

    def build():
        specs = _filter_specs(ctx, lang)
        return Prefilter(specs["sources"].get(source, []), specs.get("splits"))
    return ctx.memo(("lexicon-filter", source, lang), build)


def _may_match(rule, post, ctx, lang: str) -> bool:
    return _prefilter(ctx, lang, rule.compiled).may_match(post.text)


def wants_doc(rule, post, ctx) -> bool:
    """Whether :func:`check` will read the post's spaCy doc (the engine makes those in batches)."""
    return _may_match(rule, post, ctx, ctx.lang(post))


def check(rule, post, ctx):
    lang = ctx.lang(post)
    source = rule.compiled
    if not _may_match(rule, post, ctx, lang):
        return
    terms = _terms(ctx, lang, source)
    doc = ctx.doc(post)
    allowed_spans = []
    if source == "forbidden_claims":
        allowed = _terms(ctx, lang, "allowed_claims")
        allowed_spans = [(a.idx, b.idx + len(b)) for _, a, b in find(allowed, doc)]
    for term, first, last in find(terms, doc):
        start, end = first.idx, last.idx + len(last)
        if any(a <= start and end <= b for a, b in allowed_spans):
            continue
        if rule.options["skip_negated"] and _negation.negated(post.text, start, end, lang):
            continue
        found = post.text[start:end]
        fix = None
        if term.replacement is not None:
            fix = _fix(ctx, lang, term, first, last, found)
            args = (term.replacement, found)
        else:
            same = found.lower() == term.text.lower()
            args = (found, "" if same else f" ({term.text})")
        yield Hit(start, end, args=args, fix=fix)


def _fix(ctx, lang: str, term: Term, first, last, found: str) -> dict:
    """The replacement for a preferred term, inflected and in the case of what was found.

    Safe when what was found is the term as written or its regular plural (then the replacement
    is made plural too) and, in French, the genders of found word, term and replacement agree;
    otherwise the fix is offered as unsafe (``--unsafe-fixes``)."""
    from voicelint.nlp.inflect import inflect, pluralize
    from .substitution import match_case
    replacement = str(term.replacement)
    low = found.lower()
    safe = low == term.text.lower()
    if len(term.tokens) == 1 and first is last:
        nlp = ctx.nlp(lang)
        term_doc, rep_doc = ctx.memo(("lexicon-inflect", lang, term.text, replacement),
                                     lambda: (nlp(term.text), nlp(replacement)))
        inflected, agree = inflect(replacement, first, term_doc, rep_doc, lang)
        form = term.tokens[0][0]
        safe = agree and (low == form or (inflected != replacement and pluralize(form, lang) == low))
        replacement = inflected
    return {"replacement": match_case(replacement, found), "safe": safe}
