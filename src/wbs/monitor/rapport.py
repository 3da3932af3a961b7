"""The yearly monitor (jaarmonitor) as HTML with inline SVG charts, or PDF via WeasyPrint.

Everything is computed on the state at the peildatum (31 December of the year, or today
if earlier), reconstructed from the history, so the report for a year is reproducible.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs import fouten, rapport
from wbs.monitor import svg
from wbs.monitor.kpi import compute_kpis, peildatum, state_at
from wbs.monitor.models import KeuzeRij, MaatregelRij
from wbs.monitor.queries import GROUPINGS, group, tally
from wbs.monitor.rules import effective_today


def _late(r) -> bool:
    return r.status == "gereed" and bool(r.deadline and r.gereed_op and r.gereed_op > r.deadline)


def report_context(session: Session, jaar: int, today: date | None = None) -> dict:
    today = effective_today(today)
    if jaar < 2000 or jaar > today.year:
        raise fouten.OngeldigeInvoer(f"jaar {jaar} valt buiten het bereik 2000-{today.year}")
    day = peildatum(jaar, today)
    rows = state_at(session, day)
    kpis = compute_kpis(session, jaar, today)

    def groups(name: str):
        keys, order = GROUPINGS[name]
        return [tally(k, lab, rs) for k, lab, rs in group(rows, keys, order)]

    per_keuze_rows: dict[int, list] = defaultdict(list)
    for r in rows:
        per_keuze_rows[r.keuze].append(r)
    keuzes = []
    met_maatregel = set(session.scalars(select(MaatregelRij.keuze_nr)))
    for k in session.scalars(select(KeuzeRij).order_by(KeuzeRij.nr)):
        rs = per_keuze_rows.get(k.nr, [])
        stappen: dict[str, list] = defaultdict(list)
        for r in rs:
            stappen[r.stap].append(r)
        afwijkingen = [r for r in rs if r.status in ("vertraagd", "afgevallen") or r.achterstallig or _late(r)]
        keuzes.append(
            {
                "nr": k.nr,
                "titel": k.titel,
                "thema": k.thema,
                "bron": k.bron,
                "eigen_maatregel": k.nr in met_maatregel,
                "telling": tally(str(k.nr), k.titel, rs) if rs else None,
                "stappen": [
                    {"stap": code, "eerste": v[0], "telling": tally(code, code, v)} for code, v in stappen.items()
                ],
                "afwijkingen": afwijkingen,
            }
        )
    totaal = tally("totaal", "Alle stappen", rows)
    from wbs.monitor.uitkomsten.jaarmonitor import report_section

    return {
        **report_section(session, jaar, day, rows),
        "jaar": jaar,
        "peildatum": day,
        "gemaakt": today,
        "totaal": totaal,
        "kpis": kpis,
        "kpi_bars": {k.id: Markup(svg.kpi_bar(k.waarde, k.doel)) for k in kpis if k.eenheid == "%"},
        "grafiek_thema": Markup(svg.stacked_bars(groups("thema"), f"Status per thema op {day:%d-%m-%Y}")),
        "grafiek_spoor": Markup(svg.stacked_bars(groups("spoor"), "Status per spoor")),
        "grafiek_soort": Markup(svg.stacked_bars(groups("soort"), "Status per soort overheid")),
        "keuzes": keuzes,
        "achterstallig": sorted(
            (r for r in rows if r.achterstallig), key=lambda r: (r.deadline, r.stap, r.organisatie)
        ),
    }


def render_html(session: Session, jaar: int, today: date | None = None) -> str:
    return rapport.vul_sjabloon("monitor/jaarrapport.html", **report_context(session, jaar, today))


def render_pdf(session: Session, jaar: int, today: date | None = None) -> bytes:
    return rapport.html_naar_pdf(render_html(session, jaar, today))
