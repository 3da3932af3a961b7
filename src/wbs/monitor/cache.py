"""Read cache for the aggregate views (dashboard, KPIs) of the web pages and the API.

Aggregates are recomputed when the data changed (a new history row, new progress records or a
new plantoets result: one cheap query gives the data version) - but at most once per
:data:`MAX_LEEFTIJD` seconds per view, so under a burst of writes a dashboard may lag the
latest write by at most that long (KPIs: KPI_LEEFTIJD). Step pages and history are never cached.

Only one thread per process recomputes a view at a time ("single flight"): while it works, other
requests get the previous result if there is one, or wait for the fresh one. Without this, every
request that arrives after a write recomputes the same aggregate and the tail latency explodes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

T = TypeVar("T")
MAX_LEEFTIJD = 2.0  # seconds
KPI_LEEFTIJD = 10.0  # KPIs are period indicators; recomputing them per write is wasted work
MAX_ITEMS = 256

_CACHE: dict[Hashable, tuple[float, tuple, object]] = {}
_LOCK = threading.Lock()
_SLEUTEL_LOCKS: dict[Hashable, threading.Lock] = {}
_VERSIE_SQL = text(
    "SELECT (SELECT max(id) FROM historie), (SELECT count(*) FROM voortgang), (SELECT max(id) FROM plantoets_resultaat)"
)


def data_versie(session: Session) -> tuple:
    return tuple(session.execute(_VERSIE_SQL).one())


def _bruikbaar(item: tuple | None, versie: tuple, max_leeftijd: float) -> bool:
    """A cached (time, version, value) is usable when the data did not change or it is young enough."""
    return item is not None and (item[1] == versie or time.monotonic() - item[0] < max_leeftijd)


def cached(session: Session, sleutel: Hashable, bereken: Callable[[], T], max_leeftijd: float = MAX_LEEFTIJD) -> T:
    """``bereken()`` unless a result for ``sleutel`` exists that is current or younger than ``max_leeftijd``."""
    versie = data_versie(session)
    sleutel = (str(session.get_bind().url), sleutel)
    with _LOCK:
        hit = _CACHE.get(sleutel)
        slot = _SLEUTEL_LOCKS.setdefault(sleutel, threading.Lock())
    if _bruikbaar(hit, versie, max_leeftijd):
        return hit[2]  # type: ignore[return-value]
    if hit is not None and not slot.acquire(blocking=False):
        return hit[2]  # type: ignore[return-value]  # another thread is refreshing: serve the previous result
    if hit is None:
        slot.acquire()  # nothing to serve yet: wait for the thread that computes it
    try:
        with _LOCK:
            nieuw = _CACHE.get(sleutel)
        if nieuw is not hit and _bruikbaar(nieuw, versie, max_leeftijd):
            return nieuw[2]  # type: ignore[return-value]  # computed while we waited
        begin = time.monotonic()
        waarde = bereken()
        with _LOCK:
            if len(_CACHE) >= MAX_ITEMS:
                _CACHE.clear()
                _SLEUTEL_LOCKS.clear()
            _CACHE[sleutel] = (begin, versie, waarde)
        return waarde
    finally:
        slot.release()


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
        _SLEUTEL_LOCKS.clear()
