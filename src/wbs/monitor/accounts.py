"""Users, passwords and API tokens of the Borgingsmonitor (roles lezer / invoerder / beheerder).

Passwords are argon2 hashes; tokens are stored as SHA-256 only and shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.monitor import rules
from wbs.monitor.models import (
    ROLLEN,
    ApiToken,
    Gebruiker,
    Organisatie,
)
from wbs.monitor.schemas import (
    GebruikerInfo,
    TokenInfo,
)

_hasher = None


def _ph():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def _user_info(u: Gebruiker) -> GebruikerInfo:
    return GebruikerInfo(
        gebruikersnaam=u.gebruikersnaam,
        naam=u.naam,
        rol=u.rol,
        organisatie=u.organisatie_code,
        actief=u.actief,
    )


def create_user(
    session: Session,
    gebruikersnaam: str,
    rol: str,
    organisatie: str | None = None,
    wachtwoord: str | None = None,
    naam: str = "",
    now: datetime | None = None,
) -> GebruikerInfo:
    rules.check_text(gebruikersnaam, rol, organisatie, wachtwoord, naam)
    gebruikersnaam = gebruikersnaam.strip()
    if not gebruikersnaam or len(gebruikersnaam) > 100 or any(c.isspace() for c in gebruikersnaam):
        raise fouten.OngeldigeInvoer("gebruikersnaam is verplicht, zonder spaties, hoogstens 100 tekens")
    if rol not in ROLLEN:
        raise fouten.OngeldigeInvoer(f"onbekende rol {rol!r}; kies uit {', '.join(ROLLEN)}")
    if organisatie is not None and session.get(Organisatie, organisatie) is None:
        raise fouten.OngeldigeInvoer(f"onbekende organisatie {organisatie!r}; zie 'wbs monitor organisaties'")
    if rol == "invoerder" and organisatie is None:
        raise fouten.OngeldigeInvoer("een invoerder hoort bij een organisatie; geef --organisatie op")
    if wachtwoord is not None and len(wachtwoord) < 8:
        raise fouten.OngeldigeInvoer("wachtwoord moet minstens 8 tekens hebben")
    if session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)) is not None:
        raise fouten.OngeldigeInvoer(f"gebruiker {gebruikersnaam!r} bestaat al")
    u = Gebruiker(
        gebruikersnaam=gebruikersnaam,
        naam=naam,
        rol=rol,
        organisatie_code=organisatie,
        wachtwoord_hash=_ph().hash(wachtwoord) if wachtwoord else None,
        actief=True,
        aangemaakt=rules.effective_now(now),
    )
    session.add(u)
    session.flush()
    return _user_info(u)


def get_user(session: Session, gebruikersnaam: str) -> Gebruiker:
    rules.check_text(gebruikersnaam)
    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam))
    if u is None:
        raise fouten.NietGevonden(f"gebruiker {gebruikersnaam!r} bestaat niet")
    return u


def list_users(session: Session) -> list[GebruikerInfo]:
    return [_user_info(u) for u in session.scalars(select(Gebruiker).order_by(Gebruiker.gebruikersnaam))]


def set_password(session: Session, gebruikersnaam: str, wachtwoord: str) -> None:
    if len(wachtwoord) < 8:
        raise fouten.OngeldigeInvoer("wachtwoord moet minstens 8 tekens hebben")
    get_user(session, gebruikersnaam).wachtwoord_hash = _ph().hash(wachtwoord)
    session.flush()


def set_active(session: Session, gebruikersnaam: str, actief: bool) -> None:
    get_user(session, gebruikersnaam).actief = actief
    session.flush()


def authenticate(session: Session, username: str, password: str) -> Gebruiker | None:
    """The active user with this name and password, else None (no hint which part was wrong)."""
    if "\x00" in username:
        return None
    from argon2.exceptions import InvalidHashError, VerificationError

    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == username))
    if u is None or not u.actief or not u.wachtwoord_hash:
        _ph().hash("dummy-tegen-timing")  # same cost whether or not the user exists
        return None
    try:
        _ph().verify(u.wachtwoord_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _ph().check_needs_rehash(u.wachtwoord_hash):
        u.wachtwoord_hash = _ph().hash(password)
    return u


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, gebruikersnaam: str, naam: str = "script", now: datetime | None = None
) -> tuple[TokenInfo, str]:
    """A new API token; the plaintext is returned once and only its sha256 is stored."""
    rules.check_text(naam)
    u = get_user(session, gebruikersnaam)
    token = "wbs_" + secrets.token_urlsafe(32)
    row = ApiToken(
        gebruiker_id=u.id,
        naam=naam or "script",
        prefix=token[:10],
        token_hash=_token_hash(token),
        aangemaakt=rules.effective_now(now),
        ingetrokken=False,
    )
    session.add(row)
    session.flush()
    return _token_info(row, u), token


def _token_info(t: ApiToken, u: Gebruiker) -> TokenInfo:
    return TokenInfo(
        id=t.id,
        gebruikersnaam=u.gebruikersnaam,
        naam=t.naam,
        prefix=t.prefix,
        aangemaakt=t.aangemaakt,
        ingetrokken=t.ingetrokken,
    )


def user_for_token(session: Session, token: str) -> Gebruiker | None:
    if not token or "\x00" in token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token.strip())))
    if row is None or row.ingetrokken or not row.gebruiker.actief:
        return None
    return row.gebruiker


def list_tokens(session: Session, gebruikersnaam: str | None = None) -> list[TokenInfo]:
    q = select(ApiToken).join(ApiToken.gebruiker).order_by(ApiToken.id)
    if gebruikersnaam:
        q = q.where(Gebruiker.gebruikersnaam == gebruikersnaam)
    return [_token_info(t, t.gebruiker) for t in session.scalars(q)]


def revoke_token(session: Session, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise fouten.NietGevonden(f"token {token_id} bestaat niet")
    row.ingetrokken = True
    session.flush()
