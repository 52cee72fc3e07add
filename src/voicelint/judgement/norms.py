"""The brand's norms, learned from its approved posts (``voicelint profile learn``).

A rule that flags a brand's own approved posts cries wolf on every draft written the same way. So
``profile learn`` runs the rule checks (VL1xx-VL3xx, no model) over the approved posts, exactly as
``check`` would, and where a rule flags more of them than :func:`tolerated` allows (k flagged
of n: a new post is flagged about k + 1 times in n + 1, which :data:`TOLERANCE` bounds) it learns
what the approved posts do instead:

- a rule with a limit the profile can set (``max_from: ... voice.emoji.max``, ``platform.hashtags.max``)
  gets the limit that leaves over it at most :func:`tolerated` approved posts, written into the
  profile (``voice.emoji.max: 3``; ``platforms.twitter.hashtags.max: 4`` per platform the posts
  come from);
- a built-in judgement with no limit (hard sell, shouting, a purchase imperative, an unverifiable
  superlative, we/I mixed, a post only in the person the profile does not use (VL211: a brand
  whose agents sign their replies in "I")...) is set to ``info`` in ``rules.severity``: it is
  still reported, it no longer fails a check or counts as a warning.

What the profile *declares* is never relaxed: a limit or a severity that the ``--base`` profile sets
stays as it is, and so do the rules that enforce a declaration or a platform's hard limit
(:data:`KEPT`: banned, preferred and competitor terms, forbidden claims, tu/vous against the
declared address, owned links, required links, the platform's length). For those the summary
says how many approved posts break them, so the team can decide.

Every decision is recorded in the profile's ``learned.norms`` (share of approved posts flagged
before, what was set, share after), and ``profile learn`` prints it.
"""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .tails import TAIL_K, new_post_share

#: Share of new posts written like the approved ones a rule may flag before its norm is learned.
TOLERANCE = 0.01
#: Rules that enforce a declaration or a hard platform limit: reported, never relaxed.
KEPT = frozenset({"VL101", "VL102", "VL103", "VL104", "VL201", "VL301", "VL304", "VL306"})
#: Rule families checked (post-level rules; VL208 and VL210 are learned by the voice model, VL4xx
#: by the strategy calibration, VL5xx judge sets).
FAMILIES = ["VL1", "VL2", "VL3"]
SKIPPED = ["VL208", "VL210"]


