"""--scheduler: the checks on a Dask cluster give the findings of one process (distributed/)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import asdict

import pytest
import scale_fixtures
from clihelpers import invoke_assert_code

from voicelint import api
from voicelint.inputs.config import load as load_config
from voicelint.shared.errors import ConfigError

distributed = pytest.importorskip("distributed")

SEMANTIC = [pytest.param(False, id="style"), pytest.param(True, id="semantic", marks=pytest.mark.semantic)]


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread each, on the loopback interface only."""
    import logging
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0",
                                  silence_logs=logging.ERROR) as local:
        yield local


@pytest.fixture(scope="module")
def calendar(tmp_path_factory):
    return scale_fixtures.write(tmp_path_factory.mktemp("scale"))


def _run(cal, prof, semantic, cache_dir, scheduler=None, cache=False):
    return api.run([cal], api.Options(profile=str(prof), semantic=semantic, cache_dir=str(cache_dir),
                                      cache=cache, scheduler=scheduler))


def _rounded(v):
    """Floats to 6 places: a worker of one thread sums a similarity in another order than a process
    of two (8e-9 apart in a VL401 score here); a finding's decision and text do not move."""
    if isinstance(v, float):
        return round(v, 6)
    if isinstance(v, dict):
        return {k: _rounded(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_rounded(x) for x in v)
    return v


def _rows(result):
    return [_rounded(asdict(f)) for f in result.findings]


@pytest.mark.parametrize("semantic", SEMANTIC)
def test_a_local_cluster_gives_the_findings_of_one_process(cluster, calendar, semantic, tmp_path, monkeypatch):
    from voicelint.engine.distributed import reduce
    monkeypatch.setattr(reduce, "PARTITION", 64)  # 264 posts: five partitions over two workers
    from voicelint.engine.distributed import drift_tests
    cal, prof = calendar
    one = _run(cal, prof, semantic, tmp_path / "one")
    before = dict(drift_tests.TIMES)
    many = _run(cal, prof, semantic, tmp_path / "cluster", scheduler=cluster.scheduler_address)
    assert drift_tests.TIMES["drift_tests"] > before["drift_tests"]  # drift's tests ran on the workers
    codes = {f.code for f in one.findings}
    assert {"VL501", "VL502", "VL504"} <= codes  # drift groups by platform, author and month
    if semantic:
        assert "VL405" in codes  # the pillar mix, from pillars the workers assigned
    guest = [f for f in one.findings if f.code == "VL502" and f.evidence["group"] == "guest"]
    assert guest and guest[0].evidence["n"] == 12
    assert many.posts == one.posts == 264
    assert _rows(many) == _rows(one)
    assert set(many.notices) == set(one.notices)


def test_worker_caches_give_the_same_findings_cold_and_warm(cluster, calendar, tmp_path, monkeypatch):
    from voicelint.engine.distributed import reduce
    monkeypatch.setattr(reduce, "PARTITION", 128)
    monkeypatch.delenv("VOICELINT_NO_CACHE", raising=False)
    cal, prof = calendar
    one = _run(cal, prof, False, tmp_path / "one")
    cold = _run(cal, prof, False, tmp_path / "shared", scheduler=cluster.scheduler_address, cache=True)
    warm = _run(cal, prof, False, tmp_path / "shared", scheduler=cluster.scheduler_address, cache=True)
    assert _rows(cold) == _rows(warm) == _rows(one)
    assert (tmp_path / "shared" / "findings.sqlite3").is_file()  # the workers' findings cache


def test_an_unreachable_scheduler_is_one_line_and_exit_2(monkeypatch, tmp_path):
    from voicelint.engine.distributed import cluster as cluster_mod
    monkeypatch.setattr(cluster_mod, "TIMEOUT", 1)
    draft = tmp_path / "post.md"
    draft.write_text("We brew tea.\n", encoding="utf-8")
    res = invoke_assert_code(["check", draft, "--no-semantic", "--scheduler", "tcp://127.0.0.1:9"], code=2)
    assert res.stderr.startswith("voicelint: error: --scheduler: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    res = invoke_assert_code(["check", draft, "--no-semantic", "--scheduler", "nowhere"], code=2)
    assert "cannot reach the Dask scheduler at nowhere" in res.stderr


def test_the_config_key_scheduler(tmp_path):
    (tmp_path / "voicelint.yaml").write_text("scheduler: tcp://10.0.0.5:8786\n", encoding="utf-8")
    assert load_config(tmp_path / "voicelint.yaml").scheduler == "tcp://10.0.0.5:8786"
    (tmp_path / "voicelint.yaml").write_text("scheduler: [a, b]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="scheduler: expected a text value"):
        load_config(tmp_path / "voicelint.yaml")


def test_without_a_scheduler_dask_is_not_imported(tmp_path):
    draft = tmp_path / "post.md"
    draft.write_text("We brew tea every morning.\n", encoding="utf-8")
    code = textwrap.dedent(f"""
        import sys
        from voicelint import api
        api.run([{str(draft)!r}], api.Options(semantic=False, cache=False))
        bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')
                     or m.startswith('voicelint.engine.distributed'))
        print(bad)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"



def test_the_report_runs_on_a_cluster(cluster, calendar, tmp_path):
    # (two one-process reports in one process already differ in their charts: not compared here)
    cal, prof = calendar
    invoke_assert_code(["report", cal, "--profile", prof, "--no-semantic", "--html", tmp_path / "many.html",
                        "--cache-dir", tmp_path / "c", "--scheduler", cluster.scheduler_address])
    html = (tmp_path / "many.html").read_text(encoding="utf-8")
    assert "guest" in html and "2025-06" in html


def test_findings_stream_from_the_cluster_as_partitions_come_back(cluster, calendar, tmp_path, monkeypatch):
    from voicelint.engine.distributed import reduce
    monkeypatch.setattr(reduce, "PARTITION", 64)
    cal, prof = calendar
    batches = []
    res = api.run([cal], api.Options(profile=str(prof), semantic=False, cache_dir=str(tmp_path), cache=False,
                                     scheduler=cluster.scheduler_address, stream=lambda fs: batches.append(list(fs))))
    flat = [_rounded(asdict(f)) for b in batches for f in b]
    assert len(batches) > 5
    key = lambda d: repr(sorted(d.items()))  # noqa: E731
    assert sorted(map(key, flat)) == sorted(map(key, _rows(res)))


def test_a_worker_gets_only_the_rows_of_its_test_and_computes_the_same_result(tmp_path):
    """A drift test is sent with the features of the rows it compares (renumbered), not the whole
    analysis: the same statistic, p-value and per-post contributions as the test on the full
    analysis, subsample included, and the sub-analysis holds no more than those rows."""
    import numpy as np
    from drift_fixtures import EN_PROFILE, calendar as drift_calendar
    from voicelint.engine.distributed.drift_tests import rows_of, run_tests
    from voicelint.inputs import documents, profile as profile_mod
    from voicelint.judgement.drift.persona import DEFAULTS, Analysis, sample, spread

    posts = [documents.parse_string(r["text"], name=f"<p{i}>", meta={k: v for k, v in r.items() if k != "text"})
             for i, r in enumerate(drift_calendar("en", True))]
    an = Analysis(posts, profile_mod.from_dict(EN_PROFILE), lambda p: "en")
    n = len(an.feats["en"].traits)
    opts = {**DEFAULTS, "max_sample": 4, "permutations": 199, "semantic": False}
    group, ref = list(range(0, 6)), list(range(6, n))
    seed, picked, ref_rows = sample(group, ref, opts, "salt")
    assert len(picked) == 4                                  # the group is subsampled
    sub = rows_of(an, "en", [group[i] for i in picked] + ref_rows)
    assert len(sub.feats["en"].traits) == len(picked) + len(ref_rows) < n + 1
    assert len(sub.feats["en"].grams) == len(sub.feats["en"].traits) and not sub.feats["en"].texts
    (res,), _ = run_tests([(sub, "en", len(picked), opts, seed)])
    res = spread(res, picked, len(group))
    whole = an.test("en", group, ref, opts, "salt")
    assert res.stat == whole.stat and res.p == whole.p and res.blocks == whole.blocks
    assert np.array_equal(res.null, whole.null)
    assert np.array_equal(res.contributions, whole.contributions)
