"""The reduce step, in this process: partitions out to the cluster, their results gathered, the
set-scope checks run over the whole set exactly as :meth:`Engine.run` runs them.

:class:`DistributedEngine` replaces only the engine's post pass: instead of judging the posts
here, it sends them to the cluster in partitions (:func:`.mapping.judge_partition`), at most a
few per worker at a time, and keeps what comes back. :class:`GatheredContext` then hands the
set-scope checks the per-post features the workers measured (``per_post``) and the vectors
they encoded (``embedder().encode``), so the reduce measures nothing again and loads no
model; what no partition measured (the approved posts' features, cheap) is measured here.
"""
from __future__ import annotations

import itertools
import json
import os
import time
from typing import Any, Callable

from voicelint.engine.engine import CHUNK, Context, Engine
from voicelint.shared.errors import ConfigError

#: Posts per partition (a multiple of the engine's chunk, so spaCy and embedding batches are
#: those of one process); partitions in flight per worker thread.
PARTITION = 4 * CHUNK
IN_FLIGHT = 2

#: Seconds by phase in this process (and summed over the workers' tasks), for the breakdown of
#: bench/scale.py: written as JSON to ``$VOICELINT_SCALE_TIMES`` when it is set.
TIMES: dict[str, float] = {"total": 0, "map": 0, "map_worker": 0, "set_pass": 0}


def _write_times() -> None:
    path = os.environ.get("VOICELINT_SCALE_TIMES")
    if not path:
        return
    from .drift_tests import TIMES as DRIFT
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({k: round(v, 2) for k, v in {**TIMES, **DRIFT}.items()}, fh)


class GatheredEmbedder:
    """Vectors the workers encoded, by text key; texts none of them encoded go to ``fallback``."""

    def __init__(self, vectors: dict, fallback: Callable[[list[str]], Any]):
        self.vectors = vectors
        self.fallback = fallback

    def encode(self, texts):
        import numpy as np

        from voicelint.nlp.embeddings import text_key
        keys = [text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            got = self.fallback([t for _, t in missing])
            self.vectors.update(zip((k for k, _ in missing), got))
        if not keys:
            return np.zeros((0, len(next(iter(self.vectors.values()), ()))), dtype=np.float32)
        return np.stack([np.asarray(self.vectors[k], dtype=np.float32) for k in keys])


class GatheredContext(Context):
    """A context whose ``per_post`` values and embeddings come from the map step."""

    def __init__(self, profile, options, fallback_encode: Callable[[list[str]], Any], client=None):
        super().__init__(profile, options)
        self.gathered: dict[str, dict[int, Any]] = {}  # kind -> {id(post): value}
        self._gathered_embedder = GatheredEmbedder({}, fallback_encode)
        self.client = client

    def memo(self, key, fn):
        if self.client is not None and isinstance(key, tuple) and key and key[0] == "persona-analysis":
            def build():  # drift's analysis: its group tests run on the workers (.drift_tests)
                from .drift_tests import RemoteTests
                analysis = fn()
                RemoteTests(self.client, analysis).install()
                return analysis
            return super().memo(key, build)
        return super().memo(key, fn)

    def per_post(self, kind, posts, compute):
        have = self.gathered.get(kind, {})
        out = {id(p): have[id(p)] for p in posts if id(p) in have}
        rest = [p for p in posts if id(p) not in out]
        if rest:  # not measured by a partition (approved posts): measured here
            out.update(super().per_post(kind, rest, compute))
        return out

    def embedder(self):
        return self._gathered_embedder


class DistributedEngine(Engine):
    """:class:`Engine` whose post pass runs on a Dask cluster (``client``)."""

    def __init__(self, client, rules, *args, partition: int | None = None, **kwargs):
        super().__init__(rules, *args, **kwargs)
        from .mapping import job_blob
        self.client = client
        size = partition or PARTITION
        self.partition = max(CHUNK, size - size % CHUNK)
        self.token, self.blob = job_blob(self, rules)

    def run(self, posts, ctx=None, jobs: int = 1, progress=None):
        ctx = GatheredContext(self.profile, self.options, self._encode_remote, self.client)
        t0 = time.perf_counter()
        try:
            return super().run(posts, ctx, jobs, progress)
        finally:
            TIMES["total"] += time.perf_counter() - t0
            _write_times()

    def _set_pass(self, posts, rules, ctx):
        t0 = time.perf_counter()
        try:
            return super()._set_pass(posts, rules, ctx)
        finally:
            TIMES["set_pass"] += time.perf_counter() - t0

    def _encode_remote(self, texts: list[str]):
        from .mapping import encode
        return self.client.submit(encode, self.token, self.blob, list(texts), pure=False).result()

    def _post_pass(self, posts, rules, ctx, jobs=1, progress=None):
        from distributed import as_completed

        from voicelint.engine import resultcache as rc
        from .mapping import judge_partition

        t_map = time.perf_counter()
        store = self._result_store()
        if store is not None:  # the set-scope results cache, as in one process
            ctx.results = (store, rc.env_fingerprint(self.profile, self.options))
        bounds = [(lo, min(lo + self.partition, len(posts))) for lo in range(0, len(posts), self.partition)]
        threads = max(1, sum(self.client.nthreads().values()))
        code = rc.code_fingerprint()
        per_post: dict[int, list] = {}
        notices: dict[int, tuple] = {}  # partition start -> (post-pass notices, set-feature notices)
        vectors = ctx._gathered_embedder.vectors
        todo = iter(bounds)

        def submit(b):
            lo, hi = b
            return self.client.submit(judge_partition, self.token, self.blob, posts[lo:hi], pure=False,
                                      key=f"voicelint-partition-{self.token}-{lo}")

        pending = {submit(b): b for b in itertools.islice(todo, threads * IN_FLIGHT)}
        stream = as_completed(list(pending))
        for fut in stream:
            lo, hi = pending.pop(fut)
            res = fut.result()
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                f = submit(nxt)
                pending[f] = nxt
                stream.add(f)
            if res["code"] != code:
                raise ConfigError("the Dask workers run another version of voicelint than this "
                                  "process: install the same one on every worker")
            part = posts[lo:hi]
            for post, found in zip(part, res["findings"], strict=True):
                per_post[id(post)] = found
                self.emit(post, found, ctx.lang(post))  # written as it comes, when the output streams
            for kind, values in res["features"].items():
                mine = ctx.gathered.setdefault(kind, {})
                for i, v in values.items():
                    mine[id(part[i])] = v
            vectors.update(res["vectors"])
            notices[lo] = (res["notices"], res["set_notices"])
            TIMES["map_worker"] += res.get("seconds", 0.0)
            if progress is not None:
                progress(hi - lo)
        for lo, _ in bounds:  # notices in the order one process gives them
            for n in notices[lo][0]:
                ctx.notice(n)
        for lo, _ in bounds:
            for n in notices[lo][1]:
                ctx.notice(n)
        TIMES["map"] += time.perf_counter() - t_map
        return per_post
