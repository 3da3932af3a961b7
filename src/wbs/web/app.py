"""FastAPI application factory.

Each capability contributes one router from ``wbs.web.routes``; adding a capability
means adding a module there and one line in :data:`ROUTERS`.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from wbs import __version__
from wbs.web.routes import kader, locatie, locatie_scan, monitor, monitor_api, plan, plan_review
from wbs.web.templating import STATIC_DIR, templates

ROUTERS = (kader.router, locatie.router, locatie_scan.router, plan.router, plan_review.router, monitor.router,
           monitor_api.router)

OPENAPI_TAGS = [
    {"name": "kader", "description": "De 33 structurerende keuzes, maatregelen en concrete stappen."},
    {"name": "locatie", "description": "Locatietoets: regels uit WBS en provincies op een plangebied."},
    {"name": "plan", "description": "Plantoets: een beleidsdocument getoetst aan de 33 keuzes."},
    {"name": "monitor", "description": "Borgingsmonitor: voortgang per maatregel, stap en overheid."},
]


def create_app() -> FastAPI:
    app = FastAPI(
        title="WBS - Water en Bodem Sturend",
        version=__version__,
        description="Kader, locatietoets, plantoets en borgingsmonitor voor Water en Bodem Sturend.",
        openapi_tags=OPENAPI_TAGS,
    )
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Signed-cookie sessions for the monitor's web login (CSRF tokens live in the session too).
    from starlette.middleware.sessions import SessionMiddleware

    from wbs.monitor.web.sessie import geheime_sleutel

    app.add_middleware(SessionMiddleware, secret_key=geheime_sleutel(), session_cookie="wbs_sessie",
                       same_site="lax", https_only=False, max_age=8 * 3600)

    @app.exception_handler(StarletteHTTPException)
    async def http_fout(request: Request, exc: StarletteHTTPException):
        # A body that is not JSON/multipart at all: the same Dutch 422 as any other malformed input,
        # instead of FastAPI's English 400.
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            return JSONResponse({"detail": "Het verzoek is onleesbaar: stuur geldige JSON of een geldig "
                                           "multipart-formulier."}, status_code=422)
        return await http_exception_handler(request, exc)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "home.html", {"actief": "home"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    for router in ROUTERS:
        app.include_router(router)
    return app
