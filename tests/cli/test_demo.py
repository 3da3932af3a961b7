"""The README's main job: `wbs demo` runs every capability on the built-in demo data."""

from __future__ import annotations

from typer.testing import CliRunner

from wbs.cli.main import app


def test_wbs_demo_runs_every_capability(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WBS_DATABASE_URL", raising=False)
    from wbs.monitor import db

    db.reset_engines()
    try:
        res = CliRunner().invoke(app, ["demo"])
    finally:
        db.reset_engines()
    assert res.exit_code == 0, res.output
    tekst = " ".join(res.output.split())
    for kop in ("Kader", "Locatietoets", "Plantoets", "Borgingsmonitor"):
        assert kop in tekst
    demo = tmp_path / "demo"
    advies = demo / "locatieadvies-zwolle-uiterwaarden.html"
    assert advies.exists() and "verboden" in advies.read_text(encoding="utf-8")
    assert "omgevingsvisie" in (demo / "toetsadvies-drenthe.html").read_text(encoding="utf-8").lower()
    assert (tmp_path / "monitor.sqlite").stat().st_size > 0
    assert (tmp_path / "demo-lagen" / "lagen.yaml").exists()
