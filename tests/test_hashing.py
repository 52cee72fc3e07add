"""voicelint.nlp.hashing gives scikit-learn's hashed n-gram matrices without importing sklearn.

A learned voice model stores its coefficients at the columns scikit-learn's HashingVectorizer
chose, so the columns must be the same, n-gram for n-gram, for every configuration voicelint uses
(read here from voice.py and strategy.py, not copied), and the values the same. scikit-learn is
the reference: these tests need it (it stays the learning dependency).
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap

import pytest

np = pytest.importorskip("numpy")
sp = pytest.importorskip("scipy.sparse")
sk_text = pytest.importorskip("sklearn.feature_extraction.text")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn.utils import murmurhash3_32 as sk_murmur  # noqa: E402

from voicelint.judgement.strategy import space as strategy  # noqa: E402
from voicelint.judgement.voice import model as voice
from voicelint.nlp import hashing  # noqa: E402

CORPUS = [
    # English, punctuation, handles, a link, digits
    "Quick tip: check your tyre pressure every week. Soft tyres are slow tyres!",
    "@231341 Let's have you clear your cache and cookies and try again. Better? https://t.co/x",
    "We're open 9am-5pm, Mon–Fri (closed 25/12).",
    # French: accents, typographic apostrophes, guillemets, narrow no-break space
    "L’été arrive : découvrez nos créations façonnées à la main, à l’atelier d’Évreux.",
    "« Qu’en pensez-vous ? » — c'est l'œuvre d'un maître verrier ; ÇA change tout\u202f!",
    "ÉCOLE, Île, Œuf, ß, İstanbul, ΣΊΣΥΦΟΣ",  # upper case whose lower() changes length
    # emoji, ZWJ sequences, flags, skin tones, other 4-byte UTF-8 (math letters, Gothic)
    "Merci 😍🔥 on adore 👩‍👩‍👧‍👦 et 🇫🇷🇬🇧 👍🏽 𝓗𝓮𝓵𝓵𝓸 𐌰𐌱𐌲",
    "😀😀😀😀😀 😀 a😀b",
    # CJK and other scripts
    "新しいパンが焼き上がりました。ぜひお試しください！",
    "我们的面包每天早上新鲜出炉。欢迎光临",
    "빵이 나왔어요 — مرحبا بكم — שלום — नमस्ते",
    # empty and whitespace-only documents, whitespace runs, tabs, newlines, unicode spaces
    "",
    " ",
    "\t\n \r\n",
    "one  two\t\tthree\n\nfour \u00a0five\u2003six\u3000seven\x1cend",
    "  leading and trailing  ",
    # one-character words and short words (the char_wb short-word break)
    "a b c d e I à é 😀 日",
    "I",
    "ab",
    "x y",
    # control characters, NUL, a lone combining mark
    "tab\tnul\x00bell\x07 e\u0301 \u0301",
    # long texts
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 200,
    "Supercalifragilisticexpialidocious" * 40,
    "éèêë" * 300 + " " + "😀" * 300,
]


def _rand_corpus(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = (list("abcdefghij ABC  \t\n.,!?'’-") + list("éèàçôœÉ") + ["😀", "🔥", "👍🏽", "日", "本", "\u00a0"])
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120))) for _ in range(n)]


def _params(h) -> dict:
    """The keyword arguments of one of our vectorizers, to build scikit-learn's twin."""
    p = dict(analyzer=h.analyzer, ngram_range=h.ngram_range, n_features=h.n_features,
             alternate_sign=h.alternate_sign, norm=h.norm, lowercase=h.lowercase, dtype=h.dtype.type)
    if h.analyzer == "word":
        p["token_pattern"] = h.token_pattern
    return p


# Every hasher voicelint builds at check time, as it builds it.
VOICELINT_HASHERS = {
    "voice-char": voice._hasher,
    "voice-word": voice._word_hasher,
    "strategy-lexical": lambda: strategy.StrategySpace._hasher(None),
}
# ... and other settings, so that the analyzers are right beyond today's constants.
OTHER_SETTINGS = {
    "char-1-4-signed": dict(analyzer="char", ngram_range=(1, 4), n_features=1000, alternate_sign=True,
                            norm="l2", lowercase=True),
    "char_wb-1-3": dict(analyzer="char_wb", ngram_range=(1, 3), n_features=2 ** 20, alternate_sign=False,
                        norm=None, lowercase=True),
    "char_wb-4-6-tiny": dict(analyzer="char_wb", ngram_range=(4, 6), n_features=7, alternate_sign=True,
                             norm=None, lowercase=False),
    "word-default-pattern-2-3": dict(analyzer="word", ngram_range=(2, 3), n_features=2 ** 18,
                                     alternate_sign=False, norm="l2", lowercase=True),
    "word-group-pattern": dict(analyzer="word", ngram_range=(1, 1), n_features=2 ** 10, alternate_sign=False,
                               norm=None, lowercase=False, token_pattern=r"#(\w+)"),
}


