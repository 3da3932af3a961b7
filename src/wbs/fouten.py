"""The one error base of WBS: a Dutch message for the user and a kind that says what went wrong.

Every capability raises a subclass of :class:`WbsFout`; each front-end has one handler that turns it
into its own form (the CLI prints the message and exits with code 2; the web answers the HTTP status of
the kind, JSON under ``/api`` and a Dutch page or fragment elsewhere). No route or command translates
errors by hand.
"""

from __future__ import annotations

from typing import ClassVar


class WbsFout(Exception):
    """Base class: ``str(exc)`` (also ``exc.bericht``) is the Dutch message; ``http_status`` the matching code."""

    http_status: ClassVar[int] = 422
    soort: ClassVar[str] = "ongeldige-invoer"

    def __init__(self, bericht: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.headers = headers or {}


class OngeldigeInvoer(WbsFout):
    """The input cannot be used (bad geometry, unknown function, unreadable document ...)."""


class UitlegVereist(OngeldigeInvoer):
    """Comply or explain: a missed deadline, delay or dropped step needs a toelichting."""

    soort = "uitleg-vereist"


class NietGevonden(WbsFout):
    http_status = 404
    soort = "niet-gevonden"


class NietIngelogd(WbsFout):
    """No (valid) credentials for an action that needs them."""

    http_status = 401
    soort = "niet-ingelogd"


class GeenToegang(WbsFout):
    http_status = 403
    soort = "geen-toegang"


class Conflict(WbsFout):
    """Someone else changed the record since the client read it (version mismatch), or the state forbids it."""

    http_status = 409
    soort = "conflict"


class TeGroot(WbsFout):
    """The request or file is larger than the server accepts."""

    http_status = 413
    soort = "te-groot"


class TeDruk(WbsFout):
    """The server is busy (database or worker pool full): try again after ``Retry-After`` seconds."""

    http_status = 503
    soort = "te-druk"

    def __init__(self, bericht: str, *, na_seconden: int = 2) -> None:
        super().__init__(bericht, headers={"Retry-After": str(na_seconden)})
