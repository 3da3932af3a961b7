"""Read models that bring steps, indicators and agreements together.

* :func:`milestones` - every dated milestone of the steps (plan A/B where the kalender pairs them);
* :func:`plan_switches` - steps where plan A's deadline passed without the result: plan B is due;
* :func:`keuze_overview` - one keuze: its steps' progress, its indicators and its agreements;
* :func:`organisatie_overview` - one organisation: what it promised, what is due, what is late.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs.fouten import NietGevonden, OngeldigeInvoer
from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor import queries
from wbs.monitor.models import KeuzeRij, MaatregelRij, Organisatie
from wbs.monitor.plan_switch import StapMijlpaal, check_plan_switch
from wbs.monitor.rules import effective_today
from wbs.monitor.schemas import Filters, StapVoortgang, attributes, from_row
from wbs.monitor.uitkomsten import metingen, register
from wbs.monitor.uitkomsten.schemas import KeuzeOverzicht, MijlpaalInfo, OrganisatieOverzicht, PlanWisselInfo
from wbs.monitor.uitkomsten.tables import StapPeriode

HORIZON_DAGEN = 183  # "binnenkort": the coming half year


def mijlpalen(session: Session, stap: str | None = None) -> dict[str, list[StapPeriode]]:
    q = select(StapPeriode).order_by(StapPeriode.stap_code, StapPeriode.volgorde)
    if stap is not None:
        q = q.where(StapPeriode.stap_code == stap)
    out: dict[str, list[StapPeriode]] = {}
    for p in session.scalars(q):
        out.setdefault(p.stap_code, []).append(p)
    return out


def mijlpaal_info(p: StapPeriode) -> MijlpaalInfo:
    return from_row(MijlpaalInfo, p, bron=f"wbs-borgingskalender.txt:{p.regel}" if p.regel else None)


def expand_mijlpalen(session: Session, rows: list[StapVoortgang], today: date) -> list[tuple]:
    """(row, RoadmapItem) per dated milestone of each row's step; a step without milestones gives one item.

    The row copy carries the milestone's period and deadline, so grouping by year puts the step in
    each year it has a date in.
    """
    from wbs.monitor.schemas import RoadmapItem

    per_stap = mijlpalen(session)
    out = []
    for r in rows:
        mps = per_stap.get(r.stap) or [None]
        for p in mps:
            rr = r if p is None else r.model_copy(update={"periode": p.periode, "deadline": p.deadline})
            item = from_row(
                RoadmapItem,
                r,
                periode=rr.periode,
                deadline=rr.deadline,
                resultaat=(p.borging if p is not None and p.borging else None) or r.borging or r.doorwerking,
                plan=p.plan if p is not None else None,
                mijlpalen=len(mps),
                verstreken=bool(rr.deadline and rr.deadline < today and r.status not in ("gereed", "afgevallen")),
            )
            out.append((rr, item))
    return out


def all_keuzes(session: Session, tellingen: list, f: Filters) -> list:
    """The per-keuze counts with every keuze the filters allow, also those without steps (keuze 16)."""
    have = {t.sleutel: t for t in tellingen}
    with_measures = set(session.scalars(select(MaatregelRij.keuze_nr)))
    only_keuze_filters = not any(
        (f.maatregel, f.spoor, f.domein, f.organisatie, f.soort, f.status, f.jaar, f.achterstallig is not None, f.zoek)
    )
    out = []
    for k in session.scalars(select(KeuzeRij).order_by(KeuzeRij.nr)):
        if f.keuze is not None and k.nr != f.keuze:
            continue
        if f.thema and k.thema.lower() != f.thema.lower():
            continue
        if f.gebied and (k.gebied or "").lower() != f.gebied.lower():
            continue
        t = have.get(str(k.nr))
        if t is None:
            if not only_keuze_filters and k.nr in with_measures:
                continue  # filtered out by a step-level filter
            opmerking = "geen eigen maatregel" if k.nr not in with_measures else "geen stappen"
            t = queries.tally(str(k.nr), f"{k.nr}. {k.titel}", []).model_copy(update={"opmerking": opmerking})
        out.append(t)
    return out


def _plan(r: StapVoortgang, session: Session, cache: dict[str, list[str]]) -> list[str]:
    if r.stap not in cache:
        from wbs.monitor.models import StapRij

        row = session.get(StapRij, r.stap)
        cache[r.stap] = [x for x in (row.plan or "").split(",") if x] if row else []
    return cache[r.stap]


def plan_switches(
    session: Session, today: date | None = None, filters: Filters | None = None, rows: list[StapVoortgang] | None = None
) -> list[PlanWisselInfo]:
    """Every step x organisation where plan A's deadline passed without the result, oldest first."""
    today = effective_today(today)
    rows = rows if rows is not None else queries.list_stappen(session, filters, today)
    per_stap = mijlpalen(session)
    plans: dict[str, list[str]] = {}
    out = []
    for r in rows:
        mps = per_stap.get(r.stap)
        if not mps:
            continue
        w = check_plan_switch(
            r.stap,
            r.organisatie,
            _plan(r, session, plans),
            [StapMijlpaal(p.periode, p.deadline, p.plan, p.borging, p.regel) for p in mps],
            r.status,
            r.gereed_op,
            today,
            r.bron,
        )
        if w is None:
            continue
        # the switch itself carries the step, organisation and status it was checked for
        out.append(from_row(PlanWisselInfo, w, **attributes(r, "organisatie_naam", "keuze", "maatregel", "tekst")))
    return sorted(out, key=lambda w: (w.plan_a_deadline, w.keuze, w.stap, w.organisatie))


