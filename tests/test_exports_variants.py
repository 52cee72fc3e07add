"""Real-world variants of the platform exports: older file names and layouts, the files that sit
next to the posts (long posts, deleted tweets, other people's posts), shapes a reader must not
mistake for the brand's own words. Fixtures are written in each platform's format."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint.inputs.documents import discover, parse_file
from voicelint.inputs.exports import is_export
from voicelint.shared.errors import DraftError

FIX = Path(__file__).parent / "fixtures" / "exports-variants"
LONG = FIX / "x-archive-long"


def _ytd(name: str, items: list, part: int = 0) -> str:
    return f"window.YTD.{name}.part{part} = " + json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _tweet(**fields) -> dict:
    base = {"id_str": "1", "created_at": "Tue Oct 10 08:15:02 +0000 2023", "favorite_count": "1",
            "retweet_count": "0", "entities": {"urls": []}}
    return {**base, **fields}


# ------------------------------------------------------------------------------ X archive
def test_x_long_post_is_read_whole_from_note_tweet_js():
    """A post over 280 characters is cut in tweets.js ("…" and a link to itself); note-tweet.js
    holds it whole. The post is read from there, with the tweet's date, id and counts."""
    posts = parse_file(LONG / "data" / "tweets.js")
    assert [len(p.source) > 280 for p in posts] == [True, False]
    long = posts[0]
    assert long.source.endswith("Come and see it on Saturday: coffee is on us.")
    assert "…" not in long.source and "t.co" not in long.source
    assert "bleed brakes & teach" in long.source                     # &amp; decoded there too
    assert long.path.endswith("note-tweet.js")
    assert (long.meta["likes"], long.meta["shares"], long.id) == (41, 9, "tweet-1750000000000000001")
    assert long.meta["date"] == "2024-01-24T09:00:05+00:00"
    line, col = long.position(long.source.index("second bay"))
    raw = (LONG / "data" / "note-tweet.js").read_text(encoding="utf-8").split("\n")
    assert raw[line - 1].index("second bay") + 1 == col              # positions point into note-tweet.js
    # the folder reads tweets.js only (note-tweet.js comes with it), and so does the zip
    assert [f.name for f in discover([LONG])] == ["tweets.js"]
    assert is_export(LONG / "data" / "note-tweet.js")                # --fix never edits it


def test_x_long_post_in_a_zip_with_a_nested_top_folder(tmp_path):
    archive = tmp_path / "twitter-2024-01-30-abc.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in ("tweets.js", "note-tweet.js"):
            zf.write(LONG / "data" / f, f"twitter-2024-01-30-abc/data/{f}")
        zf.writestr("twitter-2024-01-30-abc/data/deleted-tweets.js",
                    _ytd("deleted_tweets", [{"tweet": _tweet(full_text="A deleted tweet.")}]))
    posts = parse_file(archive)
    assert [p.source for p in posts] == [p.source for p in parse_file(LONG / "data" / "tweets.js")]
    assert posts[0].path.endswith("abc.zip!twitter-2024-01-30-abc/data/note-tweet.js")


def test_x_older_names_parts_and_unwrapped_items(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "tweet.js").write_text(_ytd("tweet", [{"tweet": _tweet(full_text="Old archive name.")}]), encoding="utf-8")
    (data / "tweets-part1.js").write_text(_ytd("tweets", [_tweet(id_str="2", text="Unwrapped, with text only.")], 1),
                                          encoding="utf-8")
    texts = sorted(p.source for f in discover([tmp_path]) for p in parse_file(f))
    assert texts == ["Old archive name.", "Unwrapped, with text only."]


def test_x_reply_marked_by_in_reply_to_status_id_alone(tmp_path):
    """Older archives carry ``in_reply_to_status_id`` without its ``_str`` twin."""
    tweets = tmp_path / "tweets.js"
    tweets.write_text(_ytd("tweets", [{"tweet": _tweet(full_text="@bob Yes, open today.", in_reply_to_status_id="99",
                                                       in_reply_to_screen_name="bob")},
                                      {"tweet": _tweet(id_str="2", full_text="Not a reply.", in_reply_to_status_id=None)}]),
                      encoding="utf-8")
    assert [p.meta.get("kind") for p in parse_file(tweets)] == ["reply", None]


@pytest.mark.parametrize("name, ytd, says", [
    ("deleted-tweets.js", "deleted_tweets", "deleted tweets are not read"),
    ("note-tweet.js", "note_tweet", "read with the tweets file next to them"),
    ("like.js", "like", "holds `like`, not the brand's tweets"),
])
def test_x_archive_other_files_say_what_to_give(tmp_path, name, ytd, says):
    path = tmp_path / name
    path.write_text(_ytd(ytd, [{"tweet": _tweet(full_text="x")}]), encoding="utf-8")
    with pytest.raises(DraftError) as err:
        parse_file(path, name)
    msg = str(err.value)
    assert msg.startswith(f"{name}:1:") and says in msg and "data/tweets.js" in msg and "\n" not in msg
    res = invoke_assert_code(["check", path, "--no-semantic"], code=2)
    assert len([ln for ln in res.stderr.splitlines() if ln.strip()]) == 1 and "Traceback" not in res.stderr


