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
