"""The whole post-level check, calibrated out of fold (``voicelint profile learn``).

A brand judges the linter first by one number: the share of the posts it would publish that get a
warning or an error. Each rule and VL210 may flag a small share of them; the shares add up. And a
norm learned from the approved posts (a limit that at most :data:`voicelint.judgement.norms.TOLERANCE` of
them exceed) is measured on the posts it was learned from: a new post exceeds an in-sample
maximum about once in n + 1, more often than the approved posts say.

So ``profile learn`` measures the check the way a new post meets it:

1. the approved posts are split into :data:`FOLDS` folds (seeded, so the same inputs give the
   same profile). For each fold, the norms are learned on the other folds
   (:func:`voicelint.judgement.norms.decide`), and the held-out posts are judged with them. Only the rules'
   findings on the profile *before* learning are needed: a learned limit only raises a limit and a
   learned severity only makes a rule ``info``, so what the learned profile flags is what survives
   of those findings (:func:`voicelint.judgement.norms.survives`; a test checks it against a real run);
2. a learned limit gets the **margin** the out-of-fold run shows it needs: the smallest number
   added to each fold's learned limit that leaves none of the held-out posts over it (a learned
   limit is for the post far past the brand's counts; the budget goes to the semantic checks,
   which detect more with it). The profile gets the limit learned on all the posts plus that
   margin;
3. the rules' out-of-fold flags are handed to :mod:`voicelint.judgement.calibration_joint`, which spends
   what is left of the target (``thresholds.false_alarm_target`` of the profile, default
   :data:`DEFAULT_TARGET`) over VL210 and, with a strategy, VL401 and VL403, on their own
   out-of-fold scores, where it buys the most detection. The semantic checks keep at least
   :data:`SEMANTIC_FLOOR` of the target, so they can still tell a competitor's post; when the
   rules alone take more than that, the expected figure is over the target and ``profile learn``
   says so.

What the run measured is recorded in the profile's ``learned.calibration.check``: the target, the
expected share of approved posts flagged out of fold, in all and per rule, the margins, and the
in-sample share for comparison. Set checks (VL5xx) are not part of it: they judge sets of posts.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from . import norms as norms_mod
from .brand import DEFAULT_TARGET, target_of  # noqa: F401 - the target is the profile's (brand.py)
from voicelint.shared.textpatterns import whitespace_key

#: A limit no post reaches: what a fold learns of a limit no one declared when its posts have none.
NO_LIMIT = 10 ** 9
#: Folds of the out-of-fold run (fewer when there are fewer posts).
FOLDS = 5
#: The share of the target the semantic checks (VL210, VL401, VL403) keep whatever the rules take.
SEMANTIC_FLOOR = 1 / 3


def assign_folds(n: int, k: int, seed: int) -> list[int]:
    """Fold of each of ``n`` posts: a seeded shuffle dealt round-robin into ``k`` folds."""
    order = list(range(n))
    random.Random(f"voicelint-oof:{seed}").shuffle(order)
    fold = [0] * n
    for j, i in enumerate(order):
        fold[i] = j % k
    return fold


@dataclass
class RulesOOF:
    """The rules' side of the out-of-fold run."""

    norms: dict                        # the decisions learned on all the posts (with margins)
    flags: dict[str, set]              # post id -> codes flagging it out of fold
    margins: dict[str, int]            # learned limit key -> margin added
    folds: int
    in_sample: float                   # share flagged in sample with the learned norms
    keys: list[str] = field(default_factory=list)   # post id -> whitespace-normalised text
    # an undeclared limit that no post gave a value to: code -> approved posts with any (said, not
    # left silent: ``norms.describe_unlearned``)
    unlearned: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        """Share of the posts some rule flags out of fold."""
        return len(self.flags) / len(self.keys) if self.keys else 0.0


def _held_out(flagged, posts, index, fold, decisions_by_fold) -> dict[str, set]:
    """post id -> codes that still flag it when judged with the norms of the other folds."""
    out: dict[str, set] = {}
    for code, by_post in flagged.items():
        for pid, fs in by_post.items():
            post = posts[index[pid]]
            dec = decisions_by_fold[fold[index[pid]]]
            if any(norms_mod.survives(f, post, dec, count=len(fs)) for f in fs):
                out.setdefault(pid, set()).add(code)
    return out


