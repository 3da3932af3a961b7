"""Borgingsmonitor pages: dashboard (``/monitor``), step drill-down with editing, roadmap, login.

Reads are public (like the API); changing progress needs a web login (session cookie) and a
CSRF token, and follows the same permission rules as the API (``service.can_edit``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from wbs.fouten import NietGevonden, OngeldigeInvoer, WbsFout, dutch_validation_error
from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor import cache, service, svg
from wbs.monitor.models import STATUSSEN
from wbs.monitor.schemas import Filters
from wbs.web.database import get_session, write
from wbs.web.downloads import attachment
from wbs.web.sessions import check_csrf, client_address, csrf_token, current_user, log_in, log_out
from wbs.web.templating import templates

router = APIRouter(include_in_schema=False)

THEMAS = ("Bebouwd gebied", "Gebieden", "Water en Bodem")
JAREN = range(2023, 2031)
KWARTALEN = [f"{j}-Q{q}" for j in JAREN for q in range(1, 5)]


def _context(request: Request, session: Session, **extra) -> dict:
    user = current_user(request, session)
    org = None
    if user is not None and user.organisatie_code:
        org = next((o.naam for o in service.list_organisaties(session) if o.code == user.organisatie_code), None)
    return {
        "actief": "monitor",
        "gebruiker": user,
        "gebruiker_organisatie": org or (user.organisatie_code if user else None),
        "csrf": csrf_token(request),
        **extra,
    }


@dataclass
class FilterQuery:
    """The filter fields of a page's query string, as typed (checked by :meth:`filters`)."""

    thema: str | None = None
    keuze: str | None = None
    spoor: str | None = None
    organisatie: str | None = None
    status: str | None = None

    def filters(self) -> Filters:
        keuze = self.keuze
        if keuze and not (keuze.strip().isdigit() and int(keuze) in KEUZE_NUMMERS):
            raise OngeldigeInvoer(
                f"Ongeldig filter: keuze moet een nummer van 1 tot en met 33 zijn (niet {keuze[:20]!r})."
            )
        tekst = {k: v or None for k, v in asdict(self).items() if k != "keuze"}  # an empty field filters nothing
        try:
            return Filters(keuze=int(keuze) if keuze else None, **tekst)
        except ValidationError as exc:
            raise OngeldigeInvoer(
                "Ongeldig filter: " + "; ".join(dutch_validation_error(e) for e in exc.errors()[:5])
            ) from exc


@router.get("/monitor", response_class=HTMLResponse)
def dashboard(request: Request, q: FilterQuery = Depends(), session: Session = Depends(get_session)) -> HTMLResponse:
    f = q.filters()
    vandaag = service.effective_today(None)
    sleutel = ("dashboard", f.model_dump_json(), None, vandaag)
    d = cache.cached(session, sleutel, lambda: service.dashboard(session, f))
    kpis = cache.cached(session, ("kpis", None, None, vandaag), lambda: service.kpis(session), cache.KPI_MAX_AGE)
    grafieken = {
        "thema": svg.stacked_bars(d.per_thema, "Voortgang per thema"),
        "spoor": svg.stacked_bars(d.per_spoor, "Voortgang per spoor"),
        "soort": svg.stacked_bars(d.per_soort, "Voortgang per soort overheid"),
        "keuze": svg.stacked_bars(d.per_keuze, "Voortgang per structurerende keuze"),
    }
    ctx = _context(
        request,
        session,
        d=d,
        kpis=kpis,
        grafieken=grafieken,
        f=f,
        statussen=STATUSSEN,
        organisaties=service.list_organisaties(session),
        kpi_bar=svg.kpi_bar,
        themas=THEMAS,
        zonder_gebruikers=_without_users(session),
    )
    ctx.update(_uitkomsten(session, d, f))
    template = "monitor/_dashboard.html" if request.headers.get("HX-Request") else "monitor/dashboard.html"
    return templates.TemplateResponse(request, template, ctx)


