"""Users, passwords and API tokens of the Borgingsmonitor (roles lezer / invoerder / beheerder).

Passwords are argon2 hashes; tokens are stored as SHA-256 only and shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.monitor import rules
from wbs.monitor.models import ROLLEN, ApiToken, Gebruiker, Inlogpoging, Organisatie, Sessie
from wbs.monitor.schemas import GebruikerInfo, TokenInfo, from_row

_hasher = None


def _ph():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def user_info(u: Gebruiker) -> GebruikerInfo:
    return from_row(GebruikerInfo, u, organisatie=u.organisatie_code)


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
    return user_info(u)


def get_user(session: Session, gebruikersnaam: str) -> Gebruiker:
    rules.check_text(gebruikersnaam)
    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam))
    if u is None:
        raise fouten.NietGevonden(f"gebruiker {gebruikersnaam!r} bestaat niet")
    return u


def list_users(session: Session) -> list[GebruikerInfo]:
    return [user_info(u) for u in session.scalars(select(Gebruiker).order_by(Gebruiker.gebruikersnaam))]


def set_password(session: Session, gebruikersnaam: str, wachtwoord: str) -> None:
    """A new password ends every web session of the user (an old cookie no longer works)."""
    if len(wachtwoord) < 8:
        raise fouten.OngeldigeInvoer("wachtwoord moet minstens 8 tekens hebben")
    u = get_user(session, gebruikersnaam)
    u.wachtwoord_hash = _ph().hash(wachtwoord)
    end_sessions(session, u.id)
    session.flush()


def set_active(session: Session, gebruikersnaam: str, actief: bool) -> None:
    u = get_user(session, gebruikersnaam)
    u.actief = actief
    if not actief:
        end_sessions(session, u.id)
    session.flush()


# -- web sessions: the cookie names a server-side session, so it can be ended -----------------------------

SESSIE_DUUR = timedelta(hours=8)


def start_session(session: Session, user: Gebruiker, now: datetime | None = None) -> str:
    """A new session for ``user``; returns the key the cookie carries (only its hash is stored)."""
    now = rules.effective_now(now)
    sleutel = secrets.token_urlsafe(32)
    session.add(
        Sessie(
            sleutel_hash=_token_hash(sleutel),
            gebruiker_id=user.id,
            aangemaakt=now,
            verloopt_op=now + SESSIE_DUUR,
            ingetrokken=False,
        )
    )
    session.flush()
    return sleutel


def user_for_session(session: Session, sleutel: str | None, now: datetime | None = None) -> Gebruiker | None:
    if not sleutel or "\x00" in sleutel:
        return None
    row = session.get(Sessie, _token_hash(sleutel))
    if row is None or row.ingetrokken or row.verloopt_op <= rules.effective_now(now):
        return None
    u = session.get(Gebruiker, row.gebruiker_id)
    return u if u is not None and u.actief else None


def end_session(session: Session, sleutel: str | None) -> None:
    if sleutel:
        row = session.get(Sessie, _token_hash(sleutel))
        if row is not None:
            row.ingetrokken = True
            session.flush()


def end_sessions(session: Session, gebruiker_id: int) -> None:
    session.execute(update(Sessie).where(Sessie.gebruiker_id == gebruiker_id).values(ingetrokken=True))


# -- login throttling ------------------------------------------------------------------------------------

MAX_MISLUKT_GEBRUIKER = 5  # failed logins per user name ...
MAX_MISLUKT_ADRES = 20  # ... and per client address ...
INLOG_VENSTER = timedelta(minutes=15)  # ... within this window


def check_login_allowed(session: Session, gebruikersnaam: str, adres: str, now: datetime | None = None) -> None:
    """Refuse (429 with Retry-After) while a user name or an address has too many recent failed logins."""
    now = rules.effective_now(now)
    sinds = now - INLOG_VENSTER
    per_naam = session.scalar(
        select(func.count())
        .select_from(Inlogpoging)
        .where(Inlogpoging.gebruikersnaam == gebruikersnaam[:100], Inlogpoging.tijdstip > sinds)
    )
    per_adres = session.scalar(
        select(func.count())
        .select_from(Inlogpoging)
        .where(Inlogpoging.adres == adres[:64], Inlogpoging.tijdstip > sinds)
    )
    if per_naam >= MAX_MISLUKT_GEBRUIKER or per_adres >= MAX_MISLUKT_ADRES:
        minuten = int(INLOG_VENSTER.total_seconds() // 60)
        raise TeVeelPogingen(
            f"te veel mislukte inlogpogingen; probeer het over {minuten} minuten opnieuw",
            na_seconden=int(INLOG_VENSTER.total_seconds()),
        )


def record_failed_login(session: Session, gebruikersnaam: str, adres: str, now: datetime | None = None) -> None:
    now = rules.effective_now(now)
    session.execute(delete(Inlogpoging).where(Inlogpoging.tijdstip < now - timedelta(days=1)))
    session.add(Inlogpoging(gebruikersnaam=gebruikersnaam[:100], adres=adres[:64], tijdstip=now))
    session.flush()


class TeVeelPogingen(fouten.WbsFout):
    http_status = 429
    soort = "te-veel-pogingen"

    def __init__(self, bericht: str, *, na_seconden: int) -> None:
        super().__init__(bericht, headers={"Retry-After": str(na_seconden)})


def authenticate(session: Session, gebruikersnaam: str, wachtwoord: str) -> Gebruiker | None:
    """The active user with this name and password, else None (no hint which part was wrong)."""
    if "\x00" in gebruikersnaam:
        return None
    from argon2.exceptions import InvalidHashError, VerificationError

    u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam))
    if u is None or not u.actief or not u.wachtwoord_hash:
        _ph().hash("dummy-tegen-timing")  # same cost whether or not the user exists
        return None
    try:
        _ph().verify(u.wachtwoord_hash, wachtwoord)
    except (VerificationError, InvalidHashError):
        return None
    if _ph().check_needs_rehash(u.wachtwoord_hash):
        u.wachtwoord_hash = _ph().hash(wachtwoord)
    return u


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


TOKEN_DUUR = timedelta(days=90)
MAX_TOKENS = 10  # active tokens per user


def create_token(
    session: Session,
    gebruikersnaam: str,
    naam: str = "script",
    now: datetime | None = None,
    geldig_dagen: int | None = None,
) -> tuple[TokenInfo, str]:
    """A new API token; the plaintext is returned once and only its sha256 is stored. Tokens expire (default
    after 90 days) and a user has at most ``MAX_TOKENS`` active ones."""
    rules.check_text(naam)
    now = rules.effective_now(now)
    u = get_user(session, gebruikersnaam)
    actief = session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(
            ApiToken.gebruiker_id == u.id,
            ApiToken.ingetrokken.is_(False),
            (ApiToken.verloopt_op.is_(None)) | (ApiToken.verloopt_op > now),
        )
    )
    if actief >= MAX_TOKENS:
        raise fouten.Conflict(f"{gebruikersnaam} heeft al {actief} actieve tokens (het maximum); trek er eerst een in")
    duur = timedelta(days=geldig_dagen) if geldig_dagen else TOKEN_DUUR
    if duur > timedelta(days=366) or duur <= timedelta(0):
        raise fouten.OngeldigeInvoer("een token is 1 tot 366 dagen geldig")
    token = "wbs_" + secrets.token_urlsafe(32)
    row = ApiToken(
        gebruiker_id=u.id,
        naam=naam or "script",
        prefix=token[:10],
        token_hash=_token_hash(token),
        aangemaakt=now,
        ingetrokken=False,
        verloopt_op=now + duur,
    )
    session.add(row)
    session.flush()
    return _token_info(row, u), token


def _token_info(t: ApiToken, u: Gebruiker) -> TokenInfo:
    return from_row(TokenInfo, t, gebruikersnaam=u.gebruikersnaam)


def user_for_token(session: Session, token: str) -> Gebruiker | None:
    if not token or "\x00" in token:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token.strip())))
    if row is None or row.ingetrokken or not row.gebruiker.actief:
        return None
    if row.verloopt_op is not None and row.verloopt_op <= rules.effective_now(None):
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
