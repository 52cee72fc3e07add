"""Inputs with nothing to lint never stop a run: an empty draft, a front-matter-only draft, a
blank text file and an export that holds no post each give one notice, and the exit code is
decided by what the other inputs hold (issue 15). The pre-commit hook is covered in
test_precommit_hook.py."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.cli import cli

PACK = {"pack/Mine/Guar.yml": "extends: existence\nmessage: 'No %s'\nlevel: error\ntokens: [guarantee]\n"}
# a Mastodon outbox whose only activity is a boost, and an X archive with no tweet: no post
BOOSTS_ONLY = json.dumps({"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",
                          "orderedItems": [{"type": "Announce", "object": "https://example.social/1"}]})
EMPTY = {
    "in/empty.md": "",
    "in/front-matter-only.md": "---\nplatform: linkedin\nauthor: Ana\n---\n",
    "in/blank.txt": "\n   \n\n",
    "in/outbox.json": BOOSTS_ONLY,
}


def build(root: Path, files: dict) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("other,exit_code", [("We guarantee a refund.\n", 1), ("We read your letters.\n", 0),
                                             (None, 0)])
def test_each_input_with_no_text_is_one_notice(tmp_path, monkeypatch, other, exit_code):
    files = {**EMPTY, **PACK}
    if other is not None:
        files["in/post.md"] = other
    build(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    targets = [rel for rel in files if rel.startswith("in/")]  # each file named, as a hook passes them
    r = CliRunner().invoke(cli, ["check", *targets, "--no-semantic", "--no-cache", "--rules", "pack",
                                 "--select", "Mine", "--format", "json"])
    assert "Traceback" not in r.stdout + r.stderr
    assert r.exit_code == exit_code, r.stderr
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("voicelint: note:")]
    for rel in EMPTY:
        assert len([n for n in notes if f" {rel}:1: " in n]) == 1, (rel, notes)
    assert [f["code"] for f in json.loads(r.stdout)] == (["Mine.Guar"] if exit_code else [])


def test_an_export_with_no_post_is_a_notice_not_an_error(tmp_path):
    from voicelint.api import Options, run
    build(tmp_path, {"outbox.json": BOOSTS_ONLY, "post.md": "We guarantee it.\n", **PACK})
    res = run([tmp_path / "outbox.json", tmp_path / "post.md"],
              Options(semantic=False, cache=False, rules=[str(tmp_path / "pack")], select=["Mine"]))
    assert [f.code for f in res.findings] == ["Mine.Guar"]
    assert sum("export holds no post with text" in n and "(skipped)" in n for n in res.notices) == 1
