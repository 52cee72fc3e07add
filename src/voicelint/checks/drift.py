"""drift: a group of posts (platform, author, campaign, month) sounds like another persona.

Each group's persona (formality, tu/vous, we/I, emoji, '!' and '?', lengths, hashtags, hard sell,
familiar register, character n-grams, plus embeddings when semantic checks are on) is compared
with the brand's approved voice and with the other groups by an exact, seeded permutation test
(:mod:`voicelint.judgement.drift.persona`); p-values are Holm-adjusted over the groups. One finding per drifted
group, on the post that pulls the group away the most; the others are listed in the evidence,
with the traits and the words or marks that moved.

Options (rule YAML; a profile may override ``alpha`` and ``min_posts`` with
``thresholds: {drift_alpha: 0.01, drift_min_posts: 3}``):

- ``group_by``: platform | author | campaign | date (required);
- ``period``: month | week | quarter | year (for ``group_by: date``) [month];
- ``alpha`` [0.01], ``min_posts`` [3] (against the approved voice), ``min_posts_between`` [5]
  (against the other groups), ``min_reference`` [3], ``permutations`` [1999], ``seed`` [0],
  ``tolerance`` [1.0] (multiplies the critical value; platforms also have their own).

Embeddings are used only when semantic checks are on (not with ``--no-semantic``): without them
the test runs on style features alone, which is what a pre-commit hook without torch needs.
"""
from __future__ import annotations

from voicelint.shared.errors import RuleError
from .base import Hit

TYPE = "drift"
SCOPE = "set"
NEEDS: set = set()
OPTIONS = {"group_by": str, "period": str, "alpha": float, "min_posts": int, "min_posts_between": int,
           "min_reference": int, "permutations": int, "seed": int, "tolerance": float}
_NUM = {"alpha": (float, 0.0, 0.5), "min_posts": (int, 2, 10000), "min_posts_between": (int, 2, 10000),
        "min_reference": (int, 2, 100000), "permutations": (int, 99, 100000), "seed": (int, 0, 2 ** 31),
        "tolerance": (float, 0.0, 100.0)}
_LABEL = {"platform": "platform", "author": "author", "campaign": "campaign", "date": "period"}
_TOP_POSTS = 5
#: Under this many approved posts, a drift test that finds nothing says how little it can see
#: (the count VL210 asks for to hold its false-alarm target, too).
FEW_APPROVED = 30


