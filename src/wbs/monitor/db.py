"""Engine, sessions and migrations of the Borgingsmonitor database.

The URL comes from ``WBS_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/db``);
by default a SQLite file ``monitor.sqlite`` in :func:`wbs.config.data_dir`. On first use
in a process the schema is migrated to Alembic ``head`` (migrations ship inside this
package) and, when the database holds no steps yet, seeded from the Kader.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from wbs.config import data_dir, settings

_ENGINES: dict[tuple[str, str | None], Engine] = {}
_LOCK = threading.Lock()


def default_url() -> str:
    return settings().database_url or f"sqlite:///{data_dir() / 'monitor.sqlite'}"


def describe_url(url: str) -> str:
    """The URL without password, for display (``wbs monitor info``)."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed (acknowledged) transaction survives a crash of the process or OS.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=15000")
    cur.close()


def is_busy(exc: BaseException) -> bool:
    """The database could not serve the request now (locked, no free connection), not a fault of the request."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, PoolTimeout):
        return True
    if isinstance(exc, OperationalError):
        tekst = str(exc.orig if exc.orig is not None else exc).lower()
        return any(
            t in tekst
            for t in (
                "database is locked",
                "database table is locked",
                "could not obtain lock",
                "too many clients",
                "deadlock detected",
                "could not serialize",
            )
        )
    return False


def make_engine(url: str, schema: str | None = None) -> Engine:
    """A new engine; ``schema`` (PostgreSQL only) puts every table in that schema via search_path."""
    u = make_url(url)
    kwargs: dict = {"future": True}
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 15, "check_same_thread": False}
        # No limit on connections to a file (SQLite serialises writers itself, see busy_timeout). A web request
        # holds its connection across thread-pool calls (dependency, endpoint, response validation); with a
        # bounded pool every worker thread could wait for a connection held by requests that wait for a thread,
        # and the server stalled until the pool timeout (benchmarks/mixed_load.py showed 30-60 s stalls).
        kwargs["pool_size"] = settings().db_pool_size
        kwargs["max_overflow"] = -1
    else:
        kwargs["pool_pre_ping"] = True
        # Request handlers run in a thread pool (40 threads per worker). The pool bounds connections per
        # process (PostgreSQL allows 100 by default) and a request waits at most pool_timeout for one; then
        # it gets a Dutch 503 with Retry-After instead of hanging (see wbs.web.database).
        instellingen = settings()
        kwargs["pool_size"] = instellingen.db_pool_size
        # at least as many connections as request threads (anyio's default limiter: 40), so a thread never
        # waits for a connection held by a request that itself waits for a thread (mixed_load benchmark)
        kwargs["max_overflow"] = max(instellingen.db_pool_size * 2, 40 - instellingen.db_pool_size)
        kwargs["pool_timeout"] = instellingen.db_pool_timeout_s
        if schema:
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
    engine = create_engine(u, **kwargs)
    if u.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "wbs.monitor:migrations")
    cfg.attributes["connection"] = connection
    return cfg


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise first-use migration between processes (file lock / advisory lock)."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        import fcntl

        with open(f"{engine.url.database}.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(727272)"))
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(727272)"))
                conn.commit()
    else:
        yield


def upgrade(engine: Engine) -> None:
    """Run Alembic ``upgrade head`` on this engine."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")


def head_revision() -> str:
    """The newest migration shipped in the package."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "wbs.monitor:migrations")
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def prepare(engine: Engine, seed: bool = True, kader=None) -> None:
    """Migrate to head and bring the Kader copy up to date.

    With ``kader`` given (tests, tools) the database is seeded from it once and marked
    as such. Otherwise the packaged Kader is used, and re-seeded whenever its content
    changed since the last seed (fingerprint in ``monitor_meta``); reported progress is
    never touched by seeding.
    """
    from wbs.monitor.models import Meta, StapRij
    from wbs.monitor.seed import kader_fingerprint, seed_kader, seed_organisaties

    with _migration_lock(engine):
        upgrade(engine)
        with Session(engine) as session, session.begin():
            seed_organisaties(session)
            if not seed:
                return
            stored = session.get(Meta, "kader")
            has_steps = session.scalar(select(StapRij.code).limit(1)) is not None
            if kader is not None:
                if not has_steps:
                    seed_kader(session, kader)
                    session.merge(Meta(sleutel="kader", waarde="extern:" + kader_fingerprint(kader)))
                return
            if has_steps and (stored is None or stored.waarde.startswith("extern:")):
                return  # seeded by a tool/test with its own Kader, or before fingerprints: leave it
            from wbs.kader import KaderFout, laad_kader

            try:
                kader = laad_kader()
            except (KaderFout, FileNotFoundError, OSError):
                return  # no Kader shipped yet: an empty monitor still works
            fingerprint = "pakket:" + kader_fingerprint(kader)
            if stored is None or stored.waarde != fingerprint:
                seed_kader(session, kader)
                session.merge(Meta(sleutel="kader", waarde=fingerprint))


def get_engine(url: str | None = None, schema: str | None = None) -> Engine:
    """The process-wide engine for ``url``, migrated and seeded on first use."""
    url = url or default_url()
    key = (url, schema)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = make_engine(url, schema)
            prepare(engine)
            _ENGINES[key] = engine
        return engine


def reset_engines() -> None:
    """Forget cached engines (tests switch ``WBS_DATA_DIR`` / ``WBS_DATABASE_URL``)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def sessionmaker_for(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def session_scope(url: str | None = None, engine: Engine | None = None) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    engine = engine or get_engine(url)
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
