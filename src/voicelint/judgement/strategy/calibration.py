"""The off side of the strategy calibration: posts of other sectors (VL401's second test, VL914).

VL401's first test ("strategy below the low end of the approved posts") only knows the brand's
side: with a handful of approved posts its threshold is whatever those posts score. This module
gives the calibration an *off side*: short posts of many sectors that ship with voicelint
(``voicelint/data/sectors_<lang>.txt``, written for it, one ``## sector`` header per sector) and
the generic background.

- **Which sectors are "other".** A sector whose posts are as close to the brand's strategy as the
  closest sector (median strategy similarity at least :data:`SECTOR_CLOSE` x the closest one's)
  and at least :data:`SECTOR_ABOVE` x the median sector's is the brand's own sector (skincare
  posts for a skincare brand): it is left out of the off side for this profile, and the figures
  say so.
- **Contrast.** For a post, ``contrast = mean similarity to its NEIGHBOURS nearest brand texts
  (proposition, pillars, approved posts) - mean similarity to its NEIGHBOURS nearest off-side
  posts``: negative when the post is closer to posts of other sectors (or generic posts) than to
  the brand's texts. Several neighbours, not one: a short reply that shares one formula with one
  approved post ("DM us") is not thereby the brand's.
- **Threshold** (``VL401.margin``): the low ``target_fa`` quantile (empirical, Hazen positions)
  of the approved posts' contrast, leave-one-out, capped at :data:`MARGIN_CEILING`. It may be
  positive: when the brand's own posts all stand well clear of every other sector, a post that is
  barely closer to the brand than to another sector is not like them either. The pillars'
  examples count as approved posts. From :data:`MIN_FEW_SIDED` to :data:`MIN_TWO_SIDED` of them
  (a hand-written strategy with 5 ``voice.examples`` and two examples a pillar) the quantile is
  estimated conservatively (:func:`low_cut`: the smaller of the empirical and the normal-fit
  estimates); under :data:`MIN_FEW_SIDED` the conservative floor of
  :data:`voicelint.judgement.strategy.space.BOUNDS` is used.
- **Both tests, one budget** (:func:`joint_cut`, from :data:`MIN_TWO_SIDED` approved posts):
  VL401 fires when the strategy similarity is under ``VL401`` *or* the contrast under the margin;
  two thresholds each at ``target_fa`` flag up to twice that of the brand's posts. The pair is
  chosen on both sides: the one that flags the most shipped other-sector posts among those that
  flag at most ``target_fa`` of the approved posts. The off side's own contrast (each sector post
  against the others, leave-one-out) gives the detection expected at that threshold:
  :func:`separation` reports both, for ``profile check`` (VL914) and ``profile learn``.
"""
from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist

from voicelint.shared.paths import DATA_DIR
from voicelint.shared.numbers import hazen_low

#: Target false-alarm rate on the brand's own approved posts.
TARGET_FA = 0.03
SECTOR_CLOSE = 0.75     # a sector this close (relative to the closest) is the brand's own ...
SECTOR_ABOVE = 1.5      # ... when it also stands out: this many times the typical sector's
MIN_TWO_SIDED = 30      # approved posts needed to trust the on-side quantile
MIN_FEW_SIDED = 10      # ... and to estimate it conservatively (low_cut) under that
#: Highest margin: a post must be at least this much closer to the brand's texts than to any
#: other-sector post to be safe only when the approved posts themselves keep that distance.
MARGIN_CEILING = 0.15
#: The contrast compares the mean of this many nearest texts on each side, not the single
#: nearest: one lucky match (a generic "DM us" reply among the approved posts) decides less.
NEIGHBOURS = 3


@lru_cache(maxsize=None)
def load_sectors(lang: str) -> tuple[tuple[str, str], ...]:
    """(sector, post) pairs shipped for ``lang`` (none for a language without a file)."""
    path = DATA_DIR / f"sectors_{lang}.txt"
    if not path.is_file():
        return ()
    out, sector = [], "other"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("## "):
            sector = line[3:].strip()
        elif line and not line.startswith("#"):
            out.append((sector, line))
    return tuple(out)


