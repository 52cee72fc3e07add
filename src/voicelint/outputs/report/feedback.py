"""The report's feedback sections: do on-voice, on-pillar posts do better, what the objectives'
indicators measure, and whether the mix of posts is what the declared ``strategy.type`` calls for.

- **Engagement** (when posts carry counts: X and Mastodon exports, calendar columns ``likes``,
  ``shares``, ``comments``, ``impressions``): interactions per post (likes + shares + comments)
  by nearest pillar and by voice (the learned VL210 score against its threshold).
- **Indicators**: each objective's indicators; one with a ``metric`` gets its median per post.
- **Strategy type**: the share of posts of each kind the four types call for, read from the posts
  themselves (simple, documented markers, French and English):

  ===============  ====================================================================
  pratique         service and answers: replies, and posts about hours, orders,
                   delivery, repairs, contact
  creative         invitations to share ideas: posts that ask the audience
  championne       a campaign's steady stream: posts with a ``campaign``, weeks covered
  transformatrice  an internal audience: teams, colleagues, hiring, in-house news
  ===============  ====================================================================

  The declared type's row says whether the posts reach what it calls for (its ``target`` share).
"""
from __future__ import annotations

import re
import statistics

COUNTS = ("likes", "shares", "comments")
MIN_POSTS = 3  # fewer posts with counts in a group: no median shown

_SERVICE = re.compile(r"\b(horaires?|commandes?|livraisons?|retours?|remboursement|sav|contactez|écrivez|"
                      r"répondons|rendez-vous|réparation|service|hours|orders?|delivery|returns?|refunds?|contact us|"
                      r"dm us|we answer|repairs?|opening|open (?:from|until|on))\b", re.I)
_INVITE = re.compile(r"(\?\s*$|\?\s|\b(dites-nous|racontez|partagez|votre avis|vos idées|et vous|"
                     r"tell us|share your|what do you think|your ideas|which one|vote)\b)", re.I | re.M)
_INTERNAL = re.compile(r"\b(nos équipes|notre équipe|collaborat(?:eurs|rices)|en interne|salariés|recrut\w*|"
                       r"our team|our people|colleagues|employees|staff|in-house|hiring|we'?re hiring|join us)\b",
                       re.I)

TYPES = {
    "pratique": ("service and answers (replies, hours, orders, delivery, contact)", 0.25),
    "creative": ("invitations to share ideas (posts that ask the audience)", 0.20),
    "championne": ("a campaign's steady stream (posts with a campaign)", 0.50),
    "transformatrice": ("an internal audience (teams, colleagues, hiring)", 0.20),
}


def _esc(s) -> str:
    import html
    return html.escape("" if s is None else str(s), quote=True)


def interactions(post) -> int | None:
    """likes + shares + comments of a post, None when it carries none of them."""
    vals = [post.meta[k] for k in COUNTS if isinstance(post.meta.get(k), int)]
    return sum(vals) if vals else None


def kind_shares(posts) -> dict:
    """Share of posts of each kind the strategy types call for."""
    n = len(posts) or 1
    text = {id(p): p.text for p in posts}
    service = sum(1 for p in posts if p.meta.get("kind") == "reply" or p.text.lstrip().startswith("@")
                  or _SERVICE.search(text[id(p)]))
    invite = sum(1 for p in posts if _INVITE.search(text[id(p)]))
    campaign = sum(1 for p in posts if p.meta.get("campaign"))
    internal = sum(1 for p in posts if _INTERNAL.search(text[id(p)]))
    return {"pratique": service / n, "creative": invite / n, "championne": campaign / n,
            "transformatrice": internal / n}


def voice_scores(sec, ctx, semantic: bool) -> tuple[dict, float | None, str]:
    """Per-post VL210 scores from the profile's learned voice model (id(post) -> score)."""
    if not semantic:
        return {}, None, "Voice scores need embeddings (run without --no-semantic)."
    from voicelint.judgement.brand import load_learned
    from voicelint.judgement.drift.persona import post_text
    learned = load_learned(sec.profile) if sec.profile is not None else None
    if learned is None:
        return {}, None, "No learned voice model in the profile (`voicelint profile learn` makes one)."
    vm = learned.voice_model(ctx.embedder())
    posts = list(sec.posts)
    scores = vm.score([post_text(p) for p in posts]) if posts else []
    return {id(p): float(s) for p, s in zip(posts, scores)}, float(vm.threshold), ""


