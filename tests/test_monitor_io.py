"""Import/export: lossless round trip in JSON, CSV and XLSX; bad files change nothing."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.monitor import io as mio
from wbs.monitor import service
from wbs.monitor.demo import generate
from wbs.monitor.testing import fresh_engine

NOW = datetime(2025, 12, 1, 12, 0)


def _demo_db(path):
    eng = fresh_engine(path)
    with Session(eng) as s:
        generate(s)
        s.commit()
    return eng


def _export(eng, fmt="json") -> bytes:
    with Session(eng) as s:
        return mio.export_bytes(s, fmt, now=NOW)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A demo database shared by the tests that only read it."""
    return _demo_db(tmp_path_factory.mktemp("bron"))


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_round_trip_is_lossless(source, tmp_path, fmt):
    original = _export(source)
    bundle = json.loads(original)
    assert bundle["historie"] and bundle["plantoets"] and len(bundle["voortgang"]) == 27
    data = _export(source, fmt)
    (tmp_path / "doel").mkdir()
    target = fresh_engine(tmp_path / "doel")
    with Session(target) as s:
        counts = mio.import_bytes(s, data, fmt)
        s.commit()
    assert counts["historie"] == len(bundle["historie"])
    assert _export(target) == original
    with Session(target) as s:  # importing the same file again is a no-op
        assert mio.import_bytes(s, data, fmt) == {"voortgang": 0, "historie": 0, "plantoets": 0}
        s.commit()
    assert _export(target) == original
    with Session(target) as s, Session(source) as s0:  # derived views agree too
        assert service.dashboard(s, today=date(2025, 12, 1)) == service.dashboard(s0, today=date(2025, 12, 1))
        assert service.kpis(s, 2025, date(2026, 1, 1)) == service.kpis(s0, 2025, date(2026, 1, 1))


def _mutate_json(data: bytes, fn) -> bytes:
    bundle = json.loads(data)
    fn(bundle)
    return json.dumps(bundle).encode()


BAD_JSON = {
    "onbekende status": lambda b: b["voortgang"][0].update(status="half"),
    "bestaat niet": lambda b: b["voortgang"][0].update(stap="X99"),
    "pas toe of leg uit": lambda b: b["voortgang"][0].update(
        status="afgevallen", toelichting=None, versie=b["voortgang"][0]["versie"] + 1
    ),
    "komt dubbel voor": lambda b: b["voortgang"].append(dict(b["voortgang"][0])),
    "less than or equal to 100": lambda b: b["voortgang"][0].update(percentage=101),
    "geen provincie": lambda b: b["plantoets"][0].update(provincie="ienw"),
    "Extra inputs": lambda b: b["voortgang"][0].update(kleur="rood"),
}


@pytest.mark.parametrize("message", list(BAD_JSON))
def test_bad_json_changes_nothing(source, tmp_path, message):
    (tmp_path / "doel").mkdir()
    target = fresh_engine(tmp_path / "doel")
    before = _export(target)
    bad = _mutate_json(_export(source), BAD_JSON[message])
    with Session(target) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match=message):
            mio.import_bytes(s, bad, "json")
        s.rollback()
    assert _export(target) == before


def test_newer_database_is_not_overwritten(tmp_path):
    source = _demo_db(tmp_path)
    old = _export(source)
    with Session(source) as s:
        row = next(r for r in service.list_steps(s) if r.status == "loopt")
        service.update_step(
            s,
            service.get_user(s, "demo-beheer"),
            row.stap,
            organisatie=row.organisatie,
            percentage=(row.percentage or 0) % 90 + 5,
            today=date(2025, 10, 1),
            toelichting="Bijgewerkt na het bestuurlijk overleg",
        )
        s.commit()
    before = _export(source)
    with Session(source) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="nieuwere versie"):
            mio.import_bytes(s, old, "json")
        s.rollback()
    assert _export(source) == before


