"""semantic: where a post stands against the declared strategy (VL401-VL404).

``kind`` picks the judgement (one rule per kind):

- ``off_strategy`` (VL401): far from the proposition and every pillar;
- ``declared_topic`` (VL402): about a topic the brand declared off-strategy (``off_strategy:``),
  close enough to it and closer to it than to any pillar;
- ``generic`` (VL403): fits the competitors' posts or the generic background better than the
  brand's own posts ("remplacez le nom de votre marque par un autre");
- ``no_pillar`` (VL404): on the proposition, but no pillar is served as closely as the brand's
  approved posts serve one.

The similarities and the calibration (leave-one-out on the approved posts) live in
:mod:`voicelint.judgement.strategy.space`; this module decides, words the message and fills in the evidence.
A profile without a proposition and pillars skips these checks with one notice.
"""
from __future__ import annotations

from voicelint.shared.errors import RuleError
from .base import Hit
from voicelint.inputs.posts import post_text  # noqa: F401 (re-exported: pillar_balance, voice_match)

TYPE = "semantic"
SCOPE = "post"
NEEDS = {"semantic"}
OPTIONS = {"kind": str}
KINDS = {"off_strategy": "VL401", "declared_topic": "VL402", "generic": "VL403", "no_pillar": "VL404"}

NO_STRATEGY = ("strategy checks (VL4xx) skipped: the profile declares no proposition and pillars "
               "(see VL901)")
_LABELS = {
    "en": {"competitor": "competitor '{}'", "background": "generic posts any brand could sign",
           "none": "none", "shared": " (words it shares with the topic's examples: {})",
           "also_off": "; and it serves no pillar either: the closest, '{}', is at {}, below the {} "
                       "the brand's own approved posts reach (off-strategy)",
           "below": "below the {} the brand's own approved posts reach",
           "sector": "its similarity to its 3 nearest brand texts minus that to its 3 nearest posts of "
                     "other sectors (nearest: '{}', {}) is {}, under the {} the brand's approved posts keep",
           "lean_message": "Leans off-strategy: the closest pillar, '{}', is at {} and the proposition at {}; {}.",
           "lean_strategy": "its best similarity to the strategy, {}, is under the {} at which the "
                            "strategy alone would catch other sectors' posts",
           "lean_sector": "its similarity to its nearest brand texts minus that to its nearest posts of "
                          "other sectors (nearest: '{}', {}) is {}, under the {} at which the strategy "
                          "alone would catch other sectors' posts",
           "lean_why": " (it warns under {}: with this profile's competitors, the voice check VL210 "
                       "already catches most such posts; this is the reason, not a second warning)"},
    "fr": {"competitor": "du concurrent « {} »", "background": "de posts génériques que toute marque "
           "pourrait signer", "none": "aucun", "shared": " (mots en commun avec les exemples du sujet : {})",
           "also_off": " ; et il ne sert aucun pilier non plus : le plus proche, « {} », est à {}, sous "
                       "le seuil de {} qu'atteignent les posts approuvés de la marque (hors stratégie)",
           "below": "sous le seuil de {} qu'atteignent les posts approuvés de la marque",
           "sector": "sa similarité à ses 3 textes de la marque les plus proches moins celle à ses 3 "
                     "posts d'autres secteurs les plus proches (le plus proche : « {} », {}) vaut {}, "
                     "sous les {} que gardent les posts approuvés",
           "lean_message": "Plutôt hors stratégie : le pilier le plus proche, « {} », est à {} et la "
                           "proposition à {} ; {}.",
           "lean_strategy": "sa meilleure similarité à la stratégie, {}, est sous le seuil de {} où la "
                            "stratégie seule repérerait les posts d'autres secteurs",
           "lean_sector": "sa similarité à ses textes de la marque les plus proches moins celle à ses "
                          "posts d'autres secteurs les plus proches (le plus proche : « {} », {}) vaut "
                          "{}, sous le seuil de {} où la stratégie seule repérerait les posts d'autres "
                          "secteurs",
           "lean_why": " (elle avertit sous {} : avec les concurrents du profil, la vérification de la "
                       "voix VL210 repère déjà la plupart de ces posts ; c'est la raison, pas un second "
                       "avertissement)"},
}