#: Exports whose posts come without counts (the platforms do not put them in the download).
NO_COUNTS = {"instagram": "Instagram", "facebook": "Facebook", "linkedin": "LinkedIn"}


def without_counts(posts) -> str:
    """Which posts the medians leave out, by platform, and why: Meta's and LinkedIn's exports carry
    no counts, so a report over several exports compares the X and Mastodon posts alone."""
    by: dict[str, int] = {}
    for p in posts:
        if interactions(p) is None:
            key = p.meta.get("platform") or "no platform"
            by[key] = by.get(key, 0) + 1
    if not by:
        return ""
    n = sum(by.values())
    parts = ", ".join(f"{k} {v}" for k, v in sorted(by.items(), key=lambda kv: (-kv[1], kv[0])))
    exports = [NO_COUNTS[k] for k in NO_COUNTS if k in by]
    why = (f"{', '.join(exports[:-1]) + ' and ' if len(exports) > 1 else ''}{exports[-1]}'s "
           f"{'exports carry' if len(exports) > 1 else 'export carries'} none; " if exports else "")
    return (f"Left out of the medians: {n} post{'s' if n != 1 else ''} without counts ({parts}). {why}"
            "a calendar's likes, shares and comments columns give them.")


def gather(sec, ctx, semantic: bool) -> None:
    """Fill ``sec.feedback`` (called by report.gather once the pillar mix is known)."""
    with_counts = [p for p in sec.posts if interactions(p) is not None]
    fb = sec.feedback
    fb.update(n_counts=len(with_counts), kinds=kind_shares(sec.posts))
    if with_counts:
        scores, threshold, note = voice_scores(sec, ctx, semantic)
        fb.update(scores=scores, threshold=threshold, voice_note=note)


def _median_row(label: str, posts) -> str:
    vals = [interactions(p) for p in posts]
    vals = [v for v in vals if v is not None]
    med = f"{statistics.median(vals):g}" if len(vals) >= MIN_POSTS else "—"
    mean = f"{statistics.fmean(vals):.1f}" if len(vals) >= MIN_POSTS else "—"
    return (f"<tr><th scope=\"row\">{_esc(label)}</th><td>{len(posts)}</td><td>{len(vals)}</td>"
            f"<td>{med}</td><td>{mean}</td></tr>")


