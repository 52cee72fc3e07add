"""Drift's permutation tests on the workers, with the verdicts of one process.

In one process the set pass is mostly drift's group tests (:meth:`persona.Analysis.test`: the
kernels of each pooled sample and thousands of permutations; 133 s of a 310 s cold run on
5,000 posts): about as long as the per-post work, and run after it, so distributing the post
pass alone cannot halve a run. The tests are independent computations on the analysis'
features, so they run on the workers; the *verdicts* (which tests to run, Holm's step-down,
refinement, the trait tables) stay here, in drift's own code, unchanged.

How, without a second copy of drift's logic: the group judge
(:func:`voicelint.judgement.drift.judge.judge_lang`, through :meth:`Analysis.judge`) runs in rounds. In a
round every test it asks for is either known (computed by a worker in an earlier round) or
*pending*: it gets a stand-in that can reach no verdict (p = 1, a statistic of -inf), the call
is kept, and the judge goes on. At the end of the round the pending tests run on the cluster,
all at once, and the judge runs again. A round with no pending test is the real one: every
test it saw is the one one process would have computed (same rows, options and seed; the
stand-ins only decided which further tests to ask for, and their answers are thrown away).
Rounds are few: one for the first tests of every group, then one per step that depended on a
result (a refinement, a group flagged in the step-down).

A test is sent with the features of the rows it compares and nothing else: the reducing process
draws the test's subsample (:func:`persona.sample`, at most ``max_sample`` posts a side, the draw one
process makes), and a worker gets those rows' traits, style, embeddings, voice scores and n-gram
counts, renumbered, and runs :meth:`persona.Analysis.test_rows` on them. A test's kernels depend on
its rows alone (the n-grams' idf is over the pooled sample; ties in string order), so the result
is the one one process computes, and a worker's memory is bounded by ``max_sample`` whatever the
set's size. (Sending the whole analysis to every worker took each one to 1.8 GB on a
100,000-post calendar.)
"""
from __future__ import annotations

import dataclasses
import time
from typing import Any

#: Seconds spent here, for bench/scale.py's breakdown (summed over the run).
TIMES: dict[str, float] = {"drift_rounds": 0, "drift_remote": 0, "drift_tests": 0}


def _stand_in(n: int):
    """A test result that decides nothing: p = 1, a statistic below every threshold."""
    import numpy as np

    from voicelint.judgement.drift.judge import TestResult
    return TestResult(stat=float("-inf"), p=1.0, null=np.zeros(1), blocks={},
                      contributions=np.zeros(n))


def _key(lang, rows, ref, opts, salt) -> tuple:
    return (lang, tuple(int(r) for r in rows), tuple(int(r) for r in ref),
            repr(sorted(opts.items())), salt)


def rows_of(analysis, lang: str, rows: list[int]) -> Any:
    """An analysis holding only the features of ``rows`` of ``lang`` (renumbered 0..len-1, in
    this order): what a worker needs to run one test, no posts, texts or embedder."""
    from voicelint.judgement.drift.persona import Analysis

    f = analysis.feats[lang]
    idx = list(rows)
    out = Analysis.__new__(Analysis)
    pick = (lambda m: None if m is None else m[idx])
    out.feats = {lang: dataclasses.replace(
        f, traits=f.traits[idx], style=f.style[idx], emb=pick(f.emb), voice=pick(f.voice),
        written=pick(f.written), grams=[f.grams[i] for i in idx] if f.grams else [], texts=[],
        gram_table=None)}
    return out


def run_tests(calls: list[tuple]) -> tuple[list, float]:
    """On a worker: :meth:`Analysis.test_rows` for each ``(sub_analysis, lang, n_group, opts,
    seed)`` (the group is the first ``n_group`` rows of the sub-analysis, the reference the
    rest), and the seconds they took."""
    t0 = time.perf_counter()
    out = []
    for sub, lang, n_group, opts, seed in calls:
        n = len(sub.feats[lang].traits)
        out.append(sub.test_rows(lang, range(n_group), range(n_group, n), opts, seed))
    return out, time.perf_counter() - t0


class RemoteTests:
    """Wraps an :class:`Analysis` so its group tests run on the cluster (see the module doc)."""

    def __init__(self, client, analysis, chunk: int = 1):
        self.client = client
        self.analysis = analysis
        self.chunk = chunk
        self.known: dict[tuple, Any] = {}

    def install(self) -> None:
        analysis = self.analysis
        analysis.test = self._test  # instance attributes: this analysis only
        analysis.judge = self._judge

    def _test(self, lang, rows, ref, opts, salt):
        k = _key(lang, rows, ref, opts, salt)
        if k in self.known:
            return self.known[k]
        self._pending.setdefault(k, (lang, list(rows), list(ref), dict(opts), salt))
        return _stand_in(len(rows))

    def _judge(self, dimension, options=None):
        from voicelint.judgement.drift.persona import Analysis
        while True:
            t0 = time.perf_counter()
            self._pending: dict[tuple, tuple] = {}
            verdicts = Analysis.judge(self.analysis, dimension, options)
            TIMES["drift_rounds"] += time.perf_counter() - t0
            if not self._pending:
                return verdicts
            self._compute(self._pending)

    def _compute(self, pending: dict) -> None:
        from distributed import wait
        from voicelint.judgement.drift.persona import sample, spread
        t0 = time.perf_counter()
        keys = list(pending)
        # the largest tests first, so the last ones to finish are short
        keys.sort(key=lambda k: -(len(k[1]) + len(k[2])))
        plans = {}
        for k in keys:
            lang, rows, ref, opts, salt = pending[k]
            seed, picked, ref_rows = sample(rows, ref, opts, salt)
            g_rows = [rows[i] for i in picked]
            plans[k] = (picked, len(rows), (rows_of(self.analysis, lang, g_rows + list(ref_rows)), lang,
                                             len(g_rows), opts, seed))
        futs = [(ks, self.client.submit(run_tests, [plans[k][2] for k in ks], pure=False))
                for ks in (keys[i:i + self.chunk] for i in range(0, len(keys), self.chunk))]
        wait([f for _, f in futs])
        for ks, f in futs:
            results, spent = f.result()
            TIMES["drift_tests"] += spent
            for k, res in zip(ks, results):
                self.known[k] = spread(res, plans[k][0], plans[k][1])
        TIMES["drift_remote"] += time.perf_counter() - t0