def configure(rule) -> str:
    kind = rule.options["kind"]
    if kind not in KINDS:
        raise RuleError(f"expected kind one of {', '.join(KINDS)}, got {kind!r}", key="kind")
    return kind


def two_decimals(x: float) -> str:
    return f"{x:.2f}"


def space_for(ctx, lang: str):
    """The run's StrategySpace for ``lang`` (built once), or None when the profile has no strategy."""
    prof = ctx.profile
    if prof is None:
        return None
    if not prof.has_strategy:
        ctx.notice(NO_STRATEGY)
        return None
    # once per language, not per post and rule: it reads every pillar's texts
    why = ctx.memo(("strategy-cross-language", lang), lambda: cross_language(ctx, prof, lang))
    if why:
        ctx.notice(why)
        return None

    def build():
        from voicelint.judgement.brand import load_learned
        from voicelint.judgement.strategy import space as strategy
        learned = load_learned(prof)
        space = strategy.StrategySpace(prof, ctx.embedder(), lang,
                                    approved_extra=learned.approved if learned else (),
                                    competitors_extra=learned.competitors if learned else (),
                                    nlp=ctx.options.get("nlp"))
        stored = learned.thresholds_for(prof, lang, space) if learned else None
        if learned is not None and learned.vectors_changed(space) and learned.thresholds_for(prof, lang):
            was, now = learned.block.get("word_vectors") or "none", space.word_vectors or "none"
            ctx.notice(f"{prof.path}: `profile learn` calibrated VL4xx with word vectors {was}, this run "
                       f"compares with {now} (installed packages changed): VL4xx are calibrated at run "
                       f"time on the approved posts instead; `voicelint profile learn --base {prof.path} "
                       f"--out {prof.path}` calibrates them again")
        if learned is not None and learned.strategy_edited(prof, lang):
            ctx.notice(f"{prof.path}: the strategy was edited since `profile learn` calibrated it (its "
                       "learned VL4xx thresholds are for the old proposition and pillars): VL4xx are "
                       "calibrated at run time on the approved posts instead; `voicelint profile learn "
                       f"--base {prof.path} --out {prof.path}` (from the posts it was learned from, "
                       f"{learned.examples_path() or 'give them with --examples'}) calibrates the edited "
                       "strategy with the whole check")
        overrides = prof.data.get("thresholds") or {}
        for k in sorted(k for k in overrides if k.startswith("VL4") and k not in strategy.BOUNDS):
            ctx.notice(f"{prof.path}: thresholds.{k}: not a calibrated VL4xx threshold (expected one "
                       f"of {', '.join(strategy.BOUNDS)}); ignored")
        space.thresholds = space.calibrate(overrides=overrides, learned=stored)
        space.info_cuts = info_cuts(space.thresholds, stored)
        say_if_weak(ctx, prof, space)
        space.trait_stats = (learned.traits if learned and learned.traits and learned.lang == lang
                          else strategy.trait_stats(space.approved, lang))
        return space

    return ctx.memo(("strategy-space", lang), build)


