"""How drift is judged: the exact permutation two-sample test and the group-by-group verdicts.

:func:`permutation_test` compares a group of posts with a reference (the approved voice, or the
other groups) over several blocks of features at once, each block standardised on the same
permutations, so the test is exact at any sample size. :func:`judge_lang` runs it for every group
of one dimension (platform, author, campaign, period) and language of a
:class:`voicelint.judgement.drift.persona.Analysis`, step-down, Holm-adjusted over the groups.

numpy is imported lazily.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .display import wording_markers
from .groups import GroupVerdict
from voicelint.shared.numbers import numpy as _np


#: Largest number of ways to split a pooled sample that the test enumerates (exact p-values);
#: beyond it, seeded random permutations (as many as the smallest level needs, up to the same).
EXACT_MAX = 20000
#: Permutations of a second, independent test for a group whose first test came out close to the
#: level (p <= :data:`REFINE_BELOW`): the decision is taken on the second test's p-value alone, so
#: the false-alarm rate stays under the level, and a clear drift is not lost to the resolution of
#: 1,999 permutations (the largest of six block statistics needs about six times finer).
REFINED = 9999
#: How the block statistics are combined: "rank" (the smallest block p-value) or "max" (the
#: largest standardised statistic, before issue 13; kept to measure against).
COMBINE = "rank"
REFINE_BELOW = 0.05
#: How a group's two comparisons (with the approved voice, with the other groups) are joined:
#: True (intersection-union) flags a group only when it is apart from both, each at the level; its
#: p-value is the larger of the two. A time shift moves every group of a calendar away from the
#: approved posts together, and so does the chance that a brand's unseen posts differ from the ones
#: it learned from; neither is one platform sounding like another person. A group judged against
#: one reference only (a single group, no approved voice) is judged on that one. False: the
#: smaller p-value, Bonferroni-corrected (before issue 13's round 3; kept to measure against).
INTERSECT = True
#: Largest pooled sample refined (its kernels cost REFINED x N^2): bigger groups have power to spare.
REFINE_MAX_POSTS = 300


def smallest_p(n: int, m: int, n_perm: int) -> float:
    """The smallest p-value a test of ``n`` posts against ``m`` can give: one split in all of
    them when they are enumerated, one in ``n_perm + 1`` otherwise."""
    ways = math.comb(n + m, n)
    return 1.0 / ways if ways <= EXACT_MAX else 1.0 / (min(n_perm, EXACT_MAX) + 1)


@dataclass
class TestResult:
    stat: float                      # combined statistic (largest standardised block statistic)
    p: float
    null: Any                        # combined statistic under the permutations
    blocks: dict[str, float]         # standardised statistic per block
    contributions: Any               # per group post: how much it pulls away from the reference

    def critical(self, level: float) -> float:
        np = _np()
        level = min(max(level, 0.0), 1.0)
        if level <= 1.0 / (len(self.null) + 1):
            return float(np.max(self.null)) + 1e-9
        return float(np.quantile(self.null, 1.0 - level, method="higher"))


def kernel(X):
    np = _np()
    sq = (X * X).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * X @ X.T, 0.0)
    off = d2[np.triu_indices(len(X), 1)]
    bw = float(np.median(off)) if off.size else 1.0
    if bw <= 1e-12:
        bw = float(off.mean()) if off.size and off.mean() > 0 else 1.0
    return np.exp(-d2 / bw)


def standardise(X, floors=None, clip: float | None = None):
    np = _np()
    mu = X.mean(0)
    sd = X.std(0)
    if floors is not None:
        sd = np.maximum(sd, floors)
    keep = sd > 1e-9
    Z = (X[:, keep] - mu[keep]) / sd[keep]
    if clip is not None:
        Z = np.clip(Z, -clip, clip)
    return Z


def permutation_test(blocks: dict[str, tuple[str, Any]], n: int, n_perm: int, seed: int) -> TestResult:
    """Two-sample permutation test; the first ``n`` rows of every block are the group.

    The blocks are combined by their own permutation p-values (:data:`COMBINE` "rank", the
    smallest of them, Tippett's combination; the statistic is its -log10): each block counts as
    much as the others whatever the shape of its null distribution (a kernel statistic of five
    posts has a long tail that would drown a clear shift of the voice score in "max"). Where every
    split is enumerated (small samples), the number of splits is what limits the smallest p-value
    and the largest standardised statistic is kept (one extreme split among C, not one per block).
    Both choices depend on the sizes only, never on the posts.

    ``blocks`` maps a name to ``("mean", Z)`` (sum of squared mean differences of standardised
    columns), ``("lower", Z)`` (one column: how far the group's mean is below the reference's)
    or ``("kernel", K)`` (MMD with a precomputed kernel matrix). Every block statistic
    is standardised by its mean and spread over the splits (the observed one and the permuted
    ones alike, a symmetric function of them); the combined statistic is their maximum and its
    p-value comes from the same splits, so the test stays exact.

    When the pooled sample has at most :data:`EXACT_MAX` ways to split (C(20, 5) = 15,504: five
    approved posts and fifteen drafts), every split is enumerated instead of drawn: the p-value is
    then the exact share of splits at least as extreme, whatever ``n_perm``.
    """
    np = _np()
    N = next(iter(blocks.values()))[1].shape[0]
    m = N - n
    enumerated = math.comb(N, n) <= EXACT_MAX
    if enumerated:
        from itertools import combinations
        splits = np.array(list(combinations(range(N), n)), dtype=np.int64)  # the observed first
        n_perm = len(splits) - 1
        G = np.zeros((n_perm + 1, N))
        np.put_along_axis(G, splits, 1.0, axis=1)
    else:
        rng = np.random.default_rng(seed)
        keys = rng.random((n_perm, N)).argsort(axis=1)[:, :n]
        G = np.zeros((n_perm + 1, N))
        G[0, :n] = 1.0
        np.put_along_axis(G[1:], keys, 1.0, axis=1)
    A = G / n - (1.0 - G) / m
    zs: dict[str, Any] = {}
    contrib = np.zeros(n)
    for name, (kind, M) in blocks.items():
        if kind == "mean":
            D = A @ M
            stat = (D * D).sum(1)
        elif kind == "lower":  # one-sided: the group's mean below the reference's
            stat = -(A @ M)[:, 0]
        else:
            stat = ((A @ M) * A).sum(1)
        sd = float(stat.std())
        z = (stat - float(stat.mean())) / (sd if sd > 1e-12 else 1.0)
        zs[name] = z
        # how much each group post pulls the group away from the reference
        if kind == "mean":
            shift = D[0]
            c = M[:n] @ shift / (np.linalg.norm(shift) + 1e-12)
        elif kind == "lower":
            c = -M[:n, 0]
        else:
            c = -M[:n, n:].mean(1)
        c = (c - c.mean()) / (c.std() + 1e-12) if n > 1 else np.zeros(1)
        contrib += max(float(z[0]), 0.0) * c
    Z = np.vstack(list(zs.values()))
    if COMBINE == "max" or enumerated:
        comb = np.max(Z, axis=0)
    else:  # each block's own permutation p-value of every split; the smallest one decides
        total = Z.shape[1]
        u = np.vstack([(total - np.searchsorted(np.sort(z), z - 1e-12, side="left")) / total for z in Z])
        comb = -np.log10(np.min(u, axis=0))
    null = comb[1:]
    p = (1.0 + float((null >= comb[0] - 1e-12).sum())) / (n_perm + 1.0)
    return TestResult(stat=float(comb[0]), p=p, null=null,
                      blocks={k: float(v[0]) for k, v in zs.items()}, contributions=contrib)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _approved_needed(n: int, m: int, level: float, n_perm: int, least: int) -> int:
    """How many approved posts ``n`` posts need (at least ``least``, more than ``m``) for the
    exact test to reach ``level``."""
    k = max(least, m + 1)
    while smallest_p(n, k, n_perm) > level and k < 100000:
        k += 1
    return k


def _to_judge(key, n_of, n_ref, k_between, opts, n_perm) -> tuple[int, float, int]:
    """``(approved posts, level, groups)``: the fewest approved posts (``n_ref`` or more) with
    which the group ``key``, at the sizes ``n_of``, gets a test against the approved voice; the
    level it is then tested at, and how many groups share the Holm correction with it. The level
    depends on how many groups are judged at once, and more approved posts bring the other
    groups in too, so the count comes from :func:`_reachable` itself, between the size at which
    the group's best p-value reaches ``alpha`` (needed whatever the others do) and the size at
    which it reaches ``alpha`` over every group (enough whatever they do)."""
    alpha = float(opts["alpha"])
    n, least = n_of[key], int(opts["min_reference"])
    lo = max(n_ref, _approved_needed(n, max(n_ref, least) - 1, alpha, n_perm, least))
    floor = alpha / (max(1, len(n_of)) * (1 if INTERSECT else 2))
    hi = max(lo, _approved_needed(n, lo - 1, floor, n_perm, least))
    for m in range(lo, hi + 1):
        tests, g = _reachable(n_of, m, k_between, opts, n_perm)
        if "brand" in tests.get(key, ()):
            return m, alpha / (g * (1 if INTERSECT else len(tests[key]))), g
    return hi, floor, len(n_of)


def _reachable(n_of, n_ref, k_between, opts, n_perm):
    """Which tests each group can get, decided from the sizes alone (never from the posts, so the
    choice costs no validity): against the approved voice with ``min_reference`` approved posts or
    more, against the other groups (two or more groups of ``min_posts_between`` posts; with
    exactly two, each other), each kept only when its smallest p-value can reach the level Holm
    and Bonferroni give it. Returns ``{group: set of "brand"/"others"}`` and the level used."""
    alpha = float(opts["alpha"])
    tests = {}
    for k, n in n_of.items():
        t = set()
        if n_ref >= int(opts["min_reference"]) and n >= int(opts["min_posts"]):
            t.add("brand")
        if k in k_between and len(k_between) >= 2:
            t.add("others")
        tests[k] = t
    while True:
        g = max(1, sum(1 for t in tests.values() if t))
        failing = []
        for k, t in tests.items():
            level = alpha / (g * (1 if INTERSECT else max(1, len(t))))
            rest = sum(n_of[j] for j in k_between if j != k)
            for name in t:
                best = smallest_p(n_of[k], n_ref if name == "brand" else rest, n_perm)
                if best > level:
                    failing.append((best, k, name))
        if not failing:
            return tests, g
        # drop the tests that are farthest from their level first: each one dropped shares the
        # level among fewer groups, and may leave the others able to reach it
        worst = max(f[0] for f in failing)
        for best, k, name in failing:
            if best >= worst:
                tests[k].discard(name)


def _examples_key(analysis) -> str:
    """Where approved posts go, for the advice: the profile's ``voice.examples``, or, in a run
    without a profile, a profile to write."""
    if getattr(analysis, "profile", None) is not None:
        return "voice.examples"
    return "voice.examples of a brand profile: `voicelint init` writes one"


def _why_not(v, n_ref, k_between, opts, n_perm, n_of, examples: str = "voice.examples") -> str:
    """Why group ``v`` was not judged, and what would make it judgeable: the posts it lacks,
    and the approved posts it would then need, counted with the Holm level it would really be
    tested at (:func:`_to_judge`), so that following the advice makes it judged; ``examples``
    says where approved posts go (:func:`_examples_key`)."""
    least_ref, least = int(opts["min_reference"]), int(opts["min_posts"])
    sizes = dict(n_of)
    if v.n < least:
        sizes[v.key] = least
        need, _, _ = _to_judge(v.key, sizes, n_ref, k_between, opts, n_perm)
        more = ""
        if need > n_ref:
            more = f", and {_plural(need - n_ref, 'more approved post')} ({examples})"
        return (f"too few posts: {_plural(v.n, 'post')} (at least {least} are needed); "
                f"add {least - v.n} more{more}")
    need, level, g = _to_judge(v.key, sizes, n_ref, k_between, opts, n_perm)
    add = f"add {_plural(need - n_ref, 'approved post')} ({examples})"
    if n_ref >= least_ref:
        best = smallest_p(v.n, n_ref, n_perm)
        return (f"too few approved posts: {_plural(v.n, 'post')} against {n_ref} approved posts "
                f"reach at best p = {best:.3g}, and the test needs p <= {level:.3g}"
                + (f" ({g} groups judged at once share the {float(opts['alpha']):.3g} level)" if g > 1 else "")
                + f"; {add}")
    others = [k for k in k_between if k != v.key]
    between = (f"and no other group of {opts['min_posts_between']}+ posts to compare with"
               if not others else "and the other groups are too small to tell it apart from them")
    return (f"no approved voice: {_plural(n_ref, 'approved post')} (at least {least_ref} are "
            f"needed) {between}; {add}")


def judge_lang(analysis, dimension, lang, groups, opts) -> list:
    """Judge the ``groups`` (key -> posts) of one ``dimension`` and language of the analysis
    ``an`` (:class:`voicelint.judgement.drift.persona.Analysis`): against the approved voice and, step-down,
    against the other groups, Holm-adjusted over the groups. A group gets the tests its size and
    the approved voice's size can bring to the level (:func:`_reachable`); the others are not
    judged and say why (``reason``)."""

    feats = analysis.feats[lang]
    n_ref = analysis.n_approved.get(lang, 0)
    ref_rows = list(range(len(feats.traits) - n_ref, len(feats.traits)))
    verdicts: dict[str, GroupVerdict] = {}
    for k in sorted(groups):
        ps = groups[k]
        verdicts[k] = GroupVerdict(dimension, k, lang, ps, len(ps))
    k_between = [k for k in verdicts if verdicts[k].n >= int(opts["min_posts_between"])]
    alpha = float(opts["alpha"])
    # enough permutations to reach the smallest level Holm may ask for
    need = math.ceil(2 * len(verdicts) * 2 / alpha) if alpha > 0 else 1999
    opts = dict(opts, permutations=int(min(EXACT_MAX, max(int(opts["permutations"]), need))))
    n_perm = int(opts["permutations"])
    sizes = {k: v.n for k, v in verdicts.items()}
    examples = _examples_key(analysis)
    can, _ = _reachable(sizes, n_ref, k_between, opts, n_perm)
    judged = [k for k in verdicts if can[k]]
    for k, v in verdicts.items():
        if k not in judged:
            v.reason = _why_not(v, n_ref, k_between, opts, n_perm, sizes, examples)
    if not judged:
        return list(verdicts.values())
    rows_of = {k: [analysis.index[id(p)] for p in groups[k]] for k in verdicts}

    cap = int(opts.get("max_sample") or 10 ** 9)

    def test(rows, ref, salt):
        res = analysis.test(lang, rows, ref, opts, salt)
        n_all = min(len(rows), cap) + min(len(ref), cap)
        if res.p <= REFINE_BELOW and len(res.null) < REFINED and n_all <= REFINE_MAX_POSTS \
                and math.comb(len(rows) + len(ref), len(rows)) > EXACT_MAX:
            res = analysis.test(lang, rows, ref, dict(opts, permutations=REFINED), salt + "|refined")
        return res

    brand_tests: dict[str, TestResult] = {}
    for k in judged:
        if "brand" in can[k]:
            brand_tests[k] = test(rows_of[k], ref_rows, f"{dimension}|{k}|brand")
    pair = [k for k in k_between if "others" in can[k]] if len(k_between) == 2 else []
    both = list(pair)
    if len(pair) == 2 and not (INTERSECT and all(k in brand_tests for k in pair)):
        # Two groups only: they are tested against each other, and a difference is put on the
        # one farther from the approved voice (without one, on the smaller group): which of two
        # drifted cannot be told from the pair alone. (When both are judged against the approved
        # voice too, each needs both differences: the brand's test tells which one drifted.)
        def away(k):
            t = brand_tests.get(k)
            return (t.stat if t is not None else -math.inf, -verdicts[k].n, k)
        pair = [max(pair, key=away)]
    flagged: list[str] = []
    other_cache: dict[tuple, TestResult] = {}
    while True:
        remaining = [k for k in judged if k not in flagged]
        if not remaining:
            break
        candidates = []
        for k in remaining:
            tests = []
            if k in brand_tests:
                tests.append(("brand", brand_tests[k]))
            if "others" in can[k]:
                rest = [j for j in k_between if j != k and j not in flagged]
                rest_rows = [r for j in rest for r in rows_of[j]]
                # "the others" are at least two groups, or the other of exactly two (on the
                # group chosen above): with one of several, which drifted cannot be told apart
                if (len(rest) >= 2 or (k in pair and len(rest) == 1)) \
                        and len(rest_rows) >= int(opts["min_reference"]):
                    ck = (k, tuple(rest))
                    if ck not in other_cache:
                        other_cache[ck] = test(rows_of[k], rest_rows, f"{dimension}|{k}|others|{'|'.join(rest)}")
                    tests.append(("others", other_cache[ck]))
            if not tests:
                continue
            if INTERSECT:
                # apart from the approved voice AND from the other groups (intersection-union:
                # the largest p-value, at the level, no correction); explained against the brand
                p_adj = max(t[1].p for t in tests)
                best_name, best = next((t for t in tests if t[0] == "brand"), tests[0])
                candidates.append((p_adj, k, best_name, best, 1, dict(tests)))
                continue
            best_name, best = min(tests, key=lambda t: (t[1].p, t[0] != "brand"))
            p_adj = min(1.0, best.p * len(tests))
            candidates.append((p_adj, k, best_name, best, len(tests), dict(tests)))
        if not candidates:
            break
        level = alpha / len(remaining)
        floor_p = max([verdicts[j].p_value or 0.0 for j in flagged], default=0.0)
        for p_adj, k, name, res, ntests, tests in candidates:
            v = verdicts[k]
            v.judged = True
            v.p_brand = tests["brand"].p if "brand" in tests else None
            v.p_others = tests["others"].p if "others" in tests else None
            v.p_value = max(floor_p, min(1.0, p_adj * len(remaining)))  # Holm-adjusted
            v.versus, v.score, v.blocks = name, res.stat, {b: round(z, 2) for b, z in res.blocks.items()}
            tol = tolerance_of(analysis, dimension, k, opts)
            v.threshold = res.critical(level / ntests) * tol
        p_adj, k, name, res, ntests, tests = min(candidates, key=lambda c: (c[0], -c[3].stat, c[1]))
        v = verdicts[k]
        tol = tolerance_of(analysis, dimension, k, opts)
        ok = res.stat >= v.threshold and (p_adj <= level or tol < 1.0)
        if INTERSECT:  # every comparison clears its own critical value
            ok = ok and all(t.stat >= t.critical(level) * tol for t in tests.values())
        if not ok:
            break
        b = tests.get("brand")
        if name != "brand" and b is not None and b.p * ntests <= level \
                and b.stat >= b.critical(level / ntests) * tol:
            # apart from the brand's voice too: explained against the brand, which people know
            v.versus, v.score, v.blocks = "brand", b.stat, {x: round(z, 2) for x, z in b.blocks.items()}
            v.threshold = b.critical(level / ntests) * tol
        v.drifted = True
        flagged.append(k)
    for k in judged:
        if verdicts[k].judged:
            continue
        verdicts[k].reason = _why_not(verdicts[k], n_ref, k_between, opts, n_perm, sizes, examples)
        if len(both) == 2 and k not in pair and n_ref < int(opts["min_reference"]):
            need, _, _ = _to_judge(k, sizes, n_ref, k_between, opts, n_perm)   # at the level it would get
            verdicts[k].reason = (f"two groups and no approved voice to tell which one drifted: a "
                                  f"difference between them is reported on {pair[0]}; add "
                                  f"{_plural(need - n_ref, 'approved post')} ({examples}) to judge {k} too")
    for k, v in verdicts.items():
        if not v.judged:
            continue
        ref = ref_rows if (k in brand_tests and v.versus != "others") else \
            [r for j in k_between if j != k and j not in flagged for r in rows_of[j]] or \
            [r for j in k_between if j != k for r in rows_of[j]]
        shift = float(analysis.platform_setting(k, "formality_delta", 0.0) or 0.0) \
            if dimension == "platform" else 0.0
        v.traits = analysis._trait_table(lang, groups[k], ref, "brand" if ref is ref_rows else "others", shift)
        v.moved = sorted([t for t in v.traits if abs(t["z"]) >= 1.0], key=lambda t: -abs(t["z"]))
        if v.drifted:
            feats = analysis.feats[lang]
            v.markers = wording_markers([feats.texts[analysis.index[id(p)]] for p in groups[k]],
                                        [feats.texts[r] for r in ref])
        res = brand_tests.get(k) if v.versus == "brand" else None
        if res is None:
            res = next((r for (kk, _), r in other_cache.items() if kk == k), None)
        if res is not None:
            order = sorted(range(v.n), key=lambda i: (-float(res.contributions[i]), i))
            v.order = [groups[k][i] for i in order]
        else:
            v.order = list(groups[k])
    return list(verdicts.values())


def tolerance_of(analysis, dimension, key, opts) -> float:
    tol = float(opts.get("tolerance") or 1.0)
    if dimension == "platform":
        t = analysis.platform_setting(key, "tolerance")
        if t is not None:
            tol *= float(t)
    return tol