def _assert_same(ours, ref, exact: bool = True):
    ref = sp.csr_matrix(ref)
    ref.sort_indices()
    assert isinstance(ours, sp.csr_matrix)
    assert ours.shape == ref.shape and ours.dtype == ref.dtype
    assert np.array_equal(ours.indptr, ref.indptr), "different numbers of columns per row"
    assert np.array_equal(ours.indices, ref.indices), "different columns"
    if exact:
        assert np.array_equal(ours.data, ref.data), float(np.abs(ours.data - ref.data).max())
    else:
        np.testing.assert_allclose(ours.data, ref.data, rtol=0, atol=1e-6)


# ------------------------------------------------------------------------------ murmurhash

def test_murmurhash_equals_sklearn_on_every_length_and_utf8_width():
    rng = random.Random(0)
    keys = ["", "a", "ab", "abc", "abcd", "abcde", "é", "日", "😀", "\x00", "\x00\x00\x00\x00\x00", " l’été "]
    keys += ["x" * n for n in range(0, 70)]
    for _ in range(2000):   # mixed 1-, 2-, 3- and 4-byte characters, lengths 0-40
        keys.append("".join(chr(rng.choice([rng.randrange(1, 0x80), rng.randrange(0x80, 0x800),
                                            rng.randrange(0x800, 0xD800), rng.randrange(0x10000, 0x110000)]))
                            for _ in range(rng.randrange(0, 41))))
    ours = hashing.murmurhash3_32(keys)
    assert ours.dtype == np.int32
    assert ours.tolist() == [sk_murmur(k, seed=0) for k in keys]
    assert hashing.murmurhash3_32(["hello"], seed=42).tolist() == [sk_murmur("hello", seed=42)]
    assert hashing.murmurhash3_32([]).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=8))
def test_murmurhash_property(keys):
    assert hashing.murmurhash3_32(keys).tolist() == [sk_murmur(k, seed=0) for k in keys]


def test_column_rule_is_abs_modulo_including_the_most_negative_hash():
    # sklearn's _hashing_fast: abs(h) % n_features, with abs(-2**31) taken as 2**31
    h = np.array([-2 ** 31, -1, 0, 5, 2 ** 31 - 1], dtype=np.int32)
    for n in (7, 1000, 2 ** 18):
        cols = np.abs(h.astype(np.int64)) % n
        assert cols.tolist() == [2 ** 31 % n, 1 % n, 0, 5 % n, (2 ** 31 - 1) % n]
        assert cols[0] == (2147483647 - (n - 1)) % n   # the expression sklearn uses for -2**31


# ------------------------------------------------------------------------------ vectorizers

@pytest.mark.parametrize("name", sorted(VOICELINT_HASHERS))
def test_voicelint_hashers_equal_sklearn(name):
    ours = VOICELINT_HASHERS[name]()
    assert isinstance(ours, hashing.HashingVectorizer)     # check time never builds sklearn's
    ref = sk_text.HashingVectorizer(**_params(ours))
    docs = CORPUS + _rand_corpus(300, 1)
    _assert_same(ours.transform(docs), ref.transform(docs))


@pytest.mark.parametrize("name", sorted(OTHER_SETTINGS))
def test_other_settings_equal_sklearn(name):
    kw = OTHER_SETTINGS[name]
    ours = hashing.HashingVectorizer(**kw)
    docs = CORPUS + _rand_corpus(200, 2)
    _assert_same(ours.transform(docs), sk_text.HashingVectorizer(**kw).transform(docs))


@pytest.mark.parametrize("chunk", [1, 50, 10 ** 9])
def test_batches_of_any_size_give_the_same_matrix(monkeypatch, chunk):
    monkeypatch.setattr(hashing, "CHUNK_CHARS", chunk)
    docs = CORPUS + _rand_corpus(100, 9)
    for name in sorted(VOICELINT_HASHERS):
        ours = VOICELINT_HASHERS[name]()
        _assert_same(ours.transform(docs), sk_text.HashingVectorizer(**_params(ours)).transform(docs))


