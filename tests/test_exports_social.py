"""TikTok's and Threads' downloads read as posts (``inputs/exports/tiktok.py``, ``meta.py``).

The fixtures are in each download's real format: TikTok's ``user_data_tiktok.json`` (its watch
history is another ``VideoList``, before the posts; a caption written with JSON escapes), an old
``user_data.json`` whose posts carry no caption, and Meta's ``threads_and_replies.json`` with each
UTF-8 byte escaped on its own."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from clihelpers import invoke_assert_code
from voicelint import api
from voicelint.inputs.documents import discover, parse_file
from voicelint.shared.errors import DraftError

FIX = Path(__file__).parent / "fixtures"
TIKTOK = FIX / "exports" / "tiktok" / "user_data_tiktok.json"
TIKTOK_OLD = FIX / "exports-variants" / "tiktok-2020" / "user_data.json"
THREADS = FIX / "exports" / "threads" / "your_instagram_activity" / "threads" / "threads_and_replies.json"


def _column(path: Path, line: int, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n")[line - 1].index(needle) + 1


def test_tiktok_posts_are_the_captions_of_the_account_s_videos():
    posts = parse_file(TIKTOK)
    assert [p.source for p in posts] == [
        "Réparer une crevaison en 5 minutes : la méthode de l'atelier 🚲 #velo #diy",
        "Soirée réparation gratuite jeudi, venez avec votre vélo !",
    ]                            # the video without a caption is left out, the watch history never read
    assert {p.platform for p in posts} == {"tiktok"}
    assert [(p.meta["date"], p.meta["likes"]) for p in posts] == [("2024-05-01T18:22:05", 128),
                                                                  ("2024-04-12T17:45:30", 1043)]


def test_a_word_after_escaped_letters_is_found_at_its_column_in_the_download():
    profile = {"name": "Atelier Brume", "language": "fr", "lexicon": {"banned": ["jeudi", "prix libre"]}}
    found = [f for f in api.lint([TIKTOK, THREADS], profile=profile, semantic=False) if f.code == "VL101"]
    where = {(Path(f.path).name, f.line, f.column) for f in found}
    # "Soir\u00e9e r\u00e9paration gratuite jeudi": six characters of escapes before the word
    tk_line = next(i for i, ln in enumerate(TIKTOK.read_text(encoding="utf-8").split("\n"), 1) if "jeudi" in ln)
    th_line = next(i for i, ln in enumerate(THREADS.read_text(encoding="utf-8").split("\n"), 1) if "prix libre" in ln)
    assert (TIKTOK.name, tk_line, _column(TIKTOK, tk_line, "jeudi")) in where
    assert (THREADS.name, th_line, _column(THREADS, th_line, "prix libre")) in where


def test_an_old_download_whose_posts_have_no_caption_says_so_in_one_line():
    with pytest.raises(DraftError) as err:
        parse_file(TIKTOK_OLD)
    msg = str(err.value)
    assert msg.startswith(f"{TIKTOK_OLD}:1: this TikTok download lists 2 posts") and "caption" in msg
    res = invoke_assert_code(["check", TIKTOK_OLD, "--no-semantic"], code=2)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "user_data.json" in lines[0] and "\"Title\"" in lines[0]


def test_a_download_without_its_posts_section_is_refused_with_what_was_expected(tmp_path):
    data = json.loads(TIKTOK.read_text(encoding="utf-8"))
    del data["Post"]
    path = tmp_path / "user_data_tiktok.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DraftError) as err:
        parse_file(path)
    assert "no posts section (Post > Posts > VideoList)" in str(err.value) and "\n" not in str(err.value)


def test_the_download_s_zip_is_read_and_found_in_a_folder(tmp_path):
    archive = tmp_path / "drafts" / "TikTok_Data_1714600000.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(TIKTOK, "user_data_tiktok.json")
    posts = parse_file(archive)
    assert len(posts) == 2 and posts[0].path.endswith("TikTok_Data_1714600000.zip!user_data_tiktok.json")
    assert archive in discover([tmp_path / "drafts"])


def test_threads_posts_and_replies_with_meta_escaped_utf8():
    posts = parse_file(THREADS)
    assert [p.source for p in posts] == [
        "Atelier ouvert samedi : café offert et réglage des freins à prix libre ☕",
        "@camille.v Oui, on répare aussi les vélos électriques !",
        "Nouvelle série de vidéos : l'entretien de la chaîne, épisode 1.",
    ]                                            # the image without a word is left out
    assert {p.platform for p in posts} == {"threads"}              # not Instagram's, whose shape it shares
    assert [p.meta.get("kind") for p in posts] == [None, "reply", None]
    assert posts[0].meta["date"] == "2024-05-01T16:13:20+00:00"


@pytest.mark.parametrize("key, fragment", [
    ("text_post_app_media_likes", "likes (other people's threads)"),
    ("text_post_app_text_post_app_saved_posts", "saved threads"),
])
def test_other_files_of_the_threads_download_say_which_to_give(tmp_path, key, fragment):
    path = tmp_path / "liked_threads.json"
    path.write_text(json.dumps({key: [{"media": [{"creation_timestamp": 1, "title": "not ours"}]}]}),
                    encoding="utf-8")
    with pytest.raises(DraftError) as err:
        parse_file(path)
    assert fragment in str(err.value) and "threads_and_replies.json" in str(err.value)


def test_the_reader_decodes_the_download_itself_when_given_only_its_text():
    from voicelint.inputs.exports import tiktok
    raw = TIKTOK.read_text(encoding="utf-8")
    assert [p.meta["likes"] for p in tiktok.parse(raw, "user_data_tiktok.json")] == [128, 1043]
    with pytest.raises(DraftError) as err:
        tiktok.parse(raw[:400], "user_data_tiktok.json")
    assert "cut short" in str(err.value) and "TikTok" in str(err.value)
