"""``wbs monitor`` CLI and the JSON API under /api/monitor (permissions, 401/403/409, OpenAPI)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.monitor import db, service
from wbs.monitor.testing import backends, drop_engine, fresh_engine, use_engine
from wbs.web.app import create_app

runner = CliRunner()


BACKENDS = backends()


@pytest.fixture(params=BACKENDS)
def dbase(tmp_path, monkeypatch, request):
    eng = fresh_engine(tmp_path, postgres=request.param == "postgres")
    with Session(eng) as s:
        service.create_user(s, "drenthe", "invoerder", "drenthe")
        service.create_user(s, "beheer", "beheerder")
        service.create_user(s, "lezer", "lezer")
        tokens = {n: service.create_token(s, n)[1] for n in ("drenthe", "beheer", "lezer")}
        s.commit()
    use_engine(monkeypatch, eng)
    monkeypatch.setenv("WBS_VANDAAG", "2025-01-15")
    db.reset_engines()
    yield tokens
    db.reset_engines()
    drop_engine(eng)


@pytest.fixture
def client(dbase):
    return TestClient(create_app())


def flat(text: str) -> str:
    return " ".join(text.split())


def auth(token):
    return {"Authorization": f"Bearer {token}"}


# -- API --------------------------------------------------------------------------------------


def test_api_lists_with_filters(client):
    r = client.get("/api/monitor/stappen", params={"organisatie": "drenthe"})
    assert r.status_code == 200
    assert {x["stap"] for x in r.json()} == {"T1", "T4"}
    r = client.get("/api/monitor/stappen", params={"spoor": "II", "achterstallig": "false", "peildatum": "2025-01-01"})
    assert {x["stap"] for x in r.json()} == {"T4"}
    assert client.get("/api/monitor/stappen", params={"keuze": 99}).status_code == 422
    assert client.get("/api/monitor/stappen/T2").json()["deadline"] == "2026-12-31"
    assert client.get("/api/monitor/stappen/GEEN").status_code == 404


def test_api_patch_permissions(client, dbase):
    body = {"versie": 1, "status": "loopt", "organisatie": "drenthe"}
    assert client.patch("/api/monitor/stappen/T4", json=body).status_code == 401
    assert client.patch("/api/monitor/stappen/T4", json=body, headers=auth("wbs_onzin")).status_code == 401
    r = client.patch("/api/monitor/stappen/T4", json=body, headers=auth(dbase["lezer"]))
    assert r.status_code == 403
    r = client.patch(
        "/api/monitor/stappen/T4", json={**body, "organisatie": "overijssel"}, headers=auth(dbase["drenthe"])
    )
    assert r.status_code == 403 and "overijssel" in r.json()["detail"]
    r = client.patch("/api/monitor/stappen/T4", json=body, headers=auth(dbase["drenthe"]))
    assert r.status_code == 200 and r.json()["versie"] == 2
    hist = client.get("/api/monitor/stappen/T4/historie").json()
    assert len(hist) == 1 and hist[0]["gebruiker"] == "drenthe" and hist[0]["nieuw"] == {"status": "loopt"}


def test_api_conflict_and_explain(client, dbase):
    h = auth(dbase["beheer"])
    ok = client.patch("/api/monitor/stappen/T3", json={"versie": 1, "percentage": 10, "status": "loopt"}, headers=h)
    assert ok.status_code == 200
    stale = client.patch("/api/monitor/stappen/T3", json={"versie": 1, "percentage": 90}, headers=h)
    assert stale.status_code == 409 and "intussen gewijzigd" in stale.json()["detail"]
    r = client.patch("/api/monitor/stappen/T3", json={"versie": 2, "status": "afgevallen"}, headers=h)
    assert r.status_code == 422 and "leg uit" in r.json()["detail"]
    assert len(client.get("/api/monitor/stappen/T3/historie").json()) == 1
    assert client.get("/api/monitor/stappen/T3").json()["voortgang"][0]["percentage"] == 10


def test_api_dashboard_roadmap_kpi(client):
    d = client.get("/api/monitor/dashboard", params={"peildatum": "2025-01-15"}).json()
    assert d["totaal"]["totaal"] == 27 and d["totaal"]["achterstallig"] == 12
    rm = client.get("/api/monitor/roadmap", params={"groepeer": "jaar", "peildatum": "2025-01-15"}).json()
    assert [g["sleutel"] for g in rm] == ["2024", "2025", "2026", "zonder"]
    assert client.get("/api/monitor/roadmap", params={"groepeer": "kleur"}).status_code == 422
    kpi = client.get("/api/monitor/kpi", params={"jaar": 2025}).json()
    assert {k["id"] for k in kpi} >= {
        "maatregelen-geborgd",
        "stappen-op-tijd",
        "keuzes-bindend-per-provincie",
    }


def test_api_users_and_tokens_need_beheerder(client, dbase):
    assert client.get("/api/monitor/gebruikers", headers=auth(dbase["drenthe"])).status_code == 403
    r = client.post(
        "/api/monitor/gebruikers",
        headers=auth(dbase["beheer"]),
        json={"gebruikersnaam": "ov", "rol": "invoerder", "organisatie": "overijssel"},
    )
    assert r.status_code == 201
    r = client.post("/api/monitor/tokens", headers=auth(dbase["beheer"]), json={"gebruikersnaam": "ov"})
    tok = r.json()["token"]
    assert client.get("/api/monitor/ik", headers=auth(tok)).json()["organisatie"] == "overijssel"
    assert client.post("/api/monitor/tokens", headers=auth(tok), json={"gebruikersnaam": "beheer"}).status_code == 403


def test_openapi_documents_monitor_endpoints(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in (
        "/api/monitor/stappen",
        "/api/monitor/stappen/{stap_id}",
        "/api/monitor/stappen/{stap_id}/historie",
        "/api/monitor/dashboard",
        "/api/monitor/kpi",
        "/api/monitor/roadmap",
    ):
        assert p in paths
        for op in paths[p].values():
            assert op["tags"] == ["monitor"]
    assert "409" in paths["/api/monitor/stappen/{stap_id}"]["patch"]["responses"]


# -- CLI --------------------------------------------------------------------------------------


def test_cli_info_status_and_zet(dbase):
    r = runner.invoke(cli, ["monitor", "info"])
    assert r.exit_code == 0 and "Migratie" in r.output and db.head_revision() in r.output
    r = runner.invoke(cli, ["monitor", "zet", "T4", "--status", "loopt", "--als", "drenthe"])
    assert r.exit_code == 0, r.output
    assert "versie 2" in r.output
    r = runner.invoke(
        cli, ["monitor", "zet", "T4", "--organisatie", "overijssel", "--status", "loopt", "--als", "drenthe"]
    )
    assert r.exit_code == 2 and "mag de voortgang van overijssel" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "zet", "T3", "--status", "vertraagd"])
    assert r.exit_code == 2 and "leg uit" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "status", "--json", "--peildatum", "2025-01-15"])
    data = json.loads(r.output)
    assert data["totaal"]["per_status"]["loopt"] == 1
    r = runner.invoke(cli, ["monitor", "achterstand", "--json", "--peildatum", "2025-01-15"])
    assert len(json.loads(r.output)["achterstallig"]) == 12
    r = runner.invoke(cli, ["monitor", "status", "--peildatum", "gisteren"])
    assert r.exit_code == 2 and "JJJJ-MM-DD" in flat(r.output)


def test_cli_users_and_tokens(dbase):
    r = runner.invoke(
        cli,
        [
            "monitor",
            "gebruiker",
            "toevoegen",
            "ov",
            "--rol",
            "invoerder",
            "--organisatie",
            "overijssel",
            "--wachtwoord",
            "geheim-wachtwoord",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["monitor", "gebruiker", "toevoegen", "x", "--rol", "koning"])
    assert r.exit_code == 2 and "onbekende rol" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "token", "maak", "ov"])
    assert r.exit_code == 0
    token = r.stdout.strip().splitlines()[-1]
    with db.session_scope() as s:
        assert service.user_for_token(s, token).gebruikersnaam == "ov"
        tid = service.list_tokens(s, "ov")[0].id
    assert runner.invoke(cli, ["monitor", "token", "intrekken", str(tid)]).exit_code == 0
    with db.session_scope() as s:
        assert service.user_for_token(s, token) is None


def test_cli_export_import(dbase, tmp_path):
    assert runner.invoke(cli, ["monitor", "zet", "T3", "--status", "loopt", "--percentage", "30"]).exit_code == 0
    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        r = runner.invoke(cli, ["monitor", "export", "--format", fmt, "--uit", str(out)])
        assert r.exit_code == 0, r.output
        r = runner.invoke(cli, ["monitor", "import", str(out)])
        assert r.exit_code == 0 and "0 voortgang" in r.output
    bad = tmp_path / "kapot.json"
    data = json.loads((tmp_path / "export.json").read_text())
    data["voortgang"][0]["status"] = "klaar"
    bad.write_text(json.dumps(data))
    before = (tmp_path / "export.json").read_text()
    r = runner.invoke(cli, ["monitor", "import", str(bad)])
    assert r.exit_code == 2 and "niets gewijzigd" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "export"])
    assert json.loads(r.stdout)["voortgang"] == json.loads(before)["voortgang"]


def test_api_export_and_import_need_beheerder(client, dbase):
    exp = client.get("/api/monitor/export")
    assert exp.status_code == 200
    assert client.get("/api/monitor/export", params={"formaat": "csv"}).text.startswith("soort,")
    assert client.post("/api/monitor/import", json=exp.json(), headers=auth(dbase["drenthe"])).status_code == 403
    r = client.post("/api/monitor/import", json=exp.json(), headers=auth(dbase["beheer"]))
    assert r.status_code == 200 and r.json()["historie"] == 0
    bad = exp.json()
    bad["voortgang"][0]["stap"] = "X1"
    r = client.post("/api/monitor/import", json=bad, headers=auth(dbase["beheer"]))
    assert r.status_code == 422 and "bestaat niet" in r.json()["detail"]


def test_cli_and_api_rapport(dbase, client, tmp_path):
    out = tmp_path / "monitor.html"
    r = runner.invoke(cli, ["monitor", "rapport", "--jaar", "2024", "--format", "html", "--uit", str(out)])
    assert r.exit_code == 0 and "<svg" in out.read_text()
    r = runner.invoke(cli, ["monitor", "rapport", "--jaar", "2024", "--format", "pdf"])
    assert r.exit_code == 2 and "--uit" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "rapport", "--jaar", "2030"])
    assert r.exit_code == 2 and "buiten het bereik" in flat(r.output)
    assert "Jaarmonitor" in client.get("/api/monitor/rapport", params={"jaar": 2024}).text


def test_api_validation_errors_are_dutch(client, dbase):
    r = client.patch(
        "/api/monitor/stappen/T4",
        headers=auth(dbase["drenthe"]),
        json={"versie": 1, "percentage": 150, "kleur": "rood"},
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "percentage mag hoogstens 100 zijn" in detail
    assert "kleur is een onbekend veld" in detail
    r = client.get("/api/monitor/stappen", params={"keuze": "veel"})
    assert r.json()["detail"] == "ongeldige invoer: keuze moet een geheel getal zijn"
    r = client.patch("/api/monitor/stappen/T4", headers=auth(dbase["drenthe"]), json={})
    assert "versie is verplicht" in r.json()["detail"]


def test_cli_read_commands(dbase):
    assert (
        runner.invoke(
            cli, ["monitor", "zet", "T3", "--status", "loopt", "--percentage", "20", "--als", "beheer"]
        ).exit_code
        == 0
    )
    r = runner.invoke(cli, ["monitor", "stap", "T3"])
    # organisations by name, not by their lowercase code (issue 20)
    assert r.exit_code == 0 and "Historie" in r.output and "beheer" in r.output and "Waterschappen" in r.output
    assert runner.invoke(cli, ["monitor", "stap", "GEEN"]).exit_code == 2
    r = runner.invoke(cli, ["monitor", "roadmap", "--groepeer", "jaar", "--json"])
    assert [g["sleutel"] for g in json.loads(r.stdout)] == ["2024", "2025", "2026", "zonder"]
    assert runner.invoke(cli, ["monitor", "roadmap", "--groepeer", "kleur"]).exit_code == 2
    r = runner.invoke(cli, ["monitor", "kpi", "--jaar", "2024", "--json"])
    assert {k["id"] for k in json.loads(r.stdout)} >= {"stappen-op-tijd", "pas-toe-of-leg-uit"}
    r = runner.invoke(cli, ["monitor", "migreer"])
    assert r.exit_code == 0 and f"nieuwste: {db.head_revision()}" in flat(r.output)
    r = runner.invoke(cli, ["monitor", "organisaties"])
    assert "drenthe" in r.output and "Rijkswaterstaat" in r.output
    r = runner.invoke(cli, ["monitor", "gebruiker", "lijst"])
    assert "drenthe" in r.output and "invoerder" in r.output
    r = runner.invoke(cli, ["monitor", "token", "lijst"])
    assert r.exit_code == 0 and "wbs_" in r.output and dbase["beheer"] not in r.output
