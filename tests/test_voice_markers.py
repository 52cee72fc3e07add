"""NB-weighted n-grams of the voice model: what they see (surface_text), the markers they report
as evidence (a competitor's hashtag or sign-off, the brand's own names), the model file format.

Small brands of our own, one French and one English, no embeddings (fast, no model needed).
"""
from __future__ import annotations

import itertools
import json
import random

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("sklearn")

from voicelint.judgement.voice.model import VERSION, VoiceModel, surface_text  # noqa: E402

# ---------------------------------------------------------------------------- fixtures

# French: two candidates who speak alike (je, the same debate, the same topics); one signs with
# the campaign hashtag #AvecClaire, the other with #JulesPresident and puts his words in quotes.
_TOPICS_FR = ["l'école", "la santé", "les retraites", "l'emploi des jeunes", "la sécurité",
              "l'Europe", "le pouvoir d'achat", "la transition écologique", "les services publics",
              "l'agriculture"]
_VERBS_FR = ["Je veux réformer", "Je propose de refonder", "Il faut protéger", "Je défendrai",
             "Nous allons rebâtir", "Je m'engage à financer"]
_ENDS_FR = ["dès cet été.", "avec les Français.", "sans attendre.", "pour nos enfants.",
            "dans chaque région."]


def _claire(n, seed):
    rng = random.Random(seed)
    combos = list(itertools.product(_VERBS_FR, _TOPICS_FR, _ENDS_FR))
    rng.shuffle(combos)
    return [f"{v} {t} {e} #LeDebat #AvecClaire" for v, t, e in combos[:n]]


def _jules(n, seed):
    rng = random.Random(seed)
    combos = list(itertools.product(_VERBS_FR, _TOPICS_FR, _ENDS_FR))
    rng.shuffle(combos)
    return [f"« {v} {t} {e} » #LeDebat #JulesPresident" for v, t, e in combos[:n]]


# English: two support desks that answer alike; one signs its replies "^JS"/"^MK", the other
# never signs and names its own product, the Lumen lamp.
_OPEN_EN = ["Hi there!", "Thanks for reaching out.", "Sorry to hear that.", "Happy to help!"]
_BODY_EN = ["Could you send us your order number in a DM?",
            "Please try switching it off and on again and let us know.",
            "We have passed this on to the team.",
            "A replacement is on its way to you today.",
            "You can find the opening hours on our site.",
            "Let us know if anything else comes up."]
_SIGNS = ["^JS", "^MK", "^AL"]


def _desk_us(n, seed):
    rng = random.Random(seed)
    combos = list(itertools.product(_OPEN_EN, _BODY_EN, ["", " Your Lumen lamp is covered."]))
    rng.shuffle(combos)
    return [f"@cust{rng.randrange(999)} {o} {b}{e}" for o, b, e in combos[:n]]


def _desk_them(n, seed):
    rng = random.Random(seed)
    combos = list(itertools.product(_OPEN_EN, _BODY_EN, _SIGNS))
    rng.shuffle(combos)
    return [f"@user{rng.randrange(999)} {o} {b} {s}" for o, b, s in combos[:n]]


@pytest.fixture(scope="module")
def fr_model():
    return VoiceModel.learn(_claire(60, 1), {"competitors": _jules(60, 2)}, lang="fr", seed=0)


@pytest.fixture(scope="module")
def en_model():
    return VoiceModel.learn(_desk_us(40, 1), {"competitors": _desk_them(40, 2)}, lang="en", seed=0)


# ---------------------------------------------------------------------------- surface_text

def test_surface_text_keeps_how_the_post_is_written():
    t = surface_text("@alice @bob Merci l’équipe ! Voir https://www.maison-lumen.fr/atelier?x=1 "
                     "et https://t.co/AbC123 avec @partenaire &amp; co")
    assert t.startswith("@user Merci l’équipe !")           # whom it answers: out; ’ kept
    assert "@alice" not in t and "@bob" not in t
    assert "http maison-lumen.fr" in t                      # the domain is a habit
    assert "t.co" not in t and "AbC123" not in t            # a shortener says nothing
    assert "@partenaire" in t and "& co" in t               # handles inside the text stay
    assert surface_text("") == ""
    assert surface_text("  Bonjour\n\n  à tous  ") == "Bonjour à tous"


# ---------------------------------------------------------------------------- markers, French