def fit_off_side(space) -> None:
    """Set ``space.off_side_idx`` (references of the off side) and ``space.sector_figures``."""
    import numpy as np
    sec = space.idx.get("sector", np.array([], dtype=int))
    bg = space.idx["background"]
    on = np.concatenate([space.idx["approved"], space.idx["pillar"], space.idx["proposition"]])
    figures: dict = {"sectors": {}, "excluded": []}
    if len(sec) == 0 or len(on) == 0:
        space.off_side_idx = bg
        space.sector_figures = figures
        space.sector_contrast = np.array([])
        space.sector_strategy = np.array([])
        return
    S = space.similarity([space.cmp[i] for i in sec])
    for row, j in enumerate(sec):           # leave-one-out: a sector post is not its own neighbour
        S[row, j] = -np.inf
    on_sim = S[:, on].max(axis=1)
    names = np.array([str(space.refs[i].topic) for i in sec], dtype=object)
    med = {str(s): float(np.median(on_sim[names == s])) for s in sorted(set(names))}
    top = max(med.values())
    typical = float(np.median(list(med.values())))
    excluded = sorted(s for s, v in med.items()
                      if top > 0 and v >= SECTOR_CLOSE * top and v >= SECTOR_ABOVE * max(typical, 0.0))
    keep = ~np.isin(names, excluded)
    space.off_side_idx = np.concatenate([sec[keep], bg])
    space.sector_contrast = (topk_mean(S, on) - topk_mean(S, space.off_side_idx))[keep]
    strat = np.concatenate([space.idx["pillar"], space.idx["proposition"]])
    space.sector_strategy = (S[:, strat].max(axis=1) if len(strat) else np.zeros(len(sec)))[keep]
    figures["sectors"] = {s: round(v, 3) for s, v in sorted(med.items(), key=lambda kv: -kv[1])}
    figures["excluded"] = excluded
    space.sector_figures = figures


def low_cut(scores, fa: float = TARGET_FA) -> float:
    """A value below which about ``fa`` of scores like these fall.

    The smaller of two estimates of the ``fa`` quantile:

    - empirical, with Hazen plotting positions (the i-th smallest of n sits at (i - 0.5) / n),
      extrapolated linearly below the smallest score when ``fa`` < 0.5 / n;
    - normal fit, ``mean + z(fa) * std``.

    With a handful of approved posts the empirical estimate is little more than the least
    typical post, and two close low scores make it tight; the normal fit reads the spread of all
    of them. Taking the smaller one keeps false alarms on the brand's own posts rare.
    """
    import numpy as np
    s = np.sort(np.asarray(scores, dtype=np.float64))
    n = len(s)
    if n == 0:
        raise ValueError("no scores to calibrate on")
    if n == 1:
        return float(s[0])
    pos = (np.arange(n) + 0.5) / n
    if fa >= pos[0]:
        emp = float(np.interp(fa, pos, s))
    else:
        slope = (s[1] - s[0]) / (pos[1] - pos[0])
        emp = float(s[0] - slope * (pos[0] - fa))
    par = float(s.mean() + NormalDist().inv_cdf(fa) * s.std(ddof=1))
    return min(emp, par)


def high_cut(scores, fa: float = TARGET_FA) -> float:
    """A value above which about ``fa`` of scores like these fall (see :func:`low_cut`)."""
    return -low_cut([-x for x in scores], fa)


def topk_mean(S, idx, k: int | None = None):
    """Per row of ``S``, the mean of the ``k`` (:data:`NEIGHBOURS`) highest similarities among the
    columns ``idx`` (left-out cells, -inf, ignored; fewer columns: the mean of those there are)."""
    import numpy as np
    k = NEIGHBOURS if k is None else k
    S = np.asarray(S, dtype=np.float64)
    if len(idx) == 0:
        return np.zeros(len(S))
    X = S[:, idx]
    finite = np.isfinite(X)
    X = np.where(finite, X, -np.inf)
    k = max(1, min(k, X.shape[1]))
    top = np.sort(X, axis=1)[:, -k:]
    n = np.isfinite(top).sum(axis=1)
    total = np.where(np.isfinite(top), top, 0.0).sum(axis=1)
    return np.where(n > 0, total / np.maximum(n, 1), 0.0)


