"""The Borgingsmonitor's public functions, gathered from the modules that hold them (one import for callers).

Every function takes an open SQLAlchemy ``Session`` first; the caller owns the transaction (use
``with wbs.monitor.db.session_scope() as s:``, which commits on success and rolls back on error). Domain errors
are the kinds of :mod:`wbs.fouten` (Dutch message, HTTP status). ``today`` / ``now`` make results deterministic.

Where each job lives
    :mod:`wbs.monitor.rules`     what "today" is, overdue, comply-or-explain, who may edit, acceptable text
    :mod:`wbs.monitor.queries`   read models: steps, step detail, history, dashboard, roadmap
    :mod:`wbs.monitor.kpi`       KPIs and the state at a past date (from the history)
    :mod:`wbs.monitor.writes`    the one versioned write path with history (``update_stap``), plantoets results
    :mod:`wbs.monitor.accounts`  users, passwords, API tokens

Reading
    list_organisaties(s) -> list[Organisatie]
    list_stappen(s, filters: Filters | None, today) -> list[StapVoortgang]   (step x organisation)
    get_stap(s, stap, today) -> StapDetail                                  (NietGevonden)
    history(s, stap, organisatie=None) -> list[HistorieItem]                (oldest first)
    dashboard(s, filters, today) -> Dashboard
    overdue(s, today, filters) / due_this_quarter(s, today, filters) -> list[StapVoortgang]
    roadmap(s, group_by, filters, today) -> list[RoadmapGroep]
    kpis(s, jaar, today) -> list[KpiWaarde]    (definitions in data/kpi.yaml)

Writing
    update_stap(s, user, stap, organisatie=None, status=None, percentage=None, mijlpaal=None,
                toelichting=None, expected_version=None, today=None, now=None) -> StapVoortgang
        raises NietIngelogd / GeenToegang / NietGevonden / OngeldigeInvoer /
        UitlegVereist (comply or explain) / Conflict (expected_version is stale; HTTP 409)
    save_plantoets_result(s, provincie, dekking=[{"nr": 1, "status": "..."}], document) -> int

Users and tokens
    create_user, authenticate, user_for_token, user_info, get_user, list_users, set_password, set_active,
    create_token, list_tokens, revoke_token, can_edit

Permission rule: a ``beheerder`` may change every record; an ``invoerder`` only records of their own
organisation (progress is kept per step x organisation); a ``lezer`` nothing.
"""

from __future__ import annotations

from wbs.monitor.accounts import (
    authenticate,
    check_login_allowed,
    create_token,
    create_user,
    end_session,
    get_user,
    list_tokens,
    list_users,
    record_failed_login,
    revoke_token,
    set_active,
    set_password,
    start_session,
    user_for_session,
    user_for_token,
    user_info,
)
from wbs.monitor.kpi import kpis
from wbs.monitor.queries import (
    GROUPINGS,
    dashboard,
    due_this_quarter,
    get_stap,
    group,
    history,
    list_organisaties,
    list_stappen,
    overdue,
    roadmap,
    tally,
)
from wbs.monitor.rules import AFGEROND, MIN_TOELICHTING, can_edit, effective_today, quarter_bounds
from wbs.monitor.schemas import Filters
from wbs.monitor.writes import save_plantoets_result, update_stap

__all__ = [
    "AFGEROND",
    "Filters",
    "GROUPINGS",
    "check_login_allowed",
    "end_session",
    "record_failed_login",
    "start_session",
    "user_for_session",
    "MIN_TOELICHTING",
    "authenticate",
    "can_edit",
    "create_token",
    "create_user",
    "dashboard",
    "due_this_quarter",
    "effective_today",
    "get_stap",
    "get_user",
    "group",
    "history",
    "kpis",
    "list_stappen",
    "list_tokens",
    "list_users",
    "list_organisaties",
    "overdue",
    "quarter_bounds",
    "revoke_token",
    "roadmap",
    "save_plantoets_result",
    "set_active",
    "set_password",
    "tally",
    "update_stap",
    "user_for_token",
    "user_info",
]
