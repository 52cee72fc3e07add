"""The map step, run on a Dask worker: one partition of posts in, its findings and features out.

A task gets the pickled job (rules, profile, selection, options: :func:`job_blob`) and a list
of posts. The worker process keeps the engine built from a job (by its token) and, through
the process-wide memos of :mod:`voicelint.nlp`, its spaCy pipelines and embedding model: they
are loaded once per worker, not once per partition. A task has no side effect but the
worker's own caches (``cache_dir``), so Dask may run it again on another worker when one dies:
its result replaces nothing and adds nothing.
"""
from __future__ import annotations

import copy
import pickle
import uuid
from typing import Any

from voicelint.engine.engine import Context, Engine

#: Engines built on this worker process, by job token (a few jobs at most at once).
_ENGINES: dict[str, Engine] = {}
_KEEP = 4


def job_blob(engine: Engine, rules: list) -> tuple[str, bytes]:
    """``(token, pickled job)`` for ``engine`` (built from ``rules``): what a worker needs to
    build the same engine. A rule's check module is looked up again on the worker."""
    portable = []
    for r in rules:
        r = copy.copy(r)
        r.__dict__.pop("_module", None)
        portable.append(r)
    job = {"rules": portable, "profile": engine.profile, "selection": engine.selection,
           "semantic": engine.semantic, "options": engine.options,
           "report_unused": engine.report_unused}
    return uuid.uuid4().hex, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)


def _engine(token: str, blob: bytes) -> Engine:
    engine = _ENGINES.get(token)
    if engine is None:
        job = pickle.loads(blob)
        engine = Engine(job["rules"], job["profile"], job["selection"], semantic=job["semantic"],
                        options=job["options"], report_unused_disables=job["report_unused"])
        while len(_ENGINES) >= _KEEP:
            _ENGINES.pop(next(iter(_ENGINES)))
        _ENGINES[token] = engine
    return engine


class _RecordingEmbedder:
    """The worker's embedder, keeping the vectors it gives while :attr:`on`."""

    def __init__(self, inner):
        self.inner = inner
        self.on = False
        self.vectors: dict[str, Any] = {}

    def encode(self, texts):
        out = self.inner.encode(texts)
        if self.on:
            from voicelint.nlp.embeddings import text_key
            for t, v in zip(texts, out):
                self.vectors.setdefault(text_key(t), v)
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


class RecordingContext(Context):
    """A context that keeps what the set-scope checks derive from each post of the partition
    (``per_post`` values, by kind and index) and, while recording, the embeddings they ask for."""

    def __init__(self, profile, options, posts: list):
        super().__init__(profile, options)
        self._index = {id(p): i for i, p in enumerate(posts)}
        self.recorded: dict[str, dict[int, Any]] = {}
        self._recorder: _RecordingEmbedder | None = None
        self._recording = False

    def per_post(self, kind, posts, compute):
        out = super().per_post(kind, posts, compute)
        mine = self.recorded.setdefault(kind, {})
        for p in posts:
            i = self._index.get(id(p))
            if i is not None:
                mine[i] = out[id(p)]
        return out

    def embedder(self):
        if self._recorder is None:
            self._recorder = _RecordingEmbedder(super().embedder())
            self._recorder.on = self._recording
        return self._recorder

    def recording(self, on: bool) -> None:
        """Keep the vectors asked for from now on (or stop); the model is not looked up here:
        a run without semantic checks never needs it."""
        self._recording = on
        if self._recorder is not None:
            self._recorder.on = on


#: What each set-scope check type derives from one post at a time, and how to derive it on a
#: partition: the check's own code (drift's persona analysis, the pillar mix), so the features
#: are those the reduce step would have measured. Other set check types run in the reduce only.
def _drift_features(posts, ctx):
    from voicelint.checks import drift
    drift.analysis(posts, ctx)


def _pillar_features(posts, ctx):
    from voicelint.checks import pillar_balance
    pillar_balance.mix(posts, ctx)


FEATURES = {"drift": _drift_features, "pillar_balance": _pillar_features}


def judge_partition(token: str, blob: bytes, posts: list) -> dict:
    """Findings of the post-scope rules for each post of ``posts`` (before suppression, in rule
    order, as :meth:`Engine._post_pass` gives them), the notices, and the per-post features
    and vectors the set-scope rules will ask for."""
    import time

    from voicelint.engine import resultcache as rc

    t0 = time.perf_counter()
    engine = _engine(token, blob)
    ctx = RecordingContext(engine.profile, engine.options, posts)
    post_rules = [r for r in engine.rules if not r.set_scope]
    per_post = engine._post_pass(posts, post_rules, ctx)
    notices = list(ctx.notices)
    for kind in sorted({r.type for r in engine.rules if r.set_scope} & set(FEATURES)):
        ctx.recording(kind == "drift")  # the vectors drift compares (the reduce needs no model)
        FEATURES[kind](posts, ctx)
    ctx.recording(False)
    recorder = ctx._recorder
    return {"findings": [per_post[id(p)] for p in posts], "notices": notices,
            "set_notices": ctx.notices[len(notices):],
            "features": ctx.recorded,
            "vectors": recorder.vectors if recorder is not None else {},
            "code": rc.code_fingerprint(), "seconds": time.perf_counter() - t0}


def encode(token: str, blob: bytes, texts: list[str]):
    """Vectors for ``texts`` with the job's embedder (the reduce step asks when a text it needs
    was not measured by any partition)."""
    engine = _engine(token, blob)
    return Context(engine.profile, engine.options).embedder().encode(texts)