def test_fr_competitor_hashtag_is_reported_with_its_counts(fr_model):
    post = "Je défendrai l'hôpital public dans chaque région. #LeDebat #JulesPresident"
    ev = fr_model.explain(post)
    assert ev["flagged"] is True
    unlike = {m["text"]: m for m in ev["markers"]["unlike"]}
    assert "#julespresident" in unlike, ev["markers"]
    m = unlike["#julespresident"]
    assert m["approved_posts"] == 0 and m["other_posts"] == 60 and m["effect"] < 0
    json.dumps(ev)


def test_fr_own_hashtag_is_evidence_for_the_brand(fr_model):
    base = "Je veux réformer l'hôpital public dans chaque région."
    own = fr_model.score([base + " #AvecClaire"])[0]
    plain = fr_model.score([base])[0]
    other = fr_model.score([base + " #JulesPresident"])[0]
    assert own > plain > other
    like = {m["text"] for m in fr_model.markers(base + " #AvecClaire")["like"]}
    assert "#avecclaire" in like


def test_fr_typographic_quotes_are_a_habit(fr_model):
    a = fr_model.score(["« Je veux réformer l'hôpital dans chaque région. » #LeDebat"])[0]
    b = fr_model.score(["Je veux réformer l'hôpital dans chaque région. #LeDebat"])[0]
    assert a < b      # the competitor quotes his words between guillemets, the brand never does


def test_fr_separates_unseen_posts(fr_model):
    own, other = fr_model.score(_claire(80, 1)[60:]), fr_model.score(_jules(80, 2)[60:])
    assert (own >= fr_model.threshold).mean() >= 0.9
    assert (other < fr_model.threshold).mean() >= 0.9


# ---------------------------------------------------------------------------- markers, English

def test_en_competitor_sign_off_is_reported(en_model):
    post = "@someone Thanks for reaching out. We have passed this on to the team. ^JS"
    ev = en_model.explain(post)
    assert ev["flagged"] is True
    texts = [m["text"] for m in ev["markers"]["unlike"]]
    assert any("js" in t for t in texts), ev["markers"]
    for m in ev["markers"]["unlike"]:
        assert m["other_posts"] > m["approved_posts"] and m["effect"] < 0


def test_en_own_product_name_pulls_towards_the_brand(en_model):
    base = "@x Happy to help! A replacement is on its way to you today."
    assert en_model.score([base + " Your Lumen lamp is covered."])[0] > en_model.score([base + " ^MK"])[0]
    like = [m["text"] for m in en_model.markers(base + " Your Lumen lamp is covered.")["like"]]
    assert like and all(any(w in t for w in ("your", "lumen", "lamp", "is", "covered")) for t in like), like
    # whom a reply answers is not a marker: every reply starts with a different handle
    assert not any("cust" in m["text"] or "user" in m["text"]
                   for m in en_model.markers("@cust12 @user7 Hi there!")["unlike"]
                   + en_model.markers("@cust12 @user7 Hi there!")["like"])


def test_markers_of_a_one_class_model_are_empty():
    m = VoiceModel.learn(_claire(30, 3), {}, lang="fr", use_background=False)
    assert m.kind == "one_class"
    assert m.markers("#JulesPresident") == {"unlike": [], "like": []}
    assert "markers" not in m.explain("#JulesPresident")


# ---------------------------------------------------------------------------- format

def test_round_trip_keeps_scores_and_markers(tmp_path, en_model):
    path = tmp_path / "v.json"
    en_model.save(path)
    loaded = VoiceModel.load(path)
    posts = _desk_them(60, 5)[40:] + _desk_us(60, 5)[40:]
    assert np.allclose(loaded.score(posts), en_model.score(posts), atol=1e-6)
    post = "@a Sorry to hear that. Please try switching it off and on again and let us know. ^AL"
    assert loaded.markers(post) == en_model.markers(post)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == VERSION and set(data["ngrams"]) == {"char", "word"}


def test_model_files_of_an_older_format_ask_to_learn_again(tmp_path, en_model):
    from voicelint.shared.errors import ModelError

    d = en_model.to_dict()
    d["version"] = 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ModelError, match="learn it again"):
        VoiceModel.load(path)


def test_damaged_ngram_block_is_a_model_error(tmp_path, en_model):
    from voicelint.shared.errors import ModelError

    d = en_model.to_dict()
    d["ngrams"]["word"]["pos"] = d["ngrams"]["char"]["pos"]     # lengths no longer agree
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ModelError, match="damaged"):
        VoiceModel.load(path)