def test_what_voicelint_feeds_the_hashers_equals_sklearn():
    """Through voicelint's own preprocessing (_char_text, _lexical_text), English and French."""
    docs = CORPUS + _rand_corpus(100, 3)
    clean = [voice._char_text(t) for t in docs]
    for make in (voice._hasher, voice._word_hasher):
        h = make()
        _assert_same(h.transform(clean), sk_text.HashingVectorizer(**_params(h)).transform(clean))
    h = strategy.StrategySpace._hasher(None)
    for lang in ("en", "fr"):
        lex = [strategy._lexical_text(t, lang) for t in docs]
        _assert_same(h.transform(lex), sk_text.HashingVectorizer(**_params(h)).transform(lex))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=6), st.sampled_from(sorted(VOICELINT_HASHERS)))
def test_hashers_property_random_unicode(docs, name):
    ours = VOICELINT_HASHERS[name]()
    _assert_same(ours.transform(docs), sk_text.HashingVectorizer(**_params(ours)).transform(docs))


def test_empty_batch_and_bad_input():
    h = voice._hasher()
    X = h.transform([])
    assert X.shape == (0, voice.CHAR_NGRAMS["n_features"]) and X.nnz == 0
    X = h.transform(["", "   "])
    assert X.shape[0] == 2 and X.nnz == 0
    with pytest.raises(ValueError):
        h.transform("one string, not a list")
    with pytest.raises(TypeError):
        h.transform([b"bytes"])
    with pytest.raises(ValueError):
        hashing.HashingVectorizer(analyzer="chars")
    with pytest.raises(ValueError):
        hashing.HashingVectorizer(norm="l1")


# ------------------------------------------------------------------------------ tf-idf

def test_tfidf_as_strategy_uses_it_equals_sklearn():
    h = strategy.StrategySpace._hasher(None)
    refs = [strategy._lexical_text(t, "fr") for t in CORPUS] + _rand_corpus(150, 4)
    posts = _rand_corpus(80, 5) + CORPUS[:5]
    ours = hashing.TfidfTransformer(sublinear_tf=True).fit(h.transform(refs))
    ref = sk_text.TfidfTransformer(sublinear_tf=True).fit(sk_text.HashingVectorizer(**_params(h)).transform(refs))
    np.testing.assert_allclose(ours.idf_, ref.idf_, rtol=0, atol=1e-12)
    for docs in (refs, posts):
        _assert_same(ours.transform(h.transform(docs)), ref.transform(h.transform(docs)), exact=False)


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")   # df = 0 without smoothing
@pytest.mark.parametrize("kw", [dict(), dict(sublinear_tf=True, norm=None), dict(smooth_idf=False)],
                         ids=["default", "sublinear-no-norm", "no-smoothing"])
def test_tfidf_options_equal_sklearn(kw):
    h = hashing.HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2 ** 12,
                                  alternate_sign=False, norm=None)
    X = h.transform(CORPUS + _rand_corpus(50, 6))
    kept = X.data.copy()
    ours, ref = hashing.TfidfTransformer(**kw).fit(X), sk_text.TfidfTransformer(**kw).fit(X)
    np.testing.assert_allclose(ours.idf_, ref.idf_, rtol=0, atol=1e-12)
    _assert_same(ours.transform(X), ref.transform(X), exact=False)
    assert np.array_equal(X.data, kept)      # transform works on a copy


def test_tfidf_idf_formula_and_errors():
    X = sp.csr_matrix(np.array([[1.0, 0, 2], [0, 0, 3], [4, 0, 0]]))
    t = hashing.TfidfTransformer().fit(X)
    n, df = 3, np.array([2, 0, 2])
    np.testing.assert_allclose(t.idf_, np.log((1 + n) / (1 + df)) + 1)
    with pytest.raises(ValueError):
        hashing.TfidfTransformer().transform(X)
    with pytest.raises(ValueError):
        t.transform(sp.csr_matrix((1, 4)))


# ------------------------------------------------------------------------------ models