def margin_threshold(contrasts, fa: float) -> float | None:
    """``VL401.margin`` from the approved posts' contrasts (leave-one-out), or None (too few).

    From :data:`MIN_TWO_SIDED` approved posts (the pillars' examples count: they are approved
    posts too), the empirical ``fa`` quantile; from :data:`MIN_FEW_SIDED`, :func:`low_cut`, the
    smaller of the empirical and the normal-fit estimates (a handful of posts resolves no 3 %
    quantile: the normal fit reads their spread and keeps the brand's own posts safe)."""
    if len(contrasts) >= MIN_TWO_SIDED:
        return min(MARGIN_CEILING, hazen_low(contrasts, fa))
    if len(contrasts) >= MIN_FEW_SIDED:
        return min(MARGIN_CEILING, low_cut(contrasts, fa))
    return None


def joint_cut(strategy, contrast, off_strategy, off_contrast, fa: float, ceiling: float,
              strategy_ceiling: float = 0.30):
    """VL401's two tests chosen together: ``(strategy threshold, margin)`` or None (too few posts).

    A post is flagged when its strategy similarity is under the first or its contrast under the
    second. Each test calibrated alone at ``fa`` flags up to twice ``fa`` of the brand's posts
    together. Here the pair is chosen on both sides at once: among the pairs that flag at most
    ``floor(fa * n)`` of the ``n`` approved posts (leave-one-out), the one that flags the most
    other-sector posts (``off_*``: the shipped posts, leave-one-out), ties to the fewer approved
    posts flagged, then to the lower strategy threshold. The margin stays under ``ceiling``.
    """
    import numpy as np
    st, co = np.asarray(strategy, dtype=np.float64), np.asarray(contrast, dtype=np.float64)
    ost, oco = np.asarray(off_strategy, dtype=np.float64), np.asarray(off_contrast, dtype=np.float64)
    n = len(st)
    allowed = int(np.floor(fa * n))
    if n < MIN_TWO_SIDED or allowed < 1 or len(oco) == 0:
        return None
    best = None
    for t_s in np.unique(np.r_[0.0, np.minimum(np.sort(st)[: allowed + 1], strategy_ceiling)]):
        first = st < t_s
        left = allowed - int(first.sum())
        if left < 0:
            continue
        rest = np.sort(co[~first])
        t_m = min(ceiling, float(rest[left])) if left < len(rest) else ceiling
        flagged = int(np.sum(first | (co < t_m)))
        det = float(np.mean((ost < t_s) | (oco < t_m)))
        key = (det, -flagged, -t_s)
        if best is None or key > best[0]:
            best = (key, float(t_s), t_m, flagged)
    if best is None:
        return None
    (det, _, _), t_s, t_m, flagged = best
    return {"VL401": t_s, "VL401.margin": t_m, "approved_flagged": flagged / n, "other_flagged": det}


def topic_cut(space, own, cut: float, margin: float, fa: float, floor: float) -> dict | None:
    """VL402's similarity cut chosen on both sides (issue 18): the declared topics' own examples
    (each assessed without itself) on the off side; on the on side, the approved posts (``own``,
    leave-one-out :class:`Assessment`) and the shipped generic posts of the language (posts any
    brand could sign, about no topic).

    The one-sided cut (``cut``, the approved posts' high tail) is whatever a handful of approved
    posts happen to score, and knows nothing of everyday posts. ``lo`` is where at most ``fa`` of
    the approved posts, and of the generic posts, would be flagged by both of VL402's tests
    (``margin`` too; not under ``floor``). Under the one-sided cut, the cut goes down to midway
    between ``lo`` and the lowest topic example flagged there, when that flags more of them; over
    it (everyday posts that share a word with the topic's examples: "aujourd'hui", "ensemble"), it
    goes up to ``lo``. None when the topic has fewer than two examples, or nothing would change."""
    import numpy as np
    topic_idx = [i for idx in space.topics["off"].values() for i in idx
                 if space.refs[i].role not in ("description", "keywords")]
    if len(topic_idx) < 2:
        return None
    side = space.assess_refs(topic_idx)
    t_sim = np.array([x.best_off[1] for x in side])
    t_ok = np.array([x.best_off[1] - x.strategy >= margin for x in side])

    def high_tail(assessed):
        """The lowest cut that flags at most ``fa`` of ``assessed`` by both tests (-inf: none)."""
        risky = np.sort([x.best_off[1] for x in assessed if x.best_off[1] - x.strategy >= margin])[::-1]
        allowed = int(np.floor(fa * len(assessed) + 1e-9))
        return float(risky[allowed]) + 1e-6 if len(risky) > allowed else -np.inf

    generic = space.assess_refs(space.idx["background"])
    guard = high_tail(generic)
    lo = max(floor, high_tail(own), guard)
    hit = t_ok & (t_sim >= lo)
    if lo >= cut:
        if guard <= cut:
            return None
        value = guard          # the one-sided cut let everyday posts through: raised to keep them out
    elif not hit.any() or hit.sum() <= (t_ok & (t_sim >= cut)).sum():
        return None
    else:
        value = min(cut, (lo + float(t_sim[hit].min())) / 2)

    def share(assessed):
        return float(np.mean([x.best_off[1] >= value and x.best_off[1] - x.strategy >= margin
                              for x in assessed])) if assessed else 0.0
    return {"VL402": value, "lo": lo, "topic_posts": len(topic_idx),
            "topic_flagged": float(np.mean(t_ok & (t_sim >= value))),
            "topic_flagged_one_sided": float(np.mean(t_ok & (t_sim >= cut))),
            "approved_flagged": share(own), "generic_flagged": share(generic)}


