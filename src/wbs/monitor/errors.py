"""Dutch domain errors of the Borgingsmonitor.

Every error carries a Dutch message for the user and an HTTP status so the API, the CLI
(exit code 2) and the web pages can report it the same way.
"""

from __future__ import annotations


class MonitorFout(Exception):
    """Base class: ``str(exc)`` is the Dutch message; ``http_status`` the matching HTTP code."""

    http_status = 400

    def __init__(self, bericht: str) -> None:
        super().__init__(bericht)
        self.bericht = bericht


class NietGevonden(MonitorFout):
    http_status = 404


class NietIngelogd(MonitorFout):
    """No (valid) credentials given for an action that needs them."""

    http_status = 401


class GeenToegang(MonitorFout):
    http_status = 403


class Conflict(MonitorFout):
    """Someone else changed the record since the client read it (version mismatch)."""

    http_status = 409


class UitlegVereist(MonitorFout):
    """Comply or explain: a missed deadline, delay or dropped step needs a toelichting."""

    http_status = 422


class OngeldigeInvoer(MonitorFout):
    http_status = 422
