"""The prefilters of the spaCy checks (lexicon VL101-VL104, pattern VL209) never miss a match.

A post gets no spaCy doc when its prefilter says no term or token pattern can match it; that
is only allowed if the check, given the doc, would have found nothing. The prefilters rest on
three claims about the installed pipelines, each checked here on many words and texts:

1. spaCy's tokenizer cuts between two letters only where a special case says so, so every
   token is among :class:`voicelint.nlp.surface.Candidates` of its text;
2. every lemma the pipeline gives is among :meth:`Tables.lemmas` of the token's text;
3. :meth:`Tables.inverse` of a lemma lets every token with that lemma through;

and then, end to end, on rule cases, example drafts and generated inflections: whenever the
check finds a match on the real doc, the prefilter let the post through. The unit tests at the
top need no spaCy.
"""
from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
import yaml

from voicelint.inputs import profile as profile_mod
from voicelint.checks import lexicon, pattern
from voicelint.inputs.documents import parse_string
from voicelint.engine.engine import Context
from voicelint.nlp import lemmata, pipelines
from voicelint.nlp.surface import Candidates, Prefilter, TokenTest, _unanchored, murmur, normal
from voicelint.engine.rules import builtin_rules

HERE = Path(__file__).parent
ROOT = HERE.parent


# ----------------------------------------------------------------------- no spaCy needed

def test_candidates_cut_at_non_letters_and_special_cases_only():
    cand = Candidates("Réservez-les (vite) : l'été 2x48h! cannot", {"cannot": ["can", "not"]})
    low = cand.lower
    for token in ("réservez", "-", "les", "réservez-les", "(", "vite", ")", ":", "l", "'", "été",
                  "l'été", "2", "x", "48", "h", "!", "can", "not", "cannot"):
        assert token in low, token
    assert "serv" not in low and "réserv" not in low and "ete" not in low  # never inside letters
    assert any(s.startswith("été") for s in cand.starts)


def test_long_chunks_are_not_cut_but_let_through():
    hostile = "a." * 200_000  # one chunk: cutting it into candidates would be quadratic
    cand = Candidates("the best " + hostile)
    assert cand.overflows() and cand.lower == set()
    f = Prefilter([[{"exact": ["best"]}]])
    assert f.may_match("the best " + hostile)          # the substring is there: cannot tell
    assert not f.may_match("nothing " + hostile)      # the substring is not: still rejected
    assert TokenTest({"regex": ["(a+)+$"]}).passes(cand)  # a rule's regex never runs on it


def test_a_hostile_term_gets_no_filter_rather_than_a_long_wait(tmp_path):
    prof = profile_mod.from_dict({"name": "X", "language": "en",
                                  "lexicon": {"banned": ["x." * 50_000, "bargain"]}})
    ctx = Context(prof, {"cache_dir": str(tmp_path)})
    rule = next(r for r in builtin_rules() if r.code == "VL101")
    assert lexicon.wants_doc(rule, parse_string("Nothing to see.", meta={"lang": "en"}), ctx)


def test_token_test_exact_prefix_regex_and_hashes():
    cand = Candidates("We ship: SHOPPING-list, tu commandez-les. Ωσ")
    assert TokenTest({"exact": ["shopping"]}).passes(cand)
    assert not TokenTest({"exact": ["shop"]}).passes(cand)          # "ship", "shopping": no token "shop"
    assert TokenTest({"prefix": ["shop"]}).passes(cand)
    assert not TokenTest({"prefix": ["hopping"]}).passes(cand)      # a token cannot start inside letters
    assert TokenTest({"regex": ["^(command)ez(-les)?$"]}).passes(cand)
    assert TokenTest({"hashes": [murmur("SHOPPING")]}).passes(cand)  # the text as written...
    assert TokenTest({"hashes": [murmur("shopping")]}).passes(cand)  # ...or lower-cased
    assert TokenTest({"exact": ["ωσ"]}).passes(cand)                # a final sigma in a token
    assert TokenTest({"exact": ["ωσ"]}).maybe(cand)


