"""KPIs of the Borgingsmonitor, defined as data in ``data/kpi.yaml``.

Each KPI is computed on the state *as of the peildatum* (31 December of the requested
year, or today when earlier), reconstructed from the append-only history, so a yearly
monitor reproduces what was known at the end of that year.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs.monitor import queries, rules
from wbs.monitor.models import Historie, MaatregelRij, Organisatie, PlantoetsResultaat, Voortgang
from wbs.monitor.schemas import KpiWaarde, StapVoortgang, from_row


class KpiDef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    naam: str
    omschrijving: str
    soort: Literal[
        "maatregelen_geborgd",
        "stappen_op_tijd",
        "aandeel_status",
        "aantal_achterstallig",
        "uitleg_compleet",
        "plantoets_bindend",
    ]
    parameters: dict = Field(default_factory=dict)
    eenheid: str
    doel: float | None = None
    richting: Literal["hoger", "lager"] = "hoger"


class KpiData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kpis: list[KpiDef]


@lru_cache(maxsize=1)
def kpi_definitions() -> list[KpiDef]:
    text = resources.files("wbs.monitor").joinpath("data/kpi.yaml").read_text("utf-8")
    return KpiData.model_validate(yaml.safe_load(text)).kpis


def peildatum(jaar: int | None, today: date) -> date:
    return today if jaar is None else min(date(jaar, 12, 31), today)


def state_at(session: Session, day: date, today: date | None = None) -> list[StapVoortgang]:
    """Every step x organisation record as it stood at the end of ``day`` (from the history)."""
    rows = queries.list_stappen(session, None, day)
    events: dict[tuple[str, str], list[Historie]] = defaultdict(list)
    q = (
        select(Historie, Voortgang.stap_code, Voortgang.organisatie_code)
        .join(Voortgang, Voortgang.id == Historie.voortgang_id)
        .order_by(Historie.id)
    )
    for h, stap, org in session.execute(q):
        events[(stap, org)].append(h)
    out = []
    for r in rows:
        hs = events.get((r.stap, r.organisatie))
        if not hs:
            out.append(r)
            continue
        state = {"status": "niet-gestart", "percentage": None, "mijlpaal": None, "toelichting": None}
        state.update(hs[0].oud)
        gereed_op = None
        for h in hs:
            if h.tijdstip.date() > day:
                break
            state.update(h.nieuw)
            if h.nieuw.get("status") == "gereed":
                gereed_op = h.tijdstip.date()
            elif "status" in h.nieuw:
                gereed_op = None
        late = state["status"] == "gereed" and r.deadline and gereed_op and gereed_op > r.deadline
        missing = (rules.needs_explanation(state["status"], r.deadline, day) or bool(late)) and not state["toelichting"]
        out.append(
            r.model_copy(
                update={
                    **state,
                    "gereed_op": gereed_op,
                    "uitleg_ontbreekt": missing,
                    "achterstallig": rules.is_overdue(state["status"], r.deadline, day),
                }
            )
        )
    return out


def _pct(teller: int, noemer: int) -> float | None:
    return round(100 * teller / noemer, 1) if noemer else None


def _compute_kpi(session: Session, d: KpiDef, rows: list[StapVoortgang], day: date) -> dict:
    if d.soort == "maatregelen_geborgd":
        per: dict[tuple[int, str], list[StapVoortgang]] = defaultdict(list)
        for r in rows:
            if r.telt_mee:
                per[(r.keuze, r.maatregel)].append(r)
        done = []
        for key, rs in per.items():
            active = [r for r in rs if r.status != "afgevallen"]
            if active and all(r.status == "gereed" for r in active):
                done.append(key)
        details = [{"keuze": k, "maatregel": m} for k, m in sorted(done)]
        # every counted measure is in the denominator, also one without any record
        counted = session.execute(select(MaatregelRij.keuze_nr, MaatregelRij.code).where(MaatregelRij.telt_mee))
        noemer = len(set(per) | {(k, c) for k, c in counted})
        return {"teller": len(done), "noemer": noemer, "waarde": _pct(len(done), noemer), "details": details}
    if d.soort == "stappen_op_tijd":
        due = [r for r in rows if r.deadline and r.deadline <= day and r.status != "afgevallen"]
        on_time = [r for r in due if r.status == "gereed" and r.gereed_op and r.gereed_op <= r.deadline]
        return {"teller": len(on_time), "noemer": len(due), "waarde": _pct(len(on_time), len(due))}
    if d.soort == "aandeel_status":
        active = [r for r in rows if r.status != "afgevallen"]
        hit = [r for r in active if r.status == d.parameters.get("status", "gereed")]
        return {"teller": len(hit), "noemer": len(active), "waarde": _pct(len(hit), len(active))}
    if d.soort == "aantal_achterstallig":
        late = [r for r in rows if r.achterstallig]
        details = [{"stap": r.stap, "organisatie": r.organisatie, "deadline": r.deadline.isoformat()} for r in late]
        return {"teller": len(late), "noemer": len(rows), "waarde": float(len(late)), "details": details}
    if d.soort == "uitleg_compleet":
        deviating = [
            r
            for r in rows
            if r.status in ("vertraagd", "afgevallen")
            or r.achterstallig
            or (r.status == "gereed" and r.deadline and r.gereed_op and r.gereed_op > r.deadline)
        ]
        explained = [r for r in deviating if not r.uitleg_ontbreekt]
        return {
            "teller": len(explained),
            "noemer": len(deviating),
            "waarde": _pct(len(explained), len(deviating)),
        }
    if d.soort == "plantoets_bindend":
        return _binding_per_province(session, d, rows, day)
    raise ValueError(d.soort)  # unreachable: soort is validated by KpiDef


def _binding_per_province(session: Session, d: KpiDef, rows: list[StapVoortgang], day: date) -> dict:
    """Choices with binding borging per province, from two sources:

    - the monitor: the province has records for the choice and all of them are gereed;
    - the latest saved plantoets of the province (up to the peildatum), where present.
    A choice counts when either source says so; the details keep both lists apart.
    """
    statuses = {s.lower() for s in d.parameters.get("statussen", ["bindend"])}
    latest: dict[str, PlantoetsResultaat] = {}
    q = select(PlantoetsResultaat).order_by(PlantoetsResultaat.tijdstip, PlantoetsResultaat.id)
    for p in session.scalars(q):
        if p.tijdstip.date() <= day:
            latest[p.provincie] = p
    per_choice: dict[tuple[str, int], list[StapVoortgang]] = defaultdict(list)
    for r in rows:
        if r.soort == "provincie" and r.status != "afgevallen":
            per_choice[(r.organisatie, r.keuze)].append(r)
    provinces = session.execute(
        select(Organisatie.code, Organisatie.naam).where(Organisatie.soort == "provincie").order_by(Organisatie.naam)
    ).all()
    details = []
    for prov, naam in provinces:
        monitor = sorted(
            nr for (o, nr), rs in per_choice.items() if o == prov and all(r.status == "gereed" for r in rs)
        )
        p = latest.get(prov)
        plantoets = sorted({int(x["nr"]) for x in p.dekking if str(x["status"]).lower() in statuses}) if p else []
        if not any((o == prov) for o, _ in per_choice) and p is None:
            continue  # no information on this province at all
        keuzes = sorted(set(monitor) | set(plantoets))
        details.append(
            {
                "provincie": prov,
                "naam": naam,
                "bindend": len(keuzes),
                "keuzes": keuzes,
                "uit_monitor": monitor,
                "uit_plantoets": plantoets,
                "document": p.document if p else None,
                "datum": p.tijdstip.date().isoformat() if p else None,
            }
        )
    total = sum(x["bindend"] for x in details)
    waarde = round(total / len(details), 1) if details else None
    return {"teller": total, "noemer": len(details), "waarde": waarde, "details": details}


def compute_kpis(session: Session, jaar: int | None, today: date) -> list[KpiWaarde]:
    day = peildatum(jaar, today)
    rows = state_at(session, day)
    out = []
    for d in kpi_definitions():
        m = _compute_kpi(session, d, rows, day)
        behaald = None
        if d.doel is not None and m["waarde"] is not None:
            behaald = m["waarde"] >= d.doel if d.richting == "hoger" else m["waarde"] <= d.doel
        # the definition names the KPI; the measure gives waarde, teller, noemer and details where it has them
        out.append(from_row(KpiWaarde, d, **m, behaald=behaald, peildatum=day))
    return out


def kpis(session: Session, jaar: int | None = None, today: date | None = None) -> list[KpiWaarde]:
    return compute_kpis(session, jaar, rules.effective_today(today))
