"""Plantoets pages (``/plan``: upload, progress, coverage matrix) and API (``POST /api/plan/toets``)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from wbs.plan import taken
from wbs.plan.fouten import PlanFout
from wbs.plan.ingest import MAX_BYTES, lees_bytes
from wbs.plan.rapport import naar_html, naar_pdf
from wbs.plan.toets import Toetsresultaat, toets_document
from wbs.web.templating import templates

router = APIRouter()

# Provincial documents shipped in wbs.bronnen that a visitor can assess with one click.
VOORBEELDEN = {
    "omgevingsvisie-drenthe.txt": "Omgevingsvisie Drenthe",
    "overijssel-water-bodem-acties.txt": "Overijssel: acties water en bodem",
}


async def _lees_upload(bestand: UploadFile):
    data = await bestand.read(MAX_BYTES + 1)
    try:
        return lees_bytes(data, bestand.filename or "upload", bestand.filename or "upload")
    except PlanFout as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post("/api/plan/toets", tags=["plan"], response_model=Toetsresultaat,
             summary="Toets een document (multipart upload) aan de 33 structurerende keuzes",
             responses={422: {"description": "Onleesbaar, leeg, versleuteld of niet-ondersteund document"}})
async def api_toets(bestand: UploadFile = File(..., description="PDF, DOCX, HTML, TXT of Markdown")) -> Toetsresultaat:
    return toets_document(await _lees_upload(bestand))


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_pagina(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "plan/index.html", {"actief": "plan", "voorbeelden": VOORBEELDEN})


@router.post("/plan/voorbeeld", response_class=HTMLResponse, include_in_schema=False)
def plan_voorbeeld(request: Request, bestand: str = Form(...)) -> HTMLResponse:
    """Assess one of the shipped provincial documents (no upload needed)."""
    if bestand not in VOORBEELDEN:
        return templates.TemplateResponse(request, "plan/_fout.html",
                                          {"fout": f"Onbekend voorbeelddocument {bestand!r}."}, status_code=422)
    data = resources.files("wbs.bronnen").joinpath(bestand).read_bytes()
    taak = taken.start(lees_bytes(data, bestand, bestand), VOORBEELDEN[bestand])
    return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})


@router.post("/plan/upload", response_class=HTMLResponse, include_in_schema=False)
async def plan_upload(request: Request, bestand: UploadFile = File(...)) -> HTMLResponse:
    data = await bestand.read(MAX_BYTES + 1)
    try:
        doc = lees_bytes(data, bestand.filename or "upload", bestand.filename or "upload")
    except PlanFout as exc:
        return templates.TemplateResponse(request, "plan/_fout.html", {"fout": str(exc)}, status_code=422)
    taak = taken.start(doc, bestand.filename or "upload")
    return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})


def _taak(taak_id: str) -> taken.Taak:
    taak = taken.haal(taak_id)
    if taak is None:
        raise HTTPException(404, "Deze toets is niet (meer) bekend; upload het document opnieuw.")
    return taak


@router.get("/plan/taak/{taak_id}", response_class=HTMLResponse, include_in_schema=False)
def plan_taak(request: Request, taak_id: str) -> HTMLResponse:
    taak = _taak(taak_id)
    if taak.fout:
        return templates.TemplateResponse(request, "plan/_fout.html", {"fout": taak.fout})
    if not taak.klaar.is_set():
        return templates.TemplateResponse(request, "plan/_voortgang.html", {"taak": taak})
    from wbs.web.routes.plan_review import taak_resultaat  # the review controls (issue 18)

    return taak_resultaat(request, taak)


@router.get("/plan/taak/{taak_id}/toetsadvies.{formaat}", include_in_schema=False)
def plan_advies(taak_id: str, formaat: str) -> Response:
    taak = _taak(taak_id)
    if not taak.resultaat:
        raise HTTPException(409, "De toets is nog niet klaar.")
    if formaat == "html":
        return HTMLResponse(naar_html(taak.resultaat))
    if formaat == "pdf":
        return Response(naar_pdf(taak.resultaat), media_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="toetsadvies.pdf"'})
    if formaat == "json":
        return Response(taak.resultaat.model_dump_json(indent=2), media_type="application/json")
    raise HTTPException(404, "Kies html, pdf of json.")