def test_quick_test_never_rejects_what_passes():
    texts = ["The best!", "THE BEST", "thebest", "« Achetez-le »", "ΟΔΟΣ ΟΔΟΣ", "İstanbul", "ﬁne"]
    specs = [{"exact": ["best"]}, {"prefix": ["achet"]}, {"exact": ["οδος"]}, {"exact": ["odoς"]},
             {"regex": ["^(achet)ez(-le)?$"]}, {"exact": ["i̇stanbul"]}, {"prefix": ["ﬁ"]},
             {"regex": ["(?i)best"]}, {"regex": [r"t\b"]}]
    for text in texts:
        cand = Candidates(text)
        for spec in specs:
            t = TokenTest(spec)
            if t.passes(cand):
                assert t.maybe(cand), (text, spec)


def test_regex_anchors_are_only_dropped_where_safe():
    assert _unanchored("^(achet|pay)ez$") == "(achet|pay)ez"
    assert _unanchored(r"^n'?t$") == "n'?t"
    assert _unanchored(r"cost\$") is None  # an escaped "$" is kept out too: simpler, still safe
    assert _unanchored(r"a\\$") == "a\\\\"
    for rx in (r"\bbuy", "(?<=x)y", "(?i)buy", "a|^b", "[^a]b", "(?=a)"):
        assert _unanchored(rx) is None, rx


def test_prefilter_groups_need_all_their_tests():
    f = Prefilter([[{"exact": ["the"]}, {"exact": ["best"]}], [{"prefix": ["guarante"]}]])
    assert f.may_match("Simply the best.") and f.may_match("Guaranteed!")
    assert not f.may_match("the cat is the boss") and not f.may_match("best of all")
    assert Prefilter(None).may_match("anything") and Prefilter([[]]).may_match("anything")
    assert not Prefilter([]).may_match("anything")


def _toy_tables():
    return lemmata.Tables(
        lang="en",
        rules=[("s", ""), ("ies", "y"), ("ed", "e"), ("ing", "")],
        excs=[{"went": ["go"], "bought": ["buy"], "better": ["good"]}],
        lookups=[{murmur("Bestest"): ["best"], murmur("vont"): ["aller"]}],
        ruler=[("be", ("in", ["'s", "is"])), ("you", ("regex", "^y'?$")), ("thing", ("any",))],
    )


def test_inverse_covers_exceptions_rules_lookup_and_the_attribute_ruler():
    t = _toy_tables()
    inv = t.inverse({"buy"})
    assert {"buy", "bought", "buys", "buying"} <= inv.exact
    inv = t.inverse({"party"})
    assert "parties" in inv.exact
    inv = t.inverse({"best"})
    assert murmur("Bestest") in inv.hashes
    assert {"'s", "is"} <= t.inverse({"be"}).exact
    assert t.inverse({"you"}).regex == {"^y'?$"}
    assert t.inverse({"thing"}).unbounded
    # the form plus two letters: "garantir" for the term "garanti", "garantissons" by a rule
    inv = t.inverse(set(), prefix="garanti", extra=2)
    assert "garanti" in inv.prefix
    assert t.lemmas("bought") >= {"bought", "buy"} and "aller" in t.lemmas("vont")


def test_tables_of_a_pipeline_with_an_unknown_lemmatizer_are_not_read(tmp_path):
    model = tmp_path / "model"
    (model / "lemmatizer").mkdir(parents=True)
    (model / "config.cfg").write_text(
        '[nlp]\nlang = "en"\npipeline = ["tok2vec","trainable_lemmatizer"]\n'
        'tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}\n\n'
        '[components.tok2vec]\nfactory = "tok2vec"\n\n'
        '[components.trainable_lemmatizer]\nfactory = "trainable_lemmatizer"\n', encoding="utf-8")
    assert lemmata.load(str(model), "en") is None
    assert lemmata.load(str(tmp_path / "missing"), "en") is None
    assert lemmata.load(str(model), "de") is None