def _flagged(findings) -> dict[str, dict[str, list]]:
    """code -> post id -> findings (warnings and errors only)."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.severity in ("warning", "error") and f.post_id is not None:
            out[f.code][f.post_id].append(f)
    return out


def _run(posts, data: dict, path: str):
    from voicelint import api
    from voicelint.inputs import profile as profile_mod

    prof = profile_mod.from_dict(data, path=path)
    opts = api.Options(profile=prof, semantic=False, cache=False, select=list(FAMILIES),
                       ignore=list(SKIPPED))
    return api.run(posts, opts).findings


def _limits(by_post: dict, posts, index) -> dict[tuple, tuple[list[int], int, int]]:
    """For a rule with a limit from the profile, what its findings on the approved posts say:
    ``{profile key path: (count of each post over the limit, the limit, posts it applies to)}``.
    The path is the one the limit came from (``evidence.limit_from``): ``voice.emoji.max`` once,
    ``platform.hashtags.max`` per platform (``platforms.twitter.hashtags.max``). Empty for a rule
    whose findings carry no such limit (a judgement, or a limit of the rule's own)."""
    out: dict[tuple, list] = {}
    for pid, fs in by_post.items():
        post = posts[index[pid]]
        for f in fs:
            key, count, mx = limit_key(f, post), _count(f), (f.evidence or {}).get("max")
            if key is None or count is None or not isinstance(mx, (int, float)):
                continue
            target = tuple(key.split("."))
            slot = out.setdefault(target, [{}, int(mx), post.platform])
            slot[0][pid] = max(count, slot[0].get(pid, 0))
            slot[1] = min(slot[1], int(mx))
    result = {}
    for target, (counts, mx, plat) in out.items():
        n = len(posts) if target[0] == "voice" else sum(1 for p in posts if p.platform == plat)
        result[target] = (list(counts.values()), mx, n)
    return result


def _get(d: dict, keys) -> Any:
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def _set(d: dict, keys, value) -> None:
    for k in keys[:-1]:
        if not isinstance(d.get(k), dict):
            d[k] = {}
        d = d[k]
    d[keys[-1]] = value


def _count(f) -> int | None:
    ev = f.evidence or {}
    v = ev.get("count")
    return int(v) if isinstance(v, (int, float)) else None


def tolerated(n_posts: int) -> int:
    """How many of ``n_posts`` approved posts a rule may flag and stay as it is: a new post is
    flagged about (k + 1) / (n + 1) times when k of n are (it is beyond the k-th highest of n + 1
    once in n + 1 per rank), so k + 1 <= TOLERANCE x (n + 1); none under 99 posts."""
    return max(0, int(math.floor(TOLERANCE * (n_posts + 1) + 1e-9)) - 1)


def tail_spacings(n_posts: int, tail_k: int = TAIL_K) -> float:
    """How far past the highest of ``n_posts`` counts a learned limit goes, in scales of the
    counts' upper tail (:func:`upper_scale`, measured on ``tail_k`` spacings): a new post is the
    highest once in n + 1, and beyond m scales :func:`voicelint.judgement.tails.new_post_share` of
    those times (an exponential tail, the scale estimated from the highest counts, as the semantic
    thresholds' tails are), so m is where that is TOLERANCE x (n + 1): none from 99 posts on (one
    in n + 1 is then within the tolerance)."""
    goal = TOLERANCE * (n_posts + 1)
    if goal >= 1.0 or tail_k < 1:
        return 0.0
    lo, hi = 0.0, 1.0
    while new_post_share(0, hi, tail_k) > goal:
        lo, hi = hi, hi * 2
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if new_post_share(0, mid, tail_k) > goal else (lo, mid)
    return hi


def upper_scale(over: list[int], n_posts: int, current: int) -> tuple[float, int]:
    """The scale of the counts' upper tail and the number of spacings it is measured on: Hill's
    estimator on the :data:`~voicelint.judgement.tails.TAIL_K` + 1 highest counts (the mean excess
    of the k highest over the next one down), from ``over``, the counts of the posts over
    ``current`` (only theirs are known: a post within the limit has no finding); with one post
    over it, the one spacing down to ``current``. The gap between the two highest alone is one
    exponential draw, and a tie there made it 0 (50 LinkedIn posts of a French account, 8, 8, 7, 7,
    7, 6 hashtags: 8 was learned, and 10 was an unseen post's count; the five spacings say 1.4).
    Counts tied all the way down the tail are whole numbers rounded down, not equal values: t posts
    at c lie somewhere in [c, c + 1), evenly spread on average, so their k spacings measure
    (k + 1) / 2t (a French candidate's 15 posts, 8 of them with 2 hashtags and none with more, read
    as a ceiling of 2: one in ten of his next posts had 3)."""
    ranked = sorted(over, reverse=True)
    top = ranked[: TAIL_K + 1]
    if len(top) == 1:
        top.append(current)
    k = min(len(top) - 1, max(0, n_posts - 1))
    if k < 1:
        return 0.0, 0
    scale = sum(top[i] - top[k] for i in range(k)) / k
    if scale == 0:
        tied = sum(1 for c in ranked if c == top[0])
        scale = (k + 1) / (2 * tied)
    return scale, k


def _learned_max(counts: list[int], n_posts: int, current: int, tail: bool = True) -> int:
    """The smallest limit that at most :func:`tolerated` of ``n_posts`` exceed, given the counts of
    the posts over ``current`` (the others are within it); when that is the highest count (none
    may exceed it), :func:`tail_spacings` scales of the upper tail (:func:`upper_scale`) past it.
    Tied highest counts all the way down the tail (a brand that always writes 4 hashtags) are not a
    ceiling: under 99 posts, a tie says the spacings are under one count, not that there are none.
    ``tail=False``: the highest count, no further (a limit set at :data:`FAR` times it has its
    margin already)."""
    allowed = tolerated(n_posts)
    over = sorted(counts, reverse=True)
    if len(over) <= allowed:
        return current
    top = max(current, over[allowed])
    if allowed == 0 and tail:
        scale, k = upper_scale(over, n_posts, current)
        top += math.ceil(tail_spacings(n_posts, k) * scale - 1e-9)
    return top


#: Where a judgement made ``info`` keeps the brand's habit: ``rules.habits.<code>`` (engine.over_habit).
HABITS = "rules.habits."


def habit(by_post: dict, margins: dict | None, code: str) -> int:
    """The brand's habit of ``code``: the most findings of it one post of ``by_post`` (post id ->
    its findings) has, plus the margin the out-of-fold run found for it."""
    return max((len(fs) for fs in by_post.values()), default=0) + int((margins or {}).get(HABITS + code, 0))


def index_posts(posts) -> dict[str, int]:
    """Give every post a unique id (whatever ids the calendar carries): id -> position."""
    for i, p in enumerate(posts):
        p.meta["id"] = f"approved-{i}"
    return {p.meta["id"]: i for i, p in enumerate(posts)}


def decide(flagged: dict, posts, index: dict, ids, declared: dict, rules: dict,
           margins: dict | None = None, limits_of=(), scale: float = 1.0,
           far=frozenset(), floors: dict | None = None) -> dict[str, dict]:
    """What to learn from the posts ``ids`` (a subset of ``posts``, all of them or the training
    folds of :mod:`voicelint.judgement.calibration`), given ``flagged`` (:func:`_flagged` of the rule check
    with the profile before learning, on all the posts). Returns ``{code: entry}``: the entry
    says the share flagged, and either why the rule is ``kept`` or what is ``set`` (a profile key
    path -> value). ``margins`` (key path -> int) is added to a learned limit. The limits of the
    rules ``limits_of`` are learned whatever share of ``ids`` they flag, leaving over the limit as
    many posts as ``scale`` times as many posts would (a fold learns as all the posts do).
    ``floors`` (key path -> voicelint's default, :func:`probe_defaults`): a limit learned there is
    set only past the default; at or under it, the default stays."""
    ids = set(ids)
    n = len(ids)
    out: dict[str, dict] = {}
    if n == 0:
        return out
    declared_sev = (_get(declared, ["rules", "severity"]) or {})
    sub_posts = [posts[index[pid]] for pid in sorted(ids, key=index.get)]
    sub_index = {p.meta["id"]: i for i, p in enumerate(sub_posts)}
    for code in sorted(flagged):
        by_post = {pid: fs for pid, fs in flagged[code].items() if pid in ids}
        share = len(by_post) / n
        if len(by_post) <= tolerated(n) and not (code in limits_of and by_post):
            continue
        rule = rules.get(code)
        entry: dict[str, Any] = {"approved_share": round(share, 4)}
        if code in KEPT or rule is None or not rule.builtin:
            entry["kept"] = ("a declaration or a hard limit" if code in KEPT
                             else "not a built-in rule")
        elif limited := _limits(by_post, sub_posts, sub_index):
            set_to = {}
            for target, (counts, current, n_group) in sorted(limited.items()):
                if _get(declared, target) is not None:
                    entry["kept"] = "declared"
                    continue
                mx = _learned_max(counts, int(round(n_group * scale)), current, tail=code not in far)
                if code in far and mx > current:   # a limit no one declared: twice the brand's way
                    mx *= FAR
                key = ".".join(target)
                if mx > max(current, (floors or {}).get(key, current)):
                    set_to[key] = mx + int((margins or {}).get(key, 0))
            if set_to:
                entry["set"] = set_to
        elif code in declared_sev:
            entry["kept"] = "declared"
        else:
            # info, up to the most findings of it one of these posts has (its habit): a post
            # with more gets the rule's severity back (engine.over_habit)
            entry["set"] = {f"rules.severity.{code}": "info", HABITS + code: habit(by_post, margins, code)}
        out[code] = entry
    return out


def apply(decisions: dict[str, dict], data: dict) -> dict:
    """Write the learned limits and severities of ``decisions`` into the profile ``data``."""
    for entry in decisions.values():
        for key, value in (entry.get("set") or {}).items():
            _set(data, key.split("."), value)
    return data


def survives(f, post, decisions: dict[str, dict], count: int | None = None) -> bool:
    """Whether the finding ``f`` (of the rule check before learning) still flags ``post`` once
    ``decisions`` are applied: what the check with the learned profile would say, without
    running it (a learned limit only raises a limit; a severity only becomes ``info``, but for
    a post with more than the habit's ``count`` findings of the rule)."""
    entry = decisions.get(f.code)
    if entry is None or "set" not in entry:
        return True
    if f"rules.severity.{f.code}" in entry["set"]:
        kept = entry["set"].get(HABITS + f.code)
        return isinstance(kept, int) and count is not None and count > kept
    key, count = limit_key(f, post), _count(f)
    if key is None or count is None:
        return True
    limit = entry["set"].get(key)
    return not isinstance(limit, int) or count > limit


def limit_key(f, post) -> str | None:
    """The profile key of the limit the finding ``f`` on ``post`` enforces (``voice.emoji.max``,
    ``platforms.twitter.hashtags.max``), from its ``evidence.limit_from``; None for another."""
    src = (f.evidence or {}).get("limit_from")
    if not isinstance(src, str):
        return None
    head, _, rest = src.partition(".")
    if head == "voice":
        return f"voice.{rest}"
    if head == "platform" and post.platform:
        return f"platforms.{post.platform}.{rest}"
    return None


def learn(posts, data: dict, declared: dict, path: str) -> tuple[dict, dict, float]:
    """Learn the norms of ``posts`` (the approved posts, as :class:`~voicelint.inputs.documents.Post`)
    for the profile ``data`` (modified in place and returned) whose user declarations are
    ``declared`` (the ``--base`` profile's data, or ``{}``). Returns ``(data, norms, share)``:
    ``share`` is the part of the approved posts that some rule still flags with the learned
    norms, in sample (:mod:`voicelint.judgement.calibration` measures it out of fold)."""
    from voicelint.api import load_rules

    if not posts:
        return data, {}, 0.0
    index = index_posts(posts)
    rules = {r.code: r for r in load_rules()}
    flagged = _flagged(_run(posts, data, path))
    norms = decide(flagged, posts, index, index, declared, rules)
    data, share = finish(posts, data, path, norms, flagged)
    return data, norms, share


def finish(posts, data: dict, path: str, norms: dict, flagged: dict) -> tuple[dict, float]:
    """Apply ``norms`` to ``data``; check the posts again with them and record in each entry the
    share still flagged (``approved_share_after``). Returns ``(data, union share)``."""
    n = len(posts)
    if any("set" in e for e in norms.values()):
        flagged = _flagged(_run(posts, apply(norms, data), path))
    for code, entry in norms.items():
        entry["approved_share_after"] = round(len(flagged.get(code, ())) / n, 4)
    union = {pid for by_post in flagged.values() for pid in by_post}
    return data, len(union) / n


def with_examples(posts, texts_extra=()) -> list:
    """The approved posts of ``--examples`` (their platform kept) plus extra texts (the
    profile's own voice and pillar examples) as posts without a platform."""
    from voicelint.inputs.documents import parse_string

    return list(posts) + [parse_string(t, name=f"<example {i + 1}>") for i, t in enumerate(texts_extra)]


#: Limits a profile may declare that ``profile learn`` learns from the brand's posts when it does
#: not (rule code -> the ``voice`` key). Without them a learned profile had no emoji or exclamation
#: limit at all: "Salut toi !! 😍😍🔥 ... !!!" passed VL204 and VL205 for a brand whose posts have
#: one emoji at most. The rules run once with a limit of 0 (every post with one is flagged with
#: its count) and the limit is :data:`FAR` times the highest count (the tail extrapolation of a
#: declared limit the posts break, on top of it, learned 26 exclamation marks from a candidate's
#: 15 posts with 2 and 1: one spacing goes 10.5 scales), with the margin that leaves no held-out
#: post over it; a brand whose posts (all but
#: :func:`tolerated` of them) have none gets no limit: silence, rather than a limit of 0 a new post
#: breaks about once in n + 1.
PROBED = {"VL204": "emoji", "VL205": "exclamation"}
#: ... at this many times what the posts do (and the out-of-fold margin that leaves none of them
#: over it): a limit no one declared is for the draft far past the brand's way, not a share of the
#: false-alarm budget. At the brand's own maximum (1 % of new posts over it, as a declared limit
#: the posts break), the dev set's brands lost 1-6 points of detection to it (VL210's budget) and
#: their unseen posts were flagged 0.5 points more often.
FAR = 2


def declared_anywhere(data: dict, keys) -> bool:
    """Whether the profile ``data`` sets ``voice.<keys>`` or ``platforms.<any>.<keys>``."""
    platforms = data.get("platforms")
    return _get(data.get("voice"), keys) is not None or (
        isinstance(platforms, dict) and any(_get(p, keys) is not None for p in platforms.values()))


def probed_key(code: str) -> str:
    """The profile key of a :data:`PROBED` limit: ``voice.emoji.max``."""
    return f"voice.{PROBED[code]}.max"


def probe_limits(data: dict) -> tuple[dict, set]:
    """(``data`` with a limit of 0 for each :data:`PROBED` limit that neither ``voice`` nor a
    platform declares, the codes probed). ``data`` itself is not changed."""
    import copy
    probed = {code for code, key in PROBED.items() if not declared_anywhere(data, [key, "max"])}
    if not probed:
        return data, set()
    out = copy.deepcopy(data)
    for code in probed:
        _set(out, probed_key(code).split("."), 0)
    return out, probed


#: Platform limits with a voicelint default (``inputs.platforms.PLATFORM_DEFAULTS``) that
#: ``profile learn`` probes when the profile does not declare them: rule code -> the key under
#: ``platforms.<p>``.
DEFAULTED = {"VL302": "hashtags", "VL303": "mentions"}


def probe_defaults(data: dict, platforms) -> tuple[dict, dict]:
    """(``data`` with each undeclared :data:`DEFAULTED` limit of ``platforms`` set one under its
    default, ``{key path: the default}``). A brand's posts at voicelint's default (a candidate's 15
    posts, 8 with the 2 hashtags X's default allows and none with 3) are the top of its own counts,
    not a limit it keeps: one in ten of his next posts had 3. The probe makes the rule report the
    posts at the default with their counts, so the limit is learned from them as from posts over
    it (:func:`decide` with the floors); ``data`` itself is not changed."""
    import copy

    from voicelint.inputs.platforms import PLATFORM_DEFAULTS, canonical, merged_keys
    declared = merged_keys(data["platforms"]) if isinstance(data.get("platforms"), dict) else {}
    floors = {}
    for plat in sorted({canonical(p) for p in platforms if p}):
        given = declared.get(plat)
        for what in DEFAULTED.values():
            default = _get(PLATFORM_DEFAULTS.get(plat) or {}, [what, "max"])
            mine = given.get(what) if isinstance(given, dict) else None
            if isinstance(default, int) and default >= 1 and not (isinstance(mine, dict) and "max" in mine):
                floors[f"platforms.{plat}.{what}.max"] = default
    if not floors:
        return data, {}
    out = copy.deepcopy(data)
    for key, default in floors.items():
        _set(out, key.split("."), default - 1)
    return out, floors


def over_defaults(flagged: dict, posts, index: dict, floors: dict) -> dict:
    """``flagged`` without the findings that only the probe of :func:`probe_defaults` made (a
    count at or under the default): what the rules flag with the profile as it is."""
    out: dict = defaultdict(lambda: defaultdict(list))
    for code, by_post in flagged.items():
        for pid, fs in by_post.items():
            for f in fs:
                key = limit_key(f, posts[index[pid]]) if code in DEFAULTED else None
                if key in floors and (_count(f) or 0) <= floors[key]:
                    continue
                out[code][pid].append(f)
    return out


_WHAT = {"emoji": "emoji", "exclamation": "exclamation marks"}


def describe_unlearned(code: str, with_any: int, n: int) -> str:
    """One line for ``profile learn``'s summary: an undeclared :data:`PROBED` limit that the
    approved posts gave no value to (none or almost none of them use it). Silence would read as
    "checked"; VL204/VL205 check nothing until the team declares the limit."""
    what = _WHAT[PROBED[code]]
    have = "none" if with_any == 0 else f"only {with_any}"
    verb = "uses" if with_any == 1 else "use"
    return (f"{code}: no limit declared and none learned: {have} of the {n} approved posts {verb} "
            f"{what}, so drafts' {what} are not counted; declare `{probed_key(code)}` "
            f"(0 to forbid them) for {code} to check them")


def describe(code: str, entry: dict) -> str:
    """One line for ``profile learn``'s summary."""
    pct = f"{entry['approved_share']:.0%}"
    if "set" in entry:
        margin = entry.get("margin") or {}
        kept = entry["set"].get(HABITS + code)
        what = ", ".join(f"{k} = {v}" + (f" (with a margin of {margin[k]} that out-of-fold posts need)"
                                          if margin.get(k) else "")
                         for k, v in entry["set"].items() if not k.startswith(HABITS))
        if isinstance(kept, int):
            m = int(margin.get(HABITS + code) or 0)
            what += (f", a warning again past {kept} in one post (the most an approved post has"
                     + (f", {kept - m}, with a margin of {m} that out-of-fold posts need)" if m else ")"))
        if entry.get("undeclared"):
            return (f"{code}: no limit declared, learned {what} from the approved posts ({pct} of them "
                    f"have any; a limit at {FAR} times their way, for the draft far past it)")
        if "reached" in entry:    # learned from the posts at voicelint's default too
            return (f"{code}: {entry['reached']:.0%} of the approved posts reach voicelint's default "
                    f"and {pct} go past it: learned {what} (now {entry['approved_share_after']:.0%})")
        return (f"{code} flagged {pct} of the approved posts: learned {what} "
                f"(now {entry['approved_share_after']:.0%})")
    why = entry.get("kept", "")
    return f"{code} flags {pct} of the approved posts ({why}: kept as it is)"
