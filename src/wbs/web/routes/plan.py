"""Plantoets pages (``/plan``: upload, progress, coverage matrix) and API (``POST /api/plan/toets``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from wbs.fouten import NietGevonden, OngeldigeInvoer
from wbs.plan.fouten import PlanFout
from wbs.plan.inlezen import FORMATEN, MAX_BYTES
from wbs.plan.rapport import naar_html, naar_pdf
from wbs.plan.toets import Toetsresultaat
from wbs.web import jobs
from wbs.web.downloads import attachment
from wbs.web.templating import templates

router = APIRouter()
api = APIRouter(tags=["plan"])  # the API routes: their tag stated once

# Provincial documents shipped in wbs.bronnen that a visitor can assess with one click.
VOORBEELDEN = {
    "omgevingsvisie-drenthe.txt": "Omgevingsvisie Drenthe",
    "overijssel-water-bodem-acties.txt": "Overijssel: acties water en bodem",
}


def _read_upload(bestand: UploadFile) -> tuple[bytes, str]:
    """The uploaded bytes and a safe file name; format and size are checked before any parsing."""
    naam = Path(bestand.filename or "upload").name[:200] or "upload"
    if Path(naam).suffix.lower() not in FORMATEN:
        raise PlanFout(
            f"Onbekend bestandsformaat {Path(naam).suffix[:10] or '(geen extensie)'}: "
            "gebruik PDF, DOCX, HTML, TXT of Markdown."
        )
    data = bestand.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PlanFout(f"{naam} is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het document.")
    if not data.strip():
        raise PlanFout(f"{naam} is leeg.")
    return data, naam


@api.post(
    "/api/plan/toets",
    summary="Toets een document (multipart upload) aan de 33 structurerende keuzes",
    responses={422: {"description": "Onleesbaar, leeg, versleuteld of niet-ondersteund document"}},
)
def api_toets(bestand: UploadFile = File(..., description="PDF, DOCX, HTML, TXT of Markdown")) -> Toetsresultaat:
    data, naam = _read_upload(bestand)
    return jobs.assess_in_pool(data, naam)


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_pagina(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "plan/index.html", {"actief": "plan", "voorbeelden": VOORBEELDEN})


@router.post("/plan/voorbeeld", response_class=HTMLResponse, include_in_schema=False)
def plan_voorbeeld(request: Request, bestand: str = Form(...)) -> HTMLResponse:
    """Assess one of the shipped provincial documents (no upload needed)."""
    if bestand not in VOORBEELDEN:
        raise OngeldigeInvoer("Onbekend voorbeelddocument; kies er een uit de lijst.")
    data = resources.files("wbs.bronnen").joinpath(bestand).read_bytes()
    taak = jobs.start(data, bestand, VOORBEELDEN[bestand])
    return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})


@router.post("/plan/upload", response_class=HTMLResponse, include_in_schema=False)
def plan_upload(request: Request, bestand: UploadFile = File(...)) -> HTMLResponse:
    data, naam = _read_upload(bestand)
    taak = jobs.start(data, naam)
    return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})


def _job(taak_id: str) -> jobs.Taak:
    taak = jobs.get(taak_id)
    if taak is None:
        raise NietGevonden("Deze toets is niet (meer) bekend; upload het document opnieuw.")
    return taak


@router.get("/plan/taak/{taak_id}", response_class=HTMLResponse, include_in_schema=False)
def plan_taak(request: Request, taak_id: str) -> HTMLResponse:
    taak = _job(taak_id)
    if taak.fout:
        return templates.TemplateResponse(request, "_fout.html", {"fout": taak.fout})
    if not taak.klaar.is_set():
        return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})
    from wbs.web.routes.plan_review import job_result  # the review controls (issue 18)

    return job_result(request, taak)


@router.get("/plan/taak/{taak_id}/toetsadvies.{formaat}", include_in_schema=False)
def plan_advies(taak_id: str, formaat: str) -> Response:
    taak = _job(taak_id)
    if not taak.resultaat:
        raise HTTPException(409, "De toets is nog niet klaar.")
    if formaat == "html":
        return HTMLResponse(naar_html(taak.resultaat))
    if formaat == "pdf":
        return attachment(naar_pdf(taak.resultaat), "toetsadvies.pdf", "application/pdf")
    if formaat == "json":
        return Response(taak.resultaat.model_dump_json(indent=2), media_type="application/json")
    raise HTTPException(404, "Kies html, pdf of json.")
