"""The report's feedback: post mix against strategy.type, indicators, engagement by pillar and voice."""
from __future__ import annotations

import html
import re
from pathlib import Path

from clihelpers import invoke_assert_code
from voicelint.inputs.documents import parse_string
from voicelint.outputs.report.feedback import interactions, kind_shares

FIX = Path(__file__).parent / "fixtures" / "exports"

PROFILE = """name: Brume
language: en
strategy:
  type: {type}
  objectives: {{customer_service: primary, community: secondary}}
  indicators:
    customer_service: [{{name: replies per post, metric: comments, target: "2"}}]
    community: [shares per post]
pillars:
  - id: repairs
    description: Repairs and servicing.
    examples: ["We trued a wheel today."]
    keywords: [repair, wheel, brakes]
  - id: rides
    description: Routes and rides.
    examples: ["A quiet loop along the canal."]
    keywords: [route, ride, loop]
"""
CALENDAR = """text,platform,likes,shares,comments
We repair brakes while you wait.,twitter,10,2,4
A wheel we trued today did 40000 km.,twitter,12,1,3
Our repair evening is on Thursday.,twitter,8,0,2
A quiet ride along the canal: which loop is your favourite?,twitter,30,6,9
New route for Sunday: tell us where you ride.,twitter,25,4,7
Our team is hiring a mechanic.,linkedin,5,1,0
"""


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).replace(" ,", ",")


def _report(tmp_path, strategy_type: str) -> str:
    prof = tmp_path / "brume.yaml"
    prof.write_text(PROFILE.format(type=strategy_type), encoding="utf-8")
    cal = tmp_path / "cal.csv"
    cal.write_text(CALENDAR, encoding="utf-8")
    out = tmp_path / "r.html"
    invoke_assert_code(["report", cal, "--profile", prof, "--html", out, "--no-semantic"])
    return _text(out.read_text(encoding="utf-8"))


def test_report_shows_engagement_by_pillar_and_indicators(tmp_path):
    page = _report(tmp_path, "pratique")
    # by pillar (keywords, --no-semantic): repairs 16, 16, 10 -> median 16; rides 45, 36 -> too few
    assert "Interactions by nearest pillar" in page
    assert re.search(r"repairs 3 3 16 14\.0", page)
    assert re.search(r"rides 2 2 — —", page)
    assert "By voice: Voice scores need embeddings" in page
    # indicators: comments median over 6 posts = (3 + 4) / 2
    assert re.search(r"customer_service primary replies per post \(comments\) 2 median 3\.5 per post \(6 posts\)",
                     page)
    assert "community secondary shares per post" in page


def test_strategy_type_changes_what_the_report_compares(tmp_path):
    pratique = _report(tmp_path, "pratique")
    assert "Declared strategy: pratique, which calls for service and answers" in pratique
    assert "33% of the posts, which reaches the 25% it calls for" in pratique   # the 2 repair posts of 6
    championne = _report(tmp_path, "championne")
    assert "Declared strategy: championne" in championne
    assert "0% of the posts, which falls short of the 50% it calls for" in championne
    assert "championne (declared)" in championne and "championne (declared)" not in pratique


def test_kind_shares_and_interactions():
    posts = [parse_string("@ana Yes, we are open until 7 pm.", meta={"platform": "twitter"}),
             parse_string("Which colour should our next frame be?"),
             parse_string("---\ncampaign: spring\n---\nSpring service week starts now."),
             parse_string("Nos équipes préparent la rentrée en interne.")]
    shares = kind_shares(posts)
    assert shares == {"pratique": 0.5, "creative": 0.25, "championne": 0.25, "transformatrice": 0.25}
    assert interactions(posts[0]) is None
    posts[0].meta.update(likes=3, comments=2)
    assert interactions(posts[0]) == 5


def test_report_on_an_export_without_counts_says_what_would_give_them(tmp_path):
    prof = tmp_path / "p.yaml"
    prof.write_text("name: Brume\nlanguage: fr\n", encoding="utf-8")
    out = tmp_path / "r.html"
    invoke_assert_code(["report", FIX / "instagram", "--profile", prof, "--html", out, "--no-semantic"])
    page = _text(out.read_text(encoding="utf-8"))
    assert "No post carries engagement counts" in page and "No strategy.type in the profile" in page


def test_report_over_exports_with_and_without_counts_names_those_left_out(tmp_path):
    """A first-day report over an X or Mastodon export and Meta's or LinkedIn's: the medians are
    over the posts with counts only; the page said "over the N posts that carry counts" and not
    which were left out, so a team read Instagram's posts as doing no better or worse."""
    prof = tmp_path / "p.yaml"
    prof.write_text("name: Brume\nlanguage: fr\n", encoding="utf-8")
    out = tmp_path / "r.html"
    invoke_assert_code(["report", FIX / "mastodon", FIX / "instagram", FIX / "linkedin", "--profile", prof,
                        "--html", out, "--no-semantic"])
    page = _text(out.read_text(encoding="utf-8"))
    left = re.search(r"Left out of the medians: (\d+) posts without counts \(([^)]*)\)\. ([^;]*);", page)
    assert left, page
    assert left.group(2) == "instagram 2, linkedin 2, mastodon 1"   # one of its notes carries no counts
    assert left.group(3) == "Instagram and LinkedIn's exports carry none"


def test_without_counts_names_one_export_in_the_singular():
    from voicelint.outputs.report.feedback import without_counts
    posts = [parse_string("Wheel day.", meta={"platform": "instagram"}),
             parse_string("Brake day.", meta={"platform": "twitter"})]
    posts[1].meta["likes"] = 2
    assert without_counts(posts) == ("Left out of the medians: 1 post without counts (instagram 1). Instagram's "
                                     "export carries none; a calendar's likes, shares and comments columns give them.")
    assert without_counts(posts[1:]) == ""


def test_report_says_one_post_not_one_posts(tmp_path):
    """A first day's report on a single draft per platform read "instagram — 1 posts"."""
    prof = tmp_path / "p.yaml"
    prof.write_text("name: Brume\nlanguage: fr\n", encoding="utf-8")
    draft = tmp_path / "instagram" / "a.md"
    draft.parent.mkdir()
    draft.write_text("Nouvelle fournée de savons à l'atelier ce matin.\n", encoding="utf-8")
    out = tmp_path / "r.html"
    invoke_assert_code(["report", draft, "--profile", prof, "--html", out, "--no-semantic"])
    page = _text(out.read_text(encoding="utf-8"))
    assert "instagram — 1 post " in page and "1 posts" not in page
