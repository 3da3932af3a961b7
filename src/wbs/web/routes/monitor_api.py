"""JSON API of the Borgingsmonitor (``/api/monitor/...``), a thin layer over ``wbs.monitor.service``.

Reads are public; writes need ``Authorization: Bearer <token>`` (``wbs monitor token maak``)
and follow the same permission rules as the web pages (invoerder: own organisation only).
Domain errors answer 4xx with ``{"detail": "<Dutch message>"}``; a stale ``versie`` gives 409.
Every write is committed before the answer is sent, so an acknowledged change is durable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from fastapi import APIRouter, Body, Depends, Header, Path, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from wbs.fouten import GeenToegang, NietGevonden, NietIngelogd
from wbs.kader.models import KEUZE_NUMMERS, KeuzeNr
from wbs.monitor import cache, db, service
from wbs.monitor.models import Gebruiker
from wbs.monitor.schemas import (
    Dashboard,
    Filters,
    GebruikerInfo,
    GroepeerOp,
    HistorieItem,
    KpiWaarde,
    Organisatie,
    RoadmapGroep,
    Rol,
    StapDetail,
    StapVoortgang,
    Status,
    TokenInfo,
)
from wbs.web.database import get_session, write
from wbs.web.downloads import attachment
from wbs.web.fouten import error_responses

router = APIRouter(prefix="/api/monitor", tags=["monitor"])


_FOUTEN = error_responses(
    {
        400: "Onleesbaar verzoek (geen geldige JSON)",
        401: "Niet ingelogd (geen of ongeldig token)",
        403: "Geen toegang voor deze gebruiker",
        404: "Niet gevonden",
        409: "Conflict: de stap is intussen door een ander gewijzigd",
        422: "Ongeldige invoer of toelichting vereist (pas toe of leg uit)",
    }
)
_ONGELDIG = error_responses({422: "Ongeldige invoer"})


def optional_user(
    authorization: str | None = Header(None, description="Bearer <API-token>"),
    session: Session = Depends(get_session),
) -> Gebruiker | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NietIngelogd("gebruik de kop 'Authorization: Bearer <token>'")
    user = service.user_for_token(session, token)
    # Give the connection back before the endpoint waits for a worker thread: a request holding a pooled
    # connection between two thread-pool calls can deadlock the server (every thread waiting for a connection
    # held by requests that wait for a thread) until the pool timeout. The session keeps ``user`` loaded
    # (expire_on_commit=False); the endpoint checks out a connection again when it needs one.
    session.commit()
    if user is None:
        raise NietIngelogd("onbekend of ingetrokken API-token")
    return user


def required_user(user: Gebruiker | None = Depends(optional_user)) -> Gebruiker:
    if user is None:
        raise NietIngelogd("log in met een API-token: 'Authorization: Bearer <token>'")
    return user


T = TypeVar("T")


@dataclass
class Actor:
    """Who acts in an endpoint that needs a token: the user behind the API token, and the request's session."""

    user: Gebruiker
    session: Session

    def write(self, change: Callable[[Session, Gebruiker], T]) -> T:
        """Run ``change(session, user)`` and commit before answering (retried while the database is busy)."""
        return write(self.session, lambda: change(self.session, self.user))


def actor(user: Gebruiker = Depends(required_user), session: Session = Depends(get_session)) -> Actor:
    return Actor(user, session)


def _require_admin(user: Gebruiker) -> None:
    if user.rol != "beheerder":
        raise GeenToegang(f"alleen een beheerder mag dit; {user.gebruikersnaam} is {user.rol}")


def filters_from_query(
    thema: str | None = Query(None, max_length=100, description="Thema, bijv. 'Water en Bodem'"),
    keuze: int | None = Query(None, ge=KEUZE_NUMMERS[0], le=KEUZE_NUMMERS[-1], description="Structurerende keuze 1-33"),
    maatregel: str | None = Query(None, max_length=64),
    spoor: Literal["I", "II"] | None = Query(None),
    domein: str | None = Query(None, max_length=200),
    gebied: str | None = Query(None, max_length=64),
    organisatie: str | None = Query(None, max_length=64, description="Organisatiecode, bijv. 'drenthe'"),
    soort: str | None = Query(None, max_length=32, description="provincie, rijk, waterschap ..."),
    status: Status | None = Query(None),
    jaar: int | None = Query(None, ge=1900, le=2200, description="Jaar van de deadline"),
    achterstallig: bool | None = Query(None),
    zoek: str | None = Query(None, max_length=200),
) -> Filters:
    return Filters(
        thema=thema,
        keuze=keuze,
        maatregel=maatregel,
        spoor=spoor,
        domein=domein,
        gebied=gebied,
        organisatie=organisatie,
        soort=soort,
        status=status,
        jaar=jaar,
        achterstallig=achterstallig,
        zoek=zoek,
    )


MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml; charset=utf-8",
}


def download(inhoud: bytes, naam: str, formaat: str) -> Response:
    """An attachment ``<naam>.<formaat>`` with the media type of its format."""
    return attachment(inhoud, f"{naam}.{formaat}", MEDIA[formaat])


PEILDATUM = Query(None, description="Peildatum (standaard vandaag), JJJJ-MM-DD")


@dataclass
class ListQuery:
    """What every list endpoint reads: the filters, the peildatum and a session."""

    filters: Filters
    peildatum: date | None
    session: Session


def list_query(
    filters: Filters = Depends(filters_from_query),
    peildatum: date | None = PEILDATUM,
    session: Session = Depends(get_session),
) -> ListQuery:
    return ListQuery(filters, peildatum, session)


def _list_endpoint(pad: str, samenvatting: str, lees: Callable[[ListQuery], list[StapVoortgang]]) -> None:
    """A GET endpoint that answers a filtered list of step records."""

    def endpoint(q: ListQuery = Depends(list_query)) -> list[StapVoortgang]:
        return lees(q)

    router.add_api_route(
        pad,
        endpoint,
        methods=["GET"],
        response_model=list[StapVoortgang],
        summary=samenvatting,
        responses=_ONGELDIG,
        name=f"api{pad.replace('/', '_').replace('-', '_')}",
    )


_list_endpoint(
    "/stappen",
    "Voortgang per stap en overheid (filters)",
    lambda q: service.list_stappen(q.session, q.filters, q.peildatum),
)
_list_endpoint(
    "/achterstand", "Stappen met verstreken deadline", lambda q: service.overdue(q.session, q.peildatum, q.filters)
)
_list_endpoint(
    "/dit-kwartaal",
    "Stappen met deadline dit kwartaal",
    lambda q: service.due_this_quarter(q.session, q.peildatum, q.filters),
)


class StapWijziging(BaseModel):
    """A change of progress; ``versie`` is the version the client read (conflict detection)."""

    model_config = ConfigDict(extra="forbid")

    versie: int = Field(ge=1, le=2**31 - 1, description="De versie die u las (GET); anders 409")
    organisatie: str | None = Field(
        None, max_length=64, description="Organisatie waarvoor u rapporteert (nodig bij meerdere)"
    )
    status: Status | None = None
    percentage: int | None = Field(None, ge=0, le=100)
    mijlpaal: str | None = Field(None, max_length=500)
    toelichting: str | None = Field(
        None, max_length=5000, description="Verplicht bij vertraging, afvallen of een gemiste deadline"
    )


