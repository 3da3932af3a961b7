"""Tiny inline-SVG charts for the yearly report (no JavaScript, no external files)."""

from __future__ import annotations

from html import escape

from wbs.monitor.schemas import Telling

KLEUREN = {
    "gereed": "#2e7d32",
    "loopt": "#1e88e5",
    "niet-gestart": "#bdbdbd",
    "vertraagd": "#f9a825",
    "afgevallen": "#8e24aa",
}


def stacked_bars(groups: list[Telling], title: str, width: int = 640) -> str:
    """Horizontal 100% stacked bars of the status counts, one per group, with a legend."""
    label_w, bar_w, row_h = 190, width - 290, 22
    height = 30 + row_h * len(groups) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" font-family="sans-serif" font-size="11">',
        f'<text x="0" y="14" font-weight="bold" font-size="13">{escape(title)}</text>',
    ]
    for i, g in enumerate(groups):
        y = 26 + i * row_h
        parts.append(f'<text x="0" y="{y + 14}">{escape(g.label[:34])}</text>')
        x = float(label_w)
        for status, colour in KLEUREN.items():
            n = g.per_status.get(status, 0)
            if not n or not g.totaal:
                continue
            w = bar_w * n / g.totaal
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                f"<title>{escape(g.label)}: {n} {status}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 14}">{round(100 * g.aandeel_gereed)}% gereed ({g.totaal})</text>'
        )
    y = 26 + len(groups) * row_h + 10
    x = 0
    for status, colour in KLEUREN.items():
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y + 9}">{status}</text>'
        )
        x += 100
    parts.append("</svg>")
    return "".join(parts)


def kpi_bar(waarde: float | None, doel: float | None, width: int = 160) -> str:
    """A small progress bar for a percentage KPI with a tick at the target."""
    if waarde is None:
        return ""
    w = width * max(0.0, min(waarde, 100.0)) / 100
    tick = (
        ""
        if doel is None
        else (
            f'<line x1="{width * doel / 100:.1f}" y1="0" x2="{width * doel / 100:.1f}" '
            'y2="14" stroke="#000" stroke-width="2"/>'
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="14">'
        f'<rect width="{width}" height="14" fill="#eeeeee"/>'
        f'<rect width="{w:.1f}" height="14" fill="#1e88e5"/>'
        f"{tick}</svg>"
    )
