"""Regression tests for issue 15 (hardening): one test or more per finding, numbered as in the issue.

Each failed on the main of 2026-12-03: a path read over HTTP, work on the event loop, a docx bomb, 500s under
concurrent writers, demo passwords, sessions that outlived logout, formulas in CSV, English/500 answers to bad
input, late size checks, missing security headers, CSRF on the scan page, never-expiring tokens.
"""

from __future__ import annotations

import io
import json
import re
import socket
import threading
import time
import zipfile
from datetime import datetime, timedelta

import geopandas as gpd
import pytest
from fastapi.testclient import TestClient
from shapely.geometry import box, mapping
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from wbs import fouten
from wbs.cli.main import app as cli
from wbs.locatie.demo_data import DEMO_PLANNEN
from wbs.monitor import db, service
from wbs.monitor.testing import fresh_engine, use_engine
from wbs.web.app import create_app

WACHTWOORD = "hardening-test-1"


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WBS_SECRET_KEY", "test-geheim")
    return TestClient(create_app())


@pytest.fixture
def monitor(tmp_path, monkeypatch):
    """A monitor database with a beheerder, an invoerder for drenthe and a lezer; returns their API tokens."""
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WBS_SECRET_KEY", "test-geheim")
    monkeypatch.setenv("WBS_VANDAAG", "2025-01-15")
    eng = fresh_engine(tmp_path)
    with Session(eng) as s:
        service.create_user(s, "beheer", "beheerder", wachtwoord=WACHTWOORD)
        service.create_user(s, "drenthe", "invoerder", "drenthe", wachtwoord=WACHTWOORD)
        service.create_user(s, "lezer", "lezer", wachtwoord=WACHTWOORD)
        tokens = {n: service.create_token(s, n)[1] for n in ("beheer", "drenthe", "lezer")}
        s.commit()
    use_engine(monkeypatch, eng)
    yield tokens
    db.reset_engines()


def _plan_geojson() -> dict:
    return {
        "type": "Feature",
        "geometry": mapping(DEMO_PLANNEN["zwolle-uiterwaarden"]),
        "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
    }


# -- 1. no request reads a server file --------------------------------------------------------------------------


def test_1_a_server_path_is_never_read(client, tmp_path):
    bestaand = tmp_path / "geheim.geojson"
    bestaand.write_text(json.dumps(_plan_geojson()), encoding="utf-8")
    antwoorden = []
    for pad in (str(bestaand), str(tmp_path / "bestaat-niet.geojson"), str(tmp_path / "percelen.gpkg")):
        for url in ("/api/locatie/toets", "/api/locatie/advies.html"):
            r = client.post(url, json={"geometrie": pad, "functie": "woningbouw"})
            assert r.status_code == 422, r.text
            antwoorden.append(r.json()["detail"])
            assert str(tmp_path) not in r.text
    # the same answer whether the file exists or not: nothing to learn about the server's disk
    assert len(set(antwoorden)) == 1 and "bestandsnaam wordt hier niet gelezen" in antwoorden[0]
    # GeoJSON in the body still works
    assert client.post("/api/locatie/toets", json={"geometrie": _plan_geojson(), "functie": "woningbouw"}).is_success


