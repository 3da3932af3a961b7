"""Background jobs for web uploads, so the page can show progress while a document is assessed.

The job thread only waits: reading and assessing the document run in a child process of the worker pool
(:mod:`wbs.web.workers`) with a time budget, so the server keeps answering other requests meanwhile.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from wbs.fouten import WbsFout
from wbs.plan.inlezen import lees_bytes
from wbs.plan.toets import Toetsresultaat, toets_document

MAX_JOBS = 20  # finished results kept in memory (oldest dropped first)


def assess_bytes(data: bytes, naam: str, voortgang=None) -> Toetsresultaat:
    """Read and assess one uploaded document (runs in a worker child process)."""
    return toets_document(lees_bytes(data, naam, naam), voortgang=voortgang)


def assess_in_pool(data: bytes, naam: str, progress=None) -> Toetsresultaat:
    """Assess in the worker pool with the configured budget; a document over budget gets a Dutch 422."""
    from wbs.config import settings
    from wbs.web.workers import pool

    return pool().run(
        assess_bytes,
        data,
        naam,
        budget_s=settings().plan_budget_s,
        progress=progress,
        too_slow=f"{naam} kon niet op tijd worden gelezen en getoetst",
    )


@dataclass
class Taak:
    id: str
    naam: str
    gedaan: int = 0
    totaal: int = 0
    resultaat: Toetsresultaat | None = None
    fout: str | None = None
    klaar: threading.Event = field(default_factory=threading.Event)


_TAKEN: OrderedDict[str, Taak] = OrderedDict()
_LOCK = threading.Lock()


def start(data: bytes, naam: str, titel: str | None = None) -> Taak:
    """Start assessing ``data`` (file name ``naam``, shown as ``titel``); poll :func:`get` for the result."""
    taak = Taak(id=uuid.uuid4().hex[:12], naam=titel or naam)
    with _LOCK:
        _TAKEN[taak.id] = taak
        while len(_TAKEN) > MAX_JOBS:
            _TAKEN.popitem(last=False)

    def work() -> None:
        def voortgang(i: int, n: int) -> None:
            taak.gedaan, taak.totaal = i, n

        try:
            taak.resultaat = assess_in_pool(data, naam, progress=voortgang)
        except WbsFout as exc:
            taak.fout = exc.bericht
        except Exception as exc:  # noqa: BLE001 - report, never lose the job silently
            taak.fout = f"Onverwachte fout bij het toetsen: {exc.__class__.__name__}"
        finally:
            taak.klaar.set()

    threading.Thread(target=work, daemon=True, name=f"plantoets-{taak.id}").start()
    return taak


def get(taak_id: str) -> Taak | None:
    with _LOCK:
        return _TAKEN.get(taak_id)