def separation(space, thresholds, approved=()) -> dict:
    """How well the strategy separates its approved posts from other sectors' posts.

    ``approved_flagged``: share of the approved posts (``approved``: their leave-one-out
    assessments) that VL401 would flag, by either test; ``other_flagged``: share of the off side's
    sector posts (leave-one-out) flagged, by either test too.
    """
    import numpy as np
    sc = getattr(space, "sector_contrast", np.array([]))
    out = {"excluded_sectors": space.sector_figures.get("excluded", []),
           "other_posts": int(len(sc)), "margin": round(float(thresholds["VL401.margin"]), 4)}
    if len(sc):
        hit = np.asarray(sc) < thresholds["VL401.margin"]
        strat = np.asarray(getattr(space, "sector_strategy", np.array([])))
        if len(strat) == len(hit):
            hit = hit | (strat < thresholds["VL401"])
        out["other_flagged"] = round(float(np.mean(hit)), 3)
    if len(approved):
        flagged = [x.strategy < thresholds["VL401"] or (x.off_side_item is not None
                                                         and x.contrast < thresholds["VL401.margin"])
                   for x in approved]
        out["approved_posts"] = len(flagged)
        out["approved_flagged"] = round(float(np.mean(flagged)), 3)
    return out


def separation_line(off: dict | None) -> str | None:
    """What ``profile learn`` and ``profile check`` say of how well the strategy separates the
    brand's approved posts (one side) from other sectors' posts (the other side)."""
    if not off or "other_flagged" not in off:
        return None
    own = ""
    if "approved_flagged" in off:
        own = (f"{100 * off['approved_flagged']:.0f} % of the {off['approved_posts']} approved posts "
               f"({off.get('approved_measured', 'leave-one-out')}) and ")
    line = (f"strategy vs other sectors: VL401 would flag {own}{100 * off['other_flagged']:.0f} % of "
            f"{off['other_posts']} other-sector posts (margin {off['margin']:g}; own sector left out: "
            f"{', '.join(off['excluded_sectors']) or 'none'})")
    if "VL210_flagged" in off:
        line += (f"; with competitors, VL210 flags {100 * off['VL210_flagged']:.0f} % of them, so VL401 "
                 f"warns only where VL210 does not reach")
        if "info_flagged" in off:
            line += f" and reports {100 * off['info_flagged']:.0f} % as info (the reason, not a second warning)"
    if topics := off.get("declared_topics"):
        line += (f"; VL402 (declared topics) at {topics['VL402']:.2f}, chosen on both sides, flags "
                 f"{100 * topics['topic_flagged']:.0f} % of the topics' {topics['topic_posts']} examples "
                 f"(leave-one-out; {100 * topics['topic_flagged_one_sided']:.0f} % "
                 f"at the approved posts' own cut), {100 * topics['approved_flagged']:.0f} % of the approved posts "
                 f"and {100 * topics.get('generic_flagged', 0):.0f} % of the shipped generic posts")
    return line


#: The detection VL914's message measures against (share of other-sector posts flagged).
TARGET_DETECTION = 0.90
#: VL914 fires when two pillars (or a pillar and the generic background) are this close.
CLOSE_TOPICS = 0.50


