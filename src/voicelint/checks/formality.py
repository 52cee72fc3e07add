"""formality: a post far more formal or casual than the voice's target (voice.formality).

The post's formality comes from ``nlp.style`` (a cheap score in [0, 1]). With five or more
approved posts (voice.examples), the expected value is *learned*: their median formality on the
same scale, and the tolerance is the 95th percentile of how far they sit from it plus a margin,
or, wider with few posts, the band a new post of theirs falls in 98 % of the time (a normal
prediction interval), so the brand's own normal range does not fire. The finding's ``score`` is
the distance from the expected value, its ``threshold`` the tolerance. Without them, the declared ``voice.formality``
and a default tolerance are used. Either way the platform's ``formality_delta`` shifts the
expectation (LinkedIn may be more formal than Instagram by design). Posts under ``min_words``
words are too short to judge and are skipped.
"""
from __future__ import annotations

from dataclasses import dataclass

from .base import Hit

TYPE = "formality"
SCOPE = "post"
NEEDS: set = set()
OPTIONS = {"min_words": int, "default_tolerance": float, "margin": float}
DEFAULTS = {"min_words": 8, "default_tolerance": 0.35, "margin": 0.05}


@dataclass(frozen=True)
class Settings:
    min_words: int       # shorter posts are not judged
    default: float       # tolerance around a declared target (no approved posts to learn from)
    margin: float        # added to the spread the approved posts keep


def configure(rule) -> Settings:
    o = rule.options
    return Settings(o["min_words"], o["default_tolerance"], o["margin"])


#: Share of the brand's own new posts the learned band may leave out, both sides together.
NEW_POST_SHARE = 0.02


def _predicted(values) -> float:
    """Half the width of the band a *new* post of the brand falls in with probability
    1 - :data:`NEW_POST_SHARE` if the approved posts' formality is normal (the two-sided
    prediction bound, :func:`~voicelint.shared.numbers.prediction_low`). With five posts the 95th
    percentile of their deviations is their largest, and a new post falls beyond the largest of
    five about a third of the time: a hand-written bakery's own plain sentence ("Notre farine T80
    vient du moulin Jacquet : elle donne une mie souple et parfumée.", 0.23 against 0.80 ± 0.37)
    was "more casual than the brand". The score of one short post is noisy (the same five posts
    spread 0.48-0.96), and the band says so."""
    import statistics

    from voicelint.shared.numbers import prediction_low
    if len(values) < 3:
        return 0.0
    return statistics.fmean(values) - prediction_low(values, NEW_POST_SHARE / 2)


def _baseline(ctx, lang, conf):
    """(center, tolerance, source): learned from approved posts, else the declared target."""
    def build():
        from ..nlp.style import formality
        from voicelint.shared.lang import reads_as
        # the approved posts as drift reads them: voice.examples, and those a learned voice model
        # keeps (a profile learned from an export has no voice.examples: VL208 was silent there)
        from voicelint.judgement.brand import approved_posts
        examples = approved_posts(ctx.profile, pillars=False) if ctx.profile is not None else []
        base = ctx.profile.language if ctx.profile is not None else None
        # only the approved posts in the post's language: formality is measured per language
        values = sorted(formality(t, lang) for t in examples if t.strip() and reads_as(t, base or lang) == lang)
        if len(values) < 5:
            target = ctx.profile.voice.get("formality") if ctx.profile is not None else None
            return (None if target is None else float(target)), conf.default, "declared voice.formality"
        center = values[len(values) // 2] if len(values) % 2 else \
            (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
        devs = sorted(abs(v - center) for v in values)
        q = devs[min(len(devs) - 1, int(round(0.95 * (len(devs) - 1))))]
        return center, max(0.2, q + conf.margin, _predicted(values)), f"{len(values)} approved posts"
    return ctx.memo(("formality-baseline", lang), build)


def check(rule, post, ctx):
    conf = rule.compiled
    body = post.text[post.body_start:]
    if len(body.split()) < conf.min_words:
        return
    lang = ctx.lang(post)
    from ..nlp.style import formality
    value = formality(body, lang)
    center, tol, source = _baseline(ctx, lang, conf)
    if center is None:
        return
    delta = ctx.setting(post, "platform.formality_delta") or 0.0
    expected = min(1.0, max(0.0, center + float(delta)))
    gap = value - expected
    if abs(gap) <= tol:
        return
    start = len(post.text[: post.body_start]) + (len(body) - len(body.lstrip()))
    end = start + len(body.strip())
    direction = ("more formal", "plus formel") if gap > 0 else ("more casual", "plus familier")
    yield Hit(start, min(end, start + 1), args=(direction[0] if lang == "en" else direction[1],
                                                f"{value:.2f}", f"{expected:.2f}", f"{tol:.2f}"),
              score=abs(gap), threshold=tol,
              evidence={"formality": round(value, 3), "expected": round(expected, 3),
                        "platform_delta": delta, "tolerance": round(tol, 3), "learned_from": source})
