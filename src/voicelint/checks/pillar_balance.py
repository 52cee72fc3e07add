"""pillar_balance: the pillar mix of a set of posts (VL405 balance, VL406 uncovered pillar).

Each post of the set is put on its closest pillar when it serves one (its best-pillar similarity
reaches the calibrated VL404 threshold and it is neither off-strategy, nor about a declared
off-strategy topic, nor generic: see :mod:`voicelint.checks.semantic`). Then, with ``n`` posts on
``k`` pillars and the expected mix ``p`` as the reference (:func:`expected_mix`: an even mix,
unless pillars declare a ``share``, as ``profile learn`` writes the brand's own mix):

- ``balance`` (VL405): a pillar has more than half of the posts and more than its expected share
  explains: P(Binomial(n, p_i) >= its count) * k < ``alpha`` (Bonferroni over the pillars);
- ``uncovered`` (VL406): a pillar has no post although the expected mix would almost surely have
  given it one: (1 - p_i)^n < ``alpha``.

Without the declared shares, a brand whose history is 60 % product news and 15 % chit-chat got
VL405 on its own history, proposed pillars and all: an even mix is not what it publishes.

No finding under ``min_posts`` posts on a pillar, nor where even the most lopsided mix of so few
posts could not reach ``alpha``: a run over three drafts does not judge a calendar. It says so in
one notice per rule, with how many posts on a pillar would let it judge (silence would read as
"the mix is fine"). A set finding is placed on one post (the first of the dominant pillar for
VL405, the first post of the set for VL406) and names the whole set in its message.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from voicelint.shared.errors import RuleError
from .base import Hit

TYPE = "pillar_balance"
SCOPE = "set"
NEEDS = {"semantic"}
OPTIONS = {"kind": str, "min_posts": int, "alpha": float}
DEFAULTS = {"min_posts": 6}  # alpha: 0.01 for balance, 0.05 for uncovered
KINDS = ("balance", "uncovered")


@dataclass(frozen=True)
class Settings:
    kind: str            # balance | uncovered
    min_posts: int       # fewer posts are not judged
    alpha: float         # significance of the test


def configure(rule) -> Settings:
    o = rule.options
    kind = o["kind"]
    if kind not in KINDS:
        raise RuleError(f"expected kind one of {', '.join(KINDS)}, got {kind!r}", key="kind")
    min_posts = o["min_posts"]
    alpha = o["alpha"] if o["alpha"] is not None else 0.01 if kind == "balance" else 0.05
    if min_posts < 2 or not 0 < alpha < 1:
        raise RuleError("expected min_posts >= 2 and 0 < alpha < 1", key="min_posts")
    return Settings(kind, min_posts, alpha)


def binom_sf(c: int, n: int, p: float) -> float:
    """P(X >= c) for X ~ Binomial(n, p), summed in log space (exact ints overflow floats at a
    few thousand posts)."""
    if c <= 0:
        return 1.0
    if c > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    lp, lq, ln = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    logs = [ln - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq for i in range(c, n + 1)]
    top = max(logs)
    return float(min(1.0, math.exp(top) * math.fsum(math.exp(x - top) for x in logs)))


def _assign(posts, ctx) -> list:
    """Each post's pillar (or None when it is on no pillar), or False when it has no prose:
    judged in one batch per language (the VL4xx assessments of the run when already made)."""
    from . import semantic
    from .semantic import decide, post_text, space_for

    batch = getattr(semantic, "prepare", None)  # the VL4xx batch (tests take it away)
    if batch is not None:
        batch(None, posts, ctx)
    out = []
    for post in posts:
        space = space_for(ctx, ctx.lang(post))
        if space is None or not post_text(post):
            out.append(False)
            continue
        a = ctx.memo(("strategy-assessment", id(post)), lambda: space.assess([post_text(post)])[0])
        d = decide(space, a)
        pid, psim = a.best_pillar
        ok = pid is not None and psim >= space.thresholds["VL404"] and not (
            d["declared_topic"] or d["generic"] or d["off_strategy"])
        out.append(pid if ok else None)
    return out


def mix(posts, ctx):
    """(pillar ids, {post id: pillar id or None}, posts in order) for the set; memoised per run.
    A post's pillar depends on the post and the profile only: kept in the results cache, so
    a warm run (or a hook given a few files) needs no model to judge the mix."""
    from .semantic import space_for

    def build():
        order = sorted(posts, key=lambda p: (p.path, p.row or 0))
        prof = ctx.profile
        if prof is None or not prof.has_strategy:
            for lang in sorted({ctx.lang(p) for p in order}):
                space_for(ctx, lang)  # says why once (no strategy)
            return [], {}, order
        got = ctx.per_post("pillar", order, lambda todo: _assign(todo, ctx))
        assigned = {k: v for k, v in got.items() if v is not False}
        pillars = [p["id"] for p in prof.pillars] if assigned else []
        return pillars, assigned, order

    return ctx.memo(("pillar-mix", tuple(id(p) for p in posts)), build)


def expected_mix(pillars: list[dict]) -> dict[str, float]:
    """Each pillar's expected share of the posts: its declared ``share``; the rest of 1 split
    evenly among the pillars that declare none (or, when the declared ones already take it all,
    the smallest declared share each); normalised to add up to 1."""
    ids = [p["id"] for p in pillars]
    declared = {p["id"]: float(p["share"]) for p in pillars if isinstance(p.get("share"), (int, float))}
    rest = [pid for pid in ids if pid not in declared]
    left = 1.0 - sum(declared.values())
    fill = left / len(rest) if rest and left > 1e-9 else min(declared.values(), default=1.0)
    raw = {pid: declared.get(pid, fill) for pid in ids}
    total = sum(raw.values())
    if total <= 0:
        return {pid: 1.0 / len(ids) for pid in ids} if ids else {}
    return {pid: v / total for pid, v in raw.items()}


def posts_needed(kind: str, k: int, min_posts: int, alpha: float, mix: dict | None = None) -> int:
    """The fewest posts on ``k`` pillars that can give a finding at ``alpha``: all of them on the
    pillar expected to have fewest (VL405), or none on the pillar expected to have most (VL406);
    ``mix``: the expected shares (default: even)."""
    shares = list((mix or {}).values()) or [1.0 / k]
    lo, hi = min(shares), max(shares)
    n = max(min_posts, 1)
    while n < 100_000:
        p = k * lo ** n if kind == "balance" else (1.0 - hi) ** n
        if p < alpha:
            return n
        n += 1
    return n


def not_judged(code: str, kind: str, n: int, k: int, need: int, brand: str | None = None) -> str:
    what = "one pillar crowding out the others" if kind == "balance" else "a pillar no post serves"
    who = f" for {brand}" if brand else ""
    return (f"{code} (pillar mix){who} could not judge the set: {n} post{'s' * (n != 1)} on a pillar, and "
            f"{need} are needed to show {what} among {k} pillars; add {need - n} more (check the "
            "whole calendar or drafts folder, not a few drafts)")


def check_set(rule, posts, ctx):
    from .semantic import span

    c = rule.compiled
    pillars, assigned, order = mix(posts, ctx)
    k = len(pillars)
    on = [p for p in order if assigned.get(id(p))]
    n = len(on)
    if k < 2:
        return
    shares = expected_mix(ctx.profile.pillars)
    need = posts_needed(c.kind, k, c.min_posts, c.alpha, shares)
    if n < need:
        ctx.notice(not_judged(rule.code, c.kind, n, k, need, getattr(ctx.profile, "name", None)))
        return
    counts = {pid: 0 for pid in pillars}
    for p in on:
        counts[assigned[id(p)]] += 1
    mix_txt = ", ".join(f"{pid} {cnt}" for pid, cnt in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    evidence = {"posts_on_a_pillar": n, "posts_in_set": len(order), "pillars": counts,
                "unassigned": len(order) - n, "alpha": c.alpha,
                "expected_shares": {pid: round(v, 4) for pid, v in shares.items()}}
    if c.kind == "balance":
        top = max(pillars, key=lambda pid: (counts[pid], -pillars.index(pid)))   # over half: one at most
        cnt = counts[top]
        p_value = min(1.0, binom_sf(cnt, n, shares[top]) * k)
        if cnt / n <= 0.5 or p_value >= c.alpha:
            return
        first = next(p for p in on if assigned[id(p)] == top)
        s, e = span(first)
        yield first, Hit(s, e, args=(top, cnt, n, mix_txt, f"{n * shares[top]:.1f}"), score=cnt / n,
                         threshold=0.5, evidence={**evidence, "dominant": top, "p_value": round(p_value, 5),
                                                  "posts": [p.id for p in on if assigned[id(p)] == top]})
        return
    for pid in pillars:
        p_none = (1.0 - shares[pid]) ** n
        if counts[pid] == 0 and p_none < c.alpha:
            first = order[0]
            s, e = span(first)
            yield first, Hit(s, e, args=(pid, n), score=0.0, threshold=round(p_none, 5),
                             evidence={**evidence, "uncovered": pid, "p_expected_mix_misses_it": round(p_none, 5)})
