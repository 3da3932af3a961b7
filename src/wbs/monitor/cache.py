"""Read cache for the aggregate views (dashboard, KPIs) of the web pages and the API.

Aggregates are recomputed when the data changed (a new history row, new progress records or a
new plantoets result: one cheap query gives the data version) - but at most once per
:data:`MAX_LEEFTIJD` seconds per view, so under a burst of writes a dashboard may lag the
latest write by at most that long (KPIs: KPI_LEEFTIJD). Step pages and history are never cached.
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
_VERSIE_SQL = text(
    "SELECT (SELECT max(id) FROM historie), (SELECT count(*) FROM voortgang), "
    "(SELECT max(id) FROM plantoets_resultaat)"
)


def data_versie(session: Session) -> tuple:
    return tuple(session.execute(_VERSIE_SQL).one())


def gecached(session: Session, sleutel: Hashable, bereken: Callable[[], T], max_leeftijd: float = MAX_LEEFTIJD) -> T:
    """``bereken()`` unless a result for ``sleutel`` exists that is current or younger than ``max_leeftijd``."""
    versie = data_versie(session)
    nu = time.monotonic()
    sleutel = (str(session.get_bind().url), sleutel)
    with _LOCK:
        hit = _CACHE.get(sleutel)
    if hit is not None and (hit[1] == versie or nu - hit[0] < max_leeftijd):
        return hit[2]  # type: ignore[return-value]
    waarde = bereken()
    with _LOCK:
        if len(_CACHE) >= MAX_ITEMS:
            _CACHE.clear()
        _CACHE[sleutel] = (nu, versie, waarde)
    return waarde


def leeg() -> None:
    with _LOCK:
        _CACHE.clear()
