"""A team's first day: the wrong or broken export file given by mistake is one line that says what
the file is and what to give instead (exit 2), never a calendar's or a generic message."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint.inputs.documents import parse_file
from voicelint.shared.errors import DraftError

FIX = Path(__file__).parent / "fixtures" / "exports"
TWEETS = FIX / "x-archive" / "data" / "tweets.js"


def _meta(s: str) -> str:
    """Meta's escaping: each UTF-8 byte of a non-ASCII character as its own \\u00XX."""
    return "".join(json.dumps(c)[1:-1] if ord(c) < 128 else "".join(f"\\u00{b:02x}" for b in c.encode())
                   for c in s)


def _error(path: Path) -> DraftError:
    with pytest.raises(DraftError) as exc:
        parse_file(path)
    return exc.value


def test_shares_csv_without_its_commentary_column_is_named_as_linkedins(tmp_path):
    """A Shares.csv whose ShareCommentary column a spreadsheet dropped was read as a content
    calendar: "calendar has no 'text' column ... text, message, caption..." named nothing of LinkedIn."""
    shares = tmp_path / "Shares.csv"
    shares.write_text("Date,ShareLink,SharedUrl,MediaUrl,Visibility\n"
                      "2024-01-02 10:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7,,,PUBLIC\n",
                      encoding="utf-8")
    err = _error(shares)
    assert err.line == 1
    assert "LinkedIn's Shares.csv without its ShareCommentary column" in str(err)
    assert "calendar" not in str(err)
    result = invoke_assert_code(["check", shares, "--no-semantic", "--no-cache"], code=2)
    assert result.stderr.count("\n") == 1 and "Shares.csv:1:" in result.stderr


def test_a_calendar_without_text_is_still_a_calendar_error(tmp_path):
    cal = tmp_path / "plan.csv"
    cal.write_text("date,platform,notes\n2024-01-02,linkedin,hello\n", encoding="utf-8")
    assert "no 'text' column" in str(_error(cal))


