"""``voicelint report``: one self-contained HTML page about a set of drafts.

What a content team looks at: the persona of every platform against the brand's approved voice,
drift per author, per campaign and over time, the pillar mix per platform, and every finding.
The page has no script, no external resource (inline CSS, inline SVG charts drawn here), prints
well, and is readable with a screen reader (headings, captions, ``<title>``/``<desc>`` in every
chart, values written out, never colour alone).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from voicelint import __version__
from . import feedback as _feedback
from voicelint.judgement.drift.persona import TRAIT_SHORT, fmt_value
from .charts import DIM_TITLES, drift_chart, esc, pillar_chart, time_chart, trait_chart, units_sentence

TEMPLATE = Path(__file__).parent / "templates" / "report.tmpl"  # HTML (*.html is git-ignored)
PILLAR_MIN_COSINE = 0.2


# ------------------------------------------------------------------------------------------
# Data gathered for one brand
# ------------------------------------------------------------------------------------------

@dataclass
class BrandSection:
    profile: object
    posts: list
    findings: list
    verdicts: dict = field(default_factory=dict)        # dimension -> [GroupVerdict]
    personas: dict = field(default_factory=dict)        # (lang, platform) -> trait means
    brand: dict = field(default_factory=dict)           # lang -> {trait: {mean, std}}
    approved_source: str = ""
    n_approved: dict = field(default_factory=dict)
    pillar_mix: dict = field(default_factory=dict)      # platform -> {pillar: count}
    pillar_note: str = ""
    over_time: dict = field(default_factory=dict)       # lang -> [(period, formality)]
    feedback: dict = field(default_factory=dict)        # report_feedback: pillar_of, counts, voice scores


def gather(paths, options) -> tuple[list[BrandSection], list[str], int]:
    """Run the checks and the persona analysis; returns sections, notices and the post count."""
    from voicelint import api
    from voicelint.checks import drift
    from voicelint.engine.context import Context

    result = api.run(list(paths), options)
    profiles = [api._as_profile(p) for p in ([options.profile] if options.profile is not None else [])
                + list(options.profiles)]
    profiles = [p for p in profiles if p is not None]
    posts = api.posts_from(list(paths), exclude=options.exclude, exclude_root=options.exclude_root,
                           notices=[])
    rules = {r.code: r for r in api.load_rules(options.rules) if r.type == "drift"}
    sections = []
    for prof, group in api._assign(posts, profiles):
        ids = {(p.path, p.id) for p in group}
        found = [f for f in result.findings if (f.path, f.post_id) in ids or
                 (prof is not None and f.path == prof.path)]
        sec = BrandSection(prof, group, found)
        ctx = Context(prof, {"model": options.model, "cache_dir": options.cache_dir,
                             "nlp": options.nlp, "semantic": options.semantic,
                             "embedding_backend": options.embedding_backend})
        analysis = drift.analysis(group, ctx)
        sec.approved_source = analysis.approved_source
        sec.n_approved = dict(analysis.n_approved)
        for code, dim in (("VL501", "platform"), ("VL502", "author"), ("VL503", "campaign"),
                          ("VL504", "date")):
            rule = rules.get(code)
            opts = drift._options(rule, ctx) if rule is not None else {"semantic": options.semantic}
            if rule is not None and rule.compiled.get("group_by") != dim:
                continue
            sec.verdicts[dim] = analysis.judge(dim, opts)
        for lang in analysis.feats:
            b = analysis.brand_persona(lang)
            if b:
                sec.brand[lang] = b
        by_platform: dict = {}
        for p in group:
            lang = analysis.post_lang[id(p)]
            if lang in analysis.feats:
                by_platform.setdefault((lang, p.platform or "(no platform)"), []).append(p)
        sec.personas = {k: (len(v), analysis.persona(v)) for k, v in sorted(by_platform.items())}
        sec.over_time = _over_time(analysis, group)
        _pillars(sec, analysis, ctx, options.semantic)
        _feedback.gather(sec, ctx, options.semantic)
        sections.append(sec)
    return sections, result.notices, result.posts


def _over_time(analysis, posts) -> dict:
    from voicelint.judgement.drift.persona import period_of
    out: dict = {}
    for p in posts:
        lang = analysis.post_lang[id(p)]
        per = period_of(p.meta.get("date"))
        if per and lang in analysis.feats:
            out.setdefault(lang, {}).setdefault(per, []).append(p)
    return {lang: [(k, len(v), analysis.persona(v)) for k, v in sorted(d.items())]
            for lang, d in out.items() if len(d) >= 2}


def _pillars(sec: BrandSection, analysis, ctx, semantic: bool) -> None:
    prof = sec.profile
    pillars = prof.pillars if prof is not None else []
    if not pillars:
        sec.pillar_note = "The profile declares no pillars."
        return
    np = __import__("numpy")
    posts = [p for p in sec.posts if analysis.post_lang[id(p)] in analysis.feats]
    if semantic:
        emb = ctx.embedder()
        names, cents = [], []
        for pl in pillars:
            texts = [t for t in [pl.get("description")] + list(pl.get("examples") or []) if t]
            if not texts:
                continue
            v = np.asarray(emb.encode(texts), dtype=np.float64).mean(0)
            names.append(pl["id"])
            cents.append(v / (np.linalg.norm(v) + 1e-12))
        if not names:
            sec.pillar_note = "The pillars have no description or examples to compare with."
            return
        C = np.vstack(cents)
        from voicelint.judgement.drift.persona import post_text
        P = np.asarray(emb.encode([post_text(p) for p in posts]), dtype=np.float64)
        sims = P @ C.T
        for p, row in zip(posts, sims):
            j = int(row.argmax())
            label = names[j] if row[j] >= PILLAR_MIN_COSINE else "no clear pillar"
            sec.feedback.setdefault("pillar_of", {})[id(p)] = label
            sec.pillar_mix.setdefault(p.platform or "(no platform)", {}).setdefault(label, 0)
            sec.pillar_mix[p.platform or "(no platform)"][label] += 1
        sec.pillar_note = ("Each post is counted under its nearest pillar (cosine of sentence "
                           "embeddings to the pillar's description and examples; below "
                           f"{PILLAR_MIN_COSINE} it counts as 'no clear pillar').")
        return
    kws = {pl["id"]: [k.lower() for k in pl.get("keywords") or []] for pl in pillars}
    if not any(kws.values()):
        sec.pillar_note = ("The pillar mix needs embeddings (run without --no-semantic) or pillar "
                           "keywords in the profile.")
        return
    for p in posts:
        low = p.text.lower()
        hits = {k: sum(low.count(w) for w in ws) for k, ws in kws.items()}
        best = max(hits, key=lambda k: (hits[k], k))
        label = best if hits[best] else "no clear pillar"
        sec.feedback.setdefault("pillar_of", {})[id(p)] = label
        sec.pillar_mix.setdefault(p.platform or "(no platform)", {}).setdefault(label, 0)
        sec.pillar_mix[p.platform or "(no platform)"][label] += 1
    sec.pillar_note = "Each post is counted under the pillar whose keywords it uses most."


# ------------------------------------------------------------------------------------------
# SVG charts
# ------------------------------------------------------------------------------------------


# ------------------------------------------------------------------------------------------
# HTML
# ------------------------------------------------------------------------------------------

def _verdict_table(verdicts, dimension) -> str:
    head = (f'<table><caption>Drift per {DIM_TITLES[dimension]}: the test behind the chart</caption>'
            f'<thead><tr><th scope="col">{DIM_TITLES[dimension].capitalize()}</th><th scope="col">Posts</th>'
            '<th scope="col">Verdict</th><th scope="col">p (Holm)</th><th scope="col">Score / threshold</th>'
            '<th scope="col">Largest trait differences (group vs reference)</th></tr></thead><tbody>')
    rows = []
    for v in sorted(verdicts, key=lambda v: v.key):
        if not v.judged:
            rows.append(f'<tr><th scope="row">{esc(v.key)}</th><td>{v.n}</td><td class="muted" colspan="4">'
                        f'not judged: {esc(v.reason)}</td></tr>')
            continue
        moved = ", ".join(f"{TRAIT_SHORT['en'][t['trait']]} {fmt_value(t['trait'], t['group'])} vs "
                          f"{fmt_value(t['trait'], t['brand'], unit=False)}" for t in v.moved[:4]) or "—"
        p = "&lt;0.001" if v.p_value < 0.001 else f"{v.p_value:.3f}"
        verdict = '<strong class="bad">drifted</strong>' if v.drifted else "no drift shown"
        rows.append(f'<tr><th scope="row">{esc(v.key)}</th><td>{v.n}</td><td>{verdict}</td><td>{p}</td>'
                    f'<td>{v.score:.1f} / {v.threshold:.1f} (vs {esc(v.versus)})</td><td>{esc(moved)}</td></tr>')
    return head + "".join(rows) + "</tbody></table>"


def _findings_table(findings) -> str:
    if not findings:
        return '<p class="good">No findings.</p>'
    order = {"error": 0, "warning": 1, "info": 2}
    rows = []
    for f in sorted(findings, key=lambda f: (order.get(f.severity, 3), f.code, f.path, f.line)):
        rows.append(f'<tr class="sev-{esc(f.severity)}"><td><span class="badge {esc(f.severity)}">'
                    f'{esc(f.severity)}</span></td><td><code>{esc(f.code)}</code></td>'
                    f'<td><code>{esc(f.path)}:{f.line}:{f.column}</code></td><td>{esc(f.platform or "")}</td>'
                    f'<td>{esc(f.message)}</td></tr>')
    return ('<table class="findings"><caption>Every finding, most severe first</caption><thead><tr>'
            '<th scope="col">Severity</th><th scope="col">Code</th><th scope="col">Where</th>'
            '<th scope="col">Platform</th><th scope="col">Message</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def _section_html(sec: BrandSection) -> str:
    prof = sec.profile
    name = prof.name if prof is not None else "(no profile)"
    out = [f'<section class="brand" aria-labelledby="b-{esc(_slug(name))}">',
           f'<h2 id="b-{esc(_slug(name))}">{esc(name)}</h2>']
    counts = {s: sum(1 for f in sec.findings if f.severity == s) for s in ("error", "warning", "info")}
    drift_n = sum(1 for f in sec.findings if f.code.startswith("VL5"))
    appr = ", ".join(f"{n} approved posts ({lg})" for lg, n in sorted(sec.n_approved.items()) if n)
    out.append('<dl class="summary">'
               f'<div><dt>Posts</dt><dd>{len(sec.posts)}</dd></div>'
               f'<div><dt>Errors</dt><dd>{counts["error"]}</dd></div>'
               f'<div><dt>Warnings</dt><dd>{counts["warning"]}</dd></div>'
               f'<div><dt>Info</dt><dd>{counts["info"]}</dd></div>'
               f'<div><dt>Drifted groups</dt><dd class="{"bad" if drift_n else ""}">{drift_n}</dd></div>'
               '</dl>')
    out.append(f'<p class="muted">Brand voice: {esc(appr or "no approved posts in the profile")}'
               f'{" from " + esc(sec.approved_source) if sec.approved_source else ""}.</p>')

    # persona per platform
    out.append('<h3>Persona per platform</h3>')
    units = units_sentence(lang for lang, _ in sec.personas)
    out.append('<p class="lead">Each bar is how far a platform\'s posts sit from the brand\'s approved '
               'voice on one trait, in units of the brand\'s own spread (σ); the centre line is the '
               'brand. Values are written on the right (brand in brackets); ◆ marks a trait 2σ or more '
               f'away.{" Units: " + esc(units) + "." if units else ""}</p>')
    drifted_platforms = {v.key for v in sec.verdicts.get("platform", []) if v.drifted}
    charts = []
    for (lang, platform), (n, persona) in sec.personas.items():
        fig = trait_chart(platform, lang, n, persona, sec.brand.get(lang), platform in drifted_platforms)
        tag = ' <strong class="bad">drifted</strong>' if platform in drifted_platforms else ""
        charts.append(f'<figure class="chart">{fig}<figcaption>{esc(platform)} — {n} post{"s" if n != 1 else ""}'
                      f'{" (" + lang + ")" if len({k[0] for k in sec.personas}) > 1 else ""}{tag}'
                      f'</figcaption></figure>')
    out.append('<div class="grid">' + "".join(charts) + '</div>' if charts else '<p>No posts.</p>')
    if "platform" in sec.verdicts:
        out.append(_verdict_table(sec.verdicts["platform"], "platform"))

    for dim, title in (("author", "Drift per author"), ("campaign", "Drift per campaign"),
                       ("date", "Drift over time")):
        dim_verdicts = sec.verdicts.get(dim) or []
        out.append(f"<h3>{title}</h3>")
        if not dim_verdicts:
            out.append(f'<p class="muted">No post has {"an" if dim[0] in "aeiou" else "a"} <code>{dim}</code> field.</p>')
            continue
        out.append(f'<figure class="chart wide">{drift_chart(dim_verdicts, dim)}<figcaption>{title}: bars are the '
                   'drift score of each group, the tick its threshold (critical value of the permutation '
                   'test, after Holm correction and the platform\'s tolerance).</figcaption></figure>')
        if dim == "date":
            for lang, series in sec.over_time.items():
                fig = time_chart(series, sec.brand.get(lang))
                out.append(f'<figure class="chart wide">{fig}<figcaption>Formality per period'
                           f'{" (" + lang + ")" if len(sec.over_time) > 1 else ""}; dashed line: the brand\'s '
                           'approved posts.</figcaption></figure>')
        out.append(_verdict_table(dim_verdicts, dim))

    out.append('<h3>Pillar mix per platform</h3>')
    if sec.pillar_mix:
        svg, legend = pillar_chart(sec.pillar_mix)
        out.append(f'<figure class="chart wide">{svg}<figcaption>{esc(sec.pillar_note)}</figcaption>'
                   f'{legend}</figure>')
    else:
        out.append(f'<p class="muted">{esc(sec.pillar_note)}</p>')

    out.append(_feedback.section_html(sec))  # post mix vs strategy type, indicators, engagement
    out.append('<h3>Findings</h3>')
    out.append(_findings_table(sec.findings))
    out.append('</section>')
    return "\n".join(out)


def _slug(s: str) -> str:
    import re
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "brand"


def render(sections, notices, n_posts, title: str | None = None, semantic: bool = True) -> str:
    brands = ", ".join(s.profile.name for s in sections if s.profile is not None) or "drafts"
    title = title or f"voicelint report — {brands}"
    now = _dt.date.today().isoformat()
    body = "\n".join(_section_html(s) for s in sections)
    notes = "".join(f"<li>{esc(n)}</li>" for n in notices)
    meta = (f'{n_posts} post{"s" if n_posts != 1 else ""} · {"style and embeddings" if semantic else "style features only (--no-semantic)"}'
            f' · voicelint {esc(__version__)} · {now}')
    tpl = Template(TEMPLATE.read_text(encoding="utf-8"))
    return tpl.substitute(title=esc(title), meta=meta, body=body,
                          notices=(f'<section aria-label="Notes"><h2>Notes</h2><ul>{notes}</ul></section>'
                                   if notes else ""))


def build(paths, options, title: str | None = None) -> str:
    sections, notices, n = gather(paths, options)
    return render(sections, notices, n, title, options.semantic)


def write(path, text: str) -> None:
    from voicelint.shared.errors import UserError
    from voicelint.shared.fsutil import atomic_write
    try:
        atomic_write(Path(path), text)
    except OSError as exc:
        raise UserError(f"cannot write the report: {exc.strerror or exc}", path=str(path)) from None


__all__ = ["build", "drift_chart", "esc", "gather", "pillar_chart", "render", "time_chart", "trait_chart", "units_sentence",
           "write"]