def test_1_the_cli_still_reads_files(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "data"))  # own demo layers, not the user's data folder
    pad = tmp_path / "plan.geojson"
    pad.write_text(json.dumps(_plan_geojson()), encoding="utf-8")
    r = CliRunner().invoke(
        cli, ["locatie", "toets", "--geometrie", str(pad), "--functie", "woningbouw", "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["oordeel"] == "verboden"


# -- 2. CPU work off the event loop, with a budget ---------------------------------------------------------------


def test_2_a_job_over_its_budget_is_killed_with_a_dutch_error():
    from wbs.web.workers import BudgetExceeded, Pool

    begin = time.monotonic()
    with pytest.raises(BudgetExceeded, match="te lang"):
        Pool(slots=1, waiting=0).run(time.sleep, 30, budget_s=1.0)
    assert time.monotonic() - begin < 10  # killed, not waited for


def test_2_a_full_pool_answers_busy():
    from wbs.web.workers import Pool

    pool = Pool(slots=1, waiting=0)
    t = threading.Thread(target=lambda: pool.run(time.sleep, 2, budget_s=10))
    t.start()
    time.sleep(0.3)
    try:
        with pytest.raises(fouten.TeDruk) as exc:
            pool.run(time.sleep, 0, budget_s=10)
        assert exc.value.http_status == 503 and "Retry-After" in exc.value.headers
    finally:
        t.join()


def test_2_an_upload_over_budget_gets_a_dutch_422(client, monkeypatch):
    monkeypatch.setenv("WBS_PLAN_BUDGET_S", "0.01")
    r = client.post("/api/plan/toets", files={"bestand": ("visie.txt", "Water en bodem sturend.\n" * 50)})
    assert r.status_code == 422 and "te complex" in r.json()["detail"]


def test_2_upload_endpoints_do_not_run_on_the_event_loop():
    import inspect

    from wbs.web.routes import locatie, locatie_scan, plan

    for module in (locatie, locatie_scan, plan):
        for route in module.router.routes:
            if getattr(route, "methods", set()) & {"POST"}:
                assert not inspect.iscoroutinefunction(route.endpoint), route.path


# -- 3. docx bombs and XML tricks --------------------------------------------------------------------------------


def _docx(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


@pytest.mark.parametrize(
    "inhoud, melding",
    [
        (b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>", "gecomprimeerd"),
        (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>', "DOCTYPE"),
        (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>', "DOCTYPE"),
    ],
)
def test_3_docx_bombs_and_entities_are_refused(client, inhoud, melding):
    data = _docx(inhoud)
    assert len(data) < 1024 * 1024
    r = client.post("/api/plan/toets", files={"bestand": ("bom.docx", data)})
    assert r.status_code == 422 and melding in r.json()["detail"]


# -- 4. concurrent writers: 200, 409 or 503, never 500 -----------------------------------------------------------


def test_4_concurrent_writers_on_one_step_get_200_409_or_503(monitor):
    app = create_app()
    stap = TestClient(app).get("/api/monitor/stappen", params={"organisatie": "drenthe"}).json()[0]
    statussen: list[int] = []

    def schrijf(i: int) -> None:
        r = TestClient(app).patch(
            f"/api/monitor/stappen/{stap['stap']}",
            json={
                "versie": stap["versie"],
                "organisatie": "drenthe",
                "status": "loopt",
                "percentage": i % 90 + 5,
                "toelichting": "Voortgang bijgewerkt in test",
            },
            headers={"Authorization": f"Bearer {monitor['drenthe']}"},
        )
        statussen.append(r.status_code)
        if r.status_code == 503:
            assert "Retry-After" in r.headers

    threads = [threading.Thread(target=schrijf, args=(i,)) for i in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statussen) <= {200, 409, 503} and statussen.count(200) == 1


def test_4_a_busy_database_is_a_dutch_503(client):
    from sqlalchemy.exc import OperationalError

    from wbs.web.fouten import error_response

    assert db.is_busy(OperationalError("UPDATE", {}, Exception("database is locked")))
    assert not db.is_busy(OperationalError("UPDATE", {}, Exception("no such table: x")))
    app = create_app()

    @app.get("/api/test-druk")
    def druk():
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    r = TestClient(app, raise_server_exceptions=False).get("/api/test-druk")
    assert r.status_code == 503 and r.headers["Retry-After"] and "te druk" in r.json()["detail"]
    assert error_response  # the one error path


# -- 7. sessions end server-side; failed logins are throttled ----------------------------------------------------


def _login(c: TestClient, naam: str, wachtwoord: str = WACHTWOORD):
    pagina = c.get("/monitor/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', pagina.text).group(1)
    return c.post(
        "/monitor/login", data={"gebruikersnaam": naam, "wachtwoord": wachtwoord, "csrf": csrf}, follow_redirects=False
    )


def test_7_logout_and_password_change_end_old_sessions(monitor):
    app = create_app()
    a = TestClient(app)
    assert _login(a, "drenthe").status_code == 303
    oud_koekje = dict(a.cookies)
    assert "drenthe" in a.get("/monitor").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', a.get("/monitor").text).group(1)
    a.post("/monitor/uitloggen", data={"csrf": csrf}, follow_redirects=False)
    dief = TestClient(app, cookies=oud_koekje)  # someone kept the cookie from before the logout
    assert "Uitloggen" not in dief.get("/monitor").text

    b = TestClient(app)
    assert _login(b, "drenthe").status_code == 303
    with db.session_scope() as s:
        service.set_password(s, "drenthe", "een-nieuw-wachtwoord")
    assert "Uitloggen" not in b.get("/monitor").text


def test_7_failed_logins_are_throttled_per_user(monitor):
    c = TestClient(create_app())
    for _ in range(5):
        assert _login(c, "beheer", "fout-wachtwoord").status_code == 401
    r = _login(c, "beheer", WACHTWOORD)  # even the right password waits now
    assert r.status_code == 429 and "te veel mislukte" in r.text and r.headers["Retry-After"]
    assert _login(c, "lezer", WACHTWOORD).status_code == 303  # other users are not locked out


# -- 8. CSV cells cannot run as formulas -------------------------------------------------------------------------


def test_8_scan_csv_neutralises_formulas(client):
    gdf = gpd.GeoDataFrame(
        {"naam": ['=HYPERLINK("http://x","klik")', "+1", "gewoon"]},
        geometry=[box(200000 + i * 300, 500000, 200200 + i * 300, 500200) for i in range(3)],
        crs="EPSG:28992",
    )
    r = client.post(
        "/api/locatie/scan", data={"functie": "woningbouw"}, files={"bestand": ("k.geojson", gdf.to_json().encode())}
    )
    assert r.status_code == 200, r.text
    tekst = client.get(r.json()["downloads"]["csv"]).text
    assert "'=HYPERLINK" in tekst and "'+1" in tekst
    assert not re.search(r"(^|,)[=+@]", tekst, re.M)


# -- 9 / 10. bad input is a Dutch 4xx, never a 500 ---------------------------------------------------------------


def test_9_undecodable_text_upload_is_not_a_server_error(client):
    r = client.post("/api/plan/toets", files={"bestand": ("x.txt", b"\x81\x8d\x81\x8d")})
    assert r.status_code in (200, 422) and "detail" in r.json() or "dekking" in r.json()


@pytest.mark.parametrize(
    "coords, crs, melding",
    [
        ([[float("nan"), 1], [2, 2], [2, 1], [float("nan"), 1]], "EPSG:28992", None),
        ([[200000, 500000], [200100, 500000], [200100, 500100], [200000, 500000]], "EPSG:99999", None),
        ([[200000, 500000], [200100, 500000], [200100, 500100], [200000, 500000]], "EPSG:4326", "coördinaten"),
    ],
)
def test_9_10_scan_rejects_what_the_single_test_rejects(client, coords, crs, melding):
    tekst = json.dumps(
        {
            "type": "FeatureCollection",
            "crs": {"type": "name", "properties": {"name": crs}},
            "features": [
                {"type": "Feature", "properties": {"id": 1}, "geometry": {"type": "Polygon", "coordinates": [coords]}}
            ],
        }
    )
    r = client.post("/api/locatie/scan", data={"functie": "woningbouw"}, files={"bestand": ("p.geojson", tekst)})
    assert r.status_code == 422, r.text
    assert "/tmp" not in r.text and "wbs-scan-" not in r.text
    if melding:
        assert melding in r.json()["detail"]
    geometrie = json.dumps({"type": "Polygon", "coordinates": [coords]})  # NaN travels inside a GeoJSON text
    single = client.post("/api/locatie/toets", json={"geometrie": geometrie, "functie": "woningbouw", "crs": crs})
    assert single.status_code == 422


def test_9_cli_import_of_a_bad_file_prints_no_traceback(monitor, tmp_path):
    bestand = tmp_path / "m.json"
    bestand.write_text(
        json.dumps(
            {
                "formaat": "wbs-borgingsmonitor",
                "voortgang": [{"stap": "T1", "organisatie": "drenthe", "status": "loopt", "versie": 2**63}],
            }
        ),
        encoding="utf-8",
    )
    r = CliRunner().invoke(cli, ["monitor", "import", str(bestand)])
    assert r.exit_code == 2 and "Traceback" not in r.output and "hoogstens" in r.output


# -- 11. size limits before anything is written ------------------------------------------------------------------


def test_11_too_large_request_is_refused_on_its_content_length(client, monkeypatch):
    monkeypatch.setenv("WBS_MAX_UPLOAD_MB", "1")
    c = TestClient(create_app())
    r = c.post("/api/plan/toets", files={"bestand": ("groot.txt", b"water " * 400_000)})
    assert r.status_code == 413 and "groter dan 1 MB" in r.json()["detail"]


# -- 12. security headers ---------------------------------------------------------------------------------------


def test_12_security_headers_on_pages_and_api(client):
    for url in ("/", "/api/kader/overzicht", "/nietbestaand"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
        assert h["referrer-policy"] == "same-origin"


# -- 13. CSRF on state-changing requests; tokens expire and are bounded -----------------------------------------


def test_13_cross_site_posts_are_refused(client):
    r = client.post(
        "/locatie/scan",
        data={"functie": "woningbouw", "demo": "true"},
        headers={"Origin": "https://kwaadwillend.example"},
    )
    assert r.status_code == 403 and "andere website" in r.json()["detail"]
    same = client.post(
        "/api/locatie/toets",
        json={"geometrie": _plan_geojson(), "functie": "woningbouw"},
        headers={"Origin": "http://testserver"},
    )
    assert same.status_code == 200


def test_13_tokens_expire_can_be_revoked_over_the_api_and_are_bounded(monitor):
    c = TestClient(create_app())
    kop = {"Authorization": f"Bearer {monitor['lezer']}"}
    eigen = c.get("/api/monitor/tokens", headers=kop).json()
    assert len(eigen) == 1 and eigen[0]["verloopt_op"]
    for i in range(9):
        assert c.post("/api/monitor/tokens", json={"naam": f"t{i}"}, headers=kop).status_code == 201
    r = c.post("/api/monitor/tokens", json={"naam": "een te veel"}, headers=kop)
    assert r.status_code == 409 and "maximum" in r.json()["detail"]
    assert c.delete(f"/api/monitor/tokens/{eigen[0]['id']}", headers=kop).status_code == 204
    assert c.get("/api/monitor/ik", headers=kop).status_code == 401  # the revoked token no longer works
    with db.session_scope() as s:
        _, oud = service.create_token(s, "beheer", "oud", now=datetime.now() - timedelta(days=2), geldig_dagen=1)
    assert c.get("/api/monitor/ik", headers={"Authorization": f"Bearer {oud}"}).status_code == 401


# -- 14. a restart after kill -9 is not blocked by the port check ------------------------------------------------


def test_14_port_in_time_wait_counts_as_free():
    from wbs.cli.serve import _port_free

    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    poort = server.getsockname()[1]
    klant = socket.create_connection(("127.0.0.1", poort))
    verbinding, _ = server.accept()
    assert not _port_free("127.0.0.1", poort)  # a live listener is 'in use'
    verbinding.close()  # the server side closes first: its end of the connection goes to TIME_WAIT
    server.close()
    klant.close()
    assert _port_free("127.0.0.1", poort)


# -- 15 / 16. Dutch messages, no echo, no paths; bounded input ---------------------------------------------------


def test_15_messages_are_dutch_and_do_not_echo_input(client):
    plannen = [{"naam": f"p{i}", "geometrie": _plan_geojson()} for i in range(21)]
    r = client.post("/api/locatie/vergelijk", json={"functie": "woningbouw", "plannen": plannen})
    assert r.status_code == 422 and "hoogstens twintig" not in r.text and "hoogstens 20" in r.json()["detail"]
    assert "should" not in r.text and "Field required" not in r.text
    lang = "EPSG:" + "9" * 100_000
    r = client.post("/api/locatie/toets", json={"geometrie": _plan_geojson(), "functie": "woningbouw", "crs": lang})
    assert r.status_code == 422 and len(r.text) < 2000
    r = client.post("/api/locatie/toets", json={"geometrie": _plan_geojson(), "functie": "woningbouw"})
    assert "/" not in r.json()["lagen"]
    r = client.post(
        "/api/locatie/scan",
        data={"functie": "woningbouw"},
        files={"bestand": ("kapot.gpkg", b"SQLite format 3\x00 kapot")},
    )
    assert r.status_code == 422 and "/tmp" not in r.text and "kapot.gpkg" in r.json()["detail"]
    assert client.get("/nietbestaand").status_code == 404
    assert "Not Found" not in client.get("/api/nietbestaand").text


def test_16_plantoets_coverage_is_bounded(monitor):
    c = TestClient(create_app())
    r = c.post(
        "/api/monitor/plantoets",
        headers={"Authorization": f"Bearer {monitor['beheer']}"},
        json={
            "provincie": "drenthe",
            "document": "groot",
            "dekking": [{"nr": 1 + i % 33, "status": "bindend"} for i in range(200_000)],
        },
    )
    assert r.status_code in (413, 422) and "detail" in r.json()