def cross_language(ctx, prof, lang: str) -> str | None:
    """Why the strategy cannot judge posts in ``lang`` (or None): they are in another language than
    the profile's, the embedding model does not compare across languages, and some pillar has no
    text in ``lang`` (English pillars against a French post read as "off every pillar")."""
    base = prof.language
    if not base or lang == base:
        return None
    from voicelint.judgement.strategy.space import StrategySpace, model_knows
    from voicelint.shared.lang import language_name, reads_as
    model = getattr(ctx.embedder(), "model_id", None)
    if model_knows(model, lang) and model_knows(model, base):
        return None      # a multilingual model compares a French post with English pillars
    missing = [p["id"] for p in prof.pillars     # the pillar's texts as the strategy compares them
               if not any(reads_as(r.text, base) == lang for r in StrategySpace.topic_refs("pillar", p, prof))]
    if not missing:
        return None
    return (f"strategy checks (VL4xx) skipped for posts in {language_name(lang)}: the strategy is "
            f"written in {language_name(base)} and the embedding model ({model}) does not compare "
            f"across languages; give each pillar an example in {language_name(lang)} (missing: "
            f"{', '.join(missing)}), or set a multilingual `model:`")


def span(post) -> tuple[int, int]:
    """The post's prose, from its first to its last visible character."""
    body = post.text[post.body_start:]
    lead = len(body) - len(body.lstrip())
    start = post.body_start + lead
    return start, start + len(body.strip())


def assess(ctx, post, lang):
    """(space, assessment) for a post, computed once per run for all VL4xx rules."""
    space = space_for(ctx, lang)
    if space is None:
        return None, None
    text = post_text(post)
    if not text:
        return space, None
    return space, ctx.memo(("strategy-assessment", id(post)), lambda: space.assess([text])[0])


def prepare(rule, posts, ctx) -> None:
    """Assess a chunk of posts at once (one embedding batch, one hashing pass) for every VL4xx
    rule and VL405; :func:`assess` then finds each post's assessment memoised."""
    groups: dict[str, list] = {}
    for post in posts:
        if ctx.has_memo(("strategy-assessment", id(post))):
            continue
        text = post_text(post)
        if text:
            groups.setdefault(ctx.lang(post), []).append((post, text))
    for lang, items in groups.items():
        space = space_for(ctx, lang)
        if space is None:
            continue
        for (post, _), a in zip(items, space.assess([t for _, t in items])):
            ctx.remember(("strategy-assessment", id(post)), a)


def off_strategy(thresholds, a) -> bool:
    """VL401: below the approved posts' strategy similarity, or closer to another sector's post
    than to the strategy by more than the calibrated margin (:mod:`voicelint.judgement.strategy.calibration`)."""
    return a.strategy < thresholds["VL401"] or (a.off_side_item is not None and a.contrast < thresholds["VL401.margin"])


def say_if_weak(ctx, prof, space) -> None:
    """A strategy that catches under 90 % of the shipped other-sector posts at its thresholds
    (calibrated at run time, or learned: with competitors, what VL210 flags counts) cannot judge
    off-strategy drafts well: say so once, with what would help (silence would read as "on
    strategy"). Calibrated at run time on fewer than 30 texts (a hand-written strategy on day
    one), its false-alarm rate is an estimate: say that too, whatever it catches. A threshold
    declared in the profile is the user's choice."""
    from voicelint.judgement.strategy.calibration import MIN_TWO_SIDED, TARGET_DETECTION, TARGET_FA, other_caught
    th = space.thresholds
    off = th.figures.get("off_side") or {}
    det = other_caught(off)
    source = th.source.get("VL401.margin")
    n = len(space.approved)
    # calibrated at run time on a handful of texts (a hand-written strategy on day one): the
    # false-alarm rate is an estimate, and a team that sees VL401 on its own posts should know it
    few = source in ("calibrated", "default") and n < MIN_TWO_SIDED
    if source == "profile" or det is None or (det >= TARGET_DETECTION and not few):
        return
    fa = float(th.figures.get("target_fa") or TARGET_FA)
    estimated = (f"with {n} posts its {fa:.0%} false-alarm target is estimated from their spread, not "
                 f"measured (1 in {n + 1} is the finest rate they can show), so it may flag some "
                 "on-strategy drafts")
    if det >= TARGET_DETECTION:
        ctx.notice(f"VL401 (off-strategy) for {prof.name} is calibrated on {n} approved posts with the "
                   f"pillars' examples: {estimated}; {MIN_TWO_SIDED} or more approved posts (now {n}; "
                   "voice.examples_from) make it a measure")
        return
    how = "learned by `profile learn` from" if source == "learned" else "calibrated on"
    ctx.notice(f"VL401 (off-strategy) for {prof.name} catches {det:.0%} of {off.get('other_posts', 0)} "
               f"shipped posts of other sectors (target {TARGET_DETECTION:.0%}) at its thresholds, "
               f"{how} {n} approved posts with the pillars' examples: a draft it does not flag is not "
               "shown to be on strategy" + (f", and {estimated}" if few else "")
               + f"; {weak_helps(space)} (`voicelint profile check` gives the figures, VL914)")


