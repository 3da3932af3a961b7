"""The rules of the Borgingsmonitor in one place: what 'today' is, when a step is overdue, when a status
needs an explanation (comply or explain), who may edit a record, which texts are acceptable."""

from __future__ import annotations

from datetime import UTC, date, datetime

from wbs import fouten
from wbs.config import settings
from wbs.monitor.models import (
    Gebruiker,
)

AFGEROND = ("gereed", "afgevallen")


MIN_TOELICHTING = 10  # characters: "n.v.t." is not an explanation


def effective_today(today: date | None) -> date:
    """``today`` if given, else ``WBS_VANDAAG`` (JJJJ-MM-DD, fixes the date for tests/demos), else today."""
    if today is not None:
        return today
    return settings().vandaag or date.today()


def effective_now(now: datetime | None) -> datetime:
    """Naive UTC (how timestamps are stored); an aware ``now`` is converted first."""
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.replace(tzinfo=None, microsecond=0)


def check_text(*values: object) -> None:
    """Reject NUL characters in text up front (PostgreSQL cannot store them; never valid input)."""
    for v in values:
        if isinstance(v, str) and "\x00" in v:
            raise fouten.OngeldigeInvoer("invoer bevat een ongeldig teken (NUL)")


def quarter_bounds(day: date) -> tuple[date, date, str]:
    q = (day.month - 1) // 3 + 1
    start = date(day.year, 3 * q - 2, 1)
    end = date(day.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    from datetime import timedelta

    return start, end - timedelta(days=1), f"{day.year}-Q{q}"


def needs_explanation(status: str, deadline: date | None, today: date) -> bool:
    if status in ("vertraagd", "afgevallen"):
        return True
    return deadline is not None and deadline < today and status != "gereed"


def is_overdue(status: str, deadline: date | None, today: date) -> bool:
    return deadline is not None and deadline < today and status not in AFGEROND


def can_edit(user: Gebruiker | None, organisatie_code: str) -> bool:
    if user is None or not user.actief:
        return False
    if user.rol == "beheerder":
        return True
    return user.rol == "invoerder" and user.organisatie_code == organisatie_code


def explain_message(stap: str, status: str, deadline: date | None, today: date) -> str:
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
