"""Export, restore and import: lossless restore in JSON, CSV and XLSX; an import applies changes through the
versioned write path with history; bad files change nothing."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.monitor import io as mio
from wbs.monitor import service
from wbs.monitor.testing import fresh_engine

NOW = datetime(2025, 12, 1, 12, 0)


def _demo_db(path):
    return fresh_engine(path, demo_wachtwoord="test-wachtwoord")


def _export(eng, fmt="json") -> bytes:
    with Session(eng) as s:
        return mio.export_bytes(s, fmt, now=NOW)


def _beheerder(s):
    return service.get_user(s, "demo-beheer")


def _copy(source, path):
    """A second database restored from ``source`` (same records, same history)."""
    path.mkdir()
    eng = fresh_engine(path)
    with Session(eng) as s:
        mio.restore_bytes(s, _export(source), "json")
        generate_users(s)
        s.commit()
    return eng


def generate_users(s):
    from wbs.monitor.demo import ensure_demo_users

    ensure_demo_users(s, "test-wachtwoord")


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
        counts = mio.restore_bytes(s, data, fmt)
        s.commit()
    assert counts["historie"] == len(bundle["historie"])
    assert _export(target) == original
    with Session(target) as s:  # importing the same file again changes nothing and is not refused
        generate_users(s)
        assert mio.import_bytes(s, data, fmt, _beheerder(s)) == {"voortgang": 0, "historie": 0, "plantoets": 0}
        s.commit()
    assert _export(target) == original
    with Session(target) as s, Session(source) as s0:  # derived views agree too
        assert service.dashboard(s, today=date(2025, 12, 1)) == service.dashboard(s0, today=date(2025, 12, 1))
        assert service.kpis(s, 2025, date(2026, 1, 1)) == service.kpis(s0, 2025, date(2026, 1, 1))


def _mutate_json(data: bytes, fn) -> bytes:
    bundle = json.loads(data)
    fn(bundle)
    return json.dumps(bundle).encode()


def _first_open(b):
    return next(r for r in b["voortgang"] if r["status"] == "loopt")


BAD_JSON = {
    "onbekende status": lambda b: b["voortgang"][0].update(status="half"),
    "bestaat niet": lambda b: b["voortgang"][0].update(stap="X99"),
    "pas toe of leg uit": lambda b: _first_open(b).update(status="afgevallen", toelichting=None),
    "komt dubbel voor": lambda b: b["voortgang"].append(dict(b["voortgang"][0])),
    "mag hoogstens 100 zijn": lambda b: b["voortgang"][0].update(percentage=101),
    "geen provincie": lambda b: b["plantoets"][0].update(provincie="ienw"),
    "onbekend veld": lambda b: b["voortgang"][0].update(kleur="rood"),
    # issue 15.5: the API's validation applies to imports too
    "is te lang": lambda b: _first_open(b).update(toelichting="x" * 5001),
    "mag hoogstens 2147483647 zijn": lambda b: b["voortgang"][0].update(versie=2**63),
    "historie wordt nooit ingelezen": lambda b: b["historie"].append(
        {**b["historie"][0], "uid": "vervalst-0001", "versie": 99, "gebruiker": "iemand-anders"}
    ),
    "uid bestaat al met andere inhoud": lambda b: b["historie"][0].update(gebruiker="iemand-anders"),
    "wijzig 'versie' niet": lambda b: _first_open(b).update(percentage=55, versie=_first_open(b)["versie"] + 1),
}


@pytest.mark.parametrize("message", list(BAD_JSON))
def test_bad_json_changes_nothing(source, tmp_path, message):
    target = _copy(source, tmp_path / "doel")
    before = _export(target)
    bad = _mutate_json(_export(source), BAD_JSON[message])
    with Session(target) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match=message):
            mio.import_bytes(s, bad, "json", _beheerder(s))
        s.rollback()
    assert _export(target) == before


def test_import_applies_edits_through_the_write_path_with_history(source, tmp_path):
    """Issue 15.5: an edited export changes the record like the API would: new version, a history row, and
    'gewijzigd door' the importing user. Before, the record changed with no history and the old editor."""
    target = _copy(source, tmp_path / "doel")
    bundle = json.loads(_export(target))
    row = _first_open(bundle)
    row.update(
        percentage=(row["percentage"] or 0) % 90 + 7,
        mijlpaal="Ontwerp besproken in het BO",
        toelichting="Bijgewerkt na het bestuurlijk overleg van november",
    )
    with Session(target) as s:
        invoerder = _beheerder(s)
        counts = mio.import_bytes(s, json.dumps(bundle).encode(), "json", invoerder)
        s.commit()
    assert counts == {"voortgang": 1, "historie": 1, "plantoets": 0}
    with Session(target) as s:
        step = next(r for r in service.list_stappen(s) if (r.stap, r.organisatie) == (row["stap"], row["organisatie"]))
        assert step.versie == row["versie"] + 1 and step.percentage == row["percentage"]
        assert step.gewijzigd_door == "demo-beheer"
        last = service.history(s, row["stap"], row["organisatie"])[-1]
        assert last.gebruiker == "demo-beheer" and last.nieuw["percentage"] == row["percentage"]
    again = _export(target)  # the new export imports as a no-op
    with Session(target) as s:
        assert mio.import_bytes(s, again, "json", _beheerder(s))["voortgang"] == 0


def test_import_needs_the_rights_of_the_importing_user(source, tmp_path):
    target = _copy(source, tmp_path / "doel")
    bundle = json.loads(_export(target))
    row = next(r for r in bundle["voortgang"] if r["status"] == "loopt" and r["organisatie"] != "drenthe")
    row["percentage"] = (row["percentage"] or 0) % 90 + 3
    before = _export(target)
    with Session(target) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="niet wijzigen"):
            mio.import_bytes(s, json.dumps(bundle).encode(), "json", service.get_user(s, "demo-drenthe"))
        s.rollback()
    assert _export(target) == before


def test_restore_refuses_history_that_contradicts_the_record(source, tmp_path):
    bundle = json.loads(_export(source))
    _first_open(bundle)["percentage"] = 63  # the history says otherwise
    (tmp_path / "doel").mkdir()
    target = fresh_engine(tmp_path / "doel")
    with Session(target) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="leidt niet tot de stand"):
            mio.restore_bytes(s, json.dumps(bundle).encode(), "json")


def test_restore_only_into_an_empty_monitor(source):
    with Session(source) as s:
        with pytest.raises(fouten.Conflict, match="zonder historie"):
            mio.restore_bytes(s, _export(source), "json")


def test_newer_database_is_not_overwritten(tmp_path):
    source = _demo_db(tmp_path)
    old = _export(source)
    with Session(source) as s:
        row = next(r for r in service.list_stappen(s) if r.status == "loopt")
        service.update_stap(
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
            mio.import_bytes(s, old, "json", service.get_user(s, "demo-beheer"))
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
            mio.import_bytes(s, data, fmt, None)
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
            mio.restore_bytes(s, "\n".join(lines).encode(), "csv")
    assert _export(target) == before


def _step_explained_with(tmp_path, toelichting: str):
    """A fresh database where step T3 is 'vertraagd' with this explanation (a beheerder wrote it)."""
    eng = fresh_engine(tmp_path)
    with Session(eng) as s:
        service.create_user(s, "b", "beheerder")
        b = service.get_user(s, "b")
        service.update_stap(s, b, "T3", status="vertraagd", toelichting=toelichting, today=date(2025, 1, 1))
        s.commit()
    return eng


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    eng = _step_explained_with(tmp_path, '=HYPERLINK("x") wacht op besluit')
    data = _export(eng, "xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(data))["voortgang"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    # issue 15.8: text cells that a spreadsheet would run are neutralised, and still read back as typed
    assert cells and all(c.data_type == "s" and c.value.startswith("'=") for c in cells)
    bundel = mio.parse(data, "xlsx")
    assert any((r.toelichting or "").startswith('=HYPERLINK("x")') for r in bundel.voortgang)


def test_csv_export_neutralises_formulas(tmp_path):
    eng = _step_explained_with(tmp_path, '@SUM(1+1) en =HYPERLINK("http://x") wacht op besluit')
    rows = list(csv.DictReader(_export(eng, "csv").decode().splitlines()))
    assert all(not (v or "").startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    assert any((r["toelichting"] or "").startswith("'@SUM") for r in rows)


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
        mio.restore_bytes(s, semi.encode(), "csv")
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
        mio.restore_bytes(s, buf.getvalue(), "xlsx")
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
            service.update_stap(
                s, service.get_user(s, "b"), "T3", status="loopt", percentage=pct, today=date(2025, 1, 1)
            )
            s.commit()
    from_b = _export(engines[1])
    before = _export(engines[0])
    with Session(engines[0]) as s:
        with pytest.raises(fouten.OngeldigeInvoer, match="uiteengelopen"):
            mio.import_bytes(s, from_b, "json", service.get_user(s, "b"))
    assert _export(engines[0]) == before
