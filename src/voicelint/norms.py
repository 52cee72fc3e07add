"""The brand's norms, learned from its approved posts (``voicelint profile learn``).

A rule that flags a brand's own approved posts cries wolf on every draft written the same way. So
``profile learn`` runs the rule checks (VL1xx-VL3xx, no model) over the approved posts, exactly as
``check`` would, and where a rule flags more than :data:`TOLERANCE` of them it learns what the
approved posts do instead:

- a rule with a limit the profile can set (``max_from: ... voice.emoji.max``, ``platform.hashtags.max``)
  gets the limit that at most :data:`TOLERANCE` of the approved posts exceed, written into the
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

#: Share of approved posts a rule may flag before its norm is learned.
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
    from . import api
    from . import profile as profile_mod

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
            ev = f.evidence or {}
            src, count, mx = ev.get("limit_from"), _count(f), ev.get("max")
            if not isinstance(src, str) or count is None or not isinstance(mx, (int, float)):
                continue
            head, _, rest = src.partition(".")
            if head == "voice":
                target = ("voice", *rest.split("."))
            elif head == "platform" and post.platform:
                target = ("platforms", post.platform, *rest.split("."))
            else:
                continue
            slot = out.setdefault(target, [{}, int(mx), head, post.platform])
            slot[0][pid] = max(count, slot[0].get(pid, 0))
            slot[1] = min(slot[1], int(mx))
    result = {}
    for target, (counts, mx, head, plat) in out.items():
        n = len(posts) if head == "voice" else sum(1 for p in posts if p.platform == plat)
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


def _learned_max(counts: list[int], n_posts: int, current: int) -> int:
    """The smallest limit that at most TOLERANCE of ``n_posts`` exceed, given the counts of the
    posts over ``current`` (the others are within it)."""
    allowed = int(math.floor(TOLERANCE * n_posts))
    over = sorted(counts, reverse=True)
    if len(over) <= allowed:
        return current
    return max(current, over[allowed])


def learn(posts, data: dict, declared: dict, path: str) -> tuple[dict, dict, float]:
    """Learn the norms of ``posts`` (the approved posts, as :class:`~voicelint.documents.Post`)
    for the profile ``data`` (modified in place and returned) whose user declarations are
    ``declared`` (the ``--base`` profile's data, or ``{}``). Returns ``(data, norms, share)``:
    ``share`` is the part of the approved posts that some rule still flags with the learned
    norms (the false-alarm budget the rules take; ``profile learn`` leaves VL210 the rest)."""
    from .api import load_rules

    n = len(posts)
    if n == 0:
        return data, {}, 0.0
    for i, p in enumerate(posts):
        p.meta["id"] = f"approved-{i}"      # unique, whatever ids the calendar carries
    index = {p.meta["id"]: i for i, p in enumerate(posts)}
    rules = {r.code: r for r in load_rules()}

    def shares(findings):
        flagged = _flagged(findings)
        union = {pid for by_post in flagged.values() for pid in by_post}
        return flagged, {code: len(by_post) / n for code, by_post in flagged.items()}, len(union) / n

    before, share0, union0 = shares(_run(posts, data, path))
    norms: dict[str, dict] = {}
    declared_sev = (_get(declared, ["rules", "severity"]) or {})
    for code in sorted(share0):
        share = share0[code]
        if share <= TOLERANCE:
            continue
        rule = rules.get(code)
        entry: dict[str, Any] = {"approved_share": round(share, 4)}
        if code in KEPT or rule is None or not rule.builtin:
            entry["kept"] = ("a declaration or a hard limit" if code in KEPT
                             else "not a built-in rule")
        elif limited := _limits(before[code], posts, index):
            set_to = {}
            for target, (counts, current, n_group) in sorted(limited.items()):
                if _get(declared, target) is not None:
                    entry["kept"] = "declared"
                    continue
                mx = _learned_max(counts, n_group, current)
                if mx > current:
                    _set(data, list(target), mx)
                    set_to[".".join(target)] = mx
            if set_to:
                entry["set"] = set_to
        elif code in declared_sev:
            entry["kept"] = "declared"
        else:
            _set(data, ["rules", "severity", code], "info")
            entry["set"] = {f"rules.severity.{code}": "info"}
        norms[code] = entry
    if any("set" in e for e in norms.values()):
        _, share1, union1 = shares(_run(posts, data, path))
    else:
        share1, union1 = share0, union0
    for code, entry in norms.items():
        entry["approved_share_after"] = round(share1.get(code, 0.0), 4)
    return data, norms, union1


def with_examples(posts, texts_extra=()) -> list:
    """The approved posts of ``--examples`` (their platform kept) plus extra texts (the
    profile's own voice and pillar examples) as posts without a platform."""
    from .documents import parse_string

    return list(posts) + [parse_string(t, name=f"<example {i + 1}>") for i, t in enumerate(texts_extra)]


def describe(code: str, entry: dict) -> str:
    """One line for ``profile learn``'s summary."""
    pct = f"{entry['approved_share']:.0%}"
    if "set" in entry:
        what = ", ".join(f"{k} = {v}" for k, v in entry["set"].items())
        return (f"{code} flagged {pct} of the approved posts: learned {what} "
                f"(now {entry['approved_share_after']:.0%})")
    why = entry.get("kept", "")
    return f"{code} flags {pct} of the approved posts ({why}: kept as it is)"
