"""A bilingual brand: posts in another language than the profile's are checked in their own
language, and the judgements learned in the profile's language say they cannot judge them
(instead of flagging a French post as "off every English pillar")."""
from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import pytest

from semantic_fixtures import PROFILES
from voicelint import api
from voicelint.api import Options
from voicelint.checks import semantic
from voicelint.engine.context import Context
from voicelint.inputs import documents
from voicelint.inputs import profile as profile_mod
from voicelint.judgement.learn import set_aside_line, split_by_lang
from voicelint.shared.lang import confident_lang, guess_lang, reads_as

FR_BREAD = ("Ce samedi, la boulangerie ouvre ses portes : venez goûter le pain au levain qui sort "
            "du four, avec un café offert pour tous les voisins.")
EN_BREAD = "Our sourdough starter is fed at dawn, and the first loaves are out of the oven by seven."


@pytest.mark.parametrize("text, want", [
    (FR_BREAD, "fr"),
    ("Le café gratuit attend nos clients à l'atelier ce samedi", "fr"),
    (EN_BREAD, "en"),
    ("Visit la Maison for the best café et croissants", None),   # mixed: no call
    ("La recette de la fougasse est ici : https://example.fr", "fr"),   # 3, and no English word
    ("Merci !", None),                                            # too short to tell
    ("Merci pour votre retour !", None),
    ("C'est la rentrée !", None),
])
def test_a_post_reads_as_a_language_only_when_it_clearly_does(text, want):
    assert confident_lang(text) == want
    assert reads_as(text, "en") == (want or "en")


def test_guess_lang_still_guesses_short_posts():
    assert guess_lang("C'est la rentrée !") == "fr"
    assert guess_lang("It's a great day at the shop") == "en"


def _post(text, name="p.md", **meta):
    return documents.parse_string(text, name=name, meta=meta)


def test_a_post_without_lang_is_checked_in_the_language_it_reads_as_and_the_run_says_so():
    prof = profile_mod.from_dict({"name": "Leeds Loaf", "language": "en"}, path="<p>")
    ctx = Context(prof)
    fr, en, short = _post(FR_BREAD), _post(EN_BREAD), _post("Merci !")
    assert [ctx.lang(p) for p in (fr, en, short)] == ["fr", "en", "en"]
    assert len(ctx.notices) == 1 and "read as French were checked as French, not English" in ctx.notices[0]
    said = _post(FR_BREAD, lang="en")            # the draft's own `lang:` wins
    assert ctx.lang(said) == "en"


def test_learning_sets_aside_the_posts_in_another_language():
    posts = [_post(EN_BREAD, platform="twitter"), _post(FR_BREAD, platform="instagram"),
             _post("Merci !", platform="instagram"), _post(EN_BREAD, platform="instagram", lang="fr")]
    kept, aside = split_by_lang(posts, "en")
    assert [p.text for p in kept] == [EN_BREAD, "Merci !"]
    assert aside == {"fr": {"instagram": 2}}
    line = set_aside_line(aside, "en")
    assert line.startswith("set aside 2 in French (instagram 2); learn them into a second profile with --lang fr")
    assert set_aside_line({}, "en") is None


class _Ctx:
    def __init__(self, model_id):
        self._emb = SimpleNamespace(model_id=model_id)

    def embedder(self):
        return self._emb


def test_strategy_says_it_cannot_compare_across_languages_and_what_would_let_it():
    prof = profile_mod.from_dict(copy.deepcopy(PROFILES["en"]), path="<p>")
    ctx = _Ctx("sentence-transformers/all-MiniLM-L6-v2")
    assert semantic.cross_language(ctx, prof, "en") is None
    why = semantic.cross_language(ctx, prof, "fr")
    assert why.startswith("strategy checks (VL4xx) skipped for posts in French")
    assert "missing: baking, neighbourhood" in why and "multilingual `model:`" in why
    # a multilingual model compares a French post with English pillars
    assert semantic.cross_language(_Ctx("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"),
                                   prof, "fr") is None
    # so do pillars that each have a French example
    data = copy.deepcopy(PROFILES["en"])
    data["pillars"][0]["examples"].append("Notre levain a douze ans et nous le nourrissons deux fois par jour.")
    assert "missing: neighbourhood)" in semantic.cross_language(ctx, profile_mod.from_dict(data, path="<p>"), "fr")
    data["pillars"][1]["examples"].append("Merci à tous les voisins venus à la fête de la rue, il ne reste plus un pain.")
    assert semantic.cross_language(ctx, profile_mod.from_dict(data, path="<p>"), "fr") is None


