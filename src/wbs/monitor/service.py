"""Service layer of the Borgingsmonitor: ALL reads and writes go through here.

API overview (every function takes an open SQLAlchemy ``Session`` first; the caller owns
the transaction: use ``with wbs.monitor.db.session_scope() as s:`` which commits on
success and rolls back on error). Domain errors (:mod:`wbs.fouten`) carry a Dutch
message and an ``http_status``. ``today`` / ``now`` parameters make results deterministic.

Reading (plain pydantic models from :mod:`wbs.monitor.schemas`)
    organisations(s) -> list[Organisatie]
    list_steps(s, filters: Filters | None, today) -> list[StapVoortgang]   (step x organisation)
    get_step(s, stap, today) -> StapDetail                                  (NietGevonden)
    history(s, stap, organisatie=None) -> list[HistorieItem]                (oldest first)
    dashboard(s, filters, today) -> Dashboard   (per thema/keuze/spoor/organisatie/soort,
                                                 overdue + due-this-quarter lists)
    overdue(s, today, filters) / due_this_quarter(s, today, filters) -> list[StapVoortgang]
    roadmap(s, group_by="organisatie"|"soort"|"keuze"|"thema"|"gebied"|"spoor"|"jaar", filters, today)
        -> list[RoadmapGroep]
    kpis(s, jaar, today) -> list[KpiWaarde]    (definitions in data/kpi.yaml)

Writing
    update_step(s, user, stap, organisatie=None, status=None, percentage=None, mijlpaal=None,
                toelichting=None, expected_version=None, today=None, now=None) -> StapVoortgang
        raises NietIngelogd / GeenToegang / NietGevonden / OngeldigeInvoer /
        UitlegVereist (comply or explain) / Conflict (expected_version is stale; HTTP 409)
    save_plantoets_result(s, provincie, dekking=[{"nr": 1, "status": "..."}], document) -> int

Users and tokens (roles lezer / invoerder / beheerder; argon2 password hashes; tokens
are stored as sha256 only and shown once)
    create_user(s, gebruikersnaam, rol, organisatie=None, wachtwoord=None, naam="") -> GebruikerInfo
    authenticate(s, username, password) -> Gebruiker | None
    user_for_token(s, token) -> Gebruiker | None
    get_user(s, gebruikersnaam) -> Gebruiker (NietGevonden)
    list_users(s), set_password(s, gebruikersnaam, wachtwoord), set_active(s, gebruikersnaam, actief)
    create_token(s, gebruikersnaam, naam) -> (TokenInfo, plaintext token)
    list_tokens(s, gebruikersnaam=None), revoke_token(s, token_id)
    can_edit(user, organisatie_code) -> bool

Permission rule: a ``beheerder`` may change every record; an ``invoerder`` only records of
their own organisation (progress is kept per step x organisation, so a Drenthe invoerder
cannot change Overijssel's progress on the same step); a ``lezer`` nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from wbs import fouten
from wbs.config import settings
from wbs.monitor.models import (
    ROLLEN,
    STATUSSEN,
    ApiToken,
    Gebruiker,
    Historie,
    MaatregelRij,
    Organisatie,
    PlantoetsResultaat,
    StapRij,
    Voortgang,
)
from wbs.monitor.schemas import (
    Dashboard,
    Filters,
    GebruikerInfo,
    HistorieItem,
    KpiWaarde,
    RoadmapGroep,
    RoadmapItem,
    StapDetail,
    StapVoortgang,
    Telling,
    TokenInfo,
)
from wbs.monitor.schemas import Organisatie as OrganisatieModel

AFGEROND = ("gereed", "afgevallen")
MIN_TOELICHTING = 10  # characters: "n.v.t." is not an explanation


def _today(today: date | None) -> date:
    """``today`` if given, else ``WBS_VANDAAG`` (JJJJ-MM-DD, fixes the date for tests/demos), else today."""
    if today is not None:
        return today
    return settings().vandaag or date.today()


def _now(now: datetime | None) -> datetime:
    """Naive UTC (how timestamps are stored); an aware ``now`` is converted first."""
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.replace(tzinfo=None, microsecond=0)


def _check_text(*values: str | None) -> None:
    """Reject NUL characters up front (PostgreSQL cannot store them; never valid input)."""
    for v in values:
        if v is not None and "\x00" in v:
            raise fouten.OngeldigeInvoer("invoer bevat een ongeldig teken (NUL)")


def quarter_bounds(day: date) -> tuple[date, date, str]:
    q = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * q - 2, 1)
    end = date(day.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    from datetime import timedelta

    return start, end - timedelta(days=1), f"{day.year}-Q{q}"


# -- reading ---------------------------------------------------------------------------


def organisations(session: Session) -> list[OrganisatieModel]:
    rows = session.scalars(select(Organisatie).order_by(Organisatie.soort, Organisatie.naam))
    return [OrganisatieModel(code=o.code, naam=o.naam, soort=o.soort, ouder=o.ouder) for o in rows]


def _needs_explanation(status: str, deadline: date | None, today: date) -> bool:
    if status in ("vertraagd", "afgevallen"):
        return True
    return deadline is not None and deadline < today and status != "gereed"


def _is_overdue(status: str, deadline: date | None, today: date) -> bool:
    return deadline is not None and deadline < today and status not in AFGEROND


def _view(v: Voortgang, today: date) -> StapVoortgang:
    s, m, k, o = v.stap, v.stap.maatregel, v.stap.maatregel.keuze, v.organisatie
    overdue = _is_overdue(v.status, s.deadline, today)
    late_done = v.status == "gereed" and s.deadline and v.gereed_op and v.gereed_op > s.deadline
    missing = (_needs_explanation(v.status, s.deadline, today) or bool(late_done)) and not (
        v.toelichting or ""
    ).strip()
    return StapVoortgang(
        stap=s.code,
        organisatie=o.code,
        organisatie_naam=o.naam,
        soort=o.soort,
        status=v.status,
        percentage=v.percentage,
        mijlpaal=v.mijlpaal,
        toelichting=v.toelichting,
        versie=v.versie,
        gewijzigd_op=v.gewijzigd_op,
        gewijzigd_door=v.gewijzigd_door,
        gereed_op=v.gereed_op,
        periode=s.periode,
        deadline=s.deadline,
        agendering=s.agendering,
        achterstallig=overdue,
        uitleg_ontbreekt=missing,
        tekst=s.tekst,
        borging=s.borging,
        doorwerking=s.doorwerking,
        actoren=s.actoren,
        maatregel=m.code,
        maatregel_titel=m.titel,
        keuze=k.nr,
        keuze_titel=k.titel,
        thema=k.thema,
        gebied=k.gebied,
        spoor=[x for x in m.spoor.split(",") if x],
        domein=m.domein,
        telt_mee=m.telt_mee,
        bron=s.bron,
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
        hay = " ".join(
            x or "" for x in (r.stap, r.tekst, r.maatregel, r.maatregel_titel, r.keuze_titel, r.borging)
        )
        if needle not in hay.lower():
            return False
    return True


def list_steps(
    session: Session, filters: Filters | None = None, today: date | None = None
) -> list[StapVoortgang]:
    """Every step x organisation record matching ``filters``, in Kader order."""
    today = _today(today)
    f = filters or Filters()
    return [r for r in (_view(v, today) for v in _load(session, None, f)) if _match(r, f)]


def get_step(session: Session, stap: str, today: date | None = None) -> StapDetail:
    _check_text(stap)
    today = _today(today)
    rows = _load(session, stap)
    if not rows:
        raise fouten.NietGevonden(f"stap {stap!r} bestaat niet in de borgingsmonitor")
    views = [_view(v, today) for v in rows]
    s, f = rows[0].stap, views[0]
    return StapDetail(
        stap=s.code,
        tekst=s.tekst,
        maatregel=f.maatregel,
        keuze=f.keuze,
        keuze_titel=f.keuze_titel,
        thema=f.thema,
        spoor=f.spoor,
        periode=s.periode,
        deadline=s.deadline,
        agendering=s.agendering,
        borging=s.borging,
        doorwerking=s.doorwerking,
        actoren=s.actoren,
        bron=s.bron,
        voortgang=views,
    )


def _history_item(h: Historie) -> HistorieItem:
    return HistorieItem(
        uid=h.uid,
        stap=h.voortgang.stap_code,
        organisatie=h.voortgang.organisatie_code,
        tijdstip=h.tijdstip,
        gebruiker=h.gebruiker,
        versie=h.versie,
        oud=h.oud,
        nieuw=h.nieuw,
        reden=h.reden,
    )


def history(session: Session, stap: str, organisatie: str | None = None) -> list[HistorieItem]:
    """Append-only change log of a step (all its organisations, or one), oldest first."""
    _check_text(stap, organisatie)
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
    return [_history_item(h) for h in session.scalars(q)]


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


def _group(
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


_GROUPINGS: dict[str, tuple[Callable, Callable]] = {
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


def overdue(
    session: Session, today: date | None = None, filters: Filters | None = None
) -> list[StapVoortgang]:
    """Records past their deadline and not gereed/afgevallen, oldest deadline first."""
    rows = list_steps(session, filters, today)
    return sorted((r for r in rows if r.achterstallig), key=_deadline_order)


def due_this_quarter(
    session: Session, today: date | None = None, filters: Filters | None = None
) -> list[StapVoortgang]:
    """Open records whose deadline falls in the quarter of ``today`` (and not before today)."""
    today = _today(today)
    start, end, _ = quarter_bounds(today)
    rows = list_steps(session, filters, today)
    return sorted(
        (
            r
            for r in rows
            if r.deadline and start <= r.deadline <= end and today <= r.deadline and r.status not in AFGEROND
        ),
        key=_deadline_order,
    )


def dashboard(session: Session, filters: Filters | None = None, today: date | None = None) -> Dashboard:
    today = _today(today)
    f = filters or Filters()
    rows = list_steps(session, f, today)
    start, end, label = quarter_bounds(today)

    def groups(name: str) -> list[Telling]:
        keys, order = _GROUPINGS[name]
        return [tally(k, lab, rs) for k, lab, rs in _group(rows, keys, order)]

    return Dashboard(
        peildatum=today,
        filters=f,
        totaal=tally("totaal", "Alle stappen", rows),
        per_thema=groups("thema"),
        per_keuze=groups("keuze"),
        per_spoor=groups("spoor"),
        per_organisatie=groups("organisatie"),
        per_soort=groups("soort"),
        achterstallig=sorted((r for r in rows if r.achterstallig), key=_deadline_order),
        dit_kwartaal=sorted(
            (
                r
                for r in rows
                if r.deadline
                and start <= r.deadline <= end
                and today <= r.deadline
                and r.status not in AFGEROND
            ),
            key=_deadline_order,
        ),
        kwartaal=label,
    )


def roadmap(
    session: Session, group_by: str = "organisatie", filters: Filters | None = None, today: date | None = None
) -> list[RoadmapGroep]:
    """Programming of the borging: per group, the steps in deadline order (who, when, what result)."""
    if group_by not in _GROUPINGS:
        raise fouten.OngeldigeInvoer(f"onbekende groepering {group_by!r}; kies uit {', '.join(_GROUPINGS)}")
    today = _today(today)
    rows = list_steps(session, filters, today)
    keys, order = _GROUPINGS[group_by]
    out = []
    for k, label, rs in _group(rows, keys, order):
        items = [
            RoadmapItem(
                stap=r.stap,
                organisatie=r.organisatie,
                organisatie_naam=r.organisatie_naam,
                tekst=r.tekst,
                keuze=r.keuze,
                maatregel=r.maatregel,
                periode=r.periode,
                deadline=r.deadline,
                status=r.status,
                percentage=r.percentage,
                mijlpaal=r.mijlpaal,
                resultaat=r.borging or r.doorwerking,
                achterstallig=r.achterstallig,
            )
            for r in sorted(rs, key=_deadline_order)
        ]
        out.append(RoadmapGroep(sleutel=k, label=label, telling=tally(k, label, rs), items=items))
    return out


def kpis(session: Session, jaar: int | None = None, today: date | None = None) -> list[KpiWaarde]:
    from wbs.monitor.kpi import compute_kpis

    return compute_kpis(session, jaar, _today(today))


# -- writing progress --------------------------------------------------------------------


def can_edit(user: Gebruiker | None, organisatie_code: str) -> bool:
    if user is None or not user.actief:
        return False
    if user.rol == "beheerder":
        return True
    return user.rol == "invoerder" and user.organisatie_code == organisatie_code


def _state(v: Voortgang) -> dict:
    return {
        "status": v.status,
        "percentage": v.percentage,
        "mijlpaal": v.mijlpaal,
        "toelichting": v.toelichting,
    }


def _pick_record(session: Session, user: Gebruiker | None, stap: str, organisatie: str | None) -> Voortgang:
    _check_text(stap, organisatie)
    rows = list(session.scalars(select(Voortgang).where(Voortgang.stap_code == stap)))
    if not rows:
        raise fouten.NietGevonden(f"stap {stap!r} bestaat niet in de borgingsmonitor")
    codes = [r.organisatie_code for r in rows]
    if organisatie is None:
        if len(rows) == 1:
            return rows[0]
        own = user.organisatie_code if user is not None else None
        if own in codes and user.rol == "invoerder":
            return rows[codes.index(own)]
        raise fouten.OngeldigeInvoer(
            f"stap {stap} heeft meerdere verantwoordelijke organisaties ({', '.join(codes)}); "
            "geef aan voor welke organisatie u de voortgang wijzigt"
        )
    if organisatie not in codes:
        raise fouten.NietGevonden(
            f"organisatie {organisatie!r} is niet verantwoordelijk voor stap {stap}; "
            f"verantwoordelijk: {', '.join(codes)}"
        )
    return rows[codes.index(organisatie)]


def update_step(
    session: Session,
    user: Gebruiker | None,
    stap: str,
    organisatie: str | None = None,
    status: str | None = None,
    percentage: int | None = None,
    mijlpaal: str | None = None,
    toelichting: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> StapVoortgang:
    """Change the progress of one step for one organisation and append a history entry.

    ``expected_version`` is the ``versie`` the client read; when it no longer matches, a
    :class:`Conflict` is raised and nothing is written (no update is silently lost). The
    write itself is a compare-and-set (``UPDATE ... WHERE versie = :read``) so two
    concurrent transactions cannot both win.
    """
    _check_text(stap, organisatie, status, mijlpaal, toelichting)
    today, now = _today(today), _now(now)
    if user is None:
        raise fouten.NietIngelogd("log in of gebruik een API-token om voortgang te wijzigen")
    v = _pick_record(session, user, stap, organisatie)
    if not can_edit(user, v.organisatie_code):
        if user.rol == "invoerder":
            raise fouten.GeenToegang(
                f"gebruiker {user.gebruikersnaam} is invoerder voor "
                f"{user.organisatie_code or 'geen organisatie'} "
                f"en mag de voortgang van {v.organisatie_code} op stap {stap} niet wijzigen"
            )
        raise fouten.GeenToegang(
            f"gebruiker {user.gebruikersnaam} heeft de rol {user.rol} en mag geen voortgang wijzigen"
        )
    if expected_version is not None and expected_version != v.versie:
        raise _conflict(v, expected_version)

    if status is not None and status not in STATUSSEN:
        raise fouten.OngeldigeInvoer(f"onbekende status {status!r}; kies uit {', '.join(STATUSSEN)}")
    if percentage is not None and not (0 <= percentage <= 100):
        raise fouten.OngeldigeInvoer(f"percentage {percentage} moet tussen 0 en 100 liggen")
    toelichting = toelichting.strip() if toelichting and toelichting.strip() else None
    mijlpaal = mijlpaal.strip() if mijlpaal is not None else None

    old = _state(v)
    new = dict(old)
    if status is not None:
        new["status"] = status
    if percentage is not None:
        new["percentage"] = percentage
    if mijlpaal is not None:
        new["mijlpaal"] = mijlpaal or None
    if toelichting is not None:
        new["toelichting"] = toelichting
    if new["status"] == "gereed":
        if percentage is not None and percentage != 100:
            raise fouten.OngeldigeInvoer("een stap die gereed is heeft percentage 100")
        new["percentage"] = 100
    if new["status"] == "niet-gestart" and new["percentage"]:
        if percentage is not None:
            raise fouten.OngeldigeInvoer("een stap die niet gestart is kan geen percentage boven 0 hebben")
        new["percentage"] = None  # back to niet-gestart: the old percentage no longer holds
    if new == old:
        raise fouten.OngeldigeInvoer(f"geen wijziging opgegeven voor stap {stap} ({v.organisatie_code})")

    deadline = v.stap.deadline
    status_changed = new["status"] != old["status"]
    late_done = new["status"] == "gereed" and deadline is not None and today > deadline
    if (_needs_explanation(new["status"], deadline, today) or late_done) and (
        status_changed or not old["toelichting"]
    ):
        if toelichting is None or len(toelichting) < MIN_TOELICHTING:
            raise fouten.UitlegVereist(_explain_message(stap, new["status"], deadline, today))

    gereed_op = v.gereed_op
    if status_changed:
        gereed_op = today if new["status"] == "gereed" else None
    read_version = v.versie
    result = session.execute(
        update(Voortgang)
        .where(Voortgang.id == v.id, Voortgang.versie == read_version)
        .values(
            status=new["status"],
            percentage=new["percentage"],
            mijlpaal=new["mijlpaal"],
            toelichting=new["toelichting"],
            versie=read_version + 1,
            gewijzigd_op=now,
            gewijzigd_door=user.gebruikersnaam,
            gereed_op=gereed_op,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.expire(v)
        raise _conflict(v, read_version)
    changed_old = {k: old[k] for k in old if old[k] != new[k]}
    changed_new = {k: new[k] for k in new if old[k] != new[k]}
    session.add(
        Historie(
            uid=str(uuid.uuid4()),
            voortgang_id=v.id,
            tijdstip=now,
            gebruiker=user.gebruikersnaam,
            versie=read_version + 1,
            oud=changed_old,
            nieuw=changed_new,
            reden=toelichting,
        )
    )
    session.flush()
    session.refresh(v)
    return _view(v, today)


def _conflict(v: Voortgang, read: int) -> fouten.Conflict:
    wie = f" door {v.gewijzigd_door}" if v.gewijzigd_door else ""
    wanneer = f" op {v.gewijzigd_op:%Y-%m-%d %H:%M}" if v.gewijzigd_op else ""
    return fouten.Conflict(
        f"stap {v.stap_code} ({v.organisatie_code}) is intussen gewijzigd{wie}{wanneer}: "
        f"u las versie {read}, "
        f"de huidige versie is {v.versie}. Laad de stap opnieuw en voer uw wijziging daarna opnieuw in; "
        "er is niets opgeslagen."
    )


def _explain_message(stap: str, status: str, deadline: date | None, today: date) -> str:
    if status == "afgevallen":
        reden = "de stap vervalt"
    elif status == "vertraagd":
        reden = "de stap is vertraagd"
    elif status == "gereed":
        reden = f"de stap is na de deadline van {deadline:%d-%m-%Y} gereed gemeld"
    else:
        reden = f"de deadline van {deadline:%d-%m-%Y} is verstreken"
    return (
        f"pas toe of leg uit: {reden} (stap {stap}); geef een toelichting van minstens "
        f"{MIN_TOELICHTING} tekens waarom, en wat de nieuwe planning is"
    )


def save_plantoets_result(
    session: Session, provincie: str, dekking: list[dict], document: str, now: datetime | None = None
) -> int:
    """Store a Plantoets coverage result of a provincial document (feeds the KPIs)."""
    _check_text(provincie, document)
    org = session.get(Organisatie, provincie)
    if org is None or org.soort != "provincie":
        raise fouten.OngeldigeInvoer(f"{provincie!r} is geen provincie; gebruik een code zoals 'drenthe'")
    clean = []
    for item in dekking:
        try:
            nr, status = int(item["nr"]), str(item["status"])
        except (KeyError, TypeError, ValueError) as exc:
            raise fouten.OngeldigeInvoer(f"dekking-regel {item!r} mist 'nr' of 'status'") from exc
        if not 1 <= nr <= 33:
            raise fouten.OngeldigeInvoer(f"keuze {nr} bestaat niet; kies 1 tot en met 33")
        _check_text(status)
        clean.append({"nr": nr, "status": status})
    row = PlantoetsResultaat(provincie=provincie, document=document, tijdstip=_now(now), dekking=clean)
    session.add(row)
    session.flush()
    return row.id


# -- users and tokens ----------------------------------------------------------------------

_hasher = None


def _ph():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def _user_info(u: Gebruiker) -> GebruikerInfo:
    return GebruikerInfo(
        gebruikersnaam=u.gebruikersnaam,
        naam=u.naam,
        rol=u.rol,
        organisatie=u.organisatie_code,
        actief=u.actief,
    )


def create_user(
    session: Session,
    gebruikersnaam: str,
    rol: str,
    organisatie: str | None = None,
    wachtwoord: str | None = None,
    naam: str = "",
    now: datetime | None = None,
) -> GebruikerInfo:
    _check_text(gebruikersnaam, rol, organisatie, wachtwoord, naam)
    gebruikersnaam = gebruikersnaam.strip()
    if not gebruikersnaam or len(gebruikersnaam) > 100 or any(c.isspace() for c in gebruikersnaam):
        raise fouten.OngeldigeInvoer("gebruikersnaam is verplicht, zonder spaties, hoogstens 100 tekens")
    if rol not in ROLLEN:
        raise fouten.OngeldigeInvoer(f"onbekende rol {rol!r}; kies uit {', '.join(ROLLEN)}")
    if organisatie is not None and session.get(Organisatie, organisatie) is None:
        raise fouten.OngeldigeInvoer(f"onbekende organisatie {organisatie!r}; zie 'wbs monitor organisaties'")
    if rol == "invoerder" and organisatie is None:
        raise fouten.OngeldigeInvoer("een invoerder hoort bij een organisatie; geef --organisatie op")
    if wachtwoord is not None and len(wachtwoord) < 8:
        raise fouten.OngeldigeInvoer("wachtwoord moet minstens 8 tekens hebben")
    if session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)) is not None:
        raise fouten.OngeldigeInvoer(f"gebruiker {gebruikersnaam!r} bestaat al")
    u = Gebruiker(
        gebruikersnaam=gebruikersnaam,
        naam=naam,
        rol=rol,
        organisatie_code=organisatie,
        wachtwoord_hash=_ph().hash(wachtwoord) if wachtwoord else None,
        actief=True,
        aangemaakt=_now(now),
    )
    session.add(u)
    session.flush()
    return _user_info(u)


def get_user(session: Session, gebruikersnaam: str) -> Gebruiker:
    _check_text(gebruikersnaam)
    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam))
    if u is None:
        raise fouten.NietGevonden(f"gebruiker {gebruikersnaam!r} bestaat niet")
    return u


def list_users(session: Session) -> list[GebruikerInfo]:
    return [_user_info(u) for u in session.scalars(select(Gebruiker).order_by(Gebruiker.gebruikersnaam))]


def set_password(session: Session, gebruikersnaam: str, wachtwoord: str) -> None:
    if len(wachtwoord) < 8:
        raise fouten.OngeldigeInvoer("wachtwoord moet minstens 8 tekens hebben")
    get_user(session, gebruikersnaam).wachtwoord_hash = _ph().hash(wachtwoord)
    session.flush()


def set_active(session: Session, gebruikersnaam: str, actief: bool) -> None:
    get_user(session, gebruikersnaam).actief = actief
    session.flush()


def authenticate(session: Session, username: str, password: str) -> Gebruiker | None:
    """The active user with this name and password, else None (no hint which part was wrong)."""
    if "\x00" in username:
        return None
    from argon2.exceptions import InvalidHashError, VerificationError

    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == username))
    if u is None or not u.actief or not u.wachtwoord_hash:
        _ph().hash("dummy-tegen-timing")  # same cost whether or not the user exists
        return None
    try:
        _ph().verify(u.wachtwoord_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _ph().check_needs_rehash(u.wachtwoord_hash):
        u.wachtwoord_hash = _ph().hash(password)
    return u


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, gebruikersnaam: str, naam: str = "script", now: datetime | None = None
) -> tuple[TokenInfo, str]:
    """A new API token; the plaintext is returned once and only its sha256 is stored."""
    _check_text(naam)
    u = get_user(session, gebruikersnaam)
    token = "wbs_" + secrets.token_urlsafe(32)
    row = ApiToken(
        gebruiker_id=u.id,
        naam=naam or "script",
        prefix=token[:10],
        token_hash=_token_hash(token),
        aangemaakt=_now(now),
        ingetrokken=False,
    )
    session.add(row)
    session.flush()
    return _token_info(row, u), token


def _token_info(t: ApiToken, u: Gebruiker) -> TokenInfo:
    return TokenInfo(
        id=t.id,
        gebruikersnaam=u.gebruikersnaam,
        naam=t.naam,
        prefix=t.prefix,
        aangemaakt=t.aangemaakt,
        ingetrokken=t.ingetrokken,
    )


def user_for_token(session: Session, token: str) -> Gebruiker | None:
    if not token or "\x00" in token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token.strip())))
    if row is None or row.ingetrokken or not row.gebruiker.actief:
        return None
    return row.gebruiker


def list_tokens(session: Session, gebruikersnaam: str | None = None) -> list[TokenInfo]:
    q = select(ApiToken).join(ApiToken.gebruiker).order_by(ApiToken.id)
    if gebruikersnaam:
        q = q.where(Gebruiker.gebruikersnaam == gebruikersnaam)
    return [_token_info(t, t.gebruiker) for t in session.scalars(q)]


def revoke_token(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise fouten.NietGevonden(f"token {token_id} bestaat niet")
    row.ingetrokken = True
    session.flush()