# ------------------------------------------------------------------------------ Instagram, Facebook
IG_POST = {"media": [{"uri": "media/posts/202403/1.jpg", "creation_timestamp": 1709290800,
                      "title": "Le caf\u00c3\u00a9 est pr\u00c3\u00aat."}]}


@pytest.mark.parametrize("rel", ["posts_1.json", "content/posts_1.json", "media/posts_1.json"])
def test_instagram_single_post_alone_and_older_layouts(tmp_path, rel):
    """An account with one post may get it alone, not in a list; older downloads put the file
    under content/ or media/ at the top."""
    alone = tmp_path / "alone" / rel
    alone.parent.mkdir(parents=True)
    alone.write_text(json.dumps(IG_POST), encoding="utf-8")
    listed = tmp_path / "listed" / rel
    listed.parent.mkdir(parents=True)
    listed.write_text(json.dumps([IG_POST]), encoding="utf-8")
    for root in (tmp_path / "alone", tmp_path / "listed"):
        posts = [p for f in discover([root]) for p in parse_file(f)]
        assert [(p.source, p.platform, p.meta["date"]) for p in posts] == \
            [("Le café est prêt.", "instagram", "2024-03-01T11:00:00+00:00")]


def test_instagram_media_json_of_before_2021():
    """``media.json``: photos and videos with ``caption`` and ``taken_at``; stories left out."""
    folder = FIX / "instagram-2019"
    assert [f.name for f in discover([folder])] == ["media.json"]
    posts = parse_file(folder / "media.json")
    assert [(p.source, p.meta["date"]) for p in posts] == [
        ("Nouvel atelier, même café. On vous attend samedi !", "2019-03-02T10:14:51"),
        ("Régler un dérailleur en 40 secondes.", "2019-04-11T17:45:00"),
    ]
    assert {p.platform for p in posts} == {"instagram"}


def test_facebook_single_post_alone(tmp_path):
    path = tmp_path / "your_posts_1.json"
    path.write_text(json.dumps({"timestamp": 1709290800, "data": [{"post": "Ouvert lundi."}], "title": "Brume"}),
                    encoding="utf-8")
    assert [(p.source, p.platform) for p in parse_file(path)] == [("Ouvert lundi.", "facebook")]


def test_facebook_other_peoples_posts_are_never_the_brands(tmp_path):
    """``other_people's_posts_to_your_timeline.json`` (``wall_posts_sent_to_you``) has the same
    items as the brand's posts: it was read as the brand's words. Left out of a folder; given
    alone, one line saying why."""
    folder = FIX / "facebook-2019"
    posts = [p for f in discover([folder]) for p in parse_file(f)]
    assert [p.source for p in posts] == ["Les vélos d'occasion sont révisés et garantis six mois."]
    wall = folder / "posts" / "other_people's_posts_to_your_timeline.json"
    res = invoke_assert_code(["check", wall, "--no-semantic"], code=2)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "other people's posts" in lines[0] and "your_posts_1.json" in lines[0]
    # the newer shape: {"wall_posts_sent_to_you": {"activity_log_data": [...]}}
    newer = tmp_path / "other_people's_posts_to_your_timeline.json"
    newer.write_text(json.dumps({"wall_posts_sent_to_you": {"activity_log_data": [
        {"timestamp": 1, "data": [{"post": "Bravo !"}], "title": "Camille a écrit sur le journal."}]}}),
        encoding="utf-8")
    assert discover([tmp_path]) == []
    with pytest.raises(DraftError, match="other people's posts"):
        parse_file(newer)


def test_facebook_timeline_of_others_in_a_zip_is_left_out(tmp_path):
    archive = tmp_path / "facebook-brume.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in (FIX / "facebook-2019" / "posts").iterdir():
            zf.write(f, f"facebook-brume/posts/{f.name}")
    assert [p.source for p in parse_file(archive)] == ["Les vélos d'occasion sont révisés et garantis six mois."]


def test_instagram_stories_given_alone_say_why(tmp_path):
    path = tmp_path / "stories.json"
    path.write_text(json.dumps({"ig_stories": [{"uri": "s.jpg", "creation_timestamp": 1, "title": ""}]}),
                    encoding="utf-8")
    with pytest.raises(DraftError, match="stories are not read as posts"):
        parse_file(path, "stories.json")


def test_meta_html_download_says_to_ask_for_json(tmp_path):
    """Meta's "Download your information" defaults to HTML: a zip of .html pages, no JSON."""
    archive = tmp_path / "instagram-brume-2024.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("your_instagram_activity/content/posts_1.html", "<html><body><div>Le café</div></body></html>")
        zf.writestr("start_here.html", "<html></html>")
    res = invoke_assert_code(["check", archive, "--no-semantic"], code=2)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "instagram-brume-2024.zip" in lines[0]
    assert "HTML download" in lines[0] and "JSON" in lines[0]


