"""VL305: an address written out to be read in a TikTok or Instagram caption is information, a
pasted link is a warning (issue 17: "www.narcity.com/fr" in a caption was a false alarm)."""
import pytest

from voicelint import api
from voicelint.api import Options
from voicelint.checks.links import typed_address
from voicelint.inputs import documents, profile as profile_mod


@pytest.mark.parametrize("url, typed", [
    ("www.narcity.com/fr", True), ("www.emmanuelmacron.fr", True), ("WWW.Brand.com/", True),
    ("https://www.brand.fr", False), ("http://brand.fr", False), ("www.brand.fr/a/b", False),
    ("www.brand.fr/?utm_source=tiktok", False), ("www.brand.fr/#top", False),
    ("www.brand.fr/une-page-au-nom-tres-tres-long", False),
])
def test_what_reads_as_a_typed_address(url, typed):
    assert typed_address(url) is typed


def run(text, lang="fr", severity=None, platform="tiktok"):
    prof = {"name": "Marque", "language": lang}
    if severity:
        prof["rules"] = {"severity": {"VL305": severity}}
    post = documents.parse_string(text, name="p.md", meta={"platform": platform})
    res = api.run([post], Options(profile=profile_mod.from_dict(prof), select=["VL305"]))
    return [f for f in res.findings if f.code == "VL305"]


def test_a_typed_address_is_info_with_why_and_a_pasted_link_a_warning():
    found = run("Nos adresses : www.marque.fr et https://www.marque.fr/boutique/ete?ref=tt")
    assert [f.severity for f in found] == ["info", "warning"]
    assert "écrite pour être lue" in found[0].message and "www.marque.fr" in found[0].message
    assert found[0].column == 16 and found[1].column == 33
    en = run("See www.brand.com/shop", lang="en")
    assert en[0].severity == "info" and "written out to be read" in en[0].message


def test_the_profile_severity_still_wins():
    assert [f.severity for f in run("Le site : www.marque.fr", severity="error")] == ["error"]


def test_a_platform_with_clickable_links_says_nothing():
    assert run("Le site : www.marque.fr/a/b", platform="twitter") == []
