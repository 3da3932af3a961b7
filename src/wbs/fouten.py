"""The one error base of WBS: a Dutch message for the user and a kind that says what went wrong.

Every capability raises a subclass of :class:`WbsFout`; each front-end has one handler that turns it
into its own form (the CLI prints the message and exits with code 2; the web answers the HTTP status of
the kind, JSON under ``/api`` and a Dutch page or fragment elsewhere). No route or command translates
errors by hand.
"""

from __future__ import annotations

from typing import ClassVar


class WbsFout(Exception):
    """Base class: ``str(exc)`` (also ``exc.bericht``) is the Dutch message; ``http_status`` the matching code.

    A subclass states its own status and kind in its header: ``class NietGevonden(WbsFout, http_status=404,
    soort="niet-gevonden")``; what it leaves out it inherits.
    """

    http_status: ClassVar[int] = 422
    soort: ClassVar[str] = "ongeldige-invoer"

    def __init_subclass__(cls, *, http_status: int | None = None, soort: str | None = None, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if http_status is not None:
            cls.http_status = http_status
        if soort is not None:
            cls.soort = soort

    def __init__(self, bericht: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(bericht)
        self.bericht = bericht
        self.headers = headers or {}


class OngeldigeInvoer(WbsFout):
    """The input cannot be used (bad geometry, unknown function, unreadable document ...)."""


class UitlegVereist(OngeldigeInvoer, soort="uitleg-vereist"):
    """Comply or explain: a missed deadline, delay or dropped step needs a toelichting."""


class NietGevonden(WbsFout, http_status=404, soort="niet-gevonden"):
    """What was asked for does not exist (an unknown id, keuze or file)."""


class NietIngelogd(WbsFout, http_status=401, soort="niet-ingelogd"):
    """No (valid) credentials for an action that needs them."""


class GeenToegang(WbsFout, http_status=403, soort="geen-toegang"):
    """Logged in, but the role does not allow this action."""


class Conflict(WbsFout, http_status=409, soort="conflict"):
    """Someone else changed the record since the client read it (version mismatch), or the state forbids it."""


class TeGroot(WbsFout, http_status=413, soort="te-groot"):
    """The request or file is larger than the server accepts."""


class TeDruk(WbsFout, http_status=503, soort="te-druk"):
    """The server is busy (database or worker pool full): try again after ``Retry-After`` seconds."""

    def __init__(self, bericht: str, *, na_seconden: int = 2) -> None:
        super().__init__(bericht, headers={"Retry-After": str(na_seconden)})


# pydantic error types -> Dutch wording (the rest falls back to a generic Dutch phrase, never English)
_NL = {
    "missing": "is verplicht",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_parsing": "moet een getal zijn",
    "float_type": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "bool_parsing": "moet true of false zijn",
    "bool_type": "moet true of false zijn",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "string_type": "moet tekst zijn",
    "dict_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "list_type": "moet een lijst zijn",
    "extra_forbidden": "is een onbekend veld",
    "json_invalid": "is geen geldige JSON",
    "json_type": "is geen geldige JSON",
    "union_tag_invalid": "heeft een onbekende soort",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
    "enum": "heeft een ongeldige waarde",
    "uuid_parsing": "is geen geldige id",
}

_TELWOORD = {
    1: "één",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
}


def dutch_validation_error(err: dict) -> str:
    """One pydantic error as a Dutch phrase: ``plannen moet hoogstens 20 items bevatten``."""
    loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "header", "form")]
    where = ".".join(loc) or "verzoek"
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "value_error":  # our own validators raise Dutch messages
        msg = str(err.get("msg", "is ongeldig")).removeprefix("Value error, ")
    elif kind in _NL:
        msg = _NL[kind]
    elif kind in ("less_than_equal", "less_than"):
        msg = f"mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn"
    elif kind in ("greater_than_equal", "greater_than"):
        msg = f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
    elif kind == "literal_error":
        msg = f"moet een van deze waarden zijn: {str(ctx.get('expected')).replace(' or ', ' of ')}"
    elif kind == "string_too_long":
        msg = f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    elif kind == "string_too_short":
        msg = f"is te kort (minstens {ctx.get('min_length')} teken(s))"
    elif kind == "too_long":
        n = ctx.get("max_length")
        msg = f"mag hoogstens {_TELWOORD.get(n, n)} elementen bevatten"
    elif kind == "too_short":
        n = ctx.get("min_length")
        msg = f"moet minstens {_TELWOORD.get(n, n)} elementen bevatten"
    else:
        msg = "is ongeldig"
    return f"{where} {msg}"