def configure(rule) -> dict:
    """The options drift's analysis takes (``None``: its own default), checked against their
    ranges."""
    from voicelint.judgement.drift.persona import DIMENSIONS, PERIODS
    o = dict(rule.options)
    if o.get("group_by") not in DIMENSIONS:
        raise RuleError(f"expected group_by one of {', '.join(DIMENSIONS)}, got {o.get('group_by')!r}",
                        key="group_by")
    if o.get("period") is not None and o["period"] not in PERIODS:
        raise RuleError(f"expected period one of {', '.join(PERIODS)}, got {o['period']!r}", key="period")
    for key, (kind, lo, hi) in _NUM.items():
        if o.get(key) is None:
            continue
        v = o[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (kind is int and int(v) != v) \
                or not lo <= v <= hi or (key == "alpha" and v == 0):
            raise RuleError(f"expected {key} to be a {'whole ' if kind is int else ''}number in "
                            f"{lo}..{hi}, got {v!r}", key=key)
        o[key] = kind(v)
    return o


def _options(rule, ctx) -> dict:
    opts = {k: v for k, v in rule.compiled.items() if k != "group_by" and v is not None}
    th = (ctx.profile.get("thresholds") if ctx.profile is not None else None) or {}
    if th.get("drift_alpha") is not None:
        opts["alpha"] = float(th["drift_alpha"])
    if th.get("drift_min_posts") is not None:
        opts["min_posts"] = int(th["drift_min_posts"])
    opts["semantic"] = bool(ctx.options.get("semantic", True))
    return opts


def analysis(posts, ctx):
    """The persona analysis of ``posts`` (memoised on the context, shared by VL501-VL504). Each
    post's features (and each approved post's) are kept in the results cache: a warm run, or a
    hook given a few files, measures only the posts it has not seen."""
    from voicelint.judgement.drift.persona import Analysis

    semantic = bool(ctx.options.get("semantic", True))

    def build():
        embedder = ctx.embedder() if semantic else None
        return Analysis(posts, ctx.profile, ctx.lang, embedder=embedder, notices=ctx.notices,
                        per_post=ctx.per_post)
    return ctx.memo(("persona-analysis", semantic, tuple(id(p) for p in posts)), build)


_PLURAL = {"platform": "platforms", "author": "authors", "campaign": "campaigns", "date": "periods"}


#: Groups a "could not judge" notice names one by one; the rest are counted (an export's audit
#: had 23 months of 1-2 posts, each with its own clause, at the top of the run and the report).
MAX_LISTED = 5


def not_judged(code: str, dim: str, verdicts, several_langs: bool = False) -> str:
    """One notice for every group of a dimension that could not be judged: which groups, why, and
    what would make them judgeable (silence would read as "no drift"). Past :data:`MAX_LISTED`
    groups, the largest are named and the others counted, with their sizes."""
    verdicts = list(verdicts)
    listed = sorted(verdicts, key=lambda v: -v.n) if len(verdicts) > MAX_LISTED else verdicts
    shown, rest = listed[:MAX_LISTED], listed[MAX_LISTED:]
    parts = []
    for v in shown:
        name = f"{v.key} ({v.lang})" if several_langs else v.key
        parts.append(f"{name}, {v.n} post{'s' * (v.n != 1)}: {v.reason}")
    if rest:
        lo, hi = min(v.n for v in rest), max(v.n for v in rest)
        size = f"{lo} post{'s' * (lo != 1)}" if lo == hi else f"{lo}-{hi} posts"
        few = all(v.reason.startswith("too few posts") for v in rest)
        parts.append(f"And {len(rest)} more {_PLURAL[dim]} of {size} each"
                     + (": too few posts" if few else ", for the same reasons")
                     + ("; a longer period (VL504's `period` option: quarter or year, docs/drift.md) "
                        "puts more posts in each" if dim == "date" and few else ""))
    what = _LABEL[dim] if len(verdicts) == 1 else _PLURAL[dim]
    return f"{code} could not judge drift for {len(verdicts)} {what}: " + ". ".join(parts)


def moved_together(code: str, dim: str, verdicts, opts: dict, several_langs: bool = False) -> str:
    """A notice for groups apart from the approved voice but not from the other groups: drift
    flags a group only when it differs from both (a set that moved as a whole is not one
    platform's drift), and silence there would read as "in the brand's voice"."""
    from voicelint.judgement.drift.persona import DEFAULTS
    judged = [v for v in verdicts if v.judged]
    level = float(opts.get("alpha", DEFAULTS["alpha"])) / max(1, len(judged))
    apart = [v for v in judged if not v.drifted and v.p_brand is not None and v.p_brand <= level]
    if not apart:
        return ""
    names = ", ".join(f"{v.key} ({v.lang})" if several_langs else v.key for v in apart)
    ps = ", ".join(f"{v.p_brand:.3g}" for v in apart)
    whole = len(apart) == len(judged) and len(judged) >= 2
    if whole:
        who, verb, why = f"every {_LABEL[dim]} of the set ({names})", "sounds", "the set moved as a whole"
    else:
        who = f"{_LABEL[dim] if len(apart) == 1 else _PLURAL[dim]} {names}"
        verb, why = ("sounds" if len(apart) == 1 else "sound"), "not told apart from the rest of the set"
    return (f"{code}: {who} {verb} apart from the approved voice (p = {ps}, level {level:.3g}) but not "
            f"from the other {_PLURAL[dim]}: {why}, which drift does not report as one {_LABEL[dim]}'s "
            "drift; VL210 judges each post against the voice, and if the brand's voice has changed, "
            "learn it again from recent posts (profile learn)")


#: Files of a folder that are not drafts whatever their suffix (a repository's own documents).
_NOT_DRAFTS = frozenset({"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "CODE_OF_CONDUCT", "NOTES"})


def partial_run(posts) -> str:
    """When the run was given some of a folder's drafts (a pre-commit hook passes the staged files
    only), the clause that says so: only the posts of the run are grouped, so "too few posts" may
    be about this run, not about the folder."""
    import os
    from voicelint.inputs.posts import DRAFT_SUFFIXES

    given = {os.path.abspath(p.path) for p in posts if p.path and os.path.isfile(p.path)}
    if any(os.path.splitext(g)[1].lower() not in (".md", ".markdown", ".txt", ".text") for g in given):
        return ""   # a calendar or an export holds its own set: nothing says the folder is one
    folders = {os.path.dirname(path) for path in given}
    total = given_n = 0
    for folder in folders:
        try:
            names = [n for n in os.listdir(folder) if not n.startswith(".")
                     and os.path.splitext(n)[1].lower() in DRAFT_SUFFIXES
                     and os.path.splitext(n)[0].upper() not in _NOT_DRAFTS]
        except OSError:
            continue
        total += len(names)
        given_n += sum(1 for n in names if os.path.join(folder, n) in given)
    if not given or total <= given_n:
        return ""
    if len(folders) == 1:
        where = os.path.relpath(next(iter(folders)))
        where, cmd = (where + "/", f"`voicelint check {where}`") if where != "." else ("this folder", "`voicelint check .`")
    else:
        where, cmd = "their folders", "`voicelint check` on the folders"
    return (f". Only the drafts given to this run are grouped: {given_n} of the {total} in {where} "
            f"(a pre-commit hook passes the staged ones); {cmd} judges every group")


def low_power(dim: str, verdicts, n_approved: dict, several_langs: bool = False) -> str:
    """A notice for groups judged against few approved posts and not found to drift: "no drift
    shown" is not "in the brand's voice" there, since only a shift shared by most of a group's
    posts reaches the level (a tester's two familiar posts among six on one platform did not);
    silence would read as all clear."""
    few = [v for v in verdicts if v.judged and not v.drifted and v.versus == "brand"
           and 0 < n_approved.get(v.lang, 0) < FEW_APPROVED]
    if not few:
        return ""
    n_ref = min(n_approved[v.lang] for v in few)
    names = ", ".join(f"{v.key} ({v.lang})" if several_langs else v.key for v in few)
    what = _LABEL[dim] if len(few) == 1 else _PLURAL[dim]
    return (f"drift (VL5xx) is judged against only {n_ref} approved posts: where it shows none (here "
            f"{what} {names}), a few posts written as another persona may still be there, since at "
            f"this size only a shift shared by most of a group's posts shows; {FEW_APPROVED} or more "
            "approved posts (voice.examples_from: published posts or a platform export) let it see "
            "smaller ones; the rules and VL210 judge each post on its own")


def _first_line(post) -> tuple[int, int]:
    text = post.text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, (len(text.rstrip()) if end < 0 else end)


def check_set(rule, posts, ctx):
    from voicelint.judgement.drift.persona import describe

    if not posts:
        return
    dim = rule.compiled["group_by"]
    drift_analysis = analysis(posts, ctx)
    if not drift_analysis.feats:
        return
    if not any(drift_analysis.n_approved.values()) and ctx.profile is not None:
        from voicelint.shared.lang import language_name
        theirs = " or ".join(language_name(lg) for lg in sorted(drift_analysis.feats))
        where = f" in {theirs}" if drift_analysis.approved else ""
        ctx.notice(f"drift checks (VL5xx) compare groups with each other only: the profile has no "
                   f"approved posts{where} (voice.examples or voice.examples_from)")
    reported = ctx.memo(("drift-reported",), set)
    verdicts = drift_analysis.judge(dim, _options(rule, ctx))
    several = len({v.lang for v in verdicts}) > 1
    missing = [v for v in verdicts if not v.judged]
    if missing:
        note = not_judged(rule.code, dim, missing, several)
        if any(v.reason.startswith("too few posts") for v in missing):
            note += ctx.memo(("drift-partial-run",), lambda: partial_run(posts))
        ctx.notice(note)
    together = moved_together(rule.code, dim, verdicts, _options(rule, ctx), several)
    if together:
        ctx.notice(together)
    said = ctx.memo(("drift-said",), set)   # notes given once a run, whichever dimension gives them
    quiet = "" if "low power" in said else low_power(dim, verdicts, drift_analysis.n_approved, several)
    if quiet:  # the same few approved posts limit every dimension alike
        said.add("low power")
        ctx.notice(quiet)
    for v in verdicts:
        if not v.drifted:
            continue
        members = frozenset(id(p) for p in v.posts)
        if members in reported:
            continue  # the same posts were already reported by another drift rule
        reported.add(members)
        top = v.order[0] if v.order else v.posts[0]
        lang = ctx.lang(top)
        start, end = _first_line(top)
        label = v.key if len({drift_analysis.post_lang[id(p)] for p in posts}) == 1 else f"{v.key} ({v.lang})"
        p_txt = f"{v.p_value:.3f}" if v.p_value >= 0.001 else "<0.001"
        evidence = {
            "group_by": _LABEL[dim], "group": v.key, "lang": v.lang, "n": v.n,
            "p_value": round(v.p_value, 5), "versus": v.versus,
            "p_brand": None if v.p_brand is None else round(v.p_brand, 5),
            "p_others": None if v.p_others is None else round(v.p_others, 5),
            "blocks": v.blocks,
            "traits": [{k: t[k] for k in ("trait", "group", "brand", "delta", "z")} for t in v.moved],
            "markers": v.markers,
            "posts": [p.id for p in v.order[:_TOP_POSTS]],
            "approved": drift_analysis.approved_source or None,
        }
        yield top, Hit(start, end, args=(v.key if label == v.key else label, v.n, p_txt, describe(v, lang)),
                       score=v.score, threshold=v.threshold, evidence=evidence)
