"""The report's charts: inline SVG (no script, no external resource), each with a ``<title>`` and
a ``<desc>`` for screen readers, values written out, never colour alone."""
from __future__ import annotations

import html

from voicelint.judgement.drift.persona import PERSONA_TRAITS, TRAIT_SHORT, TRAIT_UNIT, fmt_value
from voicelint.judgement.traits import display_spread_floor


# Colour-blind-safe palette (Okabe-Ito), plus greys.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DIM_TITLES = {"platform": "platform", "author": "author", "campaign": "campaign", "date": "period"}
OK_COLOR, DRIFT_COLOR, MUTED, INK = "#0072B2", "#C0392B", "#8a8f98", "#1f2328"


def esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'
_uid = [0]


def _svg(width, height, title, desc, body) -> str:
    _uid[0] += 1
    tid, did = f"t{_uid[0]}", f"d{_uid[0]}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'style="max-width:{width}px" role="img" aria-labelledby="{tid} {did}" {_FONT} font-size="12">'
            f'<title id="{tid}">{esc(title)}</title><desc id="{did}">{esc(desc)}</desc>{body}</svg>')


def _text(x, y, s, anchor="start", size=12, fill=INK, weight="normal", extra="") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}" {extra}>{esc(s)}</text>')


_UNIT_PHRASE = {"score": "{} 0 (casual) to 1 (formal)", "share": "{} per 100 words", "count": "{} per post",
                "words": "{} in words", "chars": "{} in characters"}


def units_sentence(langs) -> str:
    """'formality 0 (casual) to 1 (formal); you, we, I, ... per 100 words; ...': the units of the
    traits the charts of ``langs`` show."""
    by_unit: dict[str, list[str]] = {}
    for name in dict.fromkeys(t for lang in sorted(set(langs)) for t in PERSONA_TRAITS[lang]):
        by_unit.setdefault(TRAIT_UNIT[name], []).append(TRAIT_SHORT["en"][name])
    return "; ".join(_UNIT_PHRASE[u].format(", ".join(by_unit[u])) for u in _UNIT_PHRASE if u in by_unit)


def trait_chart(platform: str, lang: str, n: int, persona: dict, brand: dict | None,
                drifted: bool) -> str:
    """Diverging bars: each trait's distance from the brand, in brand spreads (clipped at 4)."""
    traits = PERSONA_TRAITS[lang]
    short = TRAIT_SHORT["en"]
    # room for the longest label (about 6.8 px a character at 12 px): "'faut', 'y a' without 'il'"
    row_h, top, mid_w = 24, 30, 248
    left = max(128, 12 + round(6.8 * max(len(short[t]) for t in traits)))
    width, height = left + mid_w + 160, top + row_h * len(traits) + 26
    cx, scale = left + mid_w / 2, (mid_w / 2) / 4.0
    parts = []
    # axis grid
    for z in (-4, -2, 0, 2, 4):
        x = cx + z * scale
        dash = "" if z == 0 else ' stroke-dasharray="3 3"'
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}" '
                     f'stroke="{"#333" if z == 0 else "#d0d4da"}" stroke-width="{2 if z == 0 else 1}"{dash}/>')
        parts.append(_text(x, height - 8, ("brand" if z == 0 else f"{z:+d}σ"), "middle", 11, MUTED))
    parts.append(_text(cx - 6, 16, "← less than the brand", "end", 11, MUTED))
    parts.append(_text(cx + 6, 16, "more →", "start", 11, MUTED))
    parts.append(_text(left + mid_w + 8, 16, f"{platform} (brand)", "start", 11, INK, "bold"))
    desc = []
    for i, name in enumerate(traits):
        y = top + i * row_h
        g = persona.get(name, 0.0)
        if brand:
            b, sd = brand[name]["mean"], brand[name]["std"]
            floor = display_spread_floor(name, TRAIT_UNIT[name])
            z = (g - b) / max(sd, floor)
        else:
            b, z = None, 0.0
        zc = max(-4.0, min(4.0, z))
        color = DRIFT_COLOR if abs(z) >= 2 else (OK_COLOR if abs(z) >= 1 else "#9cc3e4")
        x0, x1 = sorted((cx, cx + zc * scale))
        parts.append(_text(left - 8, y + 15, short[name], "end", 12))
        parts.append(f'<rect x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 1.5):.1f}" height="{row_h - 10}" '
                     f'fill="{color}" rx="2"><title>{esc(short[name])}: {esc(fmt_value(name, g))}'
                     f'{"" if b is None else " (brand " + esc(fmt_value(name, b, unit=False)) + ")"}</title></rect>')
        if abs(z) > 4:
            parts.append(_text(cx + zc * scale + (-7 if z > 0 else 7), y + 15, "»" if z > 0 else "«",
                               "middle", 12, "#fff", "bold"))
        val = fmt_value(name, g, unit=False) + ("" if b is None else f"  ({fmt_value(name, b, unit=False)})")
        mark = " ◆" if abs(z) >= 2 else ""
        parts.append(_text(left + mid_w + 8, y + 15, val + mark, "start", 12,
                           DRIFT_COLOR if abs(z) >= 2 else INK, "bold" if abs(z) >= 2 else "normal"))
        desc.append(f"{short[name]} {fmt_value(name, g)}" + ("" if b is None else f" vs brand {fmt_value(name, b, unit=False)}"))
    title = f"Persona on {platform} ({n} post{'s' if n != 1 else ''}) against the brand's voice" + (" — drifted" if drifted else "")
    return _svg(width, height, title, "; ".join(desc), "".join(parts))