def test_formality_is_learned_from_the_approved_posts_in_the_posts_language():
    examples = [EN_BREAD] * 6
    prof = profile_mod.from_dict({"name": "Leeds Loaf", "language": "en", "voice": {"examples": examples}},
                                 path="<p>")
    res = api.run([_post(FR_BREAD + " Nous vous attendons avec plaisir dès huit heures du matin.")],
                  Options(profile=prof, select=["VL208"], semantic=False))
    # English posts set no French formality norm (and none is declared): nothing to compare with
    assert [f.code for f in res.findings] == []


@pytest.mark.semantic
def test_a_french_post_is_not_off_an_english_strategy_it_cannot_read(tmp_path):
    prof = profile_mod.from_dict(copy.deepcopy(PROFILES["en"]), path="<fixture>")
    res = api.run([_post(FR_BREAD, name="fr.md"), _post("Vote for the candidate who will finally fix "
                                                       "this country at the next election, and the "
                                                       "one after.", name="en.md")],
                  Options(profile=prof, select=["VL4"], cache_dir=str(tmp_path / "c")))
    by = {f.path: f.code for f in res.findings}
    assert "fr.md" not in by            # no "off-strategy" for a post the strategy cannot read
    assert by.get("en.md") in ("VL401", "VL402")   # the English one is still judged
    notes = json.dumps(res.notices)
    assert "skipped for posts in French" in notes and "read as French" in notes


@pytest.mark.semantic
def test_the_voice_says_it_cannot_judge_a_post_in_another_language(tmp_path):
    prof = profile_mod.from_dict({"name": "Leeds Loaf", "language": "en",
                                  "voice": {"examples": copy.deepcopy(PROFILES["en"]["voice"]["examples"])}},
                                 path="<fixture>")
    res = api.run([_post(FR_BREAD, name="fr.md")],
                  Options(profile=prof, select=["VL210"], cache_dir=str(tmp_path / "c")))
    assert res.findings == []
    assert any("VL210 (voice match) skipped for posts in French: the voice was learned from English "
               "posts; a profile learned from French posts (profile learn --lang fr)" in n for n in res.notices)


def test_learning_from_posts_all_in_the_other_language_says_where_they_went(tmp_path):
    from pathlib import Path
    from voicelint.judgement.learn import learn_profile
    from voicelint.shared.errors import UserError
    fix = Path(__file__).parent / "fixtures" / "exports" / "instagram"
    with pytest.raises(UserError) as err:
        learn_profile(str(fix), str(tmp_path / "p.yaml"), name="X", lang="en")
    msg = str(err.value)
    assert "0 approved posts in the profile's language, at least 5 are needed" in msg
    assert "set aside 2 in French (instagram 2)" in msg and "--lang fr" in msg
    assert not (tmp_path / "p.yaml").exists()


@pytest.mark.semantic
def test_a_warm_run_does_not_repeat_a_notice_about_a_post_no_longer_checked(tmp_path, monkeypatch):
    """A French draft checked beside an English one once: its "skipped for posts in French" note
    is kept with the French post in the results cache, not replayed for the English one alone."""
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    prof = profile_mod.from_dict(copy.deepcopy(PROFILES["en"]), path="<fixture>")
    opts = Options(profile=prof, select=["VL4"], cache_dir=str(tmp_path / "c"))
    en = "Our winter service keeps your bike rolling through the rain and the cold."
    both = api.run([_post(FR_BREAD, name="fr.md"), _post(en, name="en.md")], opts)
    assert "skipped for posts in French" in json.dumps(both.notices)
    alone = api.run([_post(en, name="en.md")], opts)
    fresh = api.run([_post(en, name="en.md")], Options(profile=prof, select=["VL4"], cache=False,
                                                       cache_dir=str(tmp_path / "c")))
    assert "French" not in json.dumps(alone.notices)
    assert alone.notices == fresh.notices
