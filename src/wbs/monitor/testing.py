"""Helpers for tests (also usable by monitor-web's tests): a small Kader and fresh databases.

``fresh_engine(tmp_path)`` gives a migrated, seeded SQLite database in ``tmp_path``; with
``WBS_TEST_POSTGRES_URL`` set and ``postgres=True`` it gives a fresh, uniquely named
PostgreSQL database instead, copied from a template database prepared once per process (or, where the test user
may not create databases, a fresh schema); ``drop_engine`` drops it, so parallel runs never collide.
"""

from __future__ import annotations

import atexit
import os
import shutil
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from wbs.config import settings
from wbs.kader.models import KEUZE_NUMMERS, Agendering, Bron, Kader, Keuze, Maatregel, Stap
from wbs.monitor.db import make_engine, prepare
from wbs.monitor.seed import kader_fingerprint

_BRON = Bron(bestand="wbs-borgingskalender.txt", regels=(1, 2))
_THEMAS = {1: "Water en Bodem", 2: "Bebouwd gebied", 3: "Gebieden"}


def mini_kader() -> Kader:
    """33 choices; keuze 1 and 2 carry measures with steps for provinces, Rijk and water boards.

    Steps: ``T1`` (Provincies, 2024-Q3), ``T2`` (Rijk + IenW, 2026), ``T3`` (Waterschappen, no date),
    ``T4`` (Provincies, 2025-Q4, measure 2.1 spoor II).
    """

    def stap(sid: str, actoren: list[str], perioden: list[str] | None, borging: str) -> Stap:
        ag = Agendering(ruw=" ".join(perioden) if perioden else "Loopt", perioden=perioden or [])
        return Stap(
            id=sid,
            tekst=f"Concrete stap {sid}",
            borging=borging,
            plan=["A"],
            agendering=ag,
            actoren=actoren,
            bron=_BRON,
        )

    keuzes = []
    for nr in KEUZE_NUMMERS:
        maatregelen = []
        if nr == 1:
            maatregelen = [
                Maatregel(
                    id="1.1",
                    titel="Watersysteem leidend",
                    tekst="Maatregel 1.1",
                    keuze=1,
                    spoor=["I"],
                    domein="Uitvoering van waterbeheer geraakt door WBS",
                    stappen=[
                        stap("T1", ["Provincies"], ["2024-Q1", "2024-Q3"], "Omgevingsverordening"),
                        stap("T2", ["Rijk", "IenW"], ["2026"], "Instructieregel"),
                        stap("T3", ["Waterschappen"], None, "Waterschapsverordening"),
                    ],
                    bron=_BRON,
                )
            ]
        if nr == 2:
            maatregelen = [
                Maatregel(
                    id="2.1",
                    tekst="Maatregel 2.1",
                    keuze=2,
                    spoor=["II"],
                    stappen=[stap("T4", ["Provincies"], ["2025-Q4"], "PPLG")],
                    bron=_BRON,
                )
            ]
        keuzes.append(
            Keuze(
                nr=nr,
                titel=f"Keuze {nr}",
                tekst=f"Tekst keuze {nr}",
                thema=_THEMAS[1 if nr <= 12 else 2 if nr <= 20 else 3],
                maatregelen=maatregelen,
                bron=_BRON,
            )
        )
    return Kader(keuzes=keuzes, uitgangspunten=[], schillen=[], telling=[])


def backends() -> list:
    """The database backends a monitor test runs on: SQLite always, PostgreSQL when ``WBS_TEST_POSTGRES_URL``
    is set (``.ci/run`` sets it); without it the PostgreSQL variant shows up as skipped, with the reason."""
    import pytest

    zonder = not settings().test_postgres_url
    return [
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    zonder,
                    reason="PostgreSQL-test: zet WBS_TEST_POSTGRES_URL (bijv. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test); .ci/run doet dat",
                ),
            ],
        ),
    ]


_TEMPLATES: dict[tuple[str, str | None], Path] = {}
_SCHEMAS: dict[int, str] = {}
_PG_DATABASES: dict[int, str] = {}
_PG_TEMPLATES: dict[tuple[str, str | None], str] = {}


def fresh_engine(
    tmp_path: Path, kader: Kader | None = None, postgres: bool = False, demo_wachtwoord: str | None = None
) -> Engine:
    """A migrated database seeded with ``kader`` (default :func:`mini_kader`); with ``demo_wachtwoord`` it also
    holds the monitor demo's users (all with that password) and progress (``wbs.monitor.demo.generate``)."""
    if postgres:
        return _fresh_postgres_engine(kader or mini_kader(), demo_wachtwoord)
    kader = kader or mini_kader()
    key = (kader_fingerprint(kader), demo_wachtwoord)
    # Migrating costs ~0.2 s and the demo's progress ~4 s; copy a prepared template file instead for every test.
    template = _TEMPLATES.get(key)
    if template is None or not template.exists():
        template = tmp_path.parent / f"monitor-template-{uuid.uuid4().hex[:8]}.sqlite"
        eng = make_engine(f"sqlite:///{template}")
        _prepare(eng, kader, demo_wachtwoord)
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        eng.dispose()
        _TEMPLATES[key] = template
    target = tmp_path / "monitor.sqlite"
    shutil.copyfile(template, target)
    return make_engine(f"sqlite:///{target}")