def overlap(space) -> dict:
    """How close the pillars are to each other and to the generic background.

    Each pillar's texts (description, keywords, examples) are compared with each other pillar's
    and with the background posts; the figure is the mean of each text's best similarity.
    """
    import numpy as np
    pillars = space.topics.get("pillar", {})
    out: dict = {"pairs": [], "background": {}}
    if not pillars:
        return out
    ids = sorted(pillars)
    texts = {p: [space.cmp[i] for i in pillars[p]] for p in ids}
    S = {p: space.similarity(texts[p]) for p in ids}
    for a_i, a in enumerate(ids):
        for b in ids[a_i + 1:]:
            v = float(np.mean(S[a][:, pillars[b]].max(axis=1)))
            out["pairs"].append({"pillars": [a, b], "similarity": round(v, 3)})
        bg = space.idx["background"]
        if len(bg):
            out["background"][a] = round(float(np.mean(S[a][:, bg].max(axis=1))), 3)
    out["pairs"].sort(key=lambda r: -r["similarity"])
    out["examples"], out["keywords"] = pillar_texts(space)
    return out


#: Examples a pillar needs before the advice stops asking for more (VL914, the weak-strategy note).
MIN_PILLAR_EXAMPLES = 3


def pillar_texts(space) -> tuple[dict[str, int], dict[str, bool]]:
    """Per pillar (sorted by id): how many examples it has, and whether it has keywords."""
    pillars = space.topics.get("pillar", {})
    ids = sorted(pillars)
    return ({p: sum(1 for i in pillars[p] if space.refs[i].role == "example") for p in ids},
            {p: any(space.refs[i].role == "keywords" for i in pillars[p]) for p in ids})


def small_talk(space) -> set[str]:
    """Pillars ``profile learn`` proposed as the brand's conversation with its community: no
    topic, so no keywords to ask for."""
    data = getattr(getattr(space, "profile", None), "data", None) or {}
    pillars = ((data.get("learned") or {}).get("proposal") or {}).get("pillars") or {}
    return {p for p, v in pillars.items() if isinstance(v, dict) and v.get("kind") == "conversation"}


def pillars_lacking(space, texts: tuple | None = None) -> tuple[list[str], list[str]]:
    """(pillars with under :data:`MIN_PILLAR_EXAMPLES` examples, pillars without keywords that
    could have some: not the conversation pillar), by id: what VL914 and the check's note ask
    for. ``texts``: :func:`pillar_texts` of the space when already computed."""
    examples, keywords = texts if texts is not None else pillar_texts(space)
    talk = small_talk(space)
    return ([p for p, n in examples.items() if n < MIN_PILLAR_EXAMPLES],
            [p for p, k in keywords.items() if not k and p not in talk])


def other_caught(sep: dict) -> float | None:
    """The share of the shipped other-sector posts caught at the thresholds (``sep``: the
    separation figures): VL401's, or VL210's when it is higher (with competitors VL210 covers
    part of the goal); None when there is no off side to measure on."""
    det = sep.get("other_flagged")
    if det is not None and isinstance(sep.get("VL210_flagged"), (int, float)):
        det = max(det, sep["VL210_flagged"])
    return det