def _uitkomsten(session: Session, d, f: Filters) -> dict:
    """Outcomes beside the process progress (issue 19): indicators with charts, agreements, plan switches."""
    from wbs.monitor.charts import indicator_chart
    from wbs.monitor.indicatoren import load_register
    from wbs.monitor.uitkomsten import metingen, views

    def compute() -> dict:
        u = views.dashboard_section(session, d.per_keuze, f)
        u["grafieken"] = {
            i.id: indicator_chart(
                load_register().get(i.id),
                metingen.metingen_for(session, i.id),
                u["regio_namen"],
                width=460,
                height=200,
            )
            for i in u["indicatoren"]
        }
        return u

    sleutel = ("uitkomsten", f.model_dump_json(), service.effective_today(None), views.data_version(session))
    return {"u": cache.cached(session, sleutel, compute)}


def _stap_page(
    request: Request,
    session: Session,
    stap: str,
    fout: str | None = None,
    invoer: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    try:
        detail = service.get_stap(session, stap)
    except NietGevonden as exc:
        raise HTTPException(404, exc.bericht) from exc
    user = current_user(request, session)
    bewerkbaar = {v.organisatie for v in detail.voortgang if service.can_edit(user, v.organisatie)}
    ctx = _context(
        request,
        session,
        s=detail,
        # newest first by the time of the change (the log's order of writing is not always the order in time)
        historie=sorted(reversed(service.history(session, stap)), key=lambda h: h.tijdstip, reverse=True),
        orgnamen={v.organisatie: v.organisatie_naam for v in detail.voortgang},
        bewerkbaar=bewerkbaar,
        statussen=STATUSSEN,
        fout=fout,
        invoer=invoer or {},
    )
    return templates.TemplateResponse(request, "monitor/stap.html", ctx, status_code=status_code)


@router.get("/monitor/stap/{stap}", response_class=HTMLResponse)
def stap_pagina(request: Request, stap: str, session: Session = Depends(get_session)) -> HTMLResponse:
    return _stap_page(request, session, stap)


@router.post("/monitor/stap/{stap}", response_class=HTMLResponse)
def stap_wijzigen(
    request: Request,
    stap: str,
    organisatie: str = Form(...),
    status: str = Form(...),
    percentage: str = Form(""),
    mijlpaal: str = Form(""),
    toelichting: str = Form(""),
    versie: int = Form(...),
    csrf: str = Form(""),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    check_csrf(request, csrf)
    user = current_user(request, session)
    invoer = {
        "organisatie": organisatie,
        "status": status,
        "percentage": percentage,
        "mijlpaal": mijlpaal,
        "toelichting": toelichting,
    }
    if user is None:
        return _stap_page(request, session, stap, "Log eerst in om voortgang te wijzigen.", invoer, 401)
    try:
        pct = int(percentage) if percentage.strip() else None
        write(
            session,
            lambda: service.update_stap(
                session,
                user,
                stap,
                organisatie=organisatie,
                status=status,
                percentage=pct,
                mijlpaal=mijlpaal.strip() or None,
                toelichting=toelichting.strip() or None,
                expected_version=versie,
            ),
        )
    except ValueError:
        session.rollback()
        return _stap_page(request, session, stap, "Percentage moet een geheel getal van 0 tot 100 zijn.", invoer, 422)
    except WbsFout as exc:
        session.rollback()
        return _stap_page(request, session, stap, exc.bericht, invoer, exc.http_status)
    return RedirectResponse(f"/monitor/stap/{stap}?gewijzigd={organisatie}#historie", status_code=303)


@router.get("/monitor/roadmap", response_class=HTMLResponse)
def roadmap(
    request: Request, groepeer: str = "keuze", q: FilterQuery = Depends(), session: Session = Depends(get_session)
) -> HTMLResponse:
    if groepeer not in ("keuze", "organisatie"):
        raise HTTPException(422, "Groepeer op 'keuze' of 'organisatie'.")
    f = q.filters()
    groepen = service.roadmap(session, groepeer, f)
    gereed_op = {(r.stap, r.organisatie): r.gereed_op for r in service.list_stappen(session, f)}
    vandaag = service.effective_today(None)
    nu = f"{vandaag.year}-Q{(vandaag.month - 1) // 3 + 1}"
    ctx = _context(
        request,
        session,
        groepen=groepen,
        kwartalen=KWARTALEN,
        groepeer=groepeer,
        f=f,
        nu=nu,
        gereed_kwartaal={k: _quarter(v) for k, v in gereed_op.items() if v},
        jaren=list(JAREN),
    )
    return templates.TemplateResponse(request, "monitor/roadmap.html", ctx)


def _quarter(d: date | None) -> str | None:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}" if d else None


def _year(jaar: str | None) -> int:
    vandaag = service.effective_today(None)
    if not jaar:
        return vandaag.year
    if not jaar.strip().isdigit() or not 2023 <= int(jaar) <= vandaag.year:
        raise OngeldigeInvoer(f"Kies een jaar van 2023 tot en met {vandaag.year}.")
    return int(jaar)


@router.get("/monitor/jaarmonitor", response_class=HTMLResponse)
def jaarmonitor(request: Request, jaar: str | None = None, session: Session = Depends(get_session)) -> HTMLResponse:
    """The annual monitor in the site: a year choice, the report itself and a PDF download."""
    from wbs.monitor import rapport

    gekozen = _year(jaar)
    ctx = _context(
        request,
        session,
        jaren=list(range(2023, service.effective_today(None).year + 1)),
        **rapport.report_context(session, gekozen),
    )
    return templates.TemplateResponse(request, "monitor/jaarmonitor.html", ctx)


@router.get("/monitor/jaarmonitor.pdf")
def jaarmonitor_pdf(jaar: str | None = None, session: Session = Depends(get_session)) -> Response:
    from wbs.monitor import rapport

    gekozen = _year(jaar)
    return attachment(rapport.render_pdf(session, gekozen), f"jaarmonitor-{gekozen}.pdf", "application/pdf")


def _without_users(session: Session) -> bool:
    """A fresh install: nobody can log in yet (the pages then say how to get demo data or a first user)."""
    from wbs.monitor.accounts import list_users

    return not list_users(session)


@router.get("/monitor/login", response_class=HTMLResponse)
def login_pagina(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    ctx = _context(request, session, fout=None, zonder_gebruikers=_without_users(session))
    return templates.TemplateResponse(request, "monitor/login.html", ctx)


@router.post("/monitor/login", response_class=HTMLResponse)
def login(
    request: Request,
    gebruikersnaam: str = Form(...),
    wachtwoord: str = Form(...),
    csrf: str = Form(""),
    session: Session = Depends(get_session),
) -> HTMLResponse:
    check_csrf(request, csrf)
    naam, adres = gebruikersnaam.strip()[:100], client_address(request)
    try:
        service.check_login_allowed(session, naam, adres)
    except WbsFout as exc:
        ctx = _context(request, session, fout=exc.bericht)
        return templates.TemplateResponse(
            request, "monitor/login.html", ctx, status_code=exc.http_status, headers=exc.headers
        )
    user = service.authenticate(session, naam, wachtwoord)
    if user is None:
        write(session, lambda: service.record_failed_login(session, naam, adres))
        ctx = _context(request, session, fout="Onbekende combinatie van gebruikersnaam en wachtwoord.")
        return templates.TemplateResponse(request, "monitor/login.html", ctx, status_code=401)
    log_in(request, session, user)
    return RedirectResponse("/monitor", status_code=303)


@router.post("/monitor/uitloggen")
def uitloggen(request: Request, csrf: str = Form(""), session: Session = Depends(get_session)) -> RedirectResponse:
    check_csrf(request, csrf)
    log_out(request, session)
    return RedirectResponse("/monitor", status_code=303)