def test_truncated_tweets_js_says_the_file_is_cut_short(tmp_path):
    """An interrupted download read "invalid JSON (Expecting ',' delimiter)" at a position past the
    last line: it now says the file stops inside its JSON, on the file's last line."""
    raw = TWEETS.read_text(encoding="utf-8")
    cut = tmp_path / "tweets.js"
    cut.write_text(raw[: len(raw) // 2], encoding="utf-8")
    err = _error(cut)
    assert "the file ends before its JSON does" in str(err) and "data/tweets.js" in str(err)
    assert err.line == cut.read_text(encoding="utf-8").rstrip().count("\n") + 1
    archive = tmp_path / "twitter.zip"                   # the same inside the archive
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("data/tweets.js", raw[: len(raw) // 3])
    assert "ends before its JSON does" in str(_error(archive))


def test_truncated_facebook_export_names_facebook_not_instagram(tmp_path):
    """A Facebook post carries "media" (its photo) too: a broken your_posts_1.json said "expected an
    Instagram export"."""
    post = ('  {\n    "timestamp": 1700000000,\n    "attachments": [{"data": [{"media": {"uri": "a.jpg", '
            '"creation_timestamp": 1700000000, "title": ""}}]}],\n    "data": [{"post": "%s"}]\n  }'
            % _meta("Nouvelle fournée de savons à l'atelier"))
    fb = tmp_path / "your_posts_1.json"
    fb.write_text("[\n" + post + ",\n" + post[:60], encoding="utf-8")
    err = str(_error(fb))
    assert "ends before its JSON does" in err and "a Facebook export" in err


def test_an_invalid_json_in_the_middle_keeps_its_line_and_column(tmp_path):
    bad = tmp_path / "your_posts_1.json"
    bad.write_text('[{"timestamp": 1, "data": [{"post": "abc"}]},, ]\n', encoding="utf-8")
    err = _error(bad)
    assert (err.line, err.column) == (1, 46) and "invalid JSON (Expecting value)" in str(err)


@pytest.mark.parametrize("name, body, says", [
    ("liked_posts.json", '{\n  "likes_media_likes": [\n    {"title": "velo_club", "string_list_data": '
                         '[{"href": "https://www.instagram.com/p/x/", "value": "\\u00f0\\u009f\\u0091\\u008d", '
                         '"timestamp": 1700000000}]}\n  ]\n}', "Instagram account's likes"),
    ("post_comments_1.json", '[\n  {"media_list_data": [{"uri": ""}], "string_map_data": {"Comment": '
                             '{"value": "Nice build!"}, "Time": {"timestamp": 1700000000}}}\n]',
     "Instagram account's comments"),
    ("comments.json", '{\n  "comments_v2": [\n    {"timestamp": 1700000000, "data": [{"comment": '
                      '{"timestamp": 1700000000, "comment": "Merci !", "author": "Atelier"}}], '
                      '"title": "Atelier a comment\\u00c3\\u00a9 une publication."}\n  ]\n}',
     "Facebook account's comments"),
    ("message_1.json", '{\n  "participants": [{"name": "Anna"}],\n  "messages": [{"sender_name": "Shop", '
                       '"timestamp_ms": 1700000000000, "content": "Your bike is ready!"}],\n  "title": "Anna"\n}',
     "message thread"),
    ("outbox.json", '{"@context": "https://www.w3.org/ns/activitystreams", "id": "https://m.s/users/a/outbox", '
                    '"type": "OrderedCollection", "totalItems": 3, "first": "https://m.s/users/a/outbox?page=true"}',
     "Mastodon outbox without its posts"),
])
def test_other_files_of_the_downloads_say_what_they_are(tmp_path, name, body, says):
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    err = _error(f)
    assert says in str(err) and err.line == 1
    assert "not a platform export voicelint reads" not in str(err)


CONNECTIONS = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
               'missing."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
               'Jean,Dupont,https://www.linkedin.com/in/jdupont,,Atelier,Gérant,12 Jan 2024\n')


def test_linkedins_other_files_given_alone_say_what_they_are(tmp_path):
    """The README says such a file is one line saying what it is; Connections.csv was read as a
    calendar: "calendar has no 'text' column (columns: notes:)"."""
    alone = tmp_path / "Connections.csv"
    alone.write_text(CONNECTIONS, encoding="utf-8")
    err = _error(alone)
    assert str(err).endswith("this is LinkedIn's Connections.csv (the connections), not the member's posts: "
                             "give Shares.csv from the same export") and err.line == 1
    comments = tmp_path / "Comments.csv"
    comments.write_text('Date,Link,Message\n2024-01-02 10:00:00,https://www.linkedin.com/feed/update/'
                        'urn:li:activity:7,"Merci pour ce partage !"\n', encoding="utf-8")
    assert "LinkedIn's Comments.csv (the member's comments)" in str(_error(comments))
    assert "give Shares.csv (beside it)" in str(_error(FIX / "linkedin" / "Connections.csv"))


def test_a_calendar_with_a_header_like_linkedins_comments_is_still_read(tmp_path):
    cal = tmp_path / "buffer.csv"
    cal.write_text('Date,Link,Message\n2024-01-02,https://brume.fr,"Notre atelier ouvre samedi."\n', encoding="utf-8")
    posts = parse_file(cal)
    assert [p.source for p in posts] == ["Notre atelier ouvre samedi."]


def test_a_french_teams_calendar_is_read_by_its_french_column_names(tmp_path):
    """A French team's sheet saved from Excel (BOM, ';', CRLF, "Texte", "Réseau", "Auteur",
    "Campagne") was refused: "calendar has no 'text' column (columns: date, réseau, texte...)",
    while the same team's front matter is read in French."""
    cal = tmp_path / "calendrier.csv"
    cal.write_bytes("\ufeffDate;Réseau;Texte;Auteur;Campagne\r\n"
                    "2026-02-03;LinkedIn;\"Nous accueillons Camille à l'atelier ; bienvenue !\";Léa;printemps\r\n"
                    "2026-02-05;Instagram;\"Salut toi !! ACHÈTE MAINTENANT\";Marc;printemps\r\n".encode("utf-8"))
    posts = parse_file(cal)
    assert [(p.platform, p.meta["author"], p.meta["campaign"], p.meta["date"]) for p in posts] == [
        ("linkedin", "Léa", "printemps", "2026-02-03"), ("instagram", "Marc", "printemps", "2026-02-05")]
    line, col = posts[1].position(posts[1].source.index("toi"))
    assert (line, col) == (3, 29)                    # in the file, after the accented header
    contenu = tmp_path / "c.csv"
    contenu.write_text("date;plateforme;contenu\n2026-02-03;facebook;Bonjour à toutes et à tous.\n", encoding="utf-8")
    assert [p.platform for p in parse_file(contenu)] == ["facebook"]


def test_shares_csv_without_its_date_column_says_so_once(tmp_path):
    """Without Date the posts were read with no date and no word: drift over time and the report's
    periods left them out silently."""
    shares = tmp_path / "Shares.csv"
    shares.write_text('ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n'
                      'https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7,"""Nous recrutons à Crest.""",,,PUBLIC\n'
                      'https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A8,"""Bienvenue Léa !""",,,PUBLIC\n',
                      encoding="utf-8")
    posts = parse_file(shares)
    assert [p.meta.get("date") for p in posts] == [None, None]
    assert [n for p in posts for n in p.notes] == [
        f"{shares}:1: no Date column: its 2 posts are read without a date (drift over time and the report's "
        "periods leave them out)"]


def test_a_quote_left_open_in_shares_csv_is_an_error_not_two_posts_in_one(tmp_path):
    """One unbalanced quote ran a share on into the next rows: three shares were read as two,
    the second inside the first, silently."""
    shares = tmp_path / "Shares.csv"
    link = "https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A"
    shares.write_text("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
                      f'2024-02-12 08:30:12,{link}1,"Notre atelier ouvre le samedi, venez !,,,MEMBER_NETWORK\n'
                      f'2024-02-20 17:02:44,{link}2,"Notre bilan 2023 : 1 200 vélos réparés.",,,MEMBER_NETWORK\n'
                      f'2024-03-01 09:00:00,{link}3,"Le printemps arrive.",,,MEMBER_NETWORK\n', encoding="utf-8")
    err = _error(shares)
    assert err.line == 3 and "a quote left open" in str(err) and "line 2" in str(err)
    result = invoke_assert_code(["check", shares, "--no-semantic", "--no-cache"], code=2)
    assert result.stderr.count("\n") == 1 and "Shares.csv:3:" in result.stderr
    # a share whose text quotes a date and a link on a line of its own is not a row
    shares.write_text("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
                      f'2024-02-12 08:30:12,{link}1,"""Rendez-vous :""\n""2024-03-01 09:00, https://example.org""",,,MEMBER_NETWORK\n',
                      encoding="utf-8")
    assert len(parse_file(shares)) == 1
