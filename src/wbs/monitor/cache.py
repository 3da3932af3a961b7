"""Read cache for the aggregate views (dashboard, KPIs) of the web pages and the API.

Aggregates are recomputed when the data changed (a new history row, new progress records or a
new plantoets result: one cheap query gives the data version) - but at most once per
:data:`MAX_AGE` seconds per view, so under a burst of writes a dashboard may lag the
latest write by at most that long (KPIs: KPI_MAX_AGE). Step pages and history are never cached.

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
MAX_AGE = 2.0  # seconds
KPI_MAX_AGE = 10.0  # KPIs are period indicators; recomputing them per write is wasted work
MAX_ITEMS = 256

_CACHE: dict[Hashable, tuple[float, tuple, object]] = {}
_LOCK = threading.Lock()
_KEY_LOCKS: dict[Hashable, threading.Lock] = {}
_VERSION_SQL = text(
    "SELECT (SELECT max(id) FROM historie), (SELECT count(*) FROM voortgang), (SELECT max(id) FROM plantoets_resultaat)"
)


def data_version(session: Session) -> tuple:
    return tuple(session.execute(_VERSION_SQL).one())


def _usable(item: tuple | None, version: tuple, max_age: float) -> bool:
    """A cached (time, version, value) is usable when the data did not change or it is young enough."""
    return item is not None and (item[1] == version or time.monotonic() - item[0] < max_age)


def cached(session: Session, key: Hashable, compute: Callable[[], T], max_age: float = MAX_AGE) -> T:
    """``compute()`` unless a result for ``key`` exists that is current or younger than ``max_age``."""
    version = data_version(session)
    key = (str(session.get_bind().url), key)
    with _LOCK:
        hit = _CACHE.get(key)
        slot = _KEY_LOCKS.setdefault(key, threading.Lock())
    if _usable(hit, version, max_age):
        return hit[2]  # type: ignore[return-value]
    if hit is not None and not slot.acquire(blocking=False):
        return hit[2]  # type: ignore[return-value]  # another thread is refreshing: serve the previous result
    if hit is None:
        slot.acquire()  # nothing to serve yet: wait for the thread that computes it
    try:
        with _LOCK:
            fresh = _CACHE.get(key)
        if fresh is not hit and _usable(fresh, version, max_age):
            return fresh[2]  # type: ignore[return-value]  # computed while we waited
        begin = time.monotonic()
        value = compute()
        with _LOCK:
            if len(_CACHE) >= MAX_ITEMS:
                _CACHE.clear()
                _KEY_LOCKS.clear()
            _CACHE[key] = (begin, version, value)
        return value
    finally:
        slot.release()


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
        _KEY_LOCKS.clear()
