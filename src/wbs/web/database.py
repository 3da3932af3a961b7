"""The web's database session: one dependency for every route, and writes that survive a busy database.

SQLite lets one writer at a time; a transaction that read before another committed gets ``database is
locked`` at once. PostgreSQL's pool can run out of connections under a burst. Neither is the user's fault:
a write is retried a few times, and when the database stays busy the answer is a Dutch 503 with
``Retry-After`` (handler in :mod:`wbs.web.fouten`), never a 500.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from wbs.monitor import db

T = TypeVar("T")


def get_session() -> Iterator[Session]:
    session = Session(db.get_engine(), expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()  # anything not committed explicitly is rolled back


def write(session: Session, fn: Callable[[], T], attempts: int = 4) -> T:
    """Run ``fn`` and commit (durable before we acknowledge); retry while the database is busy."""
    for poging in range(attempts):
        try:
            result = fn()
            session.commit()
            return result
        except OperationalError as exc:
            session.rollback()
            if not db.is_busy(exc) or poging == attempts - 1:
                raise
            time.sleep(0.02 * (poging + 1) + random.random() * 0.05)
    raise AssertionError("unreachable")