def _postgres_url(database: str | None = None) -> str:
    """The test server's URL (password included), for ``database`` instead of the configured one when given."""
    url = make_url(settings().test_postgres_url)
    return (url.set(database=database) if database else url).render_as_string(hide_password=False)


def _admin_execute(sql: str, params: tuple = ()) -> None:
    """One statement on the test database outside a transaction (CREATE/DROP DATABASE need that)."""
    admin = create_engine(_postgres_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(sql, params)
    finally:
        admin.dispose()


def _fresh_postgres_engine(kader: Kader, demo_wachtwoord: str | None) -> Engine:
    """A fresh database copied from a prepared template database (0.1 s instead of 0.4 s for migrating and
    seeding); where the test user may not create databases, a fresh schema in the test database instead."""
    key = (kader_fingerprint(kader), demo_wachtwoord)
    try:
        template = _PG_TEMPLATES.get(key)
        if template is None:
            template = f"wbs_tpl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            _admin_execute(f'CREATE DATABASE "{template}"')
            atexit.register(_drop_database, template)
            eng = make_engine(_postgres_url(template))
            _prepare(eng, kader, demo_wachtwoord)
            eng.dispose()
            _PG_TEMPLATES[key] = template
        naam = f"wbs_test_{uuid.uuid4().hex[:12]}"
        _copy_database(template, naam)
    except DBAPIError as fout:
        if "permission denied" not in str(fout):
            raise
        return _fresh_postgres_schema(kader, demo_wachtwoord)
    engine = make_engine(_postgres_url(naam))
    _PG_DATABASES[id(engine)] = naam
    return engine


@atexit.register
def _drop_leftover_databases() -> None:
    """Databases of fixtures that never call drop_engine."""
    for naam in list(_PG_DATABASES.values()):
        _drop_database(naam)
    _PG_DATABASES.clear()


def _copy_database(template: str, naam: str) -> None:
    # the template's last connection may still be closing on the server side: retry briefly
    for poging in range(50):
        try:
            _admin_execute(f'CREATE DATABASE "{naam}" TEMPLATE "{template}"')
            return
        except DBAPIError as fout:
            if "being accessed by other users" not in str(fout) or poging == 49:
                raise
            time.sleep(0.05)


def _drop_database(naam: str) -> None:
    # connections a test left open (an engine it never disposed) must not keep the database alive
    _admin_execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        (naam,),
    )
    _admin_execute(f'DROP DATABASE IF EXISTS "{naam}"')


def _fresh_postgres_schema(kader: Kader, demo_wachtwoord: str | None) -> Engine:
    schema = f"wbs_test_{uuid.uuid4().hex[:12]}"
    _admin_execute(f'CREATE SCHEMA "{schema}"')
    # search_path in the URL itself, so a server subprocess given this URL uses the schema too
    url = make_url(_postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    _SCHEMAS[id(engine)] = schema
    _prepare(engine, kader, demo_wachtwoord)
    return engine


def _prepare(engine: Engine, kader: Kader, demo_wachtwoord: str | None) -> None:
    prepare(engine, kader=kader)
    if demo_wachtwoord is not None:
        _generate_demo(engine, demo_wachtwoord)


def _generate_demo(engine: Engine, wachtwoord: str) -> None:
    from sqlalchemy.orm import Session

    from wbs.monitor.demo import generate

    with Session(engine) as s:
        generate(s, wachtwoord=wachtwoord)
        s.commit()


def engine_url(engine: Engine) -> str:
    """The engine's URL as a string a subprocess can use (password included)."""
    return engine.url.render_as_string(hide_password=False)


def drop_engine(engine: Engine) -> None:
    schema = _SCHEMAS.pop(id(engine), None)
    database = _PG_DATABASES.pop(id(engine), None)
    engine.dispose()
    if database:
        _drop_database(database)
    if schema:
        _admin_execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def use_engine(monkeypatch, engine: Engine) -> None:
    """Point ``db.get_engine()`` (CLI, API, web pages) at ``engine`` for one test.

    Usage in a test: ``eng = fresh_engine(tmp_path); use_engine(monkeypatch, eng)``;
    ``db.reset_engines()`` runs now and again when monkeypatch undoes the environment.
    """
    from wbs.monitor import db

    monkeypatch.setenv("WBS_DATABASE_URL", engine_url(engine))
    db.reset_engines()
    monkeypatch.setattr(db, "_ENGINES", {}, raising=True)


def create_provincie_writers(session, label: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Load tests: one invoerder with an API token per province (password ``last-test-wachtwoord``), and per
    province the first ten open steps it reports on. Returns ``(tokens, stappen)`` keyed by province code."""
    from wbs.monitor import service
    from wbs.monitor.seed import provincie_codes

    tokens, stappen = {}, {}
    for p in provincie_codes():
        service.create_user(session, f"last-{p}", "invoerder", organisatie=p, wachtwoord="last-test-wachtwoord")
        tokens[p] = service.create_token(session, f"last-{p}", label)[1]
        open_ = service.list_stappen(session, service.Filters(organisatie=p))
        stappen[p] = [r.stap for r in open_ if r.status in ("loopt", "niet-gestart")][:10]
    return tokens, stappen