def _limit_keys(decisions_by_fold) -> dict[str, str]:
    """Learned limit key -> its rule code, over every fold."""
    out = {}
    for dec in decisions_by_fold:
        for code, entry in dec.items():
            for key, value in (entry.get("set") or {}).items():
                if isinstance(value, int) and not isinstance(value, bool):
                    out[key] = code
    return out


def _margins(flagged, posts, index, fold, decisions_by_fold) -> dict[str, int]:
    """For each learned limit and habit, the smallest margin that leaves none of the held-out
    posts it applies to over the limit learned without them (or, when no margin does, the
    smallest one that gets closest). A learned norm is there for the draft far past the brand's
    way, not to spend the false-alarm budget that VL210 and the strategy checks detect with."""
    margins: dict[str, int] = {}
    for key, code in sorted(_limit_keys(decisions_by_fold).items()):
        parts = key.split(".")
        group = ([p for p in posts if p.platform == parts[1]] if parts[0] == "platforms" else posts)
        n_group = max(1, len(group))
        if key.startswith(norms_mod.HABITS):   # a habit counts findings a post, not a limit's unit
            counts = [len(fs) for fs in flagged.get(code, {}).values()]
        else:
            counts = [norms_mod._count(f) or 0 for fs in flagged.get(code, {}).values() for f in fs]
        best, best_share = 0, math.inf
        for m in range(0, max(counts, default=0) + 1):
            over = 0
            for pid, fs in flagged.get(code, {}).items():
                dec = decisions_by_fold[fold[index[pid]]]
                entry = dec.get(code)
                if entry is not None and isinstance((entry.get("set") or {}).get(key), int):
                    entry = {**entry, "set": {**entry["set"], key: entry["set"][key] + m}}
                    dec = {**dec, code: entry}
                if any(norms_mod.survives(f, posts[index[pid]], dec, count=len(fs)) and _applies(f, posts[index[pid]], key)
                       for f in fs):
                    over += 1
            share = over / n_group
            if share < best_share - 1e-12:
                best, best_share = m, share
            # none of the false-alarm budget: a habit is there for the draft far past the brand's
            # way (four hard-sell phrases where its posts have one), a learned limit for the post
            # far past its counts; the budget buys more detection spent on VL210 and the strategy
            # (a 1 % share cost skincare accounts 5 points of detection for habits, a French
            # account 30 points for its hashtag limit, on the dev set)
            if share <= 0.0:
                break
        if best:
            margins[key] = best
    return margins


def _applies(f, post, key: str) -> bool:
    """Whether the finding ``f`` is about the limit ``key`` (voice.* or platforms.<p>.*, or a
    rule's habit: rules.habits.<code>)."""
    if key.startswith(norms_mod.HABITS):
        return f.code == key[len(norms_mod.HABITS):]
    return norms_mod.limit_key(f, post) == key


def _defaults_kept(decisions: dict, flagged: dict, n: int, ids=None) -> None:
    """The decisions on a :data:`~voicelint.judgement.norms.DEFAULTED` rule learned from posts at
    or over voicelint's default: where no limit past the default was learned, none (the default
    stays, and the rule flags what ``flagged`` says); where one was, its share is of the posts over
    the default, and ``reached`` of those at or over it."""
    for code in norms_mod.DEFAULTED:
        entry = decisions.get(code)
        if entry is None:
            continue
        if not entry.get("set") and not entry.get("kept"):
            decisions.pop(code)
            continue
        over = flagged.get(code, {})
        real = len(over) if ids is None else sum(1 for pid in ids if pid in over)
        share = round(real / max(1, n), 4)
        if share != entry["approved_share"]:
            entry["reached"], entry["approved_share"] = entry["approved_share"], share