def test_learning_twice_gives_the_same_file(fr_model):
    again = VoiceModel.learn(_claire(60, 1), {"competitors": _jules(60, 2)}, lang="fr", seed=0)
    assert again.dumps() == fr_model.dumps()


# ---------------------------------------------------------------------------- VL210 end to end

@pytest.mark.semantic
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_vl210_finding_names_the_competitor_marker(lang, tmp_path):
    pytest.importorskip("sentence_transformers")
    from voicelint import api
    from voicelint.inputs import documents
    from voicelint.inputs import profile as profile_mod
    from voicelint.api import Options

    if lang == "fr":
        own, theirs = _claire(40, 1), _jules(40, 2)
        post = "Je défendrai l'hôpital public dans chaque région. #LeDebat #JulesPresident"
        marker, word = "#julespresident", "loin de la marque"
    else:
        own, theirs = _desk_us(40, 1), _desk_them(40, 2)
        post = "@someone Thanks for reaching out. We have passed this on to the team. ^JS"
        marker, word = "^", "unlike the brand"      # the sign-off's caret (and its initials)
    prof = profile_mod.from_dict({"name": "Brand", "language": lang, "voice": {"examples": own},
                                  "competitors": [{"name": "Other", "examples": theirs}]},
                                 path="<fixture>")
    posts = [documents.parse_string(t, name=f"p{i}.md", meta={"lang": lang})
             for i, t in enumerate([post, own[0]])]
    res = api.run(posts, Options(profile=prof, select=["VL210"], cache_dir=str(tmp_path / "c")))
    found = [f for f in res.findings if f.code == "VL210"]
    assert [f.path for f in found] == ["p0.md"], [(f.path, f.message) for f in res.findings]
    f = found[0]
    assert f.score < f.threshold
    unlike = f.evidence["markers"]["unlike"]
    assert any(marker in m["text"] for m in unlike), unlike
    assert all(m["approved_posts"] == 0 and m["other_posts"] > 0 for m in unlike)
    assert word in f.message and marker in f.message
    json.dumps(f.to_dict())


# ---------------------------------------------------------------------------- calibration

def test_low_quantile_is_the_empirical_one_when_the_sample_resolves_it():
    from voicelint.shared.numbers import low_quantile

    vals = list(range(100))
    assert low_quantile(vals, 0.03) == pytest.approx(np.quantile(vals, 0.03))
    assert low_quantile(vals, 0.2) == pytest.approx(np.quantile(vals, 0.2))


def test_low_quantile_extrapolates_below_the_smallest_of_a_small_sample():
    from voicelint.shared.numbers import low_quantile

    vals = [1.0, 2.0] + [5.0] * 11            # 13 approved posts: 0.03 < 0.5 / 13
    q = low_quantile(vals, 0.03)
    assert q < 1.0                             # below the least typical post, not above it
    assert q == pytest.approx(1.0 - 13 * (0.5 / 13 - 0.03))
    assert low_quantile(vals, 0.01) < q < low_quantile(vals, 0.035) < 1.0
    assert low_quantile([3.0], 0.03) == 3.0
    with pytest.raises(ValueError):
        low_quantile([], 0.03)


def test_few_approved_posts_get_a_more_careful_threshold():
    """13 approved posts: the threshold sits below every out-of-fold score of the brand."""
    m = VoiceModel.learn(_claire(13, 7), {"competitors": _jules(40, 8)}, lang="fr", seed=0)
    assert m.calibration["oof_fa"] == 0.0
    assert (m.score(_jules(60, 9)[40:]) < m.threshold).mean() >= 0.9


@pytest.mark.parametrize("trait, lang, text", [
    ({"trait": "post_len", "value": 194.0, "brand_mean": 96.873}, "en", "post length 194 chars (brand 97)"),
    ({"trait": "address_you", "value": 0.0, "brand_mean": 0.071}, "en", "you 0.0 per 100 words (brand 7.1)"),
    ({"trait": "formality", "value": 0.481, "brand_mean": 0.224}, "fr", "formalité 0,48 (marque 0,22)"),
    ({"trait": "mentions", "value": 0.0, "brand_mean": 0.7}, "fr", "mentions 0,0/post (marque 0,7)"),
    ({"trait": "new_trait", "value": 2.0, "brand_mean": 1.5}, "en", "new_trait 2 (1.5)"),
])
def test_vl210_names_the_traits_as_the_report_does(trait, lang, text):
    from voicelint.checks.voice_match import _trait_text
    assert _trait_text(trait, lang) == text
