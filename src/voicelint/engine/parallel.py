"""``--jobs N``: post-scope rules over chunks of posts in worker processes.

Only what judges one post at a time and needs no embeddings goes to the workers (regex rules,
lexicon and spaCy patterns, lengths, links...): each worker makes its own spaCy docs, in
batches, and returns findings. Rules that need embeddings stay in the parent, so the model is
loaded at most once, as do set-scope rules (drift, pillar balance), which need every post.
Findings are put back in the order a single process would give, so ``--jobs N`` and
``--jobs 1`` report the same thing.

Workers are forked (they inherit the loaded rules, profile and posts; nothing is pickled
but the findings). Where ``fork`` is not available (Windows, macOS' default) or the run is
small, everything runs in this process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Callable

#: Fewer posts than this per worker: not worth starting processes.
MIN_POSTS_PER_JOB = 50

_STATE: tuple | None = None  # (engine, posts, rules, options) for forked workers


def available() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _work(bounds: tuple[int, int]):
    from .context import Context

    engine, posts, rules, _ = _STATE
    lo, hi = bounds
    ctx = Context(engine.profile, engine.options)
    return lo, engine.post_findings(posts[lo:hi], rules, ctx)


def post_findings(engine, posts: list, rules: list, ctx, jobs: int,
                  progress: Callable[[int], None] | None = None, chunk_size: int = 64):
    """``{id(post): (pairs, notices)}`` for the post-scope ``rules`` (pairs are ``(rule
    index, Hit)`` in rule order, notices ``(rule index, notice)``, as
    :meth:`Engine.post_findings` gives them), using ``jobs`` processes; None when it is not
    worth it (the caller then runs them itself)."""
    global _STATE
    jobs = min(jobs, len(posts) // MIN_POSTS_PER_JOB)
    if jobs < 2 or not available():
        return None
    remote = [i for i, r in enumerate(rules) if "semantic" not in r.needs]
    local = [i for i, r in enumerate(rules) if "semantic" in r.needs]
    if not remote:
        return None
    size = max(8, min(chunk_size * 4, -(-len(posts) // (jobs * 4))))
    bounds = [(lo, min(lo + size, len(posts))) for lo in range(0, len(posts), size)]
    results: dict[int, list] = {}
    _STATE = (engine, posts, [rules[i] for i in remote], None)
    try:
        mp = multiprocessing.get_context("fork")
        with mp.Pool(processes=jobs) as pool:
            pending = pool.imap_unordered(_work, bounds)
            # Rules that need embeddings run here meanwhile (the model stays in one process).
            local_found: dict[int, tuple] = {}
            if local:
                local_rules = [rules[i] for i in local]
                for lo in range(0, len(posts), chunk_size):
                    chunk = posts[lo:lo + chunk_size]
                    for post, (pairs, heard) in zip(chunk, engine.post_findings(chunk, local_rules, ctx)):
                        local_found[id(post)] = ([(local[j], h) for j, h in pairs], [(local[j], n) for j, n in heard])
            for lo, found in pending:
                results[lo] = found
                if progress is not None:
                    progress(len(found))
    finally:
        _STATE = None
    per_post: dict[int, tuple] = {}
    for lo, _ in bounds:
        for k, (pairs, heard) in enumerate(results[lo]):
            post = posts[lo + k]
            local_pairs, local_heard = local_found.get(id(post), ([], []))
            pairs = [(remote[j], h) for j, h in pairs] + local_pairs
            pairs.sort(key=lambda jh: jh[0])  # stable: a rule's hits keep their order
            heard = [(remote[j], n) for j, n in heard]
            per_post[id(post)] = (pairs, heard + [jn for jn in local_heard if jn not in heard])
            for _, n in per_post[id(post)][1]:
                ctx.notice(n)
    return per_post