def learn_rules(posts, data: dict, declared: dict, path: str, seed: int = 0,
                folds: int = FOLDS) -> tuple[dict, RulesOOF]:
    """Learn the norms of ``posts`` with the margins the out-of-fold run shows they need, write
    them into ``data`` (returned), and say which posts the rules flag out of fold."""
    from voicelint.api import load_rules

    index = norms_mod.index_posts(posts)
    n = len(posts)
    if n == 0:
        return data, RulesOOF({}, {}, {}, 0, 0.0)
    rules = {r.code: r for r in load_rules()}
    probe, probed = norms_mod.probe_limits(data)     # limits no one declared, learned if the posts say
    # voicelint's platform defaults the profile does not declare: the posts at them are seen too
    probe, floors = norms_mod.probe_defaults(probe, [p.platform for p in posts])
    seen = norms_mod._flagged(norms_mod._run(posts, probe, path))
    # what the rules flag with the profile as it is (``seen`` less the posts only at a default)
    flagged = norms_mod.over_defaults(seen, posts, index, floors) if floors else seen
    k = int(max(2, min(folds, n)))
    fold = assign_folds(n, k, seed)
    ids = list(index)
    train = [[pid for pid in ids if fold[index[pid]] != f] for f in range(k)]
    # What is learned on all the posts says which rules get a limit; each fold learns those
    # limits' values without its posts. The other decisions (a judgement made info, a rule kept)
    # are the profile's own, out of fold as in sample.
    final = norms_mod.decide(seen, posts, index, ids, declared, rules, far=probed, floors=floors)
    unlearned = {}
    for code in probed:     # a probe that learned no limit leaves no rule behind (no limit: silence)
        if not (final.get(code) or {}).get("set"):
            unlearned[code] = len(flagged.pop(code, None) or {})
            seen.pop(code, None)
            final.pop(code, None)
    _defaults_kept(final, flagged, n)
    # a judgement made info keeps the brand's habit (the most findings of it one post has): the
    # decision is the profile's own, the habit's value is each fold's, as a limit's is
    habits = {c for c, e in final.items() if norms_mod.HABITS + c in (e.get("set") or {})}
    limited = {c for c, e in final.items() if c not in habits
               and any(isinstance(v, int) for v in (e.get("set") or {}).values())}

    def fold_habit(code, f, margins):
        mine = set(train[f])
        return norms_mod.habit({pid: fs for pid, fs in flagged.get(code, {}).items() if pid in mine},
                               margins, code)

    def folds_decide(margins=None):
        out = []
        for f in range(k):
            dec = norms_mod.decide(seen, posts, index, train[f], declared, rules, margins, limited,
                                   scale=n / max(1, len(train[f])), far=probed, floors=floors)
            _defaults_kept(dec, flagged, len(train[f]), train[f])
            for code in probed & limited:   # a fold whose posts have none learns no limit: silence
                if not (dec.get(code) or {}).get("set"):
                    dec[code] = {**final[code], "set": {norms_mod.probed_key(code): NO_LIMIT}}
            out.append({**{c: e for c, e in final.items() if c not in limited},
                        **{c: e for c, e in dec.items() if c in limited},
                        **{c: {**final[c], "set": {**final[c]["set"],
                                                   norms_mod.HABITS + c: fold_habit(c, f, margins)}}
                           for c in habits}})
        return out

    by_fold = folds_decide()
    margins = _margins(flagged, posts, index, fold, by_fold)
    if margins:
        by_fold = folds_decide(margins)
    flags = _held_out(flagged, posts, index, fold, by_fold)
    decisions = norms_mod.decide(seen, posts, index, ids, declared, rules, margins, far=probed,
                                 floors=floors)
    _defaults_kept(decisions, flagged, n)
    for code, entry in decisions.items():
        for key in entry.get("set") or {}:
            if key in margins:
                entry.setdefault("margin", {})[key] = margins[key]
        if code in probed:
            entry["undeclared"] = True
    data, in_sample = norms_mod.finish(posts, data, path, decisions, flagged)
    return data, RulesOOF(decisions, flags, margins, k, in_sample,
                          keys=[whitespace_key(p.text) for p in posts], unlearned=unlearned)