def _table(caption: str, first: str, rows: list[str]) -> str:
    return (f'<table class="feedback"><caption>{_esc(caption)}</caption><thead><tr><th scope="col">{first}</th>'
            '<th scope="col">Posts</th><th scope="col">With counts</th><th scope="col">Median interactions</th>'
            '<th scope="col">Mean</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def engagement_html(sec) -> str:
    fb = getattr(sec, "feedback", None) or {}
    out = ["<h3>Engagement: do on-voice, on-pillar posts do better?</h3>"]
    if not fb.get("n_counts"):
        out.append('<p class="muted">No post carries engagement counts. X and Mastodon exports carry them, '
                   'and so do calendar columns <code>likes</code>, <code>shares</code>, <code>comments</code>.</p>')
        return "\n".join(out)
    out.append(f'<p class="lead">Interactions per post are likes + shares + comments, over the '
               f'{fb["n_counts"]} posts that carry counts; a median needs at least {MIN_POSTS} of them.</p>')
    missing = without_counts(sec.posts)
    if missing:
        out.append(f'<p class="muted">{_esc(missing)}</p>')
    labels = fb.get("pillar_of") or {}
    if labels:
        groups: dict = {}
        for p in sec.posts:
            groups.setdefault(labels.get(id(p), "no clear pillar"), []).append(p)
        out.append(_table("Interactions by nearest pillar", "Pillar",
                          [_median_row(k, v) for k, v in sorted(groups.items())]))
    else:
        out.append(f'<p class="muted">By pillar: {_esc(sec.pillar_note)}</p>')
    scores, th = fb.get("scores") or {}, fb.get("threshold")
    if scores and th is not None:
        on = [p for p in sec.posts if scores.get(id(p), 0) >= th]
        off = [p for p in sec.posts if id(p) in scores and scores[id(p)] < th]
        out.append(_table(f"Interactions by voice (learned voice score against its threshold {th:.3f})", "Voice",
                          [_median_row("in the brand's voice", on), _median_row("off the voice", off)]))
    else:
        out.append(f'<p class="muted">By voice: {_esc(fb.get("voice_note") or "no voice scores")}</p>')
    return "\n".join(out)


def indicators_html(sec) -> str:
    prof = sec.profile
    objectives = (prof.get("strategy", "objectives") or {}) if prof is not None else {}
    indicators = (prof.get("strategy", "indicators") or {}) if prof is not None else {}
    if not objectives:
        return ""
    rows = []
    for obj, level in objectives.items():
        items = indicators.get(obj) or []
        if not items:
            rows.append(f'<tr><th scope="row">{_esc(obj)}</th><td>{_esc(level)}</td>'
                        '<td class="bad">no indicator (VL913)</td><td></td><td></td></tr>')
        for it in items:
            it = it if isinstance(it, dict) else {"name": it}
            metric = it.get("metric")
            measured = ""
            if metric:
                vals = [interactions(p) if metric == "engagement" else p.meta.get(metric) for p in sec.posts]
                vals = [v for v in vals if isinstance(v, int)]
                measured = (f"median {statistics.median(vals):g} per post ({len(vals)} post{'s' if len(vals) != 1 else ''})" if vals
                            else "no post carries this count")
            rows.append(f'<tr><th scope="row">{_esc(obj)}</th><td>{_esc(level)}</td><td>{_esc(it["name"])}'
                        f'{" (" + _esc(metric) + ")" if metric else ""}</td><td>{_esc(it.get("target") or "")}</td>'
                        f'<td>{_esc(measured)}</td></tr>')
    return ('<h3>Objectives and indicators</h3><table class="feedback"><caption>Each objective, how it is '
            'measured, and what the posts show for indicators with a metric</caption><thead><tr>'
            '<th scope="col">Objective</th><th scope="col">Level</th><th scope="col">Indicator</th>'
            '<th scope="col">Target</th><th scope="col">Measured</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def strategy_type_html(sec) -> str:
    prof = sec.profile
    declared = prof.get("strategy", "type") if prof is not None else None
    shares = (getattr(sec, "feedback", None) or {}).get("kinds") or kind_shares(sec.posts)
    out = ["<h3>Post mix and strategy type</h3>"]
    if declared:
        what, target = TYPES[declared]
        got = shares[declared]
        verdict = "reaches" if got >= target else "falls short of"
        cls = "" if got >= target else ' class="bad"'
        out.append(f'<p class="lead"{cls}>Declared strategy: <strong>{_esc(declared)}</strong>, which calls for '
                   f'{_esc(what)}: {got:.0%} of the posts, which {verdict} the {target:.0%} it calls for.</p>')
    else:
        out.append('<p class="muted">No <code>strategy.type</code> in the profile: the mix is shown without a '
                   'target (pratique, creative, championne or transformatrice).</p>')
    rows = ""
    for t, (what, target) in TYPES.items():
        mark = ' class="declared"' if t == declared else ""
        rows += (f'<tr{mark}><th scope="row">{t}{" (declared)" if t == declared else ""}</th>'
                 f'<td>{_esc(what)}</td><td>{shares[t]:.0%}</td><td>{target:.0%}</td></tr>')
    out.append('<table class="feedback"><caption>Share of posts of each kind a strategy type calls for (markers in '
               'the text; see docs/onboarding.md)</caption><thead><tr><th scope="col">Type</th>'
               '<th scope="col">Calls for</th><th scope="col">Posts</th><th scope="col">Target</th></tr></thead>'
               f'<tbody>{rows}</tbody></table>')
    return "\n".join(out)


def section_html(sec) -> str:
    return "\n".join(x for x in (strategy_type_html(sec), indicators_html(sec), engagement_html(sec)) if x)


__all__ = ["TYPES", "gather", "interactions", "kind_shares", "section_html"]