def weak_helps(space) -> str:
    """What would help a strategy that separates poorly, from what the profile lacks (not a
    generic list: a profile learned from 50 posts with 3 examples per pillar is told something
    else than to add them)."""
    from voicelint.judgement.strategy.calibration import MIN_PILLAR_EXAMPLES, MIN_TWO_SIDED, pillars_lacking
    thin, nokw = pillars_lacking(space)
    helps = []
    if thin:
        helps.append(f"{MIN_PILLAR_EXAMPLES} or more examples for {', '.join(thin)}")
    if nokw:
        helps.append(f"keywords for {', '.join(nokw)}")
    if len(space.approved) < MIN_TWO_SIDED:
        helps.append(f"{MIN_TWO_SIDED} or more approved posts (now {len(space.approved)}; voice.examples_from)")
    if not len(space.idx.get("competitor", [])):
        helps.append("competitors' posts (`profile learn --competitors`: VL210 then flags most other sectors' posts)")
    if not helps:
        helps.append("pillars that differ more in what they are about, in the words the brand's posts use")
    return ("; ".join(helps[:-1]) + " and " + helps[-1] if len(helps) > 1 else helps[0]) + " would help"


def info_cuts(thresholds, stored: dict | None) -> dict[str, float]:
    """VL401's information tier (``learned.thresholds``: ``VL401.info``, ``VL401.margin.info``):
    where ``profile learn`` found that, with competitors, VL210 already catches most other
    sectors' posts, VL401 warns only in its tail; the thresholds it would have needed alone then
    report a post as ``info``, so that the reason is still given. Only a cut more lenient than
    the warning one, and only over a learned warning threshold (a user's own override wins)."""
    out = {}
    for code in ("VL401", "VL401.margin"):
        v = (stored or {}).get(f"{code}.info")
        if (isinstance(v, (int, float)) and thresholds.source.get(code) == "learned"
                and v > thresholds[code]):
            out[code] = float(v)
    return out


def leans_off(space, a) -> str | None:
    """The VL401 test whose information tier (:func:`info_cuts`) the post falls in, if any."""
    cuts = getattr(space, "info_cuts", None) or {}
    if "VL401" in cuts and a.strategy < cuts["VL401"]:
        return "VL401"
    if "VL401.margin" in cuts and a.off_side_item is not None and a.contrast < cuts["VL401.margin"]:
        return "VL401.margin"
    return None


def decide(space, a) -> dict[str, bool]:
    """Which VL4xx judgements hold for an assessment (independently of each other)."""
    thresholds = space.thresholds
    oid, osim = a.best_off
    return {
        "declared_topic": oid is not None and osim >= thresholds["VL402"]
        and osim - a.strategy >= thresholds["VL402.margin"],
        "generic": a.other - a.brand >= thresholds["VL403"],
        "off_strategy": off_strategy(thresholds, a),
        "no_pillar": bool(a.pillars) and a.best_pillar[1] < thresholds["VL404"] and not off_strategy(thresholds, a),
    }


