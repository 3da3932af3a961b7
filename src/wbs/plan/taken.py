"""In-process background jobs for web uploads, so the page can show progress while a document is assessed."""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from wbs.plan.fouten import PlanFout
from wbs.plan.ingest import Document
from wbs.plan.toets import Toetsresultaat, toets_document

MAX_TAKEN = 20  # finished results kept in memory (oldest dropped first)


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


def start(doc: Document, naam: str) -> Taak:
    taak = Taak(id=uuid.uuid4().hex[:12], naam=naam)
    with _LOCK:
        _TAKEN[taak.id] = taak
        while len(_TAKEN) > MAX_TAKEN:
            _TAKEN.popitem(last=False)

    def werk() -> None:
        def voortgang(i: int, n: int) -> None:
            taak.gedaan, taak.totaal = i, n

        try:
            taak.resultaat = toets_document(doc, voortgang=voortgang)
        except PlanFout as exc:
            taak.fout = str(exc)
        except Exception as exc:  # noqa: BLE001 - report, never lose the job silently
            taak.fout = f"Onverwachte fout bij het toetsen: {exc.__class__.__name__}"
        finally:
            taak.klaar.set()

    threading.Thread(target=werk, daemon=True, name=f"plantoets-{taak.id}").start()
    return taak


def haal(taak_id: str) -> Taak | None:
    with _LOCK:
        return _TAKEN.get(taak_id)