def test_lexicon_without_readable_tables_sends_every_post_to_spacy(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.cfg").write_text("not a spaCy config", encoding="utf-8")
    prof = profile_mod.from_dict({"name": "X", "language": "en", "nlp": {"en": str(model)},
                                  "lexicon": {"banned": ["bargain"]}})
    ctx = Context(prof, {"cache_dir": str(tmp_path / "cache")})
    rule = next(r for r in builtin_rules() if r.code == "VL101")
    post = parse_string("Nothing to see here.", meta={"lang": "en"})
    assert lexicon.wants_doc(rule, post, ctx)


# ------------------------------------------------------------- the claims, on the pipelines

def _nlp(lang):
    """The pipeline; skip only when spaCy or every pipeline for ``lang`` is missing (a pipeline
    that is installed but fails to load is a failure, not a skip)."""
    if importlib.util.find_spec("spacy") is None or pipelines.chosen(lang) is None:
        pytest.skip(f"no spaCy pipeline for {lang} is installed")
    return pipelines.get(lang)


def _tables(lang):
    tables = lemmata.load(pipelines.chosen(lang), lang)
    assert tables is not None, f"the {lang} pipeline's lemma tables could not be read"
    return tables


def _rule_case_texts(lang):
    out = []
    for f in sorted((HERE / "rule_cases").glob("*.yml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in (data.get("cases") or {}).values():
            prof = case.get("profile") or data.get("profile") or {}
            if (case.get("lang") or data.get("lang") or prof.get("language") or "en") != lang:
                continue
            out.extend(case["texts"] if "texts" in case else [case.get("text") or ""])
    return [t for t in out if t]


def _example_texts():
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.md"))]


DECOR = ["{w}", "{W}", "{U}", "({w})", "{w},", "{w}.", "{w}!", "#{w}", "@{w}", "{w}'s", "l'{w}",
         "d’{w}", "{w}-{w}", "{w}-ci", "12{w}", "{w}2", "{w}…", "«{w}»", "{w}:", "{w}/{w}", "“{w}”",
         "{w}?!", "-{w}", "{w}%", "$ {w}", "{w}😀", "qu'{w}", "{w}n't"]


def _generated_texts(tables, n_words: int, seed: int = 0) -> list[str]:
    """Table words (exception keys and lemmas) in many decorations, 40 per text."""
    rng = random.Random(seed)
    words = sorted({w for table in tables.excs for w in table} |
                   {x for table in tables.excs for ls in table.values() for x in ls})
    words = [w for w in rng.sample(words, min(n_words, len(words))) if w.strip()]
    pieces = []
    for w in words:
        d = rng.choice(DECOR)
        pieces.append(d.format(w=w, W=w.capitalize(), U=w.upper()))
    return [" ".join(pieces[i:i + 40]) for i in range(0, len(pieces), 40)]


@pytest.fixture(scope="module", params=["en", "fr"])
def corpus(request):
    lang = request.param
    nlp, tables = _nlp(lang), _tables(lang)
    texts = _rule_case_texts(lang) + _example_texts() + _generated_texts(tables, 4000)
    docs = list(nlp.pipe(texts, batch_size=32))
    return lang, tables, texts, docs


def test_every_token_is_a_candidate(corpus):
    _, tables, texts, docs = corpus
    missed = []
    for text, doc in zip(texts, docs):
        cand = Candidates(text, tables.splits)
        if cand.overflows():
            continue      # a chunk too long to cut: every prefilter lets the post through
        missed += [(t.text, text[max(0, t.idx - 10):t.idx + 20]) for t in doc
                   if not t.is_space and t.lower_ not in cand.lower]
    assert not missed, missed[:20]


def test_every_lemma_is_foreseen_by_the_tables(corpus):
    _, tables, _, docs = corpus
    missed = [(t.text, t.lemma_, t.pos_) for doc in docs for t in doc
              if not t.is_space and t.lemma_.lower() not in tables.lemmas(t.text)]
    assert not missed, missed[:20]


def test_inverse_of_a_lemma_lets_every_token_with_it_through(corpus):
    _, tables, _, docs = corpus
    by_lemma: dict[str, set[str]] = {}
    for doc in docs:
        for t in doc:
            if not t.is_space:
                by_lemma.setdefault(t.lemma_.lower(), set()).add(t.text)
    lemmas = sorted(by_lemma)
    found = tables.inverse_many([({lm}, None, 2) for lm in lemmas])
    missed = []
    for lm, inv in zip(lemmas, found):
        test = TokenTest(inv.spec())
        for text in by_lemma[lm]:
            cand = Candidates(text, tables.splits)
            if not (test.passes(cand) and test.maybe(cand)):
                missed.append((text, lm))
    assert not missed, missed[:20]


# ------------------------------------------------------------------ end to end, per check

TERMS = {
    "fr": {"banned": ["boisson", "pas cher", "aller", "être", "beau", "nouveau", "œil", "faire"],
           "preferred": {"consommateur": "client", "acheter": "commander", "meilleur": "top"},
           "claims": {"forbidden": ["garanti", "le meilleur", "livraison en 48 h", "100 %"],
                      "allowed": ["livraison en 48 h partout"]},
           "competitors": [{"name": "Brightside", "aliases": ["BS Corp", "L'Oréal"]}]},
    "en": {"banned": ["cheap", "bargain", "guys", "go", "be", "good", "mouse", "child"],
           "preferred": {"consumer": "customer", "buy": "purchase", "utilize": "use"},
           "claims": {"forbidden": ["guaranteed", "the best", "risk-free", "#1", "never fails"],
                      "allowed": ["the best we can"]},
           "competitors": [{"name": "SpotifyCares", "aliases": ["McDonald's", "Neutrogena"]}]},
}
IRREGULAR = {
    "fr": "Nous allons, ils vont, j'irai, allez, va ! Ils sont, nous sommes, fûmes, été, était, "
          "serons. Un bel œil, de beaux yeux, belle, belles, nouvel, nouvelle, nouveaux. Faites, "
          "fîmes, ferons, font. Achète, achètent, achèterons, achetez-les, achats. Meilleure, "
          "meilleurs, mieux. Garantie, garanties, garantissons, garantira, garantissait. Boissons, "
          "chères, cher, chers. Consommatrice, consommatrices, consommateurs. BRIGHTSIDE, brightsides.",
    "en": "Went, gone, goes, going, was, were, been, is, are, am, 's, 're, better, best, mice, "
          "children, bought, buys, buying, cheaper, cheapest, bargains, bargaining, guy, utilized, "
          "utilizes, consumers, guaranteeing, guarantees, guarantee. SPOTIFYCARES spotifycares's "
          "McDonald’s Neutrogenas. Risk free, risk-free, #1, never fail, never failed.",
}


def _profile(lang):
    terms = TERMS[lang]
    return profile_mod.from_dict({"name": "Prefilter test", "language": lang, "competitors": terms["competitors"],
                                  "lexicon": {k: terms[k] for k in ("banned", "preferred", "claims")}})


def _posts_for(lang, tables):
    texts = _rule_case_texts(lang) + _example_texts() + IRREGULAR[lang].split(". ")
    # every text the tables say lemmatises into what a term accepts, in a sentence
    prof = _profile(lang)
    ctx = Context(prof, {})
    forms = set()
    for source in lexicon.FILTERED:
        for text, _, _ in lexicon._items(ctx, source):
            for chunk in text.split():
                forms |= {lm for lm in tables.lemmas(chunk) if lm[:3] == chunk.lower()[:3]} | {chunk.lower()}
    for inv in tables.inverse_many([({f}, f if len(f) >= 5 else None, 2) for f in sorted(forms)]):
        for s in sorted(inv.exact):
            texts += [f"{s} et voilà.", f"Oui : {s.capitalize()} !", f"({s.upper()})"]
    return [parse_string(t, name=f"p{i}.md", meta={"lang": lang}) for i, t in enumerate(texts)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lexicon_prefilter_never_hides_a_match(lang, tmp_path):
    nlp, tables = _nlp(lang), _tables(lang)
    ctx = Context(_profile(lang), {"cache_dir": str(tmp_path)})
    rules = {r.code: r for r in builtin_rules() if r.code in ("VL101", "VL102", "VL103", "VL104")}
    posts = _posts_for(lang, tables)
    matched = 0
    for post, doc in zip(posts, nlp.pipe([p.text for p in posts], batch_size=64)):
        for rule in rules.values():
            terms = lexicon._terms(ctx, lang, rule.compiled)
            if list(lexicon.find(terms, doc)):
                matched += 1
                assert lexicon.wants_doc(rule, post, ctx), (rule.code, post.text)
    assert matched > 50  # the corpus does exercise the terms


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_lexicon_prefilter_rejects_posts_without_the_words(lang, tmp_path):
    _tables(lang)
    ctx = Context(_profile(lang), {"cache_dir": str(tmp_path)})
    clean = {"en": "Our mechanics are in on Saturday morning for quick repairs: drop your wheel off.",
             "fr": "Nos mécaniciens sont là samedi matin pour les petites réparations."}[lang]
    post = parse_string(clean, meta={"lang": lang})
    wants = {r.code: lexicon.wants_doc(r, post, ctx) for r in builtin_rules()
             if r.code in ("VL101", "VL102", "VL104")}
    # "sont" may be "être" (banned in the French list), "are" may be "be" (English): VL101 must
    # let those through; the others have nothing to match
    assert wants == {"VL101": True, "VL102": False, "VL104": False}, wants


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pattern_prefilter_never_hides_a_match(lang, tmp_path):
    nlp = _nlp(lang)
    tables = _tables(lang)
    ctx = Context(profile_mod.from_dict({"name": "X", "language": lang}), {"cache_dir": str(tmp_path)})
    rules = [r for r in builtin_rules() if r.module is pattern and r.applies_to(lang, None)]
    assert rules
    words = {"en": ["buy", "Buy", "BUY", "order", "Order", "shop", "Shop", "subscribe", "Subscribe",
                    "purchase", "Purchase", "grab", "Grab", "bought", "Shopping", "orders", "Buying"],
             "fr": ["Achetez", "achetez-les", "Commandez", "commandez-la", "Payez", "payez-le",
                    "Réservez", "réservez-les", "Abonnez", "ACHETEZ", "Achète", "commande"]}[lang]
    texts = [f"{w} the new range today." if lang == "en" else f"{w} la nouvelle gamme." for w in words]
    texts += [f"Great news. {w} now!" if lang == "en" else f"Bonne nouvelle. {w} maintenant !" for w in words]
    texts += _rule_case_texts(lang) + _example_texts() + _generated_texts(tables, 600, seed=1)
    posts = [parse_string(t, name=f"p{i}.md", meta={"lang": lang}) for i, t in enumerate(texts)]
    matched = 0
    for post, doc in zip(posts, nlp.pipe(texts, batch_size=64)):
        ctx._docs[id(post)] = doc
        for rule in rules:
            spans = pattern._matcher(rule, ctx, lang)(doc)
            pre = rule.compiled.prefilter
            if spans and (pre is None or pre.search(post.text)):
                matched += 1
                assert pattern.wants_doc(rule, post, ctx), (rule.code, post.text)
    assert matched >= 10


def test_pattern_prefilter_is_derived_from_the_patterns(tmp_path):
    _tables("en")
    ctx = Context(profile_mod.from_dict({"name": "X", "language": "en"}), {"cache_dir": str(tmp_path)})
    rule = next(r for r in builtin_rules() if r.code == "VL209" and r.applies_to("en", None))
    yes = ["Shop the range.", "Bought it? Tell us.", "ORDER NOW", "Subscribe."]
    no = ["Visit our workshop.", "Shopping list.", "In order to help.", "Nothing here."]
    # "order" and "shop" as words pass (only spaCy knows the tag); parts of other words do not
    for text in yes[:1] + yes[2:]:
        assert pattern.wants_doc(rule, parse_string(text, meta={"lang": "en"}), ctx), text
    assert not pattern.wants_doc(rule, parse_string(no[0], meta={"lang": "en"}), ctx)
    assert not pattern.wants_doc(rule, parse_string(no[3], meta={"lang": "en"}), ctx)
    fr = next(r for r in builtin_rules() if r.code == "VL209" and r.applies_to("fr", None))
    for text, want in (("Payez en trois fois.", True), ("Le pays de la commande.", False),
                       ("Réservez-les vite.", True), ("Nos abonnés.", False)):
        assert pattern.wants_doc(fr, parse_string(text, meta={"lang": "fr"}), ctx) is want, text


def test_murmur_is_spacys_hash():
    spacy = pipelines.import_spacy()
    from spacy.strings import hash_string
    for text in ["", "a", "shop", "garantissons", "Réservez-les", "œil", "ΟΔΟΣ", "😀 ok", "x" * 63,
                 "abcdefgh", "abcdefghi", "chères"]:
        assert murmur(text) == hash_string(text), text
    assert spacy is not None
    assert normal("ΟΔΟΣ") == "οδοσ"
