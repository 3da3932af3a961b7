"""Login sessions (signed cookie via Starlette's SessionMiddleware) and synchronizer-token CSRF."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from wbs.config import data_dir, settings
from wbs.fouten import GeenToegang
from wbs.monitor import service
from wbs.monitor.models import Gebruiker


def session_secret() -> str:
    """``WBS_SECRET_KEY``, else a random key persisted (mode 0600) in the data folder."""
    sleutel = settings().secret_key
    if sleutel:
        return sleutel
    pad = data_dir() / "secret.key"
    if not pad.exists():
        pad.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        pad.chmod(0o600)
    return pad.read_text(encoding="utf-8").strip()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, token: str | None) -> None:
    verwacht = request.session.get("csrf")
    if not verwacht or not token or not hmac.compare_digest(verwacht, token):
        raise GeenToegang(
            "Het formulier is verlopen of niet afkomstig van deze site (CSRF-controle). "
            "Laad de pagina opnieuw en probeer het nog eens."
        )


def current_user(request: Request, session: Session) -> Gebruiker | None:
    """The logged-in user: the cookie names a server-side session that must still be valid (logout, a new
    password or a blocked account end it, whatever the cookie says)."""
    user = service.user_for_session(session, request.session.get("sessie"))
    if user is None:
        request.session.pop("sessie", None)
    return user


def log_in(request: Request, session: Session, user: Gebruiker) -> None:
    request.session.clear()  # new session content on login: no fixation of an old CSRF token
    request.session["sessie"] = service.start_session(session, user)
    session.commit()
    csrf_token(request)


def log_out(request: Request, session: Session) -> None:
    service.end_session(session, request.session.get("sessie"))
    session.commit()
    request.session.clear()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "onbekend"
