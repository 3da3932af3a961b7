"""Read models of the Borgingsmonitor: steps per organisation, history, dashboard, roadmap, KPIs.

Every function takes an open ``Session`` and returns plain pydantic models (:mod:`wbs.monitor.schemas`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from wbs import fouten
from wbs.monitor import rules
from wbs.monitor.models import (
    STATUSSEN,
    Historie,
    MaatregelRij,
    Organisatie,
    StapRij,
    Voortgang,
)
from wbs.monitor.schemas import (
    Dashboard,
    Filters,
    HistorieItem,
    RoadmapGroep,
    StapDetail,
    StapVoortgang,
    Telling,
    attributes,
    from_row,
)
from wbs.monitor.schemas import Organisatie as OrganisatieModel


def list_organisaties(session: Session) -> list[OrganisatieModel]:
    rows = session.scalars(select(Organisatie).order_by(Organisatie.soort, Organisatie.naam))
    return [OrganisatieModel.model_validate(o, from_attributes=True) for o in rows]


# What a step record shows of the step as the Kader prints it.
_STAP_TEKST = ("periode", "deadline", "agendering", "tekst", "borging", "doorwerking", "actoren", "bron")


def view(v: Voortgang, today: date) -> StapVoortgang:
    s, m, k, o = v.stap, v.stap.maatregel, v.stap.maatregel.keuze, v.organisatie
    overdue = rules.is_overdue(v.status, s.deadline, today)
    late_done = v.status == "gereed" and s.deadline and v.gereed_op and v.gereed_op > s.deadline
    missing = (rules.needs_explanation(v.status, s.deadline, today) or bool(late_done)) and not (
        v.toelichting or ""
    ).strip()
    # the progress fields come from the voortgang row itself
    return from_row(
        StapVoortgang,
        v,
        stap=s.code,
        organisatie=o.code,
        organisatie_naam=o.naam,
        soort=o.soort,
        achterstallig=overdue,
        uitleg_ontbreekt=missing,
        maatregel=m.code,
        maatregel_titel=m.titel,
        keuze=k.nr,
        keuze_titel=k.titel,
        spoor=[x for x in m.spoor.split(",") if x],
        **attributes(s, *_STAP_TEKST),
        **attributes(m, "domein", "telt_mee"),
        **attributes(k, "thema", "gebied"),
    )


def _load(session: Session, stap: str | None = None, f: Filters | None = None) -> list[Voortgang]:
    q = (
        select(Voortgang)
        .options(
            joinedload(Voortgang.stap).joinedload(StapRij.maatregel).joinedload(MaatregelRij.keuze),
            joinedload(Voortgang.organisatie),
        )
        .join(Voortgang.stap)
        .join(StapRij.maatregel)
        .order_by(MaatregelRij.keuze_nr, MaatregelRij.id, StapRij.code, Voortgang.organisatie_code)
    )
    if stap is not None:
        q = q.where(Voortgang.stap_code == stap)
    if f is not None:  # the selective filters run in SQL; _match applies all of them again
        if f.organisatie and "\x00" not in f.organisatie:  # NUL: no match, PostgreSQL cannot compare it
            q = q.where(Voortgang.organisatie_code == f.organisatie)
        if f.status:
            q = q.where(Voortgang.status == f.status)
        if f.keuze is not None:
            q = q.where(MaatregelRij.keuze_nr == f.keuze)
    return list(session.scalars(q).unique())


def _match(r: StapVoortgang, f: Filters) -> bool:
    if f.thema and r.thema.lower() != f.thema.lower():
        return False
    if f.keuze is not None and r.keuze != f.keuze:
        return False
    if f.maatregel and r.maatregel.lower() != f.maatregel.lower():
        return False
    if f.spoor and f.spoor not in r.spoor:
        return False
    if f.domein and (r.domein or "").lower() != f.domein.lower():
        return False
    if f.gebied and (r.gebied or "").lower() != f.gebied.lower():
        return False
    if f.organisatie and r.organisatie != f.organisatie:
        return False
    if f.soort and r.soort != f.soort:
        return False
    if f.status and r.status != f.status:
        return False
    if f.jaar is not None and (r.deadline is None or r.deadline.year != f.jaar):
        return False
    if f.achterstallig is not None and r.achterstallig != f.achterstallig:
        return False
    if f.zoek:
        needle = f.zoek.lower()
        hay = " ".join(x or "" for x in (r.stap, r.tekst, r.maatregel, r.maatregel_titel, r.keuze_titel, r.borging))
        if needle not in hay.lower():
            return False
    return True


def list_stappen(session: Session, filters: Filters | None = None, today: date | None = None) -> list[StapVoortgang]:
    """Every step x organisation record matching ``filters``, in Kader order."""
    today = rules.effective_today(today)
    f = filters or Filters()
    return [r for r in (view(v, today) for v in _load(session, None, f)) if _match(r, f)]


def get_stap(session: Session, stap: str, today: date | None = None) -> StapDetail:
    rules.check_text(stap)
    today = rules.effective_today(today)
    rows = _load(session, stap)
    if not rows:
        raise fouten.NietGevonden(f"stap {stap!r} bestaat niet in de borgingsmonitor")
    views = [view(v, today) for v in rows]
    s, f = rows[0].stap, views[0]
    return StapDetail(
        stap=s.code,
        voortgang=views,
        mijlpalen=stap_mijlpalen(session, s.code),
        **attributes(s, *_STAP_TEKST),
        **attributes(f, "maatregel", "keuze", "keuze_titel", "thema", "spoor"),
    )


def stap_mijlpalen(session: Session, stap: str) -> list[dict]:
    """Every dated milestone of a step (periode, deadline, plan A/B, instrument, seed line)."""
    from wbs.monitor.uitkomsten.views import mijlpaal_info, mijlpalen

    return [mijlpaal_info(p).model_dump(mode="json") for p in mijlpalen(session, stap).get(stap, [])]


def history_item(h: Historie) -> HistorieItem:
    return from_row(HistorieItem, h, stap=h.voortgang.stap_code, organisatie=h.voortgang.organisatie_code)


def history(session: Session, stap: str, organisatie: str | None = None) -> list[HistorieItem]:
    """Append-only change log of a step (all its organisations, or one), oldest first."""
    rules.check_text(stap, organisatie)
    if session.get(StapRij, stap) is None:
        raise fouten.NietGevonden(f"stap {stap!r} bestaat niet in de borgingsmonitor")
    q = (
        select(Historie)
        .join(Historie.voortgang)
        .options(joinedload(Historie.voortgang))
        .where(Voortgang.stap_code == stap)
        .order_by(Historie.id)
    )
    if organisatie:
        q = q.where(Voortgang.organisatie_code == organisatie)
    return [history_item(h) for h in session.scalars(q)]


def tally(sleutel: str, label: str, rows: Iterable[StapVoortgang]) -> Telling:
    rows = list(rows)
    per_status = {s: 0 for s in STATUSSEN}
    pct = []
    for r in rows:
        per_status[r.status] += 1
        if r.status != "afgevallen":
            pct.append(100 if r.status == "gereed" else (r.percentage or 0))
    active = len(rows) - per_status["afgevallen"]
    return Telling(
        sleutel=sleutel,
        label=label,
        totaal=len(rows),
        per_status=per_status,
        achterstallig=sum(r.achterstallig for r in rows),
        uitleg_ontbreekt=sum(r.uitleg_ontbreekt for r in rows),
        gemiddeld_percentage=round(sum(pct) / len(pct), 1) if pct else 0.0,
        aandeel_gereed=round(per_status["gereed"] / active, 4) if active else 0.0,
    )


def group(
    rows: list[StapVoortgang],
    keys: Callable[[StapVoortgang], Iterable[tuple[str, str]]],
    order: Callable[[str], object] = str,
) -> list[tuple[str, str, list[StapVoortgang]]]:
    groups: dict[str, list[StapVoortgang]] = defaultdict(list)
    labels: dict[str, str] = {}
    for r in rows:
        for key, label in keys(r):
            groups[key].append(r)
            labels[key] = label
    return [(k, labels[k], groups[k]) for k in sorted(groups, key=order)]


def _spoor_keys(r: StapVoortgang) -> list[tuple[str, str]]:
    return [(s, f"Spoor {s}") for s in r.spoor] or [("onbekend", "Spoor onbekend")]


GROUPINGS: dict[str, tuple[Callable, Callable]] = {
    "organisatie": (lambda r: [(r.organisatie, r.organisatie_naam)], str),
    "soort": (lambda r: [(r.soort, r.soort)], str),
    "keuze": (lambda r: [(str(r.keuze), f"{r.keuze}. {r.keuze_titel}")], int),
    "thema": (lambda r: [(r.thema, r.thema)], str),
    "gebied": (lambda r: [(r.gebied or "landelijk", r.gebied or "Landelijk (geen specifiek gebied)")], str),
    "spoor": (_spoor_keys, str),
    "jaar": (
        lambda r: [
            (
                str(r.deadline.year) if r.deadline else "zonder",
                str(r.deadline.year) if r.deadline else "Zonder datum",
            )
        ],
        lambda k: (k == "zonder", k),
    ),
}


def _deadline_order(r: StapVoortgang) -> tuple:
    return (r.deadline or date.max, r.keuze, r.stap, r.organisatie)


def overdue(session: Session, today: date | None = None, filters: Filters | None = None) -> list[StapVoortgang]:
    """Records past their deadline and not gereed/afgevallen, oldest deadline first."""
    rows = list_stappen(session, filters, today)
    return sorted((r for r in rows if r.achterstallig), key=_deadline_order)


def due_this_quarter(
    session: Session, today: date | None = None, filters: Filters | None = None
) -> list[StapVoortgang]:
    """Open records whose deadline falls in the quarter of ``today`` (and not before today)."""
    today = rules.effective_today(today)
    start, end, _ = rules.quarter_bounds(today)
    rows = list_stappen(session, filters, today)
    return sorted(
        (
            r
            for r in rows
            if r.deadline and start <= r.deadline <= end and today <= r.deadline and r.status not in rules.AFGEROND
        ),
        key=_deadline_order,
    )


def dashboard(session: Session, filters: Filters | None = None, today: date | None = None) -> Dashboard:
    today = rules.effective_today(today)
    f = filters or Filters()
    rows = list_stappen(session, f, today)
    start, end, label = rules.quarter_bounds(today)

    def groups(name: str) -> list[Telling]:
        keys, order = GROUPINGS[name]
        return [tally(k, lab, rs) for k, lab, rs in group(rows, keys, order)]

    from wbs.monitor.uitkomsten.views import all_keuzes

    return Dashboard(
        peildatum=today,
        filters=f,
        totaal=tally("totaal", "Alle stappen", rows),
        per_thema=groups("thema"),
        per_keuze=all_keuzes(session, groups("keuze"), f),
        per_spoor=groups("spoor"),
        per_organisatie=groups("organisatie"),
        per_soort=groups("soort"),
        achterstallig=sorted((r for r in rows if r.achterstallig), key=_deadline_order),
        dit_kwartaal=sorted(
            (
                r
                for r in rows
                if r.deadline and start <= r.deadline <= end and today <= r.deadline and r.status not in rules.AFGEROND
            ),
            key=_deadline_order,
        ),
        kwartaal=label,
    )


def roadmap(
    session: Session, group_by: str = "organisatie", filters: Filters | None = None, today: date | None = None
) -> list[RoadmapGroep]:
    """Programming of the borging: per group, the steps in deadline order (who, when, what result)."""
    if group_by not in GROUPINGS:
        raise fouten.OngeldigeInvoer(f"onbekende groepering {group_by!r}; kies uit {', '.join(GROUPINGS)}")
    today = rules.effective_today(today)
    rows = list_stappen(session, filters, today)
    keys, order = GROUPINGS[group_by]
    # A step with several dated milestones (plan A and plan B, or dates per instrument) appears at each.
    from wbs.monitor.uitkomsten.views import expand_mijlpalen

    expanded = expand_mijlpalen(session, rows, today)
    out = []
    for k, label, rs in group([r for r, _ in expanded], keys, order):
        ids = {id(r) for r in rs}
        items = [item for r, item in sorted(expanded, key=lambda x: _deadline_order(x[0])) if id(r) in ids]
        unique = list({(r.stap, r.organisatie): r for r in rs}.values())
        out.append(RoadmapGroep(sleutel=k, label=label, telling=tally(k, label, unique), items=items))
    return out
