"""Server-rendered SVG charts of outcome indicators (no JavaScript, no external files; print as PDF).

One chart per indicator: the measurements per region as lines with points, the target as a line
(or a shaded band), and the trajectory from baseline to target as a dashed line. Demo data are
labelled on the chart itself.
"""

from __future__ import annotations

import math
from html import escape

from wbs.monitor.indicatoren import Indicator, Meting, fmt, trajectory

KLEUREN = ("#1b4f72", "#e67e22", "#27ae60", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400")


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """4 to 7 round tick values covering ``lo``..``hi`` (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


def indicator_chart(
    ind: Indicator,
    metingen: list[Meting],
    regio_namen: dict[str, str] | None = None,
    width: int = 560,
    height: int = 240,
) -> str:
    """An inline SVG line chart of ``metingen`` (any regions) against target and trajectory."""
    regio_namen = regio_namen or {}
    own = sorted(
        (m for m in metingen if m.indicator == ind.id), key=lambda m: (m.regio != "nederland", m.regio, m.jaar)
    )
    regios = list(dict.fromkeys(m.regio for m in own))
    demo = any(m.demo for m in own)
    points = trajectory(ind)
    d = ind.doel
    years = [m.jaar for m in own] + [y for y, _ in points]
    if d and d.jaar:
        years.append(d.jaar)
    values = [m.waarde for m in own] + [v for _, v in points]
    if d:
        values += [v for v in (d.waarde, d.min, d.max) if v is not None]
    if not years:
        years = [2024]
    if not values:
        values = [0.0]
    x0, x1 = min(years), max(years)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    ticks = _nice_ticks(min(values), max(values))
    y0, y1 = ticks[0], ticks[-1]
    left, right, top, bottom = 56, 130, 30, 28
    pw, ph = width - left - right, height - top - bottom

    def px(jaar: float) -> float:
        return left + pw * (jaar - x0) / (x1 - x0)

    def py(v: float) -> float:
        return top + ph * (1 - (v - y0) / (y1 - y0))

    titel = ind.naam + (" (DEMO-GEGEVENS)" if demo else "")
    samenvatting = f"{ind.naam}: doel {ind.doel_tekst}; {len(own)} metingen in {len(regios)} regio's"
    if demo:
        samenvatting += "; demo-gegevens, geen echte metingen"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicatorgrafiek" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(samenvatting)}" '
        f'data-indicator="{escape(ind.id)}" data-demo="{str(demo).lower()}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(samenvatting)}</title>",
        f'<text x="0" y="14" font-weight="bold" font-size="12">{escape(titel)}</text>',
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#cccccc"/>',
    ]
    # y ticks
    for v in ticks:
        y = py(v)
        parts.append(
            f'<line x1="{left - 3}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#eeeeee"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(v))}</text>'
        )
    # x ticks: every year when few, else every other
    step = 1 if x1 - x0 <= 8 else 2 if x1 - x0 <= 16 else 5
    for jaar in range(x0, x1 + 1, step):
        x = px(jaar)
        parts.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle">{jaar}</text>')
    # target: band or line
    if d is not None and d.waarde is None:
        ya, yb = py(d.max), py(d.min)
        parts.append(
            f'<rect class="doelband" x="{left}" y="{ya:.1f}" width="{pw}" height="{yb - ya:.1f}" '
            f'fill="#27ae60" fill-opacity="0.15"><title>doel: {escape(ind.doel_tekst)}</title></rect>'
        )
    elif d is not None:
        y = py(d.waarde)
        parts.append(
            f'<line class="doellijn" x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#27ae60" '
            f'stroke-width="1.5" stroke-dasharray="2 2"><title>doel: {escape(ind.doel_tekst)}</title></line>'
        )
        if d.jaar:
            parts.append(f'<circle cx="{px(d.jaar):.1f}" cy="{y:.1f}" r="4" fill="#27ae60"/>')
    if points:
        coords = " ".join(f"{px(j):.1f},{py(v):.1f}" for j, v in points)
        parts.append(
            f'<polyline class="traject" points="{coords}" fill="none" stroke="#555555" stroke-width="1.2" '
            f'stroke-dasharray="6 4"><title>traject van basis naar doel</title></polyline>'
        )
    for n, regio in enumerate(regios):
        kleur = KLEUREN[n % len(KLEUREN)]
        serie = [m for m in own if m.regio == regio]
        naam = regio_namen.get(regio, regio)
        breed = 2.5 if regio == "nederland" else 1.5
        coords = " ".join(f"{px(m.jaar):.1f},{py(m.waarde):.1f}" for m in serie)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{kleur}" stroke-width="{breed}"/>')
        for m in serie:
            parts.append(
                f'<circle cx="{px(m.jaar):.1f}" cy="{py(m.waarde):.1f}" r="2.5" fill="{kleur}">'
                f"<title>{escape(naam)} {m.jaar}: {escape(fmt(m.waarde))} {escape(ind.eenheid)}"
                f"{' (demo)' if m.demo else ''}</title></circle>"
            )
        ly = top + 10 + 14 * n
        parts.append(
            f'<rect x="{left + pw + 8}" y="{ly - 8}" width="10" height="3" fill="{kleur}"/>'
            f'<text x="{left + pw + 22}" y="{ly - 4}">{escape(naam[:18])}</text>'
        )
    ly = top + 10 + 14 * len(regios) + 6
    if d is not None:
        parts.append(f'<text x="{left + pw + 8}" y="{ly}" fill="#27ae60">doel</text>')
        ly += 14
    if points:
        parts.append(f'<text x="{left + pw + 8}" y="{ly}" fill="#555555">- - traject</text>')
        ly += 14
    if not own:
        parts.append(
            f'<text x="{left + pw / 2}" y="{top + ph / 2}" text-anchor="middle" fill="#888888">nog geen metingen</text>'
        )
    if demo:
        parts.append(
            f'<text x="{left + pw - 6}" y="{top + 14}" text-anchor="end" fill="#b03a2e" font-weight="bold">DEMO</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
