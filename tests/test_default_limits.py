"""A platform limit the profile does not declare is voicelint's default, and the finding says so
(VL302, VL303): "at most 2 on this platform" read as X's own rule, and a team whose posts have 3
hashtags had no way to tell it was one line of its profile away from the brand's own limit."""
from __future__ import annotations

import voicelint

TAGS = "Spring is here #spring #flowers #sun"


def _vl302(profile, text=TAGS, platform="twitter"):
    found = [f for f in voicelint.lint(text, profile=profile, platform=platform, semantic=False)
             if f.code == "VL302"]
    assert len(found) == 1, found
    return found[0]


def test_a_default_limit_says_whose_it_is_and_how_to_set_the_brand_s_own():
    f = _vl302({"name": "Tandem", "language": "en"})
    assert f.message == ("3 hashtags, at most 2 on this platform (voicelint's common-practice default "
                         "for twitter; platforms.twitter.hashtags.max sets the brand's own).")
    assert f.evidence["limit_source"] == "default"


def test_a_declared_limit_is_the_brand_s_and_says_nothing_more():
    f = _vl302({"name": "Tandem", "language": "en", "platforms": {"twitter": {"hashtags": {"max": 2}}}})
    assert f.message == "3 hashtags, at most 2 on this platform."
    assert "limit_source" not in f.evidence


def test_a_limit_declared_for_another_platform_leaves_this_one_the_default():
    f = _vl302({"name": "Tandem", "language": "en", "platforms": {"x": {"mentions": {"max": 1}},
                                                                 "linkedin": {"hashtags": {"max": 1}}}})
    assert "default for twitter" in f.message


def test_in_french_too():
    f = _vl302({"name": "Atelier", "language": "fr"}, "Le printemps est là #printemps #fleurs #soleil")
    assert f.message == ("3 hashtags, 2 au plus sur cette plateforme (valeur par défaut de voicelint pour "
                         "twitter, d'usage courant ; platforms.twitter.hashtags.max fixe celle de la marque).")