@pytest.mark.parametrize(
    "fmt, data, message",
    [
        ("json", b"{niet json", "geen geldig JSON"),
        ("json", b'{"voortgang": []}', "geen export"),
        ("csv", b"stap,status\nT1,loopt\n", "soort"),
        ("csv", b"soort,stap\nraar,T1\n", "onbekende soort"),
        ("xlsx", b"PK\x03\x04 kapot", "geen geldig XLSX"),
        ("txt", b"", "onbekend formaat"),
    ],
)
def test_unreadable_files_rejected(tmp_path, fmt, data, message):
    eng = fresh_engine(tmp_path)
    before = _export(eng)
    with Session(eng) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match=message):
            mio.import_bytes(s, data, fmt)
    assert _export(eng) == before


def test_bad_csv_row_reports_line_and_changes_nothing(source, tmp_path):
    lines = _export(source, "csv").decode().splitlines()
    header = lines[0].split(",")
    pct = header.index("percentage")
    cells = lines[1].split(",")
    cells[pct] = "veel"
    lines[1] = ",".join(cells)
    (tmp_path / "doel").mkdir()
    target = fresh_engine(tmp_path / "doel")
    before = _export(target)
    with Session(target) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="regel 2: percentage"):
            mio.import_bytes(s, "\n".join(lines).encode(), "csv")
    assert _export(target) == before


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    eng = fresh_engine(tmp_path)
    with Session(eng) as s:
        service.create_user(s, "b", "beheerder")
        service.update_step(
            s,
            service.get_user(s, "b"),
            "T3",
            status="vertraagd",
            toelichting='=HYPERLINK("x") wacht op besluit',
            today=date(2025, 1, 1),
        )
        s.commit()
    data = _export(eng, "xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(data))["voortgang"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_csv_with_semicolons_and_excel_typed_cells(source, tmp_path):
    """Files touched by Excel (Dutch settings): ";" separator, numbers and dates as typed cells."""
    from io import BytesIO, StringIO

    from openpyxl import load_workbook

    bundle = json.loads(_export(source))
    rows = [r for r in bundle["voortgang"] if r["gereed_op"]]
    assert rows
    text = _export(source, "csv").decode()
    buf_csv = StringIO()
    csv.writer(buf_csv, delimiter=";", lineterminator="\n").writerows(csv.reader(StringIO(text)))
    semi = buf_csv.getvalue()
    assert semi.count(";") > 100
    (tmp_path / "a").mkdir()
    target = fresh_engine(tmp_path / "a")
    with Session(target) as s:
        mio.import_bytes(s, semi.encode(), "csv")
        s.commit()
    assert _export(target) == _export(source)

    wb = load_workbook(BytesIO(_export(source, "xlsx")))
    ws = wb["voortgang"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        if cells["percentage"].value:
            cells["percentage"].value = float(cells["percentage"].value)
        if cells["gereed_op"].value:
            cells["gereed_op"].value = datetime.fromisoformat(cells["gereed_op"].value)
    buf = BytesIO()
    wb.save(buf)
    (tmp_path / "b").mkdir()
    target = fresh_engine(tmp_path / "b")
    with Session(target) as s:
        mio.import_bytes(s, buf.getvalue(), "xlsx")
        s.commit()
    assert _export(target) == _export(source)


def test_diverged_history_is_rejected(tmp_path):
    """Two databases that each changed the same record from the same start cannot be merged silently."""
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    engines = [fresh_engine(a), fresh_engine(b)]
    for eng, pct in zip(engines, (10, 90), strict=True):
        with Session(eng) as s:
            service.create_user(s, "b", "beheerder")
            service.update_step(
                s, service.get_user(s, "b"), "T3", status="loopt", percentage=pct, today=date(2025, 1, 1)
            )
            s.commit()
    from_b = _export(engines[1])
    before = _export(engines[0])
    with Session(engines[0]) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="uiteengelopen"):
            mio.import_bytes(s, from_b, "json")
    assert _export(engines[0]) == before