def judgeability(space, thresholds) -> dict | None:
    """VL914's figures, or None when the strategy separates well enough."""
    sep = (getattr(thresholds, "figures", None) or {}).get("off_side") or separation(space, thresholds)
    ov = overlap(space)
    det = other_caught(sep)
    close = [r for r in ov["pairs"] if r["similarity"] >= CLOSE_TOPICS]
    generic = {p: v for p, v in ov["background"].items() if v >= CLOSE_TOPICS}
    # even the shipped other-sector posts (easier than real ones) are mostly missed at the
    # thresholds the target allows: silence would read as "the strategy is judged"
    weak = det is not None and sep.get("other_posts", 0) > 0 and det < TARGET_DETECTION
    if not close and not generic and not weak:
        return None
    helps = []
    thin, nokw = pillars_lacking(space, (ov.get("examples", {}), ov.get("keywords", {})))
    if thin:
        helps.append(f"more examples for {', '.join(thin)} ({MIN_PILLAR_EXAMPLES} or more each)")
    if nokw:
        helps.append(f"keywords for {', '.join(nokw)}")
    if len(space.approved) < MIN_TWO_SIDED:
        helps.append(f"{MIN_TWO_SIDED} or more approved posts (now {len(space.approved)}, the pillars' examples "
                     f"included) to calibrate the margin against other sectors from the brand's own posts, "
                     f"not from a conservative estimate" + ("" if len(space.approved) >= MIN_FEW_SIDED else
                                                           f" (under {MIN_FEW_SIDED}: not calibrated at all)"))
    if close:
        helps.append("pillars that differ in what they are about: " +
                     "; ".join(f"{r['pillars'][0]}/{r['pillars'][1]} at {r['similarity']:.2f}" for r in close))
    if weak and not len(space.idx.get("competitor", [])):
        helps.append("competitors' posts (`profile learn --competitors`, or `competitors:`): VL210 then "
                     "learns the brand against them and flags most other sectors' posts too, which counts")
    if generic:
        helps.append("pillar descriptions and examples with the brand's own subjects, not generic phrases ("
                     + ", ".join(f"{p} at {v:.2f} from generic posts" for p, v in generic.items()) + ")")
    return {"detection": det, "other_posts": sep.get("other_posts", 0), "margin": sep["margin"],
            "approved_flagged": sep.get("approved_flagged"), "approved_posts": sep.get("approved_posts", 0),
            "closest_pair": ov["pairs"][0] if ov["pairs"] else None,
            "background": ov["background"], "helps": helps or ["keywords and more examples per pillar"]}


def attach_judgeability(prof, cache_dir: str | None = None) -> str | None:
    """For ``profile check``: measure VL914's figures and keep them on the profile object.

    Returns a notice when the strategy cannot be measured (no embedding model), else None."""
    prof.strategy_judgeability = None
    if not prof.has_strategy:
        return None
    try:
        from voicelint.judgement.brand import load_learned
        from voicelint.nlp.embeddings import get_embedder
        from .space import StrategySpace
        learned = load_learned(prof)
        lang = prof.language or (learned.lang if learned else "en")
        sp = StrategySpace(prof, get_embedder(prof.data.get("model"), cache_dir), lang,
                           approved_extra=learned.approved if learned else (),
                           competitors_extra=learned.competitors if learned else ())
        th = sp.calibrate(overrides=prof.data.get("thresholds") or {},
                          learned=learned.thresholds_for(prof, lang, sp) if learned else None)
    except ImportError as exc:
        return f"VL914 not judged: the embedding model is not installed (voicelint[semantic]): {exc}"
    except Exception as exc:  # noqa: BLE001 - a measurement that cannot run says why, never a traceback
        return f"VL914 not judged: {type(exc).__name__}: {exc}"
    prof.strategy_judgeability = judgeability(sp, th)
    prof.strategy_separation = th.figures.get("off_side")
    stored = ((learned.block.get("calibration") or {}).get("off_side") or {}) if learned else {}
    if prof.strategy_separation is not None and learned is not None and learned.thresholds_for(prof, lang, sp):
        # what profile learn measured of VL210's share of the goal (with competitors) still holds
        for key in ("VL210_flagged", "info_flagged"):
            if isinstance(stored.get(key), (int, float)):
                prof.strategy_separation = {**prof.strategy_separation, key: stored[key]}
    return None


def vl914(p):
    """The profile check (kind ``strategy_separation``): figures set by :func:`attach_judgeability`."""
    if not hasattr(p, "strategy_judgeability"):
        attach_judgeability(p)
    j = getattr(p, "strategy_judgeability", None)
    if not j:
        return
    det = "?" if j["detection"] is None else f"{100 * j['detection']:.0f}"
    pair = j["closest_pair"]
    pair_s = f"'{pair['pillars'][0]}' and '{pair['pillars'][1]}' at {pair['similarity']:.2f}" if pair else "none"
    bg = max(j["background"].values()) if j["background"] else 0.0
    own = ("the brand's approved posts: not measured (fewer than 5)" if j.get("approved_flagged") is None
           else f"{100 * j['approved_flagged']:.0f} % of the brand's {j['approved_posts']} approved posts "
                f"(leave-one-out)")
    yield ("pillars",), (f"{j['margin']:g}", det, j["other_posts"], own, pair_s, f"{bg:.2f}",
                         "; ".join(j["helps"]))