# ------------------------------------------------------------------------------ Mastodon
PUBLIC = ["https://www.w3.org/ns/activitystreams#Public"]


def _create(obj: dict) -> dict:
    return {"id": obj.get("id", "") + "/activity", "type": "Create", "actor": "https://velo.example/users/brume",
            "published": "2024-02-01T10:00:00Z", "to": PUBLIC, "cc": ["https://velo.example/users/brume/followers"],
            "object": obj}


def test_mastodon_polls_content_map_boosts_and_content_warnings(tmp_path):
    base = {"attributedTo": "https://velo.example/users/brume", "published": "2024-02-01T10:00:00Z",
            "to": PUBLIC, "cc": [], "inReplyTo": None}
    items = [
        _create({**base, "id": "https://velo.example/users/brume/statuses/1", "type": "Question",
                 "content": "<p>Quel soir pour l&#39;atelier r\u00e9paration ?</p>", "endTime": "2024-02-02T10:00:00Z",
                 "oneOf": [{"type": "Note", "name": "Mardi", "replies": {"type": "Collection", "totalItems": 4}},
                           {"type": "Note", "name": "Jeudi", "replies": {"type": "Collection", "totalItems": 7}}]}),
        _create({**base, "id": "https://velo.example/users/brume/statuses/2", "type": "Note", "content": None,
                 "contentMap": {"fr": "<p>Ferm\u00e9 lundi,<br>ouvert mardi.</p>"}}),
        _create({**base, "id": "https://velo.example/users/brume/statuses/3", "type": "Note", "sensitive": True,
                 "summary": "Spoiler : le prix", "content": "<p>La r\u00e9vision passe \u00e0 49 &euro;.</p>"}),
        {"id": "https://velo.example/users/brume/statuses/4/activity", "type": "Announce", "to": PUBLIC,
         "object": "https://other.example/users/someone/statuses/42"},
        {"id": "https://velo.example/users/brume/statuses/5/activity", "type": "Create", "to": PUBLIC,
         "object": "https://velo.example/users/brume/statuses/5"},
    ]
    outbox = tmp_path / "outbox.json"
    outbox.write_text(json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",
                                  "type": "OrderedCollection", "totalItems": len(items), "orderedItems": items},
                                 indent=2, ensure_ascii=False), encoding="utf-8")
    assert [p.source for p in parse_file(outbox)] == [
        "Quel soir pour l'atelier réparation ?",
        "Fermé lundi,\nouvert mardi.",
        "La révision passe à 49 €.",          # the content warning is not the post's text
    ]


def test_facebook_photo_post_caption_on_the_photo(tmp_path):
    """A photo post may carry its words only on the photo (``media.description``); the
    ``title`` ("Brume added a photo.") and a link's ``external_context`` are not the brand's text."""
    items = [
        {"timestamp": 1709290800, "data": [{"post": "Le texte du post."}],
         "attachments": [{"data": [{"media": {"uri": "photo_1.jpg", "creation_timestamp": 1709290800,
                                               "description": "Le texte du post."}}]}], "title": "Brume"},
        {"timestamp": 1709377200,
         "attachments": [{"data": [{"media": {"uri": "photo_2.jpg", "creation_timestamp": 1709377200,
                                               "title": "Photos du journal",
                                               "description": "Nouvelle vitrine, m\u00c3\u00aame sourire."}}]}],
         "title": "Brume a ajout\u00c3\u00a9 une photo."},
        {"timestamp": 1709463600, "attachments": [{"data": [{"external_context": {"url": "https://brume.example"}}]}],
         "title": "Brume a partag\u00c3\u00a9 un lien."},
        {"timestamp": 1709550000, "data": [{"update_timestamp": 1709550000}], "title": "Brume a mis \u00c3\u00a0 jour son statut."},
    ]
    path = tmp_path / "your_posts_1.json"
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    assert [p.source for p in parse_file(path)] == ["Le texte du post.", "Nouvelle vitrine, même sourire."]


def test_x_short_tweet_of_the_same_second_keeps_its_own_text(tmp_path):
    """Only the cut tweet takes the long post: a short one posted the same second (a thread's
    next tweet) keeps its words, whatever the order of the file."""
    data = tmp_path / "data"
    data.mkdir()
    notes = (LONG / "data" / "note-tweet.js").read_text(encoding="utf-8")
    (data / "note-tweet.js").write_text(notes, encoding="utf-8")
    cut = json.loads((LONG / "data" / "tweets.js").read_text(encoding="utf-8").split("=", 1)[1])[0]
    short = {"tweet": _tweet(id_str="9", full_text="And a second tweet, the same second.",
                             created_at=cut["tweet"]["created_at"])}
    (data / "tweets.js").write_text(_ytd("tweets", [short, cut]), encoding="utf-8")
    posts = parse_file(data / "tweets.js")
    assert posts[0].source == "And a second tweet, the same second."
    assert posts[1].source.endswith("coffee is on us.") and posts[1].path.endswith("note-tweet.js")
