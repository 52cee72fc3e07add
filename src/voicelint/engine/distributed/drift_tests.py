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

A worker holds the analysis' feature matrices (sent once per analysis, to every worker), not
the posts.
"""
from __future__ import annotations

import copy
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


def slim(analysis) -> Any:
    """What a worker needs of the analysis ``an`` to run its tests: the feature matrices (the
    n-gram table built here once), no posts, texts or embedder."""
    from voicelint.judgement.drift.persona import Analysis, GramTable

    out = Analysis.__new__(Analysis)
    out.feats = {}
    for lang, f in analysis.feats.items():
        if f.gram_table is None and f.grams:
            f.gram_table = GramTable(f.grams)
        out.feats[lang] = copy.copy(f)
        out.feats[lang].grams = []
        out.feats[lang].texts = []
    return out


def run_tests(slim_an, calls: list[tuple]) -> tuple[list, float]:
    """On a worker: :meth:`Analysis.test` for each ``(lang, rows, ref, opts, salt)``, and the
    seconds they took."""
    t0 = time.perf_counter()
    return [slim_an.test(*c) for c in calls], time.perf_counter() - t0


class RemoteTests:
    """Wraps an :class:`Analysis` so its group tests run on the cluster (see the module doc)."""

    def __init__(self, client, analysis, chunk: int = 1):
        self.client = client
        self.analysis = analysis
        self.chunk = chunk
        self.known: dict[tuple, Any] = {}
        self._remote = None  # the slim analysis, on every worker

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
        t0 = time.perf_counter()
        if self._remote is None:
            self._remote = self.client.scatter(slim(self.analysis), broadcast=True, hash=False)
        keys = list(pending)
        # the largest tests first, so the last ones to finish are short
        keys.sort(key=lambda k: -(len(k[1]) + len(k[2])))
        futs = [(ks, self.client.submit(run_tests, self._remote, [pending[k] for k in ks], pure=False))
                for ks in (keys[i:i + self.chunk] for i in range(0, len(keys), self.chunk))]
        wait([f for _, f in futs])
        for ks, f in futs:
            results, spent = f.result()
            TIMES["drift_tests"] += spent
            self.known.update(zip(ks, results))
        TIMES["drift_remote"] += time.perf_counter() - t0
