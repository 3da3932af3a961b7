"""FastAPI application factory.

Each capability contributes one router from ``wbs.web.routes``; adding a capability
means adding a module there and one line in :data:`ROUTERS`.
"""

from __future__ import annotations

import sys

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from wbs import __version__
from wbs.config import achtergrondkaart_url, locatieserver_url, settings
from wbs.web import fouten
from wbs.web.middleware import CSP, BodyLimit, SameOriginWrites, SecurityHeaders
from wbs.web.routes import (
    kader,
    locatie,
    locatie_scan,
    monitor,
    monitor_api,
    monitor_uitkomsten,
    plan,
    plan_review,
    watertoets,
)
from wbs.web.templating import STATIC_DIR, templates

APP_FACTORY = "wbs.web.app:create_app"  # what uvicorn runs, for ``wbs serve`` and :func:`uvicorn_argv`


def uvicorn_argv(poort: int, *opties: str) -> list[str]:
    """The command that runs this app in a process of its own on 127.0.0.1 (as ``wbs serve`` does); tests and
    benchmarks start the server this way."""
    argv = [sys.executable, "-m", "uvicorn", APP_FACTORY, "--factory", "--host", "127.0.0.1", "--port", str(poort)]
    return [*argv, *opties]


ROUTERS = (
    kader.router,
    kader.api,
    locatie.router,
    locatie.api,
    locatie_scan.router,
    locatie_scan.api,
    plan.router,
    plan.api,
    plan_review.router,
    monitor.router,
    monitor_api.router,
    watertoets.router,
    watertoets.api,
    monitor_uitkomsten.router,
    monitor_uitkomsten.pages,
)

OPENAPI_TAGS = [
    {"name": "kader", "description": "De 33 structurerende keuzes, maatregelen en concrete stappen."},
    {"name": "locatie", "description": "Locatietoets: regels uit WBS en provincies op een plangebied."},
    {"name": "watertoets", "description": "Watertoets: procedure, berging en afvoernorm bij meer verharding."},
    {"name": "plan", "description": "Plantoets: een beleidsdocument getoetst aan de 33 keuzes."},
    {"name": "monitor", "description": "Borgingsmonitor: voortgang per maatregel, stap en overheid."},
]


def _origin(url: str | None) -> str:
    """``https://host`` of a configured URL, for the Content-Security-Policy ('' when unset)."""
    from urllib.parse import urlsplit

    if not url:
        return ""
    delen = urlsplit(url)
    return f"{delen.scheme}://{delen.netloc}" if delen.scheme in ("http", "https") and delen.netloc else ""


def create_app() -> FastAPI:
    app = FastAPI(
        title="WBS - Water en Bodem Sturend",
        version=__version__,
        description="Kader, locatietoets, plantoets en borgingsmonitor voor Water en Bodem Sturend.",
        openapi_tags=OPENAPI_TAGS,
        docs_url=None,  # served below from the bundled Swagger UI and ReDoc: no CDN, works offline
        redoc_url=None,
    )
    # web assets first, then the report package's shared stylesheet (wbs.css)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR), packages=[("wbs.rapport", "static")]), name="static")
    # Signed-cookie sessions for the monitor's web login (CSRF tokens live in the session too).
    from starlette.middleware.sessions import SessionMiddleware

    from wbs.web.sessions import session_secret

    instellingen = settings()
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(),
        session_cookie="wbs_sessie",
        same_site="lax",
        https_only=instellingen.https,
        max_age=8 * 3600,
    )
    app.add_middleware(SameOriginWrites)
    app.add_middleware(BodyLimit, max_bytes=instellingen.max_upload_mb * 1024 * 1024)
    # the Locatietoets map may load tiles from, and search addresses at, the configured servers
    app.add_middleware(
        SecurityHeaders,
        csp=CSP.format(img=_origin(achtergrondkaart_url()), connect=_origin(locatieserver_url())),
        https=instellingen.https,
    )

    fouten.install(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "home.html", {"actief": "home"})

    # the API documentation, both forms from the bundled assets
    api_pagina = {"openapi_url": app.openapi_url, "title": f"{app.title} - API"}

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            **api_pagina,
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            **api_pagina,
            redoc_js_url="/static/vendor/redoc/redoc.standalone.js",
            redoc_favicon_url="/static/favicon.svg",
            with_google_fonts=False,
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    for router in ROUTERS:
        app.include_router(router)
    return app
