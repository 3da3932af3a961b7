"""One error path for the web: domain errors, HTTP errors and request-validation errors.

Under ``/api`` every error is ``{"detail": "<Dutch message>"}`` with the status of its kind; pages get a
Dutch error page, and htmx requests (``HX-Request``) a fragment that the page swaps in where the result
would have gone. No route translates errors by hand.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from wbs.fouten import WbsFout, dutch_validation_error

log = logging.getLogger("wbs.web")

_STATUS_TEKST = {
    400: "Het verzoek is onleesbaar.",
    401: "Log eerst in.",
    403: "U hebt geen toegang tot deze pagina.",
    404: "Deze pagina bestaat niet.",
    405: "Deze bewerking kan hier niet.",
    409: "Conflict: de gegevens zijn intussen gewijzigd.",
    413: "Het verzoek is te groot.",
    422: "De invoer is ongeldig.",
    429: "Te veel pogingen; wacht even en probeer het opnieuw.",
    503: "De server is even te druk; probeer het zo opnieuw.",
}


# The body of every error under ``/api`` (no docstring: it would become the schema's description).
class Fout(BaseModel):
    detail: str = Field(description="Foutmelding in het Nederlands")


def error_responses(descriptions: dict[int, str]) -> dict[int, dict]:
    """The ``responses`` of an API route: each status with its description and the :class:`Fout` body."""
    return {status: {"model": Fout, "description": tekst} for status, tekst in descriptions.items()}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/api", "/openapi.json")


# htmx targets whose content must survive an error: the error fragment goes into a message slot inside them
# instead of replacing them (the Plantoets result holds the reviewer's place in a long document)
FOUTPLEK = {"planresultaat": "#planresultaat-fout"}


def _html(request: Request, status: int, bericht: str, headers: dict[str, str] | None = None) -> Response:
    from wbs.web.templating import templates

    if request.headers.get("HX-Request"):
        plek = FOUTPLEK.get(request.headers.get("HX-Target", ""))
        if plek:
            headers = (headers or {}) | {"HX-Retarget": plek, "HX-Reswap": "innerHTML"}
        return templates.TemplateResponse(request, "_fout.html", {"fout": bericht}, status_code=status, headers=headers)
    return templates.TemplateResponse(
        request, "fout.html", {"fout": bericht, "status": status}, status_code=status, headers=headers
    )


def error_response(request: Request, status: int, bericht: str, headers: dict[str, str] | None = None) -> Response:
    """The answer for an error: JSON under ``/api``, a Dutch page or htmx fragment elsewhere."""
    headers = dict(headers or {})
    if status == 401 and is_api(request):
        headers.setdefault("WWW-Authenticate", "Bearer")
    if is_api(request):
        return JSONResponse({"detail": bericht}, status_code=status, headers=headers or None)
    return _html(request, status, bericht, headers or None)


def install(app: FastAPI) -> None:
    """Register the one handler per kind of error on ``app``."""

    @app.exception_handler(WbsFout)
    async def domain_error(request: Request, exc: WbsFout) -> Response:
        return error_response(request, exc.http_status, exc.bericht, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = "ongeldige invoer: " + "; ".join(dutch_validation_error(e) for e in exc.errors()[:10])
        return error_response(request, 422, detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        # Starlette/FastAPI's own 400s ("There was an error parsing the body", "Invalid multipart data.") are
        # malformed input like any other: the same Dutch 422.
        if exc.status_code == 400 and (detail or "").isascii():
            return error_response(
                request, 422, "Het verzoek is onleesbaar: stuur geldige JSON of een geldig multipart-formulier."
            )
        # FastAPI/Starlette's own English texts ("Not Found", "Method Not Allowed") become Dutch
        if not detail or detail.isascii() and detail.split()[0] in ("Not", "Method", "Unauthorized", "Forbidden"):
            detail = _STATUS_TEKST.get(exc.status_code, "Er ging iets mis met dit verzoek.")
        return error_response(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def database_busy(request: Request, exc: Exception) -> Response:
        from wbs.monitor.db import is_busy

        if is_busy(exc):
            return error_response(
                request,
                503,
                "De database is even te druk; probeer het over enkele seconden opnieuw.",
                {"Retry-After": "2"},
            )
        return await unexpected_error(request, exc)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The last line of defence: log the trace for the operator, never show it (or a path) to the user.
        log.exception("onverwachte fout bij %s %s", request.method, request.url.path)
        return error_response(
            request,
            500,
            "Er ging iets mis op de server. De fout is gelogd; probeer het later opnieuw of meld het aan de beheerder.",
        )


def page_error(request: Request, status: int, bericht: str) -> HTMLResponse:
    """For routes that want to answer with the Dutch error page/fragment directly."""
    return _html(request, status, bericht)  # type: ignore[return-value]