def keuze_overview(session: Session, nr: int, today: date | None = None) -> KeuzeOverzicht:
    """Steps, indicators and agreements of one keuze on one page."""
    if nr not in KEUZE_NUMMERS:
        raise OngeldigeInvoer(f"structurerende keuze {nr} bestaat niet; kies 1 tot en met 33")
    today = effective_today(today)
    k = session.get(KeuzeRij, nr)
    if k is None:
        raise NietGevonden(f"keuze {nr} staat niet in de monitor (het kader is niet geladen)")
    from wbs.kader import laad_kader

    kk = next((x for x in laad_kader().keuzes if x.nr == nr), None)
    rows = queries.list_stappen(session, Filters(keuze=nr), today)
    codes = [
        m.code
        for m in session.scalars(select(MaatregelRij).where(MaatregelRij.keuze_nr == nr).order_by(MaatregelRij.id))
    ]
    return KeuzeOverzicht(
        nr=nr,
        titel=k.titel,
        tekst=kk.tekst if kk else "",
        bron=k.bron,
        eigen_maatregel=bool(codes),
        toelichting=kk.toelichting if kk else None,
        gekoppeld_aan=list(kk.gekoppeld_aan) if kk else [],
        maatregelen=codes,
        voortgang=queries.tally(str(nr), f"{nr}. {k.titel}", rows),
        stappen=rows,
        indicatoren=metingen.list_indicatoren(session, keuze=nr),
        afspraken=register.list_afspraken(session, keuze=nr, today=today),
        planwissels=plan_switches(session, today, rows=rows),
        peildatum=today,
    )


def organisatie_overview(session: Session, code: str, today: date | None = None) -> OrganisatieOverzicht:
    """What an organisation has promised (open steps and agreements), what is due soon and what is late."""
    today = effective_today(today)
    org = session.get(Organisatie, code) if "\x00" not in code else None
    if org is None:
        raise NietGevonden(f"organisatie {code!r} bestaat niet; zie 'wbs monitor organisaties'")
    horizon = today + timedelta(days=HORIZON_DAGEN)
    rows = queries.list_stappen(session, Filters(organisatie=code), today)
    open_rows = [r for r in rows if r.status not in ("gereed", "afgevallen")]
    afspraken = register.list_afspraken(session, partij=code, today=today)
    eigen = [a for a in afspraken if a.eigenaar == code]
    open_afspraken = [a for a in eigen if a.status not in ("gereed", "afgevallen", "concept")]
    return OrganisatieOverzicht(
        code=org.code,
        naam=org.naam,
        soort=org.soort,
        peildatum=today,
        horizon=horizon,
        stappen_open=len(open_rows),
        stappen_binnenkort=sorted(
            (r for r in open_rows if r.deadline and today <= r.deadline <= horizon), key=lambda r: (r.deadline, r.stap)
        ),
        stappen_achterstallig=sorted((r for r in rows if r.achterstallig), key=lambda r: (r.deadline, r.stap)),
        afspraken=afspraken,
        afspraken_binnenkort=[a for a in open_afspraken if a.deadline and today <= a.deadline <= horizon],
        afspraken_achterstallig=[a for a in eigen if a.achterstallig],
        afspraken_te_bevestigen=[a for a in eigen if a.te_bevestigen],
        planwissels=plan_switches(session, today, rows=rows),
    )


def data_version(session: Session) -> tuple:
    """Changes when a measurement or agreement is written (their histories only grow): a cache key part."""
    from sqlalchemy import text

    return tuple(
        session.execute(
            text("SELECT (SELECT max(id) FROM meting_historie), (SELECT max(id) FROM afspraak_historie)")
        ).one()
    )


def dashboard_section(
    session: Session, per_keuze: list, filters: Filters | None = None, today: date | None = None
) -> dict:
    """The outcomes part of the dashboard: per keuze its progress next to its indicators and agreements,
    the indicators themselves, agreements that are late, and the plan switches."""
    from wbs.monitor.indicatoren import load_regios

    today = effective_today(today)
    f = filters or Filters()
    stands = [s for s in metingen.list_indicatoren(session) if f.keuze is None or s.keuze == f.keuze]
    afspraken = register.list_afspraken(session, keuze=f.keuze, partij=f.organisatie, today=today)
    per_keuze_ind: dict[int, list] = {}
    for s in stands:
        per_keuze_ind.setdefault(s.keuze, []).append(s)
    per_keuze_afs: dict[int, int] = {}
    for a in afspraken:
        for k in a.keuzes:
            per_keuze_afs[k] = per_keuze_afs.get(k, 0) + 1
    rijen = [
        {
            "telling": t,
            "nr": int(t.sleutel),
            "indicatoren": per_keuze_ind.get(int(t.sleutel), []),
            "afspraken": per_keuze_afs.get(int(t.sleutel), 0),
        }
        for t in per_keuze
    ]
    wissels = plan_switches(session, today, f)
    return {
        "per_keuze": rijen,
        "indicatoren": stands,
        "afspraken_totaal": len(afspraken),
        "afspraken_achterstallig": [a for a in afspraken if a.achterstallig],
        "afspraken_te_bevestigen": sum(a.te_bevestigen for a in afspraken),
        "planwissels": wissels,
        "regio_namen": {r.code: r.naam for r in load_regios().regios},
        "demo": any(s.demo for s in stands) or any(a.demo for a in afspraken),
    }