class NieuweGebruiker(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gebruikersnaam: str = Field(min_length=1, max_length=100)
    rol: Rol
    organisatie: str | None = Field(None, max_length=64)
    wachtwoord: str | None = Field(None, min_length=8, max_length=200)
    naam: str = Field("", max_length=200)


class NieuwToken(BaseModel):
    model_config = ConfigDict(extra="forbid")
    naam: str = Field("script", min_length=1, max_length=100)
    gebruikersnaam: str | None = Field(None, max_length=100, description="Alleen beheerder: token voor een ander")
    geldig_dagen: int = Field(90, ge=1, le=366, description="Geldigheid in dagen (standaard 90)")


class TokenAntwoord(BaseModel):
    info: TokenInfo
    token: str = Field(description="Alleen nu zichtbaar; bewaar het veilig")


class DekkingRegel(BaseModel):
    nr: KeuzeNr
    status: str = Field(min_length=1, max_length=64)


class PlantoetsInvoer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    provincie: str = Field(max_length=64)
    document: str = Field(min_length=1, max_length=500)
    dekking: list[DekkingRegel] = Field(max_length=len(KEUZE_NUMMERS), description="Eén regel per keuze")

    @field_validator("dekking")
    @classmethod
    def _once_per_keuze(cls, v: list[DekkingRegel]) -> list[DekkingRegel]:
        if len({d.nr for d in v}) != len(v):
            raise ValueError("elke keuze mag maar één keer in de dekking staan")
        return v


# -- reading -------------------------------------------------------------------------------


class MonitorInfo(BaseModel):
    migratie: str | None
    stappen: int
    voortgangsregels: int
    historie: int
    gebruikers: int


@router.get("/info", response_model=MonitorInfo, summary="Stand van de database (migratie en aantallen)")
def api_info(session: Session = Depends(get_session)) -> MonitorInfo:
    from sqlalchemy import func, select

    from wbs.monitor.models import Gebruiker as G
    from wbs.monitor.models import Historie, StapRij, Voortgang

    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return MonitorInfo(
        migratie=db.current_revision(session.get_bind()),
        stappen=count(StapRij),
        voortgangsregels=count(Voortgang),
        historie=count(Historie),
        gebruikers=count(G),
    )


@router.get("/organisaties", response_model=list[Organisatie], summary="Overheden in de monitor")
def api_organisaties(session: Session = Depends(get_session)) -> list[Organisatie]:
    return service.list_organisaties(session)


@router.get("/stappen/{stap_id}", response_model=StapDetail, responses=_FOUTEN, summary="Een stap met voortgang")
def api_stap(stap_id: str, peildatum: date | None = PEILDATUM, session: Session = Depends(get_session)) -> StapDetail:
    return service.get_stap(session, stap_id, peildatum)


@router.patch("/stappen/{stap_id}", responses=_FOUTEN, summary="Wijzig de voortgang van een stap (token vereist)")
def api_wijzig_stap(stap_id: str, wijziging: StapWijziging, a: Actor = Depends(actor)) -> StapVoortgang:
    velden = wijziging.model_dump(exclude={"versie"})
    return a.write(lambda s, u: service.update_stap(s, u, stap_id, **velden, expected_version=wijziging.versie))


@router.get(
    "/stappen/{stap_id}/historie",
    response_model=list[HistorieItem],
    responses=_FOUTEN,
    summary="Alle wijzigingen van een stap (alleen toevoegen)",
)
def api_historie(
    stap_id: str,
    organisatie: str | None = Query(None, max_length=64),
    session: Session = Depends(get_session),
) -> list[HistorieItem]:
    return service.history(session, stap_id, organisatie)


@router.get(
    "/dashboard",
    response_model=Dashboard,
    summary="Voortgang per thema, keuze, spoor en overheid",
    responses=_ONGELDIG,
)
def api_dashboard(q: ListQuery = Depends(list_query)) -> Dashboard:
    sleutel = ("dashboard", q.filters.model_dump_json(), q.peildatum, service.effective_today(None))
    return cache.cached(q.session, sleutel, lambda: service.dashboard(q.session, q.filters, q.peildatum))


@router.get(
    "/roadmap",
    response_model=list[RoadmapGroep],
    summary="Programmering van de borging per groep",
    responses=_ONGELDIG,
)
def api_roadmap(groepeer: GroepeerOp = Query("organisatie"), q: ListQuery = Depends(list_query)) -> list[RoadmapGroep]:
    return service.roadmap(q.session, groepeer, q.filters, q.peildatum)


@router.get(
    "/kpi",
    response_model=list[KpiWaarde],
    summary="KPI's (stand op 31 december van het jaar)",
    responses=_ONGELDIG,
)
def api_kpi(
    jaar: int | None = Query(None, ge=2000, le=2100),
    peildatum: date | None = PEILDATUM,
    session: Session = Depends(get_session),
) -> list[KpiWaarde]:
    return cache.cached(
        session,
        ("kpis", jaar, peildatum, service.effective_today(None)),
        lambda: service.kpis(session, jaar, peildatum),
        cache.KPI_MAX_AGE,
    )


@router.get(
    "/export",
    summary="Export van voortgang, historie en plantoetsresultaten",
    responses={
        200: {
            "content": {
                "application/json": {},
                "text/csv": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        },
        **_ONGELDIG,
    },
)
def api_export(
    formaat: Literal["json", "csv", "xlsx"] = Query("json"), session: Session = Depends(get_session)
) -> Response:
    from wbs.monitor import io as mio

    return download(mio.export_bytes(session, formaat), "borgingsmonitor", formaat)


@router.post(
    "/import",
    responses=_FOUTEN,
    summary="Voer de wijzigingen uit een (bewerkte) JSON-export in, elk met historie; fout = niets gewijzigd",
)
def api_import(
    bundel: dict = Body(..., description="Een JSON-export van de borgingsmonitor"), a: Actor = Depends(actor)
) -> dict:
    import json as _json

    from wbs.monitor import io as mio

    _require_admin(a.user)
    counts = mio.import_bytes(a.session, _json.dumps(bundel).encode("utf-8"), "json", a.user)
    a.session.commit()
    return counts


@router.get(
    "/rapport",
    response_class=HTMLResponse,
    responses=_FOUTEN,
    summary="Jaarmonitor als HTML (of PDF met formaat=pdf)",
)
def api_rapport(
    jaar: int = Query(..., ge=2000, le=2100),
    formaat: Literal["html", "pdf"] = Query("html"),
    session: Session = Depends(get_session),
) -> Response:
    from wbs.monitor import rapport

    if formaat == "pdf":
        return Response(rapport.render_pdf(session, jaar), media_type="application/pdf")
    return HTMLResponse(rapport.render_html(session, jaar))


# -- users and tokens ------------------------------------------------------------------------


@router.get("/ik", responses=_FOUTEN, summary="De gebruiker achter het token")
def api_ik(user: Gebruiker = Depends(required_user)) -> GebruikerInfo:
    return service.user_info(user)


@router.get("/gebruikers", responses=_FOUTEN, summary="Gebruikers (beheerder)")
def api_gebruikers(a: Actor = Depends(actor)) -> list[GebruikerInfo]:
    _require_admin(a.user)
    return service.list_users(a.session)


@router.post("/gebruikers", status_code=201, responses=_FOUTEN, summary="Gebruiker toevoegen (beheerder)")
def api_nieuwe_gebruiker(invoer: NieuweGebruiker, a: Actor = Depends(actor)) -> GebruikerInfo:
    _require_admin(a.user)
    info = service.create_user(a.session, **invoer.model_dump())
    a.session.commit()
    return info


@router.post(
    "/tokens", status_code=201, responses=_FOUTEN, summary="Nieuw API-token (voor uzelf; beheerder ook voor een ander)"
)
def api_nieuw_token(invoer: NieuwToken, a: Actor = Depends(actor)) -> TokenAntwoord:
    naam = invoer.gebruikersnaam or a.user.gebruikersnaam
    if naam != a.user.gebruikersnaam:
        _require_admin(a.user)
    info, token = service.create_token(a.session, naam, invoer.naam, geldig_dagen=invoer.geldig_dagen)
    a.session.commit()
    return TokenAntwoord(info=info, token=token)


@router.get("/tokens", responses=_FOUTEN, summary="API-tokens (eigen tokens; beheerder: alle)")
def api_tokens(a: Actor = Depends(actor)) -> list[TokenInfo]:
    return service.list_tokens(a.session, None if a.user.rol == "beheerder" else a.user.gebruikersnaam)


@router.delete(
    "/tokens/{token_id}",
    status_code=204,
    responses=_FOUTEN,
    summary="Trek een API-token in (eigen token; beheerder: elk token)",
)
def api_trek_token_in(token_id: int = Path(ge=1, le=2**31 - 1), a: Actor = Depends(actor)) -> Response:
    eigen = {t.id for t in service.list_tokens(a.session, a.user.gebruikersnaam)}
    if token_id not in eigen and a.user.rol != "beheerder":
        raise NietGevonden(f"token {token_id} bestaat niet of is niet van u")
    service.revoke_token(a.session, token_id)
    a.session.commit()
    return Response(status_code=204)


@router.post(
    "/plantoets",
    status_code=201,
    responses=_FOUTEN,
    summary="Sla een plantoetsresultaat van een provincie op (voedt de KPI's)",
)
def api_plantoets(invoer: PlantoetsInvoer, a: Actor = Depends(actor)) -> dict:
    if not service.can_edit(a.user, invoer.provincie):
        raise GeenToegang(f"{a.user.gebruikersnaam} mag geen plantoets voor {invoer.provincie} opslaan")
    dekking = [d.model_dump() for d in invoer.dekking]
    rid = service.save_plantoets_result(a.session, invoer.provincie, dekking, invoer.document)
    a.session.commit()
    return {"id": rid}