def check(rule, post, ctx):
    lang = ctx.lang(post)
    space, a = assess(ctx, post, lang)
    if a is None:
        return
    kind = rule.compiled
    lean = None
    decided = decide(space, a)
    if not decided[kind]:
        if kind != "off_strategy" or (lean := leans_off(space, a)) is None:
            return
    from voicelint.judgement.strategy.space import trait_drift
    thresholds = space.thresholds
    labels = _LABELS.get(lang, _LABELS["en"])
    pid, psim = a.best_pillar
    ev = space.evidence(a, traits=trait_drift(a.text, lang, space.trait_stats))
    ev["thresholds"] = {k: round(v, 4) for k, v in sorted(thresholds.values.items())}
    ev["threshold_source"] = dict(sorted(thresholds.source.items()))
    ev["calibrated_on"] = thresholds.figures.get("approved", 0)
    start, end = span(post)
    code = KINDS[kind]
    if kind == "off_strategy" and lean is not None:
        cut = space.info_cuts[lean]
        if lean == "VL401":
            score = a.strategy
            why = labels["lean_strategy"].format(two_decimals(score), two_decimals(cut))
        else:
            score = a.contrast
            why = labels["lean_sector"].format(space.refs[a.off_side_item].topic, two_decimals(a.off_side),
                                               two_decimals(score), two_decimals(cut))
        why += labels["lean_why"].format(two_decimals(thresholds[lean]))
        msg = labels["lean_message"].format(pid or labels["none"], two_decimals(psim), two_decimals(a.proposition), why)
        yield Hit(start, end, message=msg, score=score, threshold=cut, evidence={**ev, "tier": "info", "info_thresholds": {
                      k: round(v, 4) for k, v in sorted(space.info_cuts.items())}}, severity="info")
    elif kind == "off_strategy":
        if a.strategy < thresholds[code]:
            why = labels["below"].format(two_decimals(thresholds[code]))
            score, threshold = a.strategy, thresholds[code]
        else:
            r = space.refs[a.off_side_item]
            why = labels["sector"].format(r.topic, two_decimals(a.off_side), two_decimals(a.contrast), two_decimals(thresholds["VL401.margin"]))
            score, threshold = a.contrast, thresholds["VL401.margin"]
        yield Hit(start, end, args=(pid or labels["none"], two_decimals(psim), two_decimals(a.proposition), why),
                  score=score, threshold=threshold, evidence=ev)
    elif kind == "declared_topic":
        oid, osim = a.best_off
        shared = ev["nearest_off_strategy"]["shared_words"]
        words = labels["shared"].format(", ".join(shared)) if shared else ""
        yield Hit(start, end, args=(oid, two_decimals(osim), two_decimals(thresholds["VL402"]), two_decimals(osim - a.strategy),
                                    pid or labels["none"], words),
                  score=osim, threshold=thresholds["VL402"], evidence={**ev, "margin": round(osim - a.strategy, 4),
                                                              "margin_threshold": round(thresholds["VL402.margin"], 4)})
    elif kind == "generic":
        r = space.refs[a.other_item]
        who = labels["competitor"].format(r.topic) if r.kind == "competitor" else labels["background"]
        margin = a.other - a.brand
        # a generic post that is off every pillar too (a news headline, not a brand's post):
        # VL403 supersedes VL401 on it, so its message says both
        also = (labels["also_off"].format(pid or labels["none"], two_decimals(psim), two_decimals(thresholds["VL401"]))
                if a.strategy < thresholds["VL401"] and decided.get("off_strategy") else "")
        yield Hit(start, end, args=(who, two_decimals(a.other), two_decimals(a.brand), two_decimals(margin),
                                    two_decimals(thresholds[code]), also),
                  score=margin, threshold=thresholds[code], evidence={**ev, "off_strategy": bool(also)})
    else:
        yield Hit(start, end, args=(pid, two_decimals(psim), two_decimals(thresholds[code]), two_decimals(a.proposition)),
                  score=psim, threshold=thresholds[code], evidence=ev)
