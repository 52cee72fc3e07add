"""Platform exports read as posts (X archive, Instagram, Facebook, LinkedIn, Mastodon).

The fixtures under tests/fixtures/exports/ are written in each platform's real format (Meta's
escaped UTF-8, X's ``window.YTD`` assignment, LinkedIn's extra quoting, ActivityPub JSON)."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint import api
from voicelint.inputs.documents import discover, parse_file
from voicelint.shared.errors import DraftError
from voicelint.inputs.exports import _text, engagement
from voicelint.inputs.profile import read_example_posts

FIX = Path(__file__).parent / "fixtures" / "exports"
TWEETS = FIX / "x-archive" / "data" / "tweets.js"
INSTAGRAM = FIX / "instagram" / "your_instagram_activity" / "content" / "posts_1.json"
FACEBOOK = FIX / "facebook" / "your_facebook_activity" / "posts" / "your_posts__check_ins__photos_and_videos_1.json"
SHARES = FIX / "linkedin" / "Shares.csv"
OUTBOX = FIX / "mastodon" / "outbox.json"


def _raw_column(path: Path, line: int, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n")[line - 1].index(needle) + 1


def test_x_archive_tweets_dates_counts_and_entities():
    posts = parse_file(TWEETS)
    assert len(posts) == 7                                   # the retweet is left out
    assert not any(p.source.startswith("RT @") for p in posts)
    first = posts[0]
    assert first.platform == "twitter"
    assert first.meta["date"] == "2023-10-10T08:15:02+00:00"
    assert (first.meta["likes"], first.meta["shares"]) == (14, 3)
    assert first.id == "tweet-1712000000000000001"
    assert "ride & coffee" in first.source                   # &amp; decoded
    assert "<and>" in posts[3].source                        # &lt; &gt; decoded
    assert posts[1].meta["kind"] == "reply"
    # positions point into tweets.js itself
    line, col = first.position(first.source.index("canal"))
    assert col == _raw_column(TWEETS, line, "canal")
    # the t.co link is not prose
    assert "t.co" not in posts[2].text and "t.co" in posts[2].source


def test_x_archive_attached_photo_link_is_not_text_and_not_counted(tmp_path):
    """An attached photo is a t.co link ending ``full_text``, listed under ``entities.media``:
    X does not count it, so a published tweet near the limit is not read as over it (VL301)."""
    words = ("Our workshop trued forty wheels this week and every one rolls true again. " * 4)[:255]
    text = f"Tea &amp; tools: {words.rstrip()} https://t.co/Ph0toL1nk1"     # 270 characters, then the photo
    media = '{ "url" : "https://t.co/Ph0toL1nk1", "type" : "photo", "indices" : [ "263", "286" ] }'
    only = '{ "url" : "https://t.co/Ph0toOnly2", "type" : "photo" }'
    tweets = tmp_path / "tweets.js"
    tweets.write_text(
        'window.YTD.tweets.part0 = [ { "tweet" : {\n'
        f'  "entities" : {{ "urls" : [ ], "media" : [ {media} ] }},\n'
        f'  "extended_entities" : {{ "media" : [ {media} ] }},\n'
        '  "display_text_range" : [ "0", "286" ], "id_str" : "1", "favorite_count" : "3",\n'
        f'  "full_text" : "{text}"\n'
        '} }, { "tweet" : { "id_str" : "2", "extended_entities" : { "media" : [ ' + only + ' ] },\n'
        '  "full_text" : "https://t.co/Ph0toOnly2" } } ]\n', encoding="utf-8")
    posts = parse_file(tweets)
    assert len(posts) == 1                                  # a photo alone is no post to lint
    post = posts[0]
    assert post.source == text[: -len(" https://t.co/Ph0toL1nk1")].replace("&amp;", "&").rstrip()
    assert "t.co" not in post.source and post.meta["media"] == 1
    findings = api.run([tweets], api.Options(semantic=False, cache=False)).findings
    assert not [f for f in findings if f.code == "VL301"]
    # the same text with a link written in it (not an attachment) is counted, and over the limit
    tweets.write_text(tweets.read_text(encoding="utf-8").replace('"media" : [ ' + media + ' ]', '"media" : [ ]'),
                      encoding="utf-8")
    findings = api.run([tweets], api.Options(semantic=False, cache=False)).findings
    assert [f.code for f in findings if f.code == "VL301"] == ["VL301"]


def test_x_archive_zip_and_folder(tmp_path):
    archive = tmp_path / "twitter-2024.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(TWEETS, "data/tweets.js")
        zf.writestr("data/account.js", 'window.YTD.account.part0 = [ { "account" : { "username" : "brume" } } ]')
        zf.writestr("Your archive.html", "<html></html>")
    posts = parse_file(archive)
    assert len(posts) == 7
    assert posts[0].path.endswith("twitter-2024.zip!data/tweets.js")
    assert [p.source for p in posts] == [p.source for p in parse_file(TWEETS)]
    # a folder: the archive's other .js files (account, viewer scripts) are not posts
    folder = tmp_path / "archive"
    shutil.copytree(FIX / "x-archive", folder)
    (folder / "data" / "account.js").write_text('window.YTD.account.part0 = []\n', encoding="utf-8")
    (folder / "assets").mkdir()
    (folder / "assets" / "main.js").write_text("console.log('viewer');\n", encoding="utf-8")
    assert [f.name for f in discover([folder])] == ["tweets.js"]
    # a folder holding the zip finds it too
    assert discover([tmp_path / "twitter-2024.zip"]) == [archive]
    assert archive in discover([tmp_path])


def test_instagram_captions_with_meta_escaped_utf8():
    posts = parse_file(INSTAGRAM)
    assert [p.source for p in posts] == [
        "Le café gratuit attend nos clients à l'atelier ce samedi ☕",
        "Trois étapes pour régler vos freins avant l'hiver — tout est dans la story.",
    ]                                                        # the post without a caption is left out
    assert {p.platform for p in posts} == {"instagram"}
    assert posts[0].meta["date"] == "2024-03-01T11:00:00+00:00"


def test_facebook_posts_with_meta_escaped_utf8():
    posts = parse_file(FACEBOOK)
    assert [p.source for p in posts] == [
        "Soirée réparation jeudi : apportez votre vélo, on s'occupe du reste.",
        "Merci à tous pour vos messages 🙏 Nos horaires changent en avril.",
    ]                                                        # the photo without text is left out
    assert {p.platform for p in posts} == {"facebook"}


def test_banned_word_after_an_accented_letter_is_found_at_its_true_column():
    profile = {"name": "Atelier Brume", "language": "fr", "lexicon": {"banned": ["gratuit", "jeudi"]}}
    found = [f for f in api.lint([INSTAGRAM, FACEBOOK], profile=profile, semantic=False) if f.code == "VL101"]
    where = {(Path(f.path).name, f.line, f.column, f.end_column) for f in found}
    ig_col = _raw_column(INSTAGRAM, 12, "gratuit")
    fb_col = _raw_column(FACEBOOK, 17, "jeudi")
    assert ("posts_1.json", 12, ig_col, ig_col + len("gratuit")) in where
    assert (FACEBOOK.name, 17, fb_col, fb_col + len("jeudi")) in where
    # undecoded, "cafÃ©" would put "gratuit" one character later in the text: the decoded
    # text must hold it where "café gratuit" has it
    post = parse_file(INSTAGRAM)[0]
    assert post.text.index("gratuit") == len("Le café ")


def test_mojibake_fix_keeps_real_latin1_and_maps_offsets():
    text, offs = _text.fix_mojibake("cafÃ© ok", list(range(8)))
    assert text == "café ok" and offs == [0, 1, 2, 3, 5, 6, 7]
    assert _text.fix_mojibake("déjà", [0, 1, 2, 3]) == ("déjà", [0, 1, 2, 3])  # not mojibake
    assert _text.fix_mojibake("ça 😀", [0, 1, 2, 3]) == ("ça 😀", [0, 1, 2, 3])


def test_linkedin_shares_csv_extra_quoting_and_siblings_left_out():
    posts = parse_file(SHARES)
    assert [p.source for p in posts] == [
        "Nous recrutons un mécanicien cycle pour l'atelier.\n\nVous aimez le travail bien fait ? Écrivez-nous.",
        "Notre bilan 2023 : 1 200 vélos réparés, zéro pièce jetée sans raison.",
    ]                                                        # the repost without commentary is left out
    assert posts[0].platform == "linkedin" and posts[0].meta["date"] == "2024-02-12 08:30:12"
    line, col = posts[0].position(posts[0].source.index("Vous aimez"))
    assert (line, col) == (4, _raw_column(SHARES, 4, "Vous aimez"))
    # in the export folder, Connections.csv is not a calendar (it has no text column)
    assert [f.name for f in discover([FIX / "linkedin"])] == ["Shares.csv"]


def test_mastodon_outbox_notes_html_and_privacy():
    posts = parse_file(OUTBOX)
    assert [p.source for p in posts] == [
        "Nouvel an, nouveaux horaires\xa0: l'atelier ouvre dès 8 h.\n\nPassez nous voir #velo",
        "@someone Oui, on règle les freins & les vitesses sans rendez-vous.\nÀ bientôt!",
    ]                                                        # the boost and the direct message are left out
    assert posts[0].platform == "mastodon"
    assert (posts[0].meta["likes"], posts[0].meta["shares"]) == (7, 2)
    assert posts[1].meta["kind"] == "reply"
    line, col = posts[1].position(posts[1].source.index("rendez-vous"))
    assert col == _raw_column(OUTBOX, line, "rendez-vous")


def test_mastodon_outbox_without_any_audience_is_read_as_public(tmp_path):
    """A converted or hand-made outbox may name no audience at all: that is not a direct message."""
    import json
    data = json.loads(OUTBOX.read_text(encoding="utf-8"))
    for act in data["orderedItems"]:
        for holder in (act, act.get("object") if isinstance(act.get("object"), dict) else {}):
            holder.pop("to", None)
            holder.pop("cc", None)
    bare = tmp_path / "outbox.json"
    bare.write_text(json.dumps(data), encoding="utf-8")
    texts = [p.source for p in parse_file(bare)]
    assert len(texts) == len(parse_file(OUTBOX)) + 1 == 3     # the former direct message is now in


def test_detected_by_content_not_by_name(tmp_path):
    renamed = tmp_path / "drafts" / "history.json"
    renamed.parent.mkdir()
    shutil.copy(OUTBOX, renamed)
    shutil.copy(SHARES, tmp_path / "drafts" / "li-posts.csv")
    shutil.copy(TWEETS, tmp_path / "drafts" / "old.js")
    (tmp_path / "drafts" / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    names = sorted(f.name for f in discover([tmp_path / "drafts"]))
    assert names == ["history.json", "li-posts.csv", "old.js"]
    assert {p.platform for f in discover([tmp_path / "drafts"]) for p in parse_file(f)} == \
        {"mastodon", "linkedin", "twitter"}


@pytest.mark.parametrize("name, content, expected", [
    ("tweets.js", 'window.YTD.tweets.part0 = [ { "tweet" : { "full_text" : "hi" } ',
     "tweets.js:1:"),
    ("outbox.json", '{"type": "OrderedCollection", "orderedItems": [', "outbox.json:1:"),
    ("random.json", '{"theme": "dark"}', "random.json:1: not a platform export"),
    ("broken.json", '{"theme": ', "broken.json:1:"),
])
def test_unreadable_export_is_one_line_naming_it(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DraftError) as err:
        parse_file(path, name)
    msg = str(err.value)
    assert msg.startswith(expected) and "\n" not in msg and "expected" in msg


def test_unreadable_export_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "export.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("notes.txt", "nothing here")
    res = invoke_assert_code(["check", bad, "--no-semantic"], code=2)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "export.zip" in lines[0] and "expected an X archive" in lines[0]
    notzip = tmp_path / "fake.zip"
    notzip.write_text("not a zip", encoding="utf-8")
    res = invoke_assert_code(["check", notzip, "--no-semantic"], code=2)
    assert "fake.zip" in res.stderr and "expected" in res.stderr


def test_exports_are_approved_examples_for_profile_learn():
    posts = read_example_posts(FIX, "--examples")
    assert len(posts) == 20
    assert {p.platform for p in posts} == {"twitter", "instagram", "facebook", "linkedin", "mastodon",
                                           "tiktok", "threads"}


def test_calendar_engagement_columns(tmp_path):
    cal = tmp_path / "cal.csv"
    cal.write_text("text,platform,Likes,retweets,views\nHello there,twitter,12,3,400\nBonjour,twitter,,x,\n",
                   encoding="utf-8")
    posts = parse_file(cal)
    assert {k: posts[0].meta[k] for k in ("likes", "shares", "impressions")} == \
        {"likes": 12, "shares": 3, "impressions": 400}
    assert not any(k in posts[1].meta for k in ("likes", "shares", "impressions"))
    assert engagement({"favorite_count": "5", "reply_count": 2}) == {"likes": 5, "comments": 2}


def test_fix_never_edits_an_export(tmp_path):
    path = tmp_path / "posts_1.json"
    shutil.copy(INSTAGRAM, path)
    before = path.read_bytes()
    prof = tmp_path / "p.yaml"
    prof.write_text("name: Brume\nlanguage: fr\nlexicon:\n  preferred: {clients: visiteurs}\n", encoding="utf-8")
    res = invoke_assert_code(["check", path, "--profile", prof, "--no-semantic", "--fix", "--fail-on", "error"],
                             code=0)
    assert path.read_bytes() == before
    assert "never edited" in res.stderr
