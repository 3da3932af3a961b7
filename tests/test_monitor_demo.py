"""``run_demo`` of the monitor: deterministic, idempotent, uses the service rules."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

import wbs.kader
from wbs.monitor import db, service
from wbs.monitor.demo import run_demo
from wbs.monitor.testing import mini_kader


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("WBS_DATABASE_URL", raising=False)
    monkeypatch.setattr(wbs.kader, "load_kader", mini_kader)
    db.reset_engines()
    yield tmp_path
    db.reset_engines()


def _snapshot():
    with db.session_scope() as s:
        rows = [(r.stap, r.organisatie, r.status, r.percentage, r.versie) for r in service.list_steps(s)]
        hist = sum(len(service.history(s, st)) for st in {r[0] for r in rows})
        return rows, hist


def test_demo_is_deterministic_and_idempotent(demo_dir, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(demo_dir / "a"))
    out = io.StringIO()
    run_demo(Console(file=out, width=150), demo_dir)
    first = _snapshot()
    assert first[1] > 10
    assert {r[2] for r in first[0]} >= {"gereed", "loopt"}
    assert "Achterstallig" in out.getvalue() and "wbs-demo-2025" in out.getvalue()
    run_demo(Console(file=io.StringIO()), demo_dir)
    assert _snapshot() == first  # second run adds nothing
    db.reset_engines()
    monkeypatch.setenv("WBS_DATA_DIR", str(demo_dir / "b"))
    run_demo(Console(file=io.StringIO()), demo_dir)
    assert _snapshot() == first  # same data in a fresh database
    with db.session_scope() as s:
        assert service.authenticate(s, "demo-drenthe", "wbs-demo-2025").organisatie_code == "drenthe"
        explained = [r for r in service.list_steps(s) if r.status in ("vertraagd", "afgevallen")]
        assert explained and all(r.toelichting for r in explained)