def drift_chart(verdicts, dimension: str) -> str:
    """Horizontal bars: drift score per group, with the group's threshold as a tick."""
    rows = sorted(verdicts, key=lambda v: (v.key, v.lang))
    row_h, top, left, bar_w = 28, 24, 170, 320
    width, height = left + bar_w + 210, top + row_h * max(1, len(rows)) + 28
    vmax = max([v.score or 0 for v in rows] + [v.threshold or 0 for v in rows] + [4.0])
    sx = bar_w / (vmax * 1.08)
    parts = [f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 24}" stroke="#333"/>']
    for t in range(0, int(vmax) + 1, max(1, int(vmax // 5) or 1)):
        x = left + t * sx
        parts.append(f'<line x1="{x:.1f}" y1="{height - 24}" x2="{x:.1f}" y2="{height - 20}" stroke="#333"/>')
        parts.append(_text(x, height - 8, str(t), "middle", 11, MUTED))
    parts.append(_text(left, 14, "drift score (higher = further from the brand); | = threshold", "start", 11, MUTED))
    desc = []
    for i, v in enumerate(rows):
        y = top + i * row_h
        label = v.key if len(v.key) <= 24 else v.key[:23] + "…"
        parts.append(_text(left - 8, y + 17, label, "end", 12))
        if not v.judged:
            parts.append(_text(left + 6, y + 17, f"n={v.n}: not judged ({v.reason.split(':')[0]})", "start",
                               11, MUTED))
            desc.append(f"{v.key}: {v.n} post{'s' if v.n != 1 else ''}, not judged")
            continue
        w = max((v.score or 0) * sx, 1.5)
        color = DRIFT_COLOR if v.drifted else "#9cc3e4"
        parts.append(f'<rect x="{left}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}" fill="{color}" rx="2"/>')
        if v.threshold is not None:
            tx = left + v.threshold * sx
            parts.append(f'<line x1="{tx:.1f}" y1="{y + 2}" x2="{tx:.1f}" y2="{y + row_h - 2}" stroke="#333" '
                         f'stroke-width="2"/>')
        p = "<0.001" if (v.p_value or 1) < 0.001 else f"{v.p_value:.3f}"
        verdict = "DRIFTED" if v.drifted else "no drift shown"
        parts.append(_text(left + bar_w + 8, y + 17, f"{verdict} · n={v.n} · p={p}", "start", 12,
                           DRIFT_COLOR if v.drifted else INK, "bold" if v.drifted else "normal"))
        desc.append(f"{v.key}: {verdict}, {v.n} post{'s' if v.n != 1 else ''}, score {v.score:.1f} vs threshold {v.threshold:.1f}, p={p}")
    title = f"Drift per {DIM_TITLES[dimension]}"
    return _svg(width, height, title, "; ".join(desc) or "no groups", "".join(parts))


def time_chart(series, brand: dict | None, trait: str = "formality") -> str:
    """A line of one trait per period, with the brand's value as a dashed line."""
    left, top, w, h = 50, 20, 520, 160
    width, height = left + w + 30, top + h + 46
    vals = [p[trait] for _, _, p in series]
    b = brand[trait]["mean"] if brand else None
    lo = min(vals + ([b] if b is not None else []))
    hi = max(vals + ([b] if b is not None else []))
    if TRAIT_UNIT[trait] == "score":
        lo, hi = 0.0, 1.0
    if hi - lo < 1e-9:
        hi = lo + 1.0
    sy = h / (hi - lo)
    step = w / max(1, len(series) - 1)
    pts = [(left + i * step, top + h - (v - lo) * sy) for i, v in enumerate(vals)]
    parts = [f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="#f7f8fa" stroke="#d0d4da"/>']
    for frac in (0, 0.5, 1):
        yv = lo + frac * (hi - lo)
        y = top + h - frac * h
        parts.append(_text(left - 6, y + 4, fmt_value(trait, yv, unit=False), "end", 11, MUTED))
    if b is not None:
        yb = top + h - (b - lo) * sy
        parts.append(f'<line x1="{left}" y1="{yb:.1f}" x2="{left + w}" y2="{yb:.1f}" stroke="#333" '
                     f'stroke-width="2" stroke-dasharray="6 4"/>')
        parts.append(_text(left + w - 4, yb - 6, f"brand {fmt_value(trait, b, unit=False)}", "end", 11, INK))
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    parts.append(f'<polyline fill="none" stroke="{OK_COLOR}" stroke-width="2.5" points="{points}"/>')
    desc = []
    for (x, y), (per, n, p) in zip(pts, series):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{OK_COLOR}"><title>{esc(per)}: '
                     f'{esc(fmt_value(trait, p[trait]))} ({n} post{"s" if n != 1 else ""})</title></circle>')
        parts.append(_text(x, top + h + 16, per, "middle", 11, INK))
        parts.append(_text(x, top + h + 30, f"n={n}", "middle", 10, MUTED))
        desc.append(f"{per}: {fmt_value(trait, p[trait])} over {n} post{'s' if n != 1 else ''}")
    title = f"{TRAIT_SHORT['en'][trait].capitalize()} over time against the brand's voice"
    return _svg(width, height, title, "; ".join(desc), "".join(parts))


def pillar_chart(mix: dict) -> tuple[str, str]:
    """100% stacked bars of the pillar mix per platform, and an HTML legend."""
    pillars = sorted({k for d in mix.values() for k in d if k != "no clear pillar"})
    if any("no clear pillar" in d for d in mix.values()):
        pillars.append("no clear pillar")
    color = {p: (PALETTE[i % len(PALETTE)] if p != "no clear pillar" else "#c8ccd2")
             for i, p in enumerate(pillars)}
    row_h, top, left, bar_w = 30, 10, 130, 440
    width, height = left + bar_w + 20, top + row_h * len(mix) + 10
    parts, desc = [], []
    for i, (platform, counts) in enumerate(sorted(mix.items())):
        y = top + i * row_h
        total = sum(counts.values()) or 1
        parts.append(_text(left - 8, y + 19, f"{platform} ({total})", "end", 12))
        x = left
        pieces = []
        for pl in pillars:
            c = counts.get(pl, 0)
            if not c:
                continue
            w = bar_w * c / total
            parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{color[pl]}" '
                         f'stroke="#fff"><title>{esc(pl)}: {c} of {total}</title></rect>')
            if w > 34:
                dark = color[pl] in ("#E69F00", "#F0E442", "#56B4E9", "#c8ccd2")
                parts.append(_text(x + w / 2, y + 19, f"{100 * c / total:.0f}%", "middle", 11,
                                   INK if dark else "#fff", "bold"))
            x += w
            pieces.append(f"{pl} {100 * c / total:.0f}%")
        desc.append(f"{platform}: " + ", ".join(pieces))
    legend = "".join(f'<li><span class="sw" style="background:{color[p]}"></span>{esc(p)}</li>' for p in pillars)
    return (_svg(width, height, "Pillar mix per platform", "; ".join(desc), "".join(parts)),
            f'<ul class="legend" aria-label="Pillars">{legend}</ul>')
