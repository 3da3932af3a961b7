"""The outcomes part of the annual monitor: indicators with charts, agreements and plan switches.

Like the rest of the annual monitor it shows the state at the peildatum: measurements up to the
report year, agreements as they stood at the end of that day (replayed from their history), and
the plan A/B switches that were due by then.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs.monitor.charts import indicator_chart
from wbs.monitor.indicatoren import load_regios, load_register
from wbs.monitor.schemas import StapVoortgang
from wbs.monitor.uitkomsten import metingen, register, views
from wbs.monitor.uitkomsten.schemas import AfspraakInfo
from wbs.monitor.uitkomsten.tables import AfspraakHistorie, AfspraakRij, MetingRij


def afspraken_at(session: Session, day: date) -> list[AfspraakInfo]:
    """Every agreement as it stood at the end of ``day``: created by then, its later changes undone."""
    current = {a.id: a for a in register.list_afspraken(session, today=day)}
    events: dict[str, list[AfspraakHistorie]] = {}
    for h in session.scalars(select(AfspraakHistorie).order_by(AfspraakHistorie.id)):
        events.setdefault(h.afspraak_code, []).append(h)
    out = []
    for code, a in current.items():
        hs = [h for h in events.get(code, []) if h.tijdstip.date() <= day]
        if not hs:
            continue  # created after the peildatum
        state: dict = {}
        gereed_op = None
        for h in hs:
            state.update(h.nieuw)
            if h.nieuw.get("status") == "gereed":
                gereed_op = h.tijdstip.date()
            elif "status" in h.nieuw:
                gereed_op = None
        deadline = date.fromisoformat(state["deadline"]) if state.get("deadline") else None
        status = state.get("status", a.status)
        overdue = register._overdue(status, deadline, day)
        late = status == "gereed" and deadline and gereed_op and gereed_op > deadline
        explain = register._needs_explanation(status, deadline, day) or bool(late)
        out.append(
            a.model_copy(
                update={
                    "status": status,
                    "deadline": deadline,
                    "periode": state.get("periode"),
                    "toelichting": state.get("toelichting"),
                    "bewijs": state.get("bewijs"),
                    "gereed_op": gereed_op,
                    "achterstallig": overdue,
                    "uitleg_ontbreekt": explain and not state.get("toelichting"),
                    "te_bevestigen": status == "concept",
                }
            )
        )
    return out


def report_section(session: Session, jaar: int, day: date, rows: list[StapVoortgang]) -> dict:
    """Context for the annual monitor template: ``uitkomsten``, ``afspraken_*``, ``planwissels``."""
    regio_namen = {r.code: r.naam for r in load_regios().regios}
    alle = [metingen.as_meting(r) for r in session.scalars(select(MetingRij).where(MetingRij.jaar <= jaar))]
    uitkomsten = []
    for ind in load_register().indicatoren:
        own = [m for m in alle if m.indicator == ind.id]
        st = metingen.stand(ind, own)
        uitkomsten.append(
            {"stand": st, "grafiek": Markup(indicator_chart(ind, own, regio_namen)), "regio_namen": regio_namen}
        )
    afspraken = afspraken_at(session, day)
    per_keuze_afspraken = Counter(k for a in afspraken for k in a.keuzes)
    return {
        "uitkomsten": uitkomsten,
        "uitkomsten_per_keuze": {u["stand"].keuze: [] for u in uitkomsten} | _per_keuze(uitkomsten),
        "uitkomsten_demo": any(u["stand"].demo for u in uitkomsten),
        "afspraken_telling": Counter(a.status for a in afspraken),
        "afspraken_totaal": len(afspraken),
        "afspraken_achterstallig": [a for a in afspraken if a.achterstallig],
        "afspraken_demo": any(a.demo for a in afspraken),
        "afspraken_per_keuze": dict(per_keuze_afspraken),
        "planwissels": views.plan_switches(session, day, rows=rows),
    }


def _per_keuze(uitkomsten: list[dict]) -> dict[int, list]:
    out: dict[int, list] = {}
    for u in uitkomsten:
        out.setdefault(u["stand"].keuze, []).append(u["stand"])
    return out


def demo_afspraken_exist(session: Session) -> bool:
    return session.scalar(select(AfspraakRij.code).where(AfspraakRij.demo.is_(True)).limit(1)) is not None
