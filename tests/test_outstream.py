"""Findings written as the run goes (``--format json --output x.jsonl``, outstream.py): every
finding streamed once, the streamed set equal to the final one, a partial file while running."""
from __future__ import annotations

import json
from dataclasses import asdict

import pytest
import scale_fixtures
from clihelpers import invoke_assert_code

from voicelint import api


@pytest.fixture(scope="module")
def calendar(tmp_path_factory):
    return scale_fixtures.write(tmp_path_factory.mktemp("stream"))


def _streamed_run(cal, prof, tmp_path, scheduler=None, cache=False):
    got, partial_sizes = [], []
    result = api.run([cal], api.Options(profile=str(prof), semantic=False, cache_dir=str(tmp_path),
                                        cache=cache, scheduler=scheduler,
                                        stream=lambda fs: got.append(list(fs))))
    return result, got


def _key(f):
    return json.dumps(asdict(f), sort_keys=True, default=str)


@pytest.mark.parametrize("cache", [False, True], ids=["cold", "cached"])
def test_every_finding_is_streamed_once_and_the_stream_is_the_result(calendar, tmp_path, cache):
    cal, prof = calendar
    if cache:  # a first run fills the findings cache: the second streams from it
        _streamed_run(cal, prof, tmp_path, cache=True)
    result, batches = _streamed_run(cal, prof, tmp_path, cache=cache)
    flat = [f for b in batches for f in b]
    assert len(batches) > 1                                    # as the run goes, not at the end
    assert sorted(map(_key, flat)) == sorted(map(_key, result.findings))
    codes = [f.code for f in flat]
    # a post's own findings come before the set checks' (drift VL5xx, given at the end)
    first_set = min(i for i, c in enumerate(codes) if c.startswith("VL5"))
    assert any(not c.startswith("VL5") for c in codes[:first_set])


def test_suppressed_findings_are_not_streamed(tmp_path):
    post = tmp_path / "drafts" / "twitter" / "a.md"
    post.parent.mkdir(parents=True)
    post.write_text("<!-- voicelint-disable-next-line VL207 -->\nTHIS IS SHOUTING AND IT IS VERY LOUD TODAY\n"
                    "THIS TOO IS SHOUTING AND IT IS VERY LOUD NOW\n", encoding="utf-8")
    got = []
    result = api.run([post.parent.parent], api.Options(semantic=False, cache=False,
                                                       report_unused_disables=True,
                                                       stream=lambda fs: got.extend(fs)))
    assert {f.line for f in got if f.code == "VL207"} == {3}  # line 2 is suppressed
    assert sorted(map(_key, got)) == sorted(map(_key, result.findings))


def test_the_cli_writes_json_lines_and_leaves_no_partial_file(calendar, tmp_path):
    cal, prof = calendar
    out = tmp_path / "findings.jsonl"
    invoke_assert_code(["check", cal, "--profile", prof, "--no-semantic", "--no-cache", "--format", "json",
                        "--output", out, "--fail-on", "warning"], code=1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    listed = json.loads(invoke_assert_code(["check", cal, "--profile", prof, "--no-semantic", "--no-cache",
                                            "--format", "json", "--fail-on", "warning"], code=1).stdout)
    assert rows == listed                                       # the same findings, in the same order
    assert not (tmp_path / "findings.jsonl.partial").exists()


def test_a_failed_run_keeps_what_it_found_in_the_partial_file(calendar, tmp_path, monkeypatch):
    from voicelint.engine import engine
    cal, prof = calendar
    real = engine.Engine._set_pass

    def boom(self, *a, **k):
        raise RuntimeError("worker lost")
    monkeypatch.setattr(engine.Engine, "_set_pass", boom)
    out = tmp_path / "findings.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        invoke_assert_code(["check", cal, "--profile", prof, "--no-semantic", "--no-cache", "--format", "json",
                            "--output", out], code=1)
    assert out.read_text(encoding="utf-8") == "old\n"           # the output is never half-written
    partial = (tmp_path / "findings.jsonl.partial").read_text(encoding="utf-8").splitlines()
    assert partial and all(json.loads(line)["code"] for line in partial)
    assert real is not boom


def test_an_unwritable_output_is_one_line_and_exit_2(calendar, tmp_path):
    cal, prof = calendar
    res = invoke_assert_code(["check", cal, "--profile", prof, "--no-semantic", "--format", "json",
                              "--output", tmp_path / "missing" / "x.jsonl"], code=2)
    assert "x.jsonl.partial" in res.stderr and "Traceback" not in res.stderr
