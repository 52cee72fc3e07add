"""Stylometric traits (voicelint.nlp.style) on small crafted French and English posts."""
from __future__ import annotations

import math

import pytest

from voicelint.nlp import style
from voicelint.nlp.style import TRAIT_LABELS, feature_names, style_matrix, traits

REQUIRED = {"formality", "address_tu", "address_vous", "person_we", "person_i", "emoji",
            "exclamation", "question", "hashtags", "mentions", "sentence_len", "post_len",
            "push", "caps"}

STIFF_FR = ("Madame, Monsieur, nous vous prions de bien vouloir trouver ci-joint les conditions "
            "générales applicables à l'ensemble de nos prestations.")
SLANGY_FR = "Coucou toi !! T'as vu notre nouveau truc ? Trop ouf 😍😍 mdr"
STIFF_EN = ("We regret to inform our customers that the scheduled maintenance of the payment "
            "infrastructure has been postponed until further notice.")
SLANGY_EN = "OMG you guys!!! we're sooo excited lol 😂🔥 gonna be epic"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_traits_keys_labels_and_types(lang):
    tr = traits("Bonjour à tous ! Hello everyone!", lang)
    assert REQUIRED <= set(tr)
    assert set(tr) == set(TRAIT_LABELS)
    assert all(isinstance(v, float) and math.isfinite(v) for v in tr.values())
    assert all(isinstance(label, str) and label for label in TRAIT_LABELS.values())


def test_tu_versus_vous():
    tu = traits("Tu peux retrouver ta commande dans ton espace, on t'attend !", "fr")
    vous = traits("Vous pouvez retrouver votre commande dans votre espace client.", "fr")
    assert tu["address_tu"] > 0 and tu["address_vous"] == 0
    assert vous["address_vous"] > 0 and vous["address_tu"] == 0
    # 4 tu-forms (tu, ta, ton, t') among 11 words (elided t' is a word of its own)
    assert tu["address_tu"] == pytest.approx(4 / 11)


def test_elision_counts_as_tu():
    assert traits("Je t'explique tout demain.", "fr")["address_tu"] > 0


def test_we_versus_i_fr():
    nous = traits("Nous préparons notre nouvelle collection avec nos artisans.", "fr")
    je = traits("Je prépare ma nouvelle collection avec mes artisans, j'adore ça.", "fr")
    assert nous["person_we"] > nous["person_i"] == 0
    assert je["person_i"] > je["person_we"] == 0


def test_we_versus_i_en():
    we = traits("We are so proud of our team and we thank you.", "en")
    i = traits("I am so proud of my team and I thank you.", "en")
    assert we["person_we"] > 0 and we["person_i"] == 0
    assert i["person_i"] > 0 and i["person_we"] == 0
    assert we["address_you"] > 0


def test_emoji_exclamation_question_caps():
    tr = traits("Nouveau ! Vous aimez ? 😍🔥 C'est GÉNIAL !", "fr")
    assert tr["emoji"] == 2
    assert tr["exclamation"] == 2
    assert tr["question"] == 1
    assert tr["caps"] > 0
    assert traits("Thanks :) see you soon <3", "en")["emoji"] == 2


def test_hashtags_mentions_urls_not_words():
    tr = traits("Merci @client_42 ! #Nouveauté https://example.com/a?b=1 #Printemps", "fr")
    assert tr["hashtags"] == 2
    assert tr["mentions"] == 1
    assert tr["urls"] == 1
    # words are only "Merci": handles, tags and links are not prose
    assert tr["word_len"] == pytest.approx(5.0)


def test_formality_ordering():
    for lang, stiff, slangy in (("fr", STIFF_FR, SLANGY_FR), ("en", STIFF_EN, SLANGY_EN)):
        f_stiff = traits(stiff, lang)["formality"]
        f_slangy = traits(slangy, lang)["formality"]
        assert 0.0 <= f_slangy < 0.3 < 0.7 < f_stiff <= 1.0, (lang, f_stiff, f_slangy)


def test_vous_more_formal_than_tu():
    base = "{} pouvez consulter {} commande dans l'espace client dès aujourd'hui."
    vous = traits(base.format("Vous", "votre"), "fr")["formality"]
    tu = traits("Tu peux consulter ta commande dans l'espace client dès aujourd'hui.", "fr")["formality"]
    assert vous > tu


