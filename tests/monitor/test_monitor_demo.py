"""``run_demo`` of the monitor: deterministic, idempotent, uses the service rules."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

import wbs.kader
from wbs.cli.demo import run_monitor_demo as run_demo
from wbs.monitor import db, service
from wbs.monitor.testing import mini_kader


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("WBS_DATABASE_URL", raising=False)
    monkeypatch.setattr(wbs.kader, "laad_kader", mini_kader)
    db.reset_engines()
    yield tmp_path
    db.reset_engines()


def _snapshot():
    with db.session_scope() as s:
        rows = [(r.stap, r.organisatie, r.status, r.percentage, r.versie) for r in service.list_stappen(s)]
        hist = sum(len(service.history(s, st)) for st in {r[0] for r in rows})
        return rows, hist


def test_demo_is_deterministic_and_idempotent(demo_dir, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(demo_dir / "a"))
    out = io.StringIO()
    run_demo(Console(file=out, width=150), demo_dir)
    first = _snapshot()
    assert first[1] > 10
    assert {r[2] for r in first[0]} >= {"gereed", "loopt"}
    tekst = out.getvalue()
    assert "Achterstallig" in tekst and "wbs-demo-2025" not in tekst  # no published password (issue 15.6)
    wachtwoord = re.search(r"demo-drenthe: (\S+)", tekst).group(1)  # random, printed once
    assert len(wachtwoord) >= 12
    again = io.StringIO()
    run_demo(Console(file=again), demo_dir)
    assert _snapshot() == first  # second run adds nothing
    assert wachtwoord not in again.getvalue()  # shown only when created
    db.reset_engines()
    monkeypatch.setenv("WBS_DATA_DIR", str(demo_dir / "b"))
    run_demo(Console(file=io.StringIO()), demo_dir)
    assert _snapshot() == first  # same data in a fresh database
    with db.session_scope() as s:
        assert service.authenticate(s, "demo-drenthe", "wbs-demo-2025") is None
        explained = [r for r in service.list_stappen(s) if r.status in ("vertraagd", "afgevallen")]
        assert explained and all(r.toelichting for r in explained)
