"""Which shipped sectors a declared off-strategy topic names (strategy/sectors.py), and the
profile key that chooses them."""
import pytest

from voicelint.inputs import profile as profile_mod
from voicelint.judgement.strategy import sectors
from voicelint.shared.errors import ProfileError


def test_every_shipped_sector_has_posts_and_a_unique_name():
    for lang in ("fr", "en"):
        names = sectors.sector_names(lang)
        assert len(names) >= 10 and len(set(names)) == len(names)
        posts = sectors.load_sectors(lang)
        assert {s for s, _ in posts} == set(names)
    assert set(sectors.sector_names()) == set(sectors.sector_names("fr")) | set(sectors.sector_names("en"))


@pytest.mark.parametrize("item, lang, expected", [
    ({"id": "politique"}, "fr", ["politique"]),
    ({"id": "politics"}, "en", ["politics"]),
    ({"id": "political-opinions"}, "en", ["politics"]),          # the first 5 letters
    ({"id": "hors-sujet", "keywords": ["santé", "jeux vidéo"]}, "fr", ["sante", "jeux-video"]),
    ({"id": "junk", "keywords": ["food"]}, "en", ["fast-food", "restaurant-food"]),
    ({"id": "prix-casses", "description": "Politique et promotions"}, "fr", []),   # not the description
    ({"id": "politique", "sectors": []}, "fr", []),               # none, said so
    ({"id": "concurrence", "sectors": ["cosmetique"]}, "fr", ["cosmetique"]),
    ({"id": "politique"}, "de", []),                              # no shipped file
])
def test_a_topic_names_the_sectors_of_its_id_and_keywords(item, lang, expected):
    assert sectors.topic_sectors(item, lang) == expected


def test_by_name_only_where_asked_and_the_key_always():
    assert sectors.topic_sectors({"id": "politics"}, "en", by_name=False) == []
    assert sectors.topic_sectors({"id": "politics", "sectors": ["politics"]}, "en", by_name=False) == ["politics"]


def test_a_topic_gets_the_posts_of_the_sectors_it_names():
    posts = sectors.topic_sector_posts({"id": "politique"}, "fr")
    assert len(posts) >= 5 and {s for s, _ in posts} == {"politique"}
    assert all(t and not t.startswith("#") for _, t in posts)


def test_an_unknown_sector_is_a_profile_error_with_its_place_and_a_suggestion(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("name: X\nlanguage: fr\noff_strategy:\n  - id: politique\n    sectors: [politiqe]\n",
                 encoding="utf-8")
    with pytest.raises(ProfileError) as e:
        profile_mod.load(str(p))
    msg = str(e.value)
    assert "p.yaml:5" in msg and "off_strategy[0].sectors[0]" in msg and "did you mean 'politique'" in msg


def test_pillars_take_no_sectors_key(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("name: X\nlanguage: fr\npillars:\n  - id: a\n    sectors: [politique]\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="sectors"):
        profile_mod.load(str(p))


def test_profile_check_line_reports_both_sides_of_vl402():
    from voicelint.judgement.strategy.calibration import separation_line
    off = {"other_flagged": 0.62, "other_posts": 81, "margin": -0.18, "excluded_sectors": [],
           "declared_topics": {"VL402": 0.119, "topic_posts": 11, "topic_flagged": 0.818,
                               "topic_flagged_one_sided": 0.545, "approved_flagged": 0.0}}
    line = separation_line(off)
    assert "VL402 (declared topics) at 0.12, chosen on both sides, flags 82 % of the topics' 11" in line
    assert "55 % at the approved posts' own cut) and 0 % of the approved posts" in line
    del off["declared_topics"]
    assert "VL402" not in separation_line(off)
