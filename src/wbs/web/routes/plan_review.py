"""Review of Plantoets links on the web: the tool proposes, a reviewer decides (issue 18).

Glue between :mod:`wbs.plan.review` (what a decision means) and :mod:`wbs.monitor.plan_review`
(storage, roles, history), with the monitor's login, CSRF and API tokens:

- pages: the result of ``/plan`` gets review controls (``_resultaat.html``); ``/plan/documenten``
  lists the documents under review, ``/plan/documenten/{sha256}`` shows one; forms post decisions,
  finalise and reopen (session login + CSRF; htmx swaps the result section, without JavaScript the
  browser follows a redirect);
- JSON API under ``/api/plan/documenten``: reads are public (like the monitor's), writes need an
  ``invoerder`` or ``beheerder`` (``Authorization: Bearer <token>``, or a web session plus the
  ``X-CSRF-Token`` header); anonymous writes get 401, a ``lezer`` 403. Bad input gets a Dutch 4xx and
  stores nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from threading import Lock
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, File, Form, Header, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from wbs.fouten import Conflict, GeenToegang, NietGevonden, NietIngelogd, WbsFout
from wbs.monitor import db, service
from wbs.monitor import plan_review as opslag
from wbs.monitor.models import Gebruiker, PlanDocument
from wbs.plan import review
from wbs.plan.rapport import context, naar_html, naar_pdf
from wbs.plan.sterkte import NIVEAUS
from wbs.plan.toets import Dekking, Toetsresultaat
from wbs.web import jobs
from wbs.web.database import get_session, write
from wbs.web.downloads import attachment
from wbs.web.fouten import error_responses
from wbs.web.sessions import csrf_token, current_user
from wbs.web.templating import templates

router = APIRouter()
MAX_PASSAGES_PAGINA = 50  # cited passages per keuze on the web page (the toetsadvies shows 3)
ZOEK_MAX = 20


# -- glue ---------------------------------------------------------------------------------------------------

_RESULTATEN: OrderedDict[tuple, Toetsresultaat] = OrderedDict()
_LOCK = Lock()


def result_of(doc: PlanDocument) -> Toetsresultaat:
    """The frozen assessment of a registered document (parsed once per process: it never changes).

    The cache key holds the version and its registration, not only the row id: another database (a test,
    a second URL) numbers its documents from 1 too.
    """
    sleutel = (doc.id, doc.sha256, doc.naam, doc.geregistreerd_op, doc.geregistreerd_door)
    with _LOCK:
        res = _RESULTATEN.get(sleutel)
        if res is not None:
            _RESULTATEN.move_to_end(sleutel)
            return res
    res = Toetsresultaat.model_validate(doc.resultaat)
    with _LOCK:
        _RESULTATEN[sleutel] = res
        while len(_RESULTATEN) > 16:
            _RESULTATEN.popitem(last=False)
    return res


def beoordeling_van(s: Session, doc: PlanDocument) -> review.Beoordeling:
    besl = [review.Beslissing.model_validate(b.model_dump()) for b in opslag.decisions(s, doc)]
    v = opslag.finalisation(s, doc)
    vast = review.Vaststelling(door=v.gebruiker, op=v.tijdstip, notitie=v.notitie) if v else None
    return review.pas_toe(result_of(doc), besl, vast)


def documentnaam(res: Toetsresultaat) -> str:
    """A document version is its SHA-256 plus its file name (without folders)."""
    return Path(res.document.pad or "document").name or "document"


def register(s: Session, user: Gebruiker | None, res: Toetsresultaat, naam: str | None = None) -> PlanDocument:
    naam = naam or documentnaam(res)
    opslag.register_document(
        s,
        user,
        res.document.sha256,
        naam,
        res.model_dump(mode="json"),
        review.passage_bereiken(res),
        review.voorstellen(res),
    )
    return opslag.get_document(s, res.document.sha256, naam)


# -- JSON API -------------------------------------------------------------------------------------------------


_FOUTEN = error_responses(
    {
        400: "Onleesbaar verzoek (geen geldige JSON of multipart)",
        401: "Niet ingelogd (geen token of sessie)",
        403: "Rol lezer, of CSRF-controle mislukt",
        404: "Document niet geregistreerd",
        409: "Vastgesteld, nog open voorstellen, of intussen gewijzigd",
        422: "Ongeldige beslissing (onbekende passage of keuze, te lange notitie, ...)",
    }
)
# the API under /api/plan/documenten: every route documents the same errors (the list of documents aside)
api = APIRouter(prefix="/api/plan/documenten", tags=["plan"], responses=_FOUTEN)
NAAM = Query(None, max_length=255, description="Bestandsnaam, als dezelfde versie onder meer namen bestaat")
SHA = r"^[0-9a-f]{64}$"


class BeslissingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start_line: int = Field(ge=1, le=10_000_000, description="Eerste regel van de passage")
    end_line: int = Field(ge=1, le=10_000_000, description="Laatste regel van de passage")
    actie: Literal["accepteren", "verwerpen", "toevoegen", "sterkte", "intrekken"]
    keuze: int | None = Field(None, ge=1, le=33, description="Structurerende keuze 1-33 (niet bij actie sterkte)")
    sterkte: Literal["bindend", "afspraak", "intentie"] | None = Field(None, description="Alleen bij actie sterkte")
    notitie: str | None = Field(None, max_length=review.MAX_NOTITIE, description="Korte toelichting")
    versie: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="De versie van deze beslissing die u las (0: nog niet beslist); anders 409",
    )


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    beslissingen: list[BeslissingIn] = Field(min_length=1, max_length=opslag.MAX_BESLISSINGEN)
    versie: int | None = Field(None, ge=1, le=2**31 - 1, description="De documentversie die u las; anders 409")


class VaststellingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notitie: str | None = Field(None, max_length=review.MAX_NOTITIE)
    versie: int | None = Field(None, ge=1, le=2**31 - 1)


class ReviewStand(BaseModel):
    document: opslag.PlanDocumentInfo
    open: int = Field(description="Voorgestelde koppelingen die nog niet zijn geaccepteerd of verworpen")
    beoordeeld: int
    verworpen: int
    kan_vastgesteld_worden: bool
    vastgesteld: review.Vaststelling | None
    per_keuze: dict[int, str] = Field(description="beoordeeld, voorstel of geen (geen koppeling)")
    dekking: list[Dekking] = Field(description="Dekking na de beoordeling")
    links: list[review.LinkOordeel]
    sterktes: list[review.SterkteOordeel]
    verweesd: list[review.Beslissing]
    opgeslagen: list[opslag.BeslissingItem] = Field(default_factory=list)


def _review_state(s: Session, doc: PlanDocument, opgeslagen: list | None = None) -> ReviewStand:
    b = beoordeling_van(s, doc)
    return ReviewStand(
        document=opslag._info(s, doc),
        open=b.open,
        beoordeeld=b.beoordeeld,
        verworpen=b.verworpen,
        kan_vastgesteld_worden=b.kan_vastgesteld_worden,
        vastgesteld=b.vastgesteld,
        per_keuze=b.per_keuze,
        dekking=b.resultaat.dekking,
        links=b.links,
        sterktes=b.sterktes,
        verweesd=b.verweesd,
        opgeslagen=opgeslagen or [],
    )


class Aanvrager:
    """Who is asking: a token user, a session user (writes need the CSRF header), or nobody."""

    def __init__(self, user: Gebruiker | None, via_sessie: bool, csrf_ok: bool) -> None:
        self.user, self.via_sessie, self.csrf_ok = user, via_sessie, csrf_ok

    def writer(self) -> Gebruiker:
        if self.user is None:
            raise NietIngelogd("log in (sessie) of gebruik 'Authorization: Bearer <token>' om te beoordelen")
        if self.via_sessie and not self.csrf_ok:
            raise GeenToegang("stuur het CSRF-token van uw sessie mee in de kop X-CSRF-Token")
        if not opslag.can_review(self.user):
            raise GeenToegang(
                f"gebruiker {self.user.gebruikersnaam} heeft de rol {self.user.rol}; "
                "alleen een invoerder of beheerder mag koppelingen beoordelen",
            )
        return self.user


def aanvrager(
    request: Request,
    authorization: str | None = Header(None, description="Bearer <API-token>"),
    x_csrf_token: str | None = Header(None, description="CSRF-token van de websessie (alleen bij sessie-login)"),
    session: Session = Depends(get_session),
) -> Aanvrager:
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NietIngelogd("gebruik de kop 'Authorization: Bearer <token>'")
        user = service.user_for_token(session, token)
        if user is None:
            raise NietIngelogd("onbekend of ingetrokken API-token")
        return Aanvrager(user, False, True)
    user = current_user(request, session)
    return Aanvrager(user, user is not None, _csrf_ok(request, x_csrf_token))


def _document(s: Session, sha256: str, naam: str | None) -> PlanDocument:
    return opslag.get_document(s, sha256, naam)


@router.get(
    "/api/plan/documenten",
    tags=["plan"],
    response_model=list[opslag.PlanDocumentInfo],
    summary="Documentversies in beoordeling",
)
def api_documenten(session: Session = Depends(get_session)) -> list[opslag.PlanDocumentInfo]:
    return opslag.list_documents(session)


@api.post(
    "",
    response_model=ReviewStand,
    status_code=201,
    responses={200: {"model": ReviewStand, "description": "Al geregistreerd: de huidige stand"}},
    summary="Toets een document en registreer het voor beoordeling (invoerder of beheerder)",
)
def api_registreer(
    bestand: UploadFile = File(..., description="PDF, DOCX, HTML, TXT of Markdown"),
    wie: Aanvrager = Depends(aanvrager),
    session: Session = Depends(get_session),
) -> Response:
    from wbs.web.routes.plan import _read_upload

    user = wie.writer()
    data, naam = _read_upload(bestand)
    bestaand = opslag.find_document(session, hashlib.sha256(data).hexdigest(), naam)
    if bestaand is not None:
        return JSONResponse(_review_state(session, bestaand).model_dump(mode="json"), status_code=200)
    res = jobs.assess_in_pool(data, naam)  # read and assessed in a worker process
    doc = write(session, lambda: register(session, user, res, naam))
    return JSONResponse(_review_state(session, doc).model_dump(mode="json"), status_code=201)


@api.get(
    "/{sha256}/review",
    response_model=ReviewStand,
    summary="De beoordeling van een documentversie: elke koppeling beoordeeld of voorstel",
)
def api_review(sha256: str, naam: str | None = NAAM, session: Session = Depends(get_session)) -> ReviewStand:
    return _review_state(session, _document(session, sha256, naam))


@api.post(
    "/{sha256}/review",
    response_model=ReviewStand,
    summary="Beslissingen opslaan (alles of niets; invoerder of beheerder)",
)
def api_beslis(
    sha256: str,
    invoer: ReviewIn,
    naam: str | None = NAAM,
    wie: Aanvrager = Depends(aanvrager),
    session: Session = Depends(get_session),
) -> ReviewStand:
    user = wie.writer()
    doc = _document(session, sha256, naam)
    beslissingen = [b.model_dump() for b in invoer.beslissingen]
    # committed (durable) before we acknowledge; on an error nothing was committed
    opgeslagen = write(
        session, lambda: opslag.record_decisions(session, user, doc, beslissingen, expected_version=invoer.versie)
    )
    return _review_state(session, doc, opgeslagen)


@api.get(
    "/{sha256}/review/historie",
    response_model=list[opslag.BeslissingItem | opslag.VaststellingItem],
    summary="Alle beslissingen en vaststellingen (alleen toevoegen), oudste eerst",
)
def api_historie(
    sha256: str, naam: str | None = NAAM, session: Session = Depends(get_session)
) -> list[opslag.BeslissingItem | opslag.VaststellingItem]:
    return opslag.history(session, _document(session, sha256, naam))


def _vaststelling(
    sha256: str, naam: str | None, invoer: VaststellingIn, wie: Aanvrager, session: Session, heropen: bool
) -> ReviewStand:
    user = wie.writer()
    doc = _document(session, sha256, naam)

    def apply_change() -> None:
        if heropen:
            opslag.reopen(session, user, doc, invoer.notitie, expected_version=invoer.versie)
            return
        ok, reden = review.kan_vaststellen(beoordeling_van(session, doc))
        if not ok:
            raise Conflict(f"het toetsadvies kan niet worden vastgesteld: {reden}")
        opslag.finalise(session, user, doc, invoer.notitie, expected_version=invoer.versie)

    write(session, apply_change)
    return _review_state(session, doc)


def _api_vaststelling_route(heropen: bool):
    def route(
        sha256: str,
        invoer: VaststellingIn = Body(default_factory=VaststellingIn),
        naam: str | None = NAAM,
        wie: Aanvrager = Depends(aanvrager),
        session: Session = Depends(get_session),
    ) -> ReviewStand:
        return _vaststelling(sha256, naam, invoer, wie, session, heropen=heropen)

    return route


# finalising and reopening differ only in the flag (path, route name, status of success, summary, heropen)
for _pad, _naam, _status, _samenvatting, _heropen in (
    ("vaststelling", "api_vaststellen", 201, "Stel het toetsadvies vast (409 zolang er voorstellen open zijn)", False),
    ("heropening", "api_heropenen", 200, "Heropen een vastgesteld toetsadvies", True),
):
    api.post(
        f"/{{sha256}}/{_pad}",
        name=_naam,
        response_model=ReviewStand,
        status_code=_status,
        summary=_samenvatting,
    )(_api_vaststelling_route(_heropen))


def _api_jsonl_route(bestand: str, regels: Callable[[review.Beoordeling, PlanDocument], str]):
    def route(sha256: str, naam: str | None = NAAM, session: Session = Depends(get_session)) -> Response:
        doc = _document(session, sha256, naam)
        return attachment(regels(beoordeling_van(session, doc), doc), bestand, "application/x-ndjson")

    return route


# the two JSONL downloads of a review differ only in what they hold (file, route name, summary, lines)
for _bestand, _naam, _samenvatting, _regels in (
    (
        "beslissingen.jsonl",
        "api_export",
        "Export van de beslissingen en open voorstellen (JSONL)",
        lambda b, doc: review.naar_jsonl(b, doc.naam, doc.sha256),
    ),
    (
        "voorbeelden.jsonl",
        "api_voorbeelden",
        "Beoordeelde passages als gelabelde voorbeelden (voor --voorbeelden)",
        lambda b, doc: review.voorbeelden_jsonl(
            review.naar_voorbeelden(b, doc.naam, bron=f"beoordeling {doc.sha256[:12]}")
        ),
    ),
):
    api.get(f"/{{sha256}}/{_bestand}", name=_naam, response_class=Response, summary=_samenvatting)(
        _api_jsonl_route(_bestand, _regels)
    )


@api.get(
    "/{sha256}/toetsadvies",
    response_class=HTMLResponse,
    summary="Het toetsadvies met de beoordeling (HTML, PDF of JSON)",
)
def api_toetsadvies(
    sha256: str,
    formaat: Literal["html", "pdf", "json"] = Query("html"),
    naam: str | None = NAAM,
    session: Session = Depends(get_session),
) -> Response:
    return _advies(session, _document(session, sha256, naam), formaat)


router.include_router(api)


def _advies(s: Session, doc: PlanDocument, formaat: str) -> Response:
    b = beoordeling_van(s, doc)
    if formaat == "html":
        return HTMLResponse(naar_html(b.resultaat, b))
    if formaat == "pdf":
        return attachment(naar_pdf(b.resultaat, b), "toetsadvies.pdf", "application/pdf")
    return Response(b.model_dump_json(indent=2), media_type="application/json")


# -- web pages ----------------------------------------------------------------------------------------------


def _doc_url(sha256: str, naam: str, pad: str = "") -> str:
    return f"/plan/documenten/{sha256}{pad}?naam={quote(naam)}"


def _keuze_titles() -> list[tuple[int, str]]:
    from wbs.kader import laad_kader

    return [(k.nr, k.titel) for k in laad_kader().keuzes]


def result_context(
    request: Request,
    s: Session | None,
    *,
    res: Toetsresultaat,
    titel: str,
    doc: PlanDocument | None = None,
    taak: jobs.Taak | None = None,
    open_keuze: int | None = None,
    melding: str | None = None,
    fout: str | None = None,
    db_fout: str | None = None,
) -> dict:
    """What ``plan/_resultaat.html`` needs: the (reviewed) coverage, and the review controls if allowed."""
    user = current_user(request, s) if s is not None else None
    b = beoordeling_van(s, doc) if (doc is not None and s is not None) else review.pas_toe(res, [])
    naam = doc.naam if doc is not None else documentnaam(res)
    ctx = context(b.resultaat, max_passages=MAX_PASSAGES_PAGINA, beoordeling=b)
    return ctx | {
        "taak": taak,
        "titel": titel,
        "doc": doc,
        "naam": naam,
        "sha": res.document.sha256,
        "gebruiker": user,
        "csrf": csrf_token(request),
        "mag_beoordelen": opslag.can_review(user),
        "open_keuze": open_keuze,
        "melding": melding,
        "fout": fout,
        "db_fout": db_fout,
        "keuze_titels": _keuze_titles(),
        "sterktes": NIVEAUS,
        "doc_url": (_doc_url(res.document.sha256, naam) if doc is not None else None),
        "actie_label": review.ACTIE_LABEL,
    }


def job_result(request: Request, taak: jobs.Taak) -> HTMLResponse:
    """The result of a finished /plan job: a document already registered reopens its reviews."""
    res = taak.resultaat
    try:
        with Session(db.get_engine(), expire_on_commit=False) as s:
            doc = opslag.find_document(s, res.document.sha256, documentnaam(res))
            ctx = result_context(request, s, res=result_of(doc) if doc else res, titel=taak.naam, doc=doc, taak=taak)
    except (SQLAlchemyError, OSError):
        ctx = result_context(
            request,
            None,
            res=res,
            titel=taak.naam,
            taak=taak,
            db_fout="Beoordelen is nu niet mogelijk: de database is niet bereikbaar.",
        )
    return templates.TemplateResponse(request, "plan/_resultaat.html", ctx)


def _csrf_ok(request: Request, token: str | None) -> bool:
    verwacht = request.session.get("csrf")
    return bool(verwacht and token and hmac.compare_digest(verwacht, token))


def _respond(request: Request, s: Session, doc: PlanDocument, status: int = 200, **extra) -> Response:
    """The result section again (htmx), or back to the document page (a plain form post)."""
    htmx = bool(request.headers.get("HX-Request"))
    if not htmx and status < 400:
        anker = f"#kd-{extra['open_keuze']}" if extra.get("open_keuze") else ""
        return RedirectResponse(_doc_url(doc.sha256, doc.naam) + anker, status_code=303)
    ctx = result_context(request, s, res=result_of(doc), titel=doc.naam, doc=doc, **extra)
    if htmx:
        return templates.TemplateResponse(request, "plan/_resultaat.html", ctx, status_code=status)
    return templates.TemplateResponse(request, "plan/document.html", ctx | {"actief": "plan"}, status_code=status)


def _refusal(request: Request, s: Session, doc: PlanDocument, exc: WbsFout, **extra) -> Response:
    """A refused decision: nothing stored, the section again with the reason as a sentence."""
    s.rollback()
    return _respond(request, s, doc, exc.http_status, fout=exc.bericht[:1].upper() + exc.bericht[1:], **extra)


def _web_user(request: Request, s: Session, csrf: str | None) -> tuple[Gebruiker | None, str | None, int]:
    if not _csrf_ok(request, csrf):
        return (
            None,
            (
                "Het formulier is verlopen of niet afkomstig van deze site (CSRF-controle). "
                "Laad de pagina opnieuw en probeer het nog eens."
            ),
            403,
        )
    user = current_user(request, s)
    if user is None:
        return None, "Log eerst in als invoerder of beheerder om te beoordelen.", 401
    if not opslag.can_review(user):
        return (
            None,
            (
                f"Gebruiker {user.gebruikersnaam} heeft de rol {user.rol}; alleen een invoerder of "
                "beheerder mag koppelingen beoordelen."
            ),
            403,
        )
    return user, None, 200


@router.post("/plan/taak/{taak_id}/beoordelen", response_class=HTMLResponse, include_in_schema=False)
def web_start(
    request: Request, taak_id: str, csrf: str = Form(""), session: Session = Depends(get_session)
) -> Response:
    """Register the assessed document of a /plan job for review (the proposals are frozen from now on)."""
    taak = jobs.get(taak_id)
    if taak is None or taak.resultaat is None:
        raise NietGevonden("Deze toets is niet (meer) bekend; upload het document opnieuw.")
    user, fout, status = _web_user(request, session, csrf)
    if not fout:
        try:
            doc = write(session, lambda: register(session, user, taak.resultaat))
        except WbsFout as exc:
            session.rollback()
            fout, status = exc.bericht, exc.http_status
        else:
            melding = "De beoordeling is gestart: beslis per passage over elke voorgestelde koppeling."
            return _respond(request, session, doc, melding=melding)
    ctx = result_context(request, session, res=taak.resultaat, titel=taak.naam, taak=taak, fout=fout)
    return templates.TemplateResponse(request, "plan/_resultaat.html", ctx, status_code=status)


def _int(waarde: str | None) -> int | None:
    waarde = (waarde or "").strip()
    if not waarde:
        return None
    try:
        return int(waarde)
    except ValueError as exc:
        raise ValueError(f"{waarde!r} is geen geheel getal") from exc


@router.post("/plan/documenten/{sha256}/beslissing", response_class=HTMLResponse, include_in_schema=False)
def web_beslis(
    request: Request,
    sha256: str,
    naam: str = Form(..., max_length=255),
    csrf: str = Form(""),
    actie: str = Form(...),
    start_line: str = Form(""),
    end_line: str = Form(""),
    keuze: str = Form(""),
    nieuwe_keuze: str = Form(""),
    sterkte: str = Form(""),
    notitie: str = Form(""),
    versie: str = Form(""),
    open: str = Form(""),
    session: Session = Depends(get_session),
) -> Response:
    doc = _document(session, sha256, naam)
    try:
        open_keuze = _int(open)
    except ValueError:
        open_keuze = None
    user, fout, status = _web_user(request, session, csrf)
    if fout:
        return _respond(request, session, doc, status, fout=fout, open_keuze=open_keuze)
    try:
        nr = None
        if actie == "toevoegen":
            nr = _int(nieuwe_keuze)
        elif actie in ("accepteren", "verwerpen", "intrekken"):
            nr = _int(keuze)
        link = actie in ("accepteren", "verwerpen", "intrekken")  # decides on the link the form shows
        if actie == "alle-accepteren":  # the open proposals of one keuze, as shown on the page
            beslissingen = _open_shown(session, doc, _int(keuze), notitie)
        else:
            beslissingen = [
                {
                    "start_line": _int(start_line),
                    "end_line": _int(end_line),
                    "actie": "intrekken" if actie == "sterkte-intrekken" else actie,
                    "keuze": nr,
                    "sterkte": (sterkte or None) if actie == "sterkte" else None,
                    "notitie": notitie,
                    "versie": _int(versie) if link else None,
                }
            ]
        opgeslagen = write(session, lambda: opslag.record_decisions(session, user, doc, beslissingen))
    except ValueError as exc:
        session.rollback()
        return _respond(request, session, doc, 422, fout=f"Ongeldige invoer: {exc}.", open_keuze=open_keuze)
    except WbsFout as exc:
        return _refusal(request, session, doc, exc, open_keuze=open_keuze)
    if actie == "alle-accepteren":
        melding = f"Opgeslagen: {len(opgeslagen)} voorstel(len) van keuze {_int(keuze)} geaccepteerd."
    elif opgeslagen:
        b = opgeslagen[0]
        if b.keuze is None:
            wat = f"sterkte {b.sterkte}" if b.actie == "sterkte" else "sterkte terug naar het voorstel"
        else:
            wat = f"keuze {b.keuze} {review.ACTIE_LABEL[b.actie]}"
        melding = f"Opgeslagen: {wat} voor regels {b.start_line}-{b.end_line} (door {b.gebruiker})."
    else:
        melding = "Deze beslissing stond al zo; er is niets gewijzigd."
    return _respond(
        request, session, doc, open_keuze=open_keuze or (nr if actie == "toevoegen" else None), melding=melding
    )


def _open_shown(s: Session, doc: PlanDocument, nr: int | None, notitie: str) -> list[dict]:
    """Accept decisions for the open proposals of keuze ``nr`` among the passages the page shows for it."""
    if nr is None:
        raise ValueError("geen keuze opgegeven")
    b = beoordeling_van(s, doc)
    d = next((d for d in b.resultaat.dekking if d.nr == nr), None)
    getoond = set(d.passages[:MAX_PASSAGES_PAGINA]) if d else set()
    return [
        {
            "start_line": o.start_line,
            "end_line": o.end_line,
            "actie": "accepteren",
            "keuze": nr,
            "notitie": notitie,
            "versie": o.versie,
        }
        for o in b.links
        if o.keuze == nr and o.status == "voorstel" and o.passage in getoond
    ]


def _web_vaststelling_route(heropen: bool):
    def route(
        request: Request,
        sha256: str,
        naam: str = Form(..., max_length=255),
        csrf: str = Form(""),
        notitie: str = Form(""),
        session: Session = Depends(get_session),
    ) -> Response:
        return _web_vaststelling(request, sha256, naam, csrf, notitie, session, heropen=heropen)

    return route


for _pad, _naam, _heropen in (("vaststellen", "web_vaststellen", False), ("heropenen", "web_heropenen", True)):
    router.post(
        f"/plan/documenten/{{sha256}}/{_pad}", name=_naam, response_class=HTMLResponse, include_in_schema=False
    )(_web_vaststelling_route(_heropen))


def _web_vaststelling(
    request: Request, sha256: str, naam: str, csrf: str, notitie: str, session: Session, heropen: bool
) -> Response:
    doc = _document(session, sha256, naam)
    user, fout, status = _web_user(request, session, csrf)
    if fout:
        return _respond(request, session, doc, status, fout=fout)
    try:
        v = write(session, lambda: (opslag.reopen if heropen else opslag.finalise)(session, user, doc, notitie))
    except WbsFout as exc:
        return _refusal(request, session, doc, exc)
    wat = "heropend" if heropen else "vastgesteld"
    return _respond(request, session, doc, melding=f"Het toetsadvies is {wat} door {v.gebruiker}.")


@router.get("/plan/documenten", response_class=HTMLResponse, include_in_schema=False)
def web_documenten(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "plan/documenten.html",
        {
            "actief": "plan",
            "documenten": opslag.list_documents(session),
            "url": _doc_url,
            "gebruiker": current_user(request, session),
            "csrf": csrf_token(request),
        },
    )


@router.get("/plan/documenten/{sha256}", response_class=HTMLResponse, include_in_schema=False)
def web_document(
    request: Request,
    sha256: str,
    naam: str | None = Query(None, max_length=255),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    doc = _document(session, sha256, naam)
    ctx = result_context(request, session, res=result_of(doc), titel=doc.naam, doc=doc)
    return templates.TemplateResponse(request, "plan/document.html", ctx | {"actief": "plan"})


@router.get("/plan/documenten/{sha256}/passages", response_class=HTMLResponse, include_in_schema=False)
def web_passages(
    request: Request,
    sha256: str,
    naam: str = Query(..., max_length=255),
    zoek: str = Query("", max_length=200),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    """Passages whose text holds every search word: where a reviewer adds a keuze the tool missed."""
    doc = _document(session, sha256, naam)
    res = result_of(doc)
    woorden = [w for w in zoek.lower().split() if w]
    gevonden = [p for p in res.passages if woorden and all(w in f"{p.kop or ''} {p.tekst}".lower() for w in woorden)]
    ctx = result_context(request, session, res=res, titel=doc.naam, doc=doc)
    return templates.TemplateResponse(
        request,
        "plan/_passages.html",
        ctx | {"gevonden": gevonden[:ZOEK_MAX], "meer": max(0, len(gevonden) - ZOEK_MAX), "zoek": zoek},
    )


@router.get("/plan/documenten/{sha256}/toetsadvies.{formaat}", include_in_schema=False)
def web_toetsadvies(
    sha256: str, formaat: str, naam: str | None = Query(None, max_length=255), session: Session = Depends(get_session)
) -> Response:
    if formaat not in ("html", "pdf", "json"):
        raise NietGevonden("Kies html, pdf of json.")
    return _advies(session, _document(session, sha256, naam), formaat)
