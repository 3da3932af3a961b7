"""Writes of the Borgingsmonitor: the one versioned path that changes a step and records its history.

Every change of progress (web form, API, CLI, import, demo) goes through :func:`update_stap`, which checks
permissions, the comply-or-explain rule and the version the caller read, and appends a history row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor import queries, rules
from wbs.monitor.models import (
    STATUSSEN,
    Gebruiker,
    Historie,
    Organisatie,
    PlantoetsResultaat,
    Voortgang,
    changed_fields,
)
from wbs.monitor.schemas import StapVoortgang, attributes


def _state(v: Voortgang) -> dict:
    """What a change of progress can change: the fields its history row compares."""
    return attributes(v, "status", "percentage", "mijlpaal", "toelichting")


def _pick_record(session: Session, user: Gebruiker | None, stap: str, organisatie: str | None) -> Voortgang:
    rules.check_text(stap, organisatie)
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


def update_stap(
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
    rules.check_text(stap, organisatie, status, mijlpaal, toelichting)
    today, now = rules.effective_today(today), rules.effective_now(now)
    v = _editable_record(session, user, stap, organisatie)
    if expected_version is not None and expected_version != v.versie:
        raise _conflict(v, expected_version)
    toelichting = toelichting.strip() if toelichting and toelichting.strip() else None
    old = _state(v)
    new = _new_state(old, status, percentage, mijlpaal, toelichting)
    if new == old:
        raise fouten.OngeldigeInvoer(f"geen wijziging opgegeven voor stap {stap} ({v.organisatie_code})")
    _require_explanation(stap, old, new, v.stap.deadline, toelichting, today)
    return _write(session, v, user, old, new, toelichting, today, now)


def _editable_record(session: Session, user: Gebruiker | None, stap: str, organisatie: str | None) -> Voortgang:
    """The record ``user`` wants to change, once it is certain they may."""
    if user is None:
        raise fouten.NietIngelogd("log in of gebruik een API-token om voortgang te wijzigen")
    v = _pick_record(session, user, stap, organisatie)
    if not rules.can_edit(user, v.organisatie_code):
        if user.rol == "invoerder":
            raise fouten.GeenToegang(
                f"gebruiker {user.gebruikersnaam} is invoerder voor "
                f"{user.organisatie_code or 'geen organisatie'} "
                f"en mag de voortgang van {v.organisatie_code} op stap {stap} niet wijzigen"
            )
        raise fouten.GeenToegang(
            f"gebruiker {user.gebruikersnaam} heeft de rol {user.rol} en mag geen voortgang wijzigen"
        )
    return v


def _new_state(
    old: dict, status: str | None, percentage: int | None, mijlpaal: str | None, toelichting: str | None
) -> dict:
    """The record after the change, with the status/percentage rules applied (gereed = 100 %)."""
    if status is not None and status not in STATUSSEN:
        raise fouten.OngeldigeInvoer(f"onbekende status {status!r}; kies uit {', '.join(STATUSSEN)}")
    if percentage is not None and not (0 <= percentage <= 100):
        raise fouten.OngeldigeInvoer(f"percentage {percentage} moet tussen 0 en 100 liggen")
    new = dict(old)
    if status is not None:
        new["status"] = status
    if percentage is not None:
        new["percentage"] = percentage
    if mijlpaal is not None:
        new["mijlpaal"] = mijlpaal.strip() or None
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
    return new


def _require_explanation(
    stap: str, old: dict, new: dict, deadline: date | None, toelichting: str | None, today: date
) -> None:
    """Comply or explain: a delay, a drop or a missed deadline needs a real toelichting."""
    status_changed = new["status"] != old["status"]
    late_done = new["status"] == "gereed" and deadline is not None and today > deadline
    if (rules.needs_explanation(new["status"], deadline, today) or late_done) and (
        status_changed or not old["toelichting"]
    ):
        if toelichting is None or len(toelichting) < rules.MIN_TOELICHTING:
            raise fouten.UitlegVereist(rules.explain_message(stap, new["status"], deadline, today))


def _write(
    session: Session,
    v: Voortgang,
    user: Gebruiker,
    old: dict,
    new: dict,
    toelichting: str | None,
    today: date,
    now: datetime,
) -> StapVoortgang:
    """Compare-and-set the record and append its history row (both or neither)."""
    gereed_op = v.gereed_op
    if new["status"] != old["status"]:
        gereed_op = today if new["status"] == "gereed" else None
    read_version = v.versie
    result = session.execute(
        update(Voortgang)
        .where(Voortgang.id == v.id, Voortgang.versie == read_version)
        .values(
            **new, versie=read_version + 1, gewijzigd_op=now, gewijzigd_door=user.gebruikersnaam, gereed_op=gereed_op
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.expire(v)
        raise _conflict(v, read_version)
    session.add(Historie.record(user, now, read_version + 1, *changed_fields(old, new), toelichting, voortgang_id=v.id))
    session.flush()
    session.refresh(v)
    return queries.view(v, today)


def _conflict(v: Voortgang, read: int) -> fouten.Conflict:
    wie = f" door {v.gewijzigd_door}" if v.gewijzigd_door else ""
    wanneer = f" op {v.gewijzigd_op:%Y-%m-%d %H:%M}" if v.gewijzigd_op else ""
    return fouten.Conflict(
        f"stap {v.stap_code} ({v.organisatie_code}) is intussen gewijzigd{wie}{wanneer}: "
        f"u las versie {read}, "
        f"de huidige versie is {v.versie}. Laad de stap opnieuw en voer uw wijziging daarna opnieuw in; "
        "er is niets opgeslagen."
    )


def save_plantoets_result(
    session: Session, provincie: str, dekking: list[dict], document: str, now: datetime | None = None
) -> int:
    """Store a Plantoets coverage result of a provincial document (feeds the KPIs)."""
    rules.check_text(provincie, document)
    org = session.get(Organisatie, provincie)
    if org is None or org.soort != "provincie":
        raise fouten.OngeldigeInvoer(f"{provincie!r} is geen provincie; gebruik een code zoals 'drenthe'")
    if len(dekking) > len(KEUZE_NUMMERS):
        raise fouten.OngeldigeInvoer(f"de dekking heeft {len(dekking)} regels; hoogstens één per keuze (33)")
    clean: dict[int, dict] = {}
    for item in dekking:
        try:
            nr, status = int(item["nr"]), str(item["status"])
        except (KeyError, TypeError, ValueError) as exc:
            raise fouten.OngeldigeInvoer(f"dekking-regel {str(item)[:80]} mist 'nr' of 'status'") from exc
        if nr not in KEUZE_NUMMERS:
            raise fouten.OngeldigeInvoer(f"keuze {nr} bestaat niet; kies 1 tot en met 33")
        if nr in clean:
            raise fouten.OngeldigeInvoer(f"keuze {nr} staat twee keer in de dekking")
        if len(status) > 64:
            raise fouten.OngeldigeInvoer(f"de status van keuze {nr} is te lang (hoogstens 64 tekens)")
        rules.check_text(status)
        clean[nr] = {"nr": nr, "status": status}
    row = PlantoetsResultaat(
        provincie=provincie, document=document, tijdstip=rules.effective_now(now), dekking=list(clean.values())
    )
    session.add(row)
    session.flush()
    return row.id