def test_push_language():
    assert traits("Dernière chance : achetez maintenant, offre limitée, -30 % !", "fr")["push"] >= 3
    assert traits("Buy now! Limited time offer, don't miss out.", "en")["push"] >= 3
    assert traits("Nous vous souhaitons une belle journée.", "fr")["push"] == 0


def test_sentence_and_post_length():
    tr = traits("One two three. Four five six seven eight. Nine!", "en")
    assert tr["sentence_len"] == pytest.approx(3.0)
    assert tr["post_len"] == len("One two three. Four five six seven eight. Nine!")


def test_html_entities_and_curly_apostrophes():
    a = traits("We’re here &amp; ready &lt;3", "en")
    b = traits("We're here & ready <3", "en")
    assert a == b


def test_empty_text():
    tr = traits("", "en")
    assert tr["post_len"] == 0 and tr["sentence_len"] == 0


def test_unsupported_language():
    with pytest.raises(ValueError):
        traits("Hallo", "de")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_style_matrix_shape_and_order(lang):
    pytest.importorskip("numpy")
    texts = ["Bonjour ! Merci de votre confiance.", "Hi there, thanks for reaching out :)", ""]
    m = style_matrix(texts, lang)
    names = feature_names(lang)
    assert m.shape == (3, len(names))
    assert m.dtype.name == "float32"
    assert len(set(names)) == len(names)
    assert len(style.FUNCTION_WORDS[lang]) >= 90
    # deterministic, row-independent
    assert (style_matrix(texts[:1], lang)[0] == m[0]).all()
    assert style_matrix([], lang).shape == (0, len(names))


def _words_of_patterns(lang):
    """The words the hard-sell patterns are made of (regex syntax stripped), and a few others."""
    import re
    words = set()
    for pat in style.PUSH_PATTERNS[lang]:
        words.update(w for w in re.split(r"[^\w'%-]+", re.sub(r"\\[bdws]|\(\?[:<!=]+|[?*+{}0-9,]", " ", pat)) if w)
    return sorted(words | {"20", "-", "%", "!", "Now", "TODAY", "the", "a", "vous", "nous"})


def _phrases_of_patterns(lang):
    """A text close to what each pattern matches (first alternative, optional parts left out)."""
    import re
    out = []
    for pat in style.PUSH_PATTERNS[lang]:
        t = re.sub(r"\\b|\(\?<!\[\\w\]\)", "", pat)
        t = re.sub(r"\(\?:([^|)]*)[^)]*\)\?", "", t)
        t = re.sub(r"\(\?:([^|)]*)[^)]*\)", r"\1", t)
        t = re.sub(r"\[([^\]])[^\]]*\]", r"\1", t).replace("\\d{1,2}", "20").replace("\\s?", " ")
        out.append(re.sub(r".\?", "", t).strip())
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_push_count_equals_one_pass_per_pattern(lang):
    """The one-search shortcut for posts that match no hard-sell pattern never changes a count."""
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    words = _words_of_patterns(lang) + _phrases_of_patterns(lang)

    def per_pattern(text):
        return sum(len(p.findall(text)) for p in style._PUSH_RE[lang])

    @hypothesis.settings(max_examples=400, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(st.sampled_from(words), min_size=1, max_size=12), st.sampled_from([" ", "  ", ", ", "\n"]))
    def check(seq, sep):
        text = sep.join(seq)
        assert style._push_count(text, lang) == per_pattern(text)
    check()
    for text in ("Act fast, act fast!", "Achetez vite : -20 % avec le code promo", "limited-time offer",
                 "Nous vous souhaitons une belle journée."):
        assert style._push_count(text, lang) == per_pattern(text)


@pytest.mark.parametrize("lang,text", [("en", "As far as we know, the rain and the wind are not as bad as in the north."),
                                       ("fr", "Il faut venir, parce que nous sommes là ; il faut de la place pour vous et pour toi.")])
def test_function_word_columns_count_each_word_and_phrase(lang, text):
    np = pytest.importorskip("numpy")
    names = feature_names(lang)
    row = style_matrix([text], lang)[0]
    p = style._Parsed(text, lang)
    for w in style.FUNCTION_WORDS[lang]:
        expected = style._count_phrase(p.lower, w) / max(1, p.n_words)
        assert row[names.index(f"fw:{w}")] == np.float32(expected), w
    if lang == "fr":
        assert row[names.index("fw:il faut")] > 0  # a two-word phrase, counted as one
