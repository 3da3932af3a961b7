"""Database connections and the web's thread pool: no request may hold a pooled connection while it waits for a
worker thread, or the server stalls until the pool timeout (found by benchmarks/mixed_load.py: with 150
concurrent users every worker thread waited for a connection held by requests that waited for a thread)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from wbs.monitor import service
from wbs.monitor.testing import drop_engine, fresh_engine
from wbs.web.routes.monitor_api import optional_user

BACKENDS = ["sqlite"] + (
    [pytest.param("postgres", marks=pytest.mark.postgres)] if os.environ.get("WBS_TEST_POSTGRES_URL") else []
)


@pytest.fixture(params=BACKENDS)
def eng(tmp_path, request):
    engine = fresh_engine(tmp_path, postgres=request.param == "postgres")
    yield engine
    drop_engine(engine)


def test_token_check_gives_its_connection_back(eng):
    """The token dependency runs in one worker-thread call and the endpoint in another: in between, the
    request must not hold a connection."""
    with Session(eng) as s:
        service.create_user(s, "drenthe", "invoerder", "drenthe")
        token = service.create_token(s, "drenthe")[1]
        s.commit()
    with Session(eng, expire_on_commit=False) as s:
        user = optional_user(authorization=f"Bearer {token}", session=s)
        assert not s.in_transaction()
        assert eng.pool.checkedout() == 0
        assert (user.gebruikersnaam, user.organisatie_code) == ("drenthe", "drenthe")  # still loaded


def test_sqlite_never_makes_a_request_wait_for_a_connection(tmp_path, monkeypatch):
    """SQLite serialises writers itself; its connection pool must not bound how many requests hold one."""
    monkeypatch.setenv("WBS_DB_POOL_SIZE", "2")
    monkeypatch.setenv("WBS_DB_POOL_TIMEOUT_S", "1")
    engine = fresh_engine(tmp_path)
    conns = []
    try:
        for _ in range(25):  # more than any bounded pool of this size would hand out
            conns.append(engine.connect())
            assert conns[-1].execute(text("SELECT 1")).scalar() == 1
    finally:
        for c in conns:
            c.close()
        engine.dispose()