def test_a_voice_model_learned_with_sklearn_hashing_scores_the_same(monkeypatch):
    """Profiles learned before this module (sklearn's hashing) stay valid: same scores."""
    rng = random.Random(7)
    words = "bread sourdough flour morning oven crust neighbours bake fresh loaf rye".split()
    approved = [" ".join(rng.choice(words) for _ in range(12)) + " 🍞" for _ in range(30)]
    others = [t for t in _rand_corpus(40, 8) if t.strip()]

    def sk_char():
        return sk_text.HashingVectorizer(**_params(hashing_char()))

    def sk_word():
        return sk_text.HashingVectorizer(**_params(hashing_word()))

    hashing_char, hashing_word = voice._hasher, voice._word_hasher
    monkeypatch.setattr(voice, "_hasher", sk_char)
    monkeypatch.setattr(voice, "_word_hasher", sk_word)
    model = voice.VoiceModel.learn(approved, {"competitors": others}, lang="en", use_background=False)
    saved = model.dumps()
    posts = approved[:5] + others[:5] + CORPUS
    before = voice.VoiceModel.from_dict(json.loads(saved)).score(posts)
    monkeypatch.undo()
    after = voice.VoiceModel.from_dict(json.loads(saved)).score(posts)
    np.testing.assert_array_equal(before, after)
    assert voice._hasher is hashing_char


# ------------------------------------------------------------------------------ check time

PROFILE = textwrap.dedent("""\
    name: Crumb Bakery
    id: crumb-bakery
    language: en
    proposition: Sourdough bread baked every morning in our Leeds bakery with local flour.
    pillars:
      - id: baking
        description: Our bread, how we bake it, flour, ovens and recipes.
        examples:
          - "Our rye sourdough proves for 36 hours before it meets the oven."
          - "Fresh seeded loaves out of the oven at 7am, still warm at 8."
      - id: shop
        description: The shop, opening hours, orders and the team.
        examples:
          - "The shop opens at 7 tomorrow; pre-orders can be collected until noon."
          - "Meet Sam, who shapes every baguette by hand."
    voice:
      examples:
        - "Our rye sourdough proves for 36 hours before it meets the oven."
        - "Fresh seeded loaves out of the oven at 7am, still warm at 8."
        - "The shop opens at 7 tomorrow; pre-orders can be collected until noon."
        - "Meet Sam, who shapes every baguette by hand."
        - "We mill a little spelt ourselves for the Saturday loaf."
        - "Bring your own bag and get 20p off any loaf this week."
    """)


@pytest.mark.slow
@pytest.mark.semantic
def test_a_check_with_a_warm_cache_does_not_import_sklearn(tmp_path):
    """First run: learns the voice (sklearn). Second run, fresh interpreter, same cache: VL210 and
    VL4xx score through voicelint.nlp.hashing and sklearn is never imported."""
    (tmp_path / "brand.yaml").write_text(PROFILE, encoding="utf-8")
    (tmp_path / "voicelint.yaml").write_text("profile: brand.yaml\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.md").write_text("Warm sourdough and rye loaves out of the oven at 7am.\n", encoding="utf-8")
    (drafts / "b.md").write_text("OMG!!! Crazy deals on phones, tablets and TVs, click now 🤑🤑\n",
                                 encoding="utf-8")
    code = textwrap.dedent(f"""\
        import json, sys
        from voicelint.cli import cli
        try:
            cli.main(args=["check", "drafts", "--select", "VL210,VL4", "--format", "json", "--no-cache",
                           "--cache-dir", {str(tmp_path / "cache")!r}], prog_name="voicelint")
        except SystemExit as exc:
            code = exc.code
        print("MODULES=" + json.dumps({{m: m in sys.modules for m in ("sklearn", "voicelint.nlp.hashing",
                                                                       "voicelint.judgement.voice.model")}}))
        sys.exit(code)
        """)
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    runs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=900)
        line = [x for x in out.stdout.splitlines() if x.startswith("MODULES=")]
        assert out.returncode in (0, 1) and line, out.stdout + out.stderr
        findings = json.loads(out.stdout[: out.stdout.index("MODULES=")])
        runs.append((json.loads(line[-1][8:]), sorted((f["path"], f["code"]) for f in findings)))
    (first, found1), (second, found2) = runs
    assert first["sklearn"] is True                   # cold: the voice model was learned
    assert list((tmp_path / "cache" / "voice-models").glob("*.json"))
    assert second["voicelint.judgement.voice.model"] and second["voicelint.nlp.hashing"]   # posts were scored ...
    assert second["sklearn"] is False                 # ... without scikit-learn
    assert found1 == found2
    assert any(code.startswith(("VL210", "VL4")) for _, code in found2), found2
