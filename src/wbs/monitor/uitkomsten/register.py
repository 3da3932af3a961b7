"""The agreements register: read, write with history, import (files, action tables, Plantoets results).

Rules, as for steps: a ``beheerder`` may change every agreement, an ``invoerder`` only those their
organisation keeps (``eigenaar``), a ``lezer`` nothing. Every write appends a history row and
carries the ``versie`` the client read (a different current version: ``Conflict``, nothing
written). Comply or explain: ``vertraagd``, ``afgevallen``, a passed deadline, or ``gereed`` after
the deadline need a toelichting of at least 10 characters. Drafts (``concept``, e.g. from a
Plantoets result) are confirmed by giving them another status; nothing goes back to ``concept``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib import resources

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wbs.fouten import Conflict, GeenToegang, NietGevonden, NietIngelogd, OngeldigeInvoer, UitlegVereist
from wbs.monitor import rules
from wbs.monitor.afspraken import (
    AFSPRAAK_STATUSSEN,
    KOLOMMEN,
    LIJST_KOLOMMEN,
    AfspraakInvoer,
    from_plantoets,
    period_end,
    read_structured,
)
from wbs.monitor.models import Gebruiker, Organisatie, changed_fields
from wbs.monitor.rules import MIN_TOELICHTING
from wbs.monitor.schemas import attributes, from_row
from wbs.monitor.uitkomsten.schemas import AfspraakInfo, HistorieRegel, ImportResultaat
from wbs.monitor.uitkomsten.tables import AfspraakHistorie, AfspraakRij

VELDEN = tuple(k for k in KOLOMMEN if k != "id")  # an agreement's fields; its id is the row's code


def _overdue(status: str, deadline: date | None, today: date) -> bool:
    """As for steps (:func:`rules.is_overdue`); a draft (``concept``) is not yet a promise."""
    return status != "concept" and rules.is_overdue(status, deadline, today)


def _needs_explanation(status: str, deadline: date | None, today: date) -> bool:
    return status in ("vertraagd", "afgevallen") or _overdue(status, deadline, today)


def _lists(a: AfspraakRij) -> dict[str, list]:
    """The list columns of an agreement (JSON), never None."""
    return {k: list(getattr(a, k) or []) for k in LIJST_KOLOMMEN}


def _info(a: AfspraakRij, today: date, namen: dict[str, str] | None = None) -> AfspraakInfo:
    namen = namen or {}
    late_done = a.status == "gereed" and a.deadline and a.gereed_op and a.gereed_op > a.deadline
    explain = _needs_explanation(a.status, a.deadline, today) or bool(late_done)
    return from_row(
        AfspraakInfo,
        a,
        id=a.code,
        eigenaar_naam=namen.get(a.eigenaar) or a.organisatie.naam,
        **_lists(a),
        achterstallig=_overdue(a.status, a.deadline, today),
        uitleg_ontbreekt=explain and not (a.toelichting or "").strip(),
        te_bevestigen=a.status == "concept",
    )


def list_afspraken(
    session: Session,
    eigenaar: str | None = None,
    keuze: int | None = None,
    status: str | None = None,
    achterstallig: bool | None = None,
    partij: str | None = None,
    today: date | None = None,
) -> list[AfspraakInfo]:
    """Agreements matching every given filter; ``partij`` matches the owner or a named party."""
    rules.check_text(eigenaar, status, partij)
    today = rules.effective_today(today)
    q = select(AfspraakRij).order_by(
        AfspraakRij.eigenaar, AfspraakRij.deadline.is_(None), AfspraakRij.deadline, AfspraakRij.code
    )
    if eigenaar:
        q = q.where(AfspraakRij.eigenaar == eigenaar)
    if status:
        q = q.where(AfspraakRij.status == status)
    namen = {o.code: o.naam for o in session.scalars(select(Organisatie))}
    out = []
    for a in session.scalars(q):
        if keuze is not None and keuze not in (a.keuzes or []):
            continue
        if partij and partij != a.eigenaar and partij not in (a.partijen or []):
            continue
        info = _info(a, today, namen)
        if achterstallig is not None and info.achterstallig != achterstallig:
            continue
        out.append(info)
    return out


def _row(session: Session, code: str) -> AfspraakRij:
    rules.check_text(code)
    a = session.get(AfspraakRij, code)
    if a is None:
        raise NietGevonden(f"afspraak {code!r} bestaat niet")
    return a


def get_afspraak(session: Session, code: str, today: date | None = None) -> AfspraakInfo:
    return _info(_row(session, code), rules.effective_today(today))


def afspraak_history(session: Session, code: str) -> list[HistorieRegel]:
    _row(session, code)
    q = select(AfspraakHistorie).where(AfspraakHistorie.afspraak_code == code).order_by(AfspraakHistorie.id)
    return [from_row(HistorieRegel, h, sleutel=code) for h in session.scalars(q)]


def can_edit_afspraak(user: Gebruiker | None, eigenaar: str) -> bool:
    """The rule for steps: a beheerder all, an invoerder those their organisation keeps."""
    return rules.can_edit(user, eigenaar)


def _check_user(user: Gebruiker | None, eigenaar: str, wat: str) -> None:
    if user is None:
        raise NietIngelogd("log in of gebruik een API-token om afspraken te wijzigen")
    if not can_edit_afspraak(user, eigenaar):
        if user.rol == "invoerder":
            raise GeenToegang(
                f"gebruiker {user.gebruikersnaam} is invoerder voor "
                f"{user.organisatie_code or 'geen organisatie'} en mag {wat} van {eigenaar} niet wijzigen"
            )
        raise GeenToegang(f"gebruiker {user.gebruikersnaam} heeft de rol {user.rol} en mag geen afspraken wijzigen")


def _state(a: AfspraakRij) -> dict:
    return {
        **attributes(a, *VELDEN),
        **_lists(a),
        "deadline": a.deadline.isoformat() if a.deadline else None,
    }


def _explain_check(code: str, old: dict, new: dict, today: date, toelichting_gegeven: bool) -> None:
    deadline = date.fromisoformat(new["deadline"]) if new["deadline"] else None
    status_changed = new["status"] != old.get("status")
    late_done = new["status"] == "gereed" and deadline is not None and today > deadline
    if (_needs_explanation(new["status"], deadline, today) or late_done) and (
        status_changed or not old.get("toelichting")
    ):
        t = new["toelichting"] if toelichting_gegeven else None
        if not t or len(t) < MIN_TOELICHTING:
            if new["status"] == "afgevallen":
                reden = "de afspraak vervalt"
            elif new["status"] == "vertraagd":
                reden = "de afspraak is vertraagd"
            elif new["status"] == "gereed":
                reden = f"de afspraak is na de deadline van {deadline:%d-%m-%Y} nagekomen"
            else:
                reden = f"de deadline van {deadline:%d-%m-%Y} is verstreken"
            raise UitlegVereist(
                f"pas toe of leg uit: {reden} (afspraak {code}); geef een toelichting van minstens "
                f"{MIN_TOELICHTING} tekens waarom, en wat de nieuwe planning is"
            )


def _write(
    session: Session,
    user: Gebruiker,
    a: AfspraakRij,
    new: dict,
    reden: str | None,
    today: date,
    now: datetime,
    read: int,
) -> None:
    old = _state(a)
    gereed_op = a.gereed_op
    if new["status"] != old["status"]:
        gereed_op = today if new["status"] == "gereed" else None
    values = {k: new[k] for k in VELDEN}
    values["deadline"] = date.fromisoformat(new["deadline"]) if new["deadline"] else None
    result = session.execute(
        update(AfspraakRij)
        .where(AfspraakRij.code == a.code, AfspraakRij.versie == read)
        .values(**values, versie=read + 1, gewijzigd_op=now, gewijzigd_door=user.gebruikersnaam, gereed_op=gereed_op)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.expire(a)
        raise _conflict(a, read)
    session.add(AfspraakHistorie.record(user, now, read + 1, *changed_fields(old, new), reden, afspraak_code=a.code))
    session.flush()
    session.refresh(a)


def _conflict(a: AfspraakRij, read: int) -> Conflict:
    return Conflict(
        f"afspraak {a.code} is intussen gewijzigd door {a.gewijzigd_door} op "
        f"{a.gewijzigd_op:%Y-%m-%d %H:%M}: u las versie {read}, de huidige versie is {a.versie}. "
        "Laad de afspraak opnieuw; er is niets opgeslagen."
    )


def update_afspraak(
    session: Session,
    user: Gebruiker | None,
    code: str,
    status: str | None = None,
    bewijs: str | None = None,
    toelichting: str | None = None,
    periode: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> AfspraakInfo:
    """Change status, evidence, deadline (periode) or toelichting of one agreement, with history."""
    rules.check_text(code, status, bewijs, toelichting, periode)
    today, now = rules.effective_today(today), rules.effective_now(now)
    if user is None:
        raise NietIngelogd("log in of gebruik een API-token om afspraken te wijzigen")
    a = _row(session, code)
    _check_user(user, a.eigenaar, f"afspraak {code}")
    if expected_version is not None and expected_version != a.versie:
        raise _conflict(a, expected_version)
    if status is not None and status not in AFSPRAAK_STATUSSEN:
        raise OngeldigeInvoer(f"onbekende status {status!r}; kies uit {', '.join(AFSPRAAK_STATUSSEN)}")
    if status == "concept" and a.status != "concept":
        raise OngeldigeInvoer("een bevestigde afspraak kan niet terug naar 'concept'")
    for naam, v, n in (("bewijs", bewijs, 2000), ("toelichting", toelichting, 2000)):
        if v is not None and len(v) > n:
            raise OngeldigeInvoer(f"{naam} is langer dan {n} tekens")
    old = _state(a)
    new = dict(old)
    if status is not None:
        new["status"] = status
    if bewijs is not None:
        new["bewijs"] = bewijs.strip() or None
    toelichting = toelichting.strip() if toelichting and toelichting.strip() else None
    if toelichting is not None:
        new["toelichting"] = toelichting
    if periode is not None:
        if periode.strip():
            try:
                p = AfspraakInvoer.model_validate({**_invoer_dict(a), "periode": periode.strip(), "deadline": None})
            except Exception as exc:  # pydantic ValidationError: report in Dutch
                raise OngeldigeInvoer(f"periode {periode!r} moet de vorm JJJJ of JJJJ-Qn hebben (2000-2100)") from exc
            new["periode"], new["deadline"] = p.periode, period_end(p.periode).isoformat()
        else:
            new["periode"], new["deadline"] = None, None
    if new == old:
        raise OngeldigeInvoer(f"geen wijziging opgegeven voor afspraak {code}")
    _explain_check(code, old, new, today, toelichting is not None)
    _write(session, user, a, new, toelichting, today, now, a.versie)
    return _info(a, today)


def _invoer_dict(a: AfspraakRij) -> dict:
    return {"id": a.code, **{k: v for k, v in _state(a).items()}}


def _new_code(session: Session, eigenaar: str, taken: set[str]) -> str:
    n = 1
    while f"{eigenaar}-{n}" in taken or session.get(AfspraakRij, f"{eigenaar}-{n}") is not None:
        n += 1
    return f"{eigenaar}-{n}"


def save_afspraken(
    session: Session,
    user: Gebruiker | None,
    items: list[AfspraakInvoer],
    today: date | None = None,
    now: datetime | None = None,
) -> ImportResultaat:
    """Add new agreements and update changed ones (matched by ``id``), each with a history row.

    All rows are checked first (owner exists, permission, comply-or-explain) and nothing is written
    when one fails; the caller's transaction rolls back on any error.
    """
    today, now = rules.effective_today(today), rules.effective_now(now)
    if user is None:
        raise NietIngelogd("log in of gebruik een API-token om afspraken in te voeren")
    orgs = {o.code for o in session.scalars(select(Organisatie))}
    problemen = []
    for n, it in enumerate(items, start=1):
        if it.eigenaar not in orgs:
            problemen.append(
                f"afspraak {n} ({it.id or it.titel[:30]}): onbekende eigenaar {it.eigenaar!r}; "
                "zie 'wbs monitor organisaties'"
            )
            continue
        _check_user(user, it.eigenaar, f"afspraak {it.id or n}")
        existing = session.get(AfspraakRij, it.id) if it.id else None
        if existing is not None and existing.eigenaar != it.eigenaar:
            _check_user(user, existing.eigenaar, f"afspraak {it.id}")
    if problemen:
        raise OngeldigeInvoer("niets opgeslagen: " + " | ".join(problemen[:10]))
    res = ImportResultaat()
    taken: set[str] = set()
    for it in items:
        data = it.model_dump(mode="json")
        code = it.id or _new_code(session, it.eigenaar, taken)
        taken.add(code)
        new = {k: data[k] for k in VELDEN}
        a = session.get(AfspraakRij, code)
        if a is None:
            _explain_check(code, {}, new, today, bool(new["toelichting"]))
            a = AfspraakRij(
                code=code,
                versie=1,
                aangemaakt=now,
                gewijzigd_op=now,
                gewijzigd_door=user.gebruikersnaam,
                gereed_op=today if new["status"] == "gereed" else None,
                **{k: new[k] for k in VELDEN if k != "deadline"},
                deadline=it.deadline,
            )
            session.add(a)
            session.flush()
            session.add(
                AfspraakHistorie.record(user, now, 1, {}, new, f"ingevoerd ({it.herkomst})", afspraak_code=code)
            )
            res.toegevoegd += 1
            res.sleutels.append(code)
            continue
        old = _state(a)
        if new == old:
            res.ongewijzigd += 1
            continue
        if new["status"] == "concept" and old["status"] != "concept":
            raise OngeldigeInvoer(f"afspraak {code}: een bevestigde afspraak kan niet terug naar 'concept'")
        _explain_check(code, old, new, today, new["toelichting"] != old["toelichting"])
        _write(
            session,
            user,
            a,
            new,
            new["toelichting"] if new["toelichting"] != old["toelichting"] else None,
            today,
            now,
            a.versie,
        )
        res.gewijzigd += 1
        res.sleutels.append(code)
    session.flush()
    return res


def import_afspraken(
    session: Session,
    user: Gebruiker | None,
    data: bytes,
    filename: str,
    today: date | None = None,
    now: datetime | None = None,
) -> ImportResultaat:
    """Import a structured file (YAML, CSV, xlsx); see :func:`wbs.monitor.afspraken.read_structured`."""
    return save_afspraken(session, user, read_structured(data, filename), today, now)


def import_plantoets(
    session: Session,
    user: Gebruiker | None,
    data: bytes | str | dict,
    eigenaar: str | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> ImportResultaat:
    """Draft agreements (status ``concept``) from a Plantoets result's passages of strength ``afspraak``.

    Drafts already in the register (same id) are left as they are, so importing a result twice adds nothing.
    """
    rules.check_text(eigenaar)
    items = from_plantoets(data, eigenaar)
    if not items:
        raise OngeldigeInvoer("het Plantoets-resultaat heeft geen passages met sterkte 'afspraak'")
    fresh = [i for i in items if session.get(AfspraakRij, i.id) is None]
    res = save_afspraken(session, user, fresh, today, now) if fresh else ImportResultaat()
    res.ongewijzigd += len(items) - len(fresh)
    return res


def export_afspraken(session: Session, formaat: str) -> bytes:
    from wbs.monitor.afspraken import write_structured

    items = [
        AfspraakInvoer.model_validate({**_invoer_dict(a), "deadline": a.deadline})
        for a in session.scalars(select(AfspraakRij).order_by(AfspraakRij.code))
    ]
    return write_structured(items, formaat)


DEMO_BESTAND = "afspraken-overijssel.yaml"


def seed_demo_afspraken(session: Session, user: Gebruiker, rng, today: date, now: datetime) -> int:
    """Import the Overijssel action table as the province's (demo) agreements and give them demo statuses.

    Status changes go through :func:`update_afspraak` (history, comply-or-explain); rows without a date
    get a demo planning. Returns the number of agreements added (0 when they are already there).
    """
    data = resources.files("wbs.monitor").joinpath(f"data/{DEMO_BESTAND}").read_bytes()
    if session.scalar(select(AfspraakRij.code).where(AfspraakRij.code.like("overijssel-r%")).limit(1)):
        return 0
    res = import_afspraken(session, user, data, DEMO_BESTAND, today=today, now=now)
    codes = sorted(res.sleutels, key=lambda c: int(re.sub(r"\D", "", c) or 0))
    gepland = date(2024, 3, 1)  # the demo planning is recorded early in 2024, before any deadline passed
    for n, code in enumerate(codes):
        a = session.get(AfspraakRij, code)
        if a.periode is None:
            plan = rng.choice(["2024-Q4", "2025-Q2", "2025-Q4", "2026-Q2", "2026-Q4", "2027"])
            update_afspraak(session, user, code, periode=plan, today=gepland, now=datetime(2024, 3, 1, 9, n % 60))
        deadline = a.deadline
        keuze = rng.random()
        if keuze < 0.35:
            status, toel = "loopt", None
        elif keuze < 0.55:
            status, toel = "gereed", None
        elif keuze < 0.65:
            status, toel = "vertraagd", "Wacht op het vastgestelde gebiedsprogramma (demo-toelichting)."
        elif keuze < 0.7:
            status, toel = "afgevallen", "Opgegaan in een andere actie van de provincie (demo-toelichting)."
        else:
            status, toel = "niet-gestart", None
        if status == "gereed" and deadline and deadline < today:
            toel = "Later nagekomen dan gepland door capaciteitsgebrek (demo-toelichting)."
        if deadline and deadline < today and status in ("loopt", "niet-gestart"):
            if n % 4 == 0:  # a few stay overdue without explanation, to show the signal
                continue
            toel = "Loopt uit; nieuwe planning in het volgende kwartaal (demo-toelichting)."
        if status == "niet-gestart" and toel is None:
            continue
        bewijs = f"Demo: besluit GS Overijssel {2024 + n % 2}/{100 + n}" if status == "gereed" else None
        update_afspraak(
            session,
            user,
            code,
            status=status,
            bewijs=bewijs,
            toelichting=toel,
            today=today,
            now=now.replace(minute=n % 60),
        )
    return res.toegevoegd
