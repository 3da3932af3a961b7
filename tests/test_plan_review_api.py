"""The Plantoets review end to end over HTTP and the CLI: API, roles, history, bad input (nothing stored),
the finalise rule, the web forms (session login + CSRF) and ``wbs plan review export/import``.
Runs on SQLite and, with WBS_TEST_POSTGRES_URL, on PostgreSQL."""

from __future__ import annotations

import json
import os
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from wbs.cli.main import app as cli
from wbs.monitor import db, service
from wbs.monitor.models import PlanBeslissing, PlanDocument, PlanVaststelling
from wbs.monitor.testing import drop_engine, fresh_engine, use_engine
from wbs.web.app import create_app

runner = CliRunner()
BACKENDS = ["sqlite"] + (
    [pytest.param("postgres", marks=pytest.mark.postgres)] if os.environ.get("WBS_TEST_POSTGRES_URL") else []
)
WACHTWOORD = "geheim-wachtwoord"
# Short passages with strong domain terms, so the tool proposes links; the tests read the proposals from the
# API and never assume which keuzes they are.
TEKST = "\n\n".join(
    [
        "De provincie legt in de omgevingsverordening vast dat in grondwaterbeschermingsgebieden geen nieuwe "
        "bebouwing is toegestaan.",
        "Wij stimuleren waterbesparing bij bedrijven en huishoudens en verminderen het drinkwatergebruik.",
        "Het beekdal van de Drentsche Aa wordt hersteld met natuurlijke oevers en meer ruimte voor water.",
        "De gemeente organiseert jaarlijks een cultureel festival op de markt.",
    ]
).encode()


@pytest.fixture(params=BACKENDS)
def omgeving(tmp_path, monkeypatch, request):
    eng = fresh_engine(tmp_path, postgres=request.param == "postgres")
    with Session(eng) as s:
        service.create_user(s, "drenthe", "invoerder", "drenthe", wachtwoord=WACHTWOORD)
        service.create_user(s, "beheer", "beheerder", wachtwoord=WACHTWOORD)
        service.create_user(s, "lezer", "lezer", wachtwoord=WACHTWOORD)
        tokens = {n: service.create_token(s, n)[1] for n in ("drenthe", "beheer", "lezer")}
        s.commit()
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WBS_SECRET_KEY", "test-sleutel")
    use_engine(monkeypatch, eng)
    yield {"engine": eng, "tokens": tokens, "tmp": tmp_path}
    db.reset_engines()
    drop_engine(eng)


@pytest.fixture
def client(omgeving):
    return TestClient(create_app())


def auth(omgeving, naam):
    return {"Authorization": f"Bearer {omgeving['tokens'][naam]}"}


def _aantallen(eng) -> tuple[int, int, int]:
    with Session(eng) as s:
        return tuple(
            s.scalar(select(func.count()).select_from(m)) for m in (PlanDocument, PlanBeslissing, PlanVaststelling)
        )


def _registreer(client, omgeving, naam="drenthe") -> dict:
    r = client.post("/api/plan/documenten", files={"bestand": ("visie.txt", TEKST)}, headers=auth(omgeving, naam))
    assert r.status_code == 201, r.text
    stand = r.json()
    assert len(stand["links"]) >= 2, "the test text should give at least two proposals"
    return stand


def _beslis(client, omgeving, sha, beslissingen, naam="drenthe", **extra):
    return client.post(
        f"/api/plan/documenten/{sha}/review", json={"beslissingen": beslissingen, **extra}, headers=auth(omgeving, naam)
    )


def _link(stand, i=0) -> dict:
    link = stand["links"][i]
    return {"start_line": link["start_line"], "end_line": link["end_line"], "keuze": link["keuze"]}


def test_roles_anonymous_401_lezer_403_invoerder_and_beheerder_write(client, omgeving):
    assert client.post("/api/plan/documenten", files={"bestand": ("visie.txt", TEKST)}).status_code == 401
    r = client.post("/api/plan/documenten", files={"bestand": ("visie.txt", TEKST)}, headers=auth(omgeving, "lezer"))
    assert r.status_code == 403 and "lezer" in r.json()["detail"]
    stand = _registreer(client, omgeving)
    sha = stand["document"]["sha256"]
    besluit = [_link(stand) | {"actie": "accepteren"}]
    r = client.post(f"/api/plan/documenten/{sha}/review", json={"beslissingen": besluit})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = _beslis(client, omgeving, sha, besluit, "lezer")
    assert r.status_code == 403 and "alleen een invoerder of beheerder" in r.json()["detail"]
    r = client.post(
        f"/api/plan/documenten/{sha}/review",
        json={"beslissingen": besluit},
        headers={"Authorization": "Bearer wbs_onzin"},
    )
    assert r.status_code == 401
    assert _aantallen(omgeving["engine"]) == (1, 0, 0)
    r = _beslis(client, omgeving, sha, besluit)
    assert r.status_code == 200 and r.json()["beoordeeld"] == 1
    r = _beslis(client, omgeving, sha, [_link(stand, 1) | {"actie": "verwerpen"}], "beheer")
    assert r.status_code == 200 and r.json()["verworpen"] == 1
    # reads are public, like the monitor's: a lezer or anyone sees who decided what
    stand = client.get(f"/api/plan/documenten/{sha}/review").json()
    assert {(x["status"], x["door"]) for x in stand["links"][:2]} == {
        ("beoordeeld", "drenthe"),
        ("verworpen", "beheer"),
    }
    assert client.get("/api/plan/documenten").json()[0]["beslissingen"] == 2


def test_re_registering_the_same_file_reopens_its_review(client, omgeving):
    stand = _registreer(client, omgeving)
    sha = stand["document"]["sha256"]
    _beslis(client, omgeving, sha, [_link(stand) | {"actie": "accepteren"}])
    r = client.post("/api/plan/documenten", files={"bestand": ("visie.txt", TEKST)}, headers=auth(omgeving, "beheer"))
    assert r.status_code == 200 and r.json()["beoordeeld"] == 1  # the same version: the same review
    r = client.post(
        "/api/plan/documenten", files={"bestand": ("andere-naam.txt", TEKST)}, headers=auth(omgeving, "beheer")
    )
    assert r.status_code == 201 and r.json()["beoordeeld"] == 0  # same bytes, other name: another version
    r = client.get(f"/api/plan/documenten/{sha}/review")
    assert r.status_code == 422 and "onder meer namen" in r.json()["detail"]
    assert client.get(f"/api/plan/documenten/{sha}/review", params={"naam": "visie.txt"}).json()["beoordeeld"] == 1
    assert client.get(f"/api/plan/documenten/{'b' * 64}/review").status_code == 404
    assert client.get("/api/plan/documenten/niet-hex/review").status_code == 422


def test_history_keeps_every_decision_and_later_ones_supersede(client, omgeving):
    stand = _registreer(client, omgeving)
    sha, link = stand["document"]["sha256"], _link(stand)
    assert _beslis(client, omgeving, sha, [link | {"actie": "accepteren", "notitie": "eerst"}]).status_code == 200
    # a stale version of the slot: someone else decided in between -> 409, nothing stored
    r = _beslis(client, omgeving, sha, [link | {"actie": "verwerpen", "versie": 0}], "beheer")
    assert r.status_code == 409 and "intussen beslist door drenthe" in r.json()["detail"]
    r = _beslis(client, omgeving, sha, [link | {"actie": "verwerpen", "versie": 1, "notitie": "toch niet"}], "beheer")
    assert r.status_code == 200
    stand = r.json()
    eerste = next(x for x in stand["links"] if x["start_line"] == link["start_line"] and x["keuze"] == link["keuze"])
    assert (eerste["status"], eerste["door"], eerste["versie"]) == ("verworpen", "beheer", 2)
    # the same decision again changes nothing and stores nothing
    r = _beslis(client, omgeving, sha, [link | {"actie": "verwerpen", "notitie": "toch niet"}], "beheer")
    assert r.status_code == 200 and r.json()["opgeslagen"] == []
    historie = client.get(f"/api/plan/documenten/{sha}/review/historie").json()
    assert [(h["actie"], h["gebruiker"], h["versie"], h["notitie"]) for h in historie] == [
        ("accepteren", "drenthe", 1, "eerst"),
        ("verwerpen", "beheer", 2, "toch niet"),
    ]
    assert all(re.match(r"\d{4}-\d\d-\d\dT", h["tijdstip"]) for h in historie)
    # the document version is a compare-and-set too
    r = _beslis(client, omgeving, sha, [_link(stand, 1) | {"actie": "accepteren"}], versie=1)
    assert r.status_code == 409 and "u las versie 1" in r.json()["detail"]


@pytest.mark.parametrize(
    "wijziging, melding",
    [
        ({"keuze": 0}, "keuze moet minstens 1 zijn"),
        ({"keuze": 34}, "keuze mag hoogstens 33 zijn"),
        ({"notitie": "x" * 501}, "notitie is te lang (hoogstens 500 tekens)"),
        ({"actie": "goedkeuren"}, "actie moet een van deze waarden zijn"),
        ({"start_line": 9000, "end_line": 9001}, "geen passage op regels 9000-9001"),
        ({"actie": "toevoegen"}, "al voorgesteld"),
        ({"actie": "sterkte"}, "laat keuze weg"),
        ({"onbekend": 1}, "onbekend is een onbekend veld"),
        ({"notitie": "nul\x00teken"}, "ongeldig teken (NUL)"),
    ],
)
def test_bad_input_gives_a_dutch_422_and_stores_nothing(client, omgeving, wijziging, melding):
    stand = _registreer(client, omgeving)
    sha = stand["document"]["sha256"]
    goed = _link(stand) | {"actie": "accepteren"}
    voor = _aantallen(omgeving["engine"])
    # a valid decision first in the batch: all or nothing
    r = _beslis(client, omgeving, sha, [_link(stand, 1) | {"actie": "accepteren"}, goed | wijziging])
    assert r.status_code == 422, r.text
    assert melding in r.json()["detail"]
    assert _aantallen(omgeving["engine"]) == voor
    assert client.get(f"/api/plan/documenten/{sha}/review").json()["beoordeeld"] == 0


def test_unreadable_body_and_bad_upload_are_dutch_4xx(client, omgeving):
    stand = _registreer(client, omgeving)
    sha = stand["document"]["sha256"]
    r = client.post(
        f"/api/plan/documenten/{sha}/review",
        content=b"{kapot",
        headers=auth(omgeving, "drenthe") | {"Content-Type": "application/json"},
    )
    assert r.status_code in (400, 422) and "JSON" in r.json()["detail"]
    r = client.post("/api/plan/documenten", files={"bestand": ("x.exe", b"MZ")}, headers=auth(omgeving, "drenthe"))
    assert r.status_code == 422 and "Onbekend bestandsformaat" in r.json()["detail"]
    assert _aantallen(omgeving["engine"]) == (1, 0, 0)


def test_finalising_waits_for_every_proposal_and_locks_the_review(client, omgeving):
    stand = _registreer(client, omgeving)
    sha, links = stand["document"]["sha256"], stand["links"]
    r = client.post(f"/api/plan/documenten/{sha}/vaststelling", json={}, headers=auth(omgeving, "drenthe"))
    assert r.status_code == 409 and f"{len(links)} voorgestelde koppeling(en)" in r.json()["detail"]
    assert _aantallen(omgeving["engine"])[2] == 0
    besluit = [
        {
            "start_line": x["start_line"],
            "end_line": x["end_line"],
            "keuze": x["keuze"],
            "actie": "accepteren" if i % 2 == 0 else "verwerpen",
        }
        for i, x in enumerate(links)
    ]
    assert _beslis(client, omgeving, sha, besluit).json()["kan_vastgesteld_worden"] is True
    assert (
        client.post(f"/api/plan/documenten/{sha}/vaststelling", json={}, headers=auth(omgeving, "lezer")).status_code
        == 403
    )
    r = client.post(
        f"/api/plan/documenten/{sha}/vaststelling", json={"notitie": "akkoord"}, headers=auth(omgeving, "beheer")
    )
    assert r.status_code == 201 and r.json()["vastgesteld"]["door"] == "beheer"
    # finalised: no more decisions, and a second finalisation is refused
    r = _beslis(client, omgeving, sha, [_link(stand) | {"actie": "intrekken"}])
    assert r.status_code == 409 and "vastgesteld door beheer" in r.json()["detail"]
    assert (
        client.post(f"/api/plan/documenten/{sha}/vaststelling", json={}, headers=auth(omgeving, "drenthe")).status_code
        == 409
    )
    html = client.get(f"/api/plan/documenten/{sha}/toetsadvies").text
    assert "<strong>Vastgesteld</strong> door beheer" in html and "akkoord" in html
    assert client.get(f"/api/plan/documenten/{sha}/toetsadvies", params={"formaat": "pdf"}).content[:4] == b"%PDF"
    # reopening is recorded; then decisions may change again
    r = client.post(
        f"/api/plan/documenten/{sha}/heropening",
        json={"notitie": "nieuwe informatie"},
        headers=auth(omgeving, "drenthe"),
    )
    assert r.status_code == 200 and r.json()["vastgesteld"] is None
    assert _beslis(client, omgeving, sha, [_link(stand) | {"actie": "intrekken"}]).json()["open"] == 1
    soorten = [(h["soort"], h["actie"]) for h in client.get(f"/api/plan/documenten/{sha}/review/historie").json()]
    assert soorten[-3:] == [("vaststelling", "vaststellen"), ("vaststelling", "heropenen"), ("beslissing", "intrekken")]


def test_decisions_cannot_be_rewritten_in_the_database(client, omgeving):
    stand = _registreer(client, omgeving)
    _beslis(client, omgeving, stand["document"]["sha256"], [_link(stand) | {"actie": "accepteren"}])
    eng = omgeving["engine"]
    for sql in ("UPDATE plan_beslissing SET actie = 'verwerpen'", "DELETE FROM plan_beslissing"):
        with pytest.raises(DBAPIError, match="alleen-toevoegen"), eng.begin() as conn:
            conn.execute(text(sql))
    assert _aantallen(eng)[1] == 1
    assert db.current_revision(eng) == db.head_revision()
    assert "0003_plan_review" in _applied_revisions()  # (later migrations may follow it)


def _applied_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", "wbs.monitor:migrations")
    return {r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()}


def test_session_login_writes_need_the_csrf_header(client, omgeving):
    stand = _registreer(client, omgeving)
    sha = stand["document"]["sha256"]
    _inloggen(client, "drenthe")
    body = {"beslissingen": [_link(stand) | {"actie": "accepteren"}]}
    r = client.post(f"/api/plan/documenten/{sha}/review", json=body)
    assert r.status_code == 403 and "X-CSRF-Token" in r.json()["detail"]
    csrf = _csrf(client.get(f"/plan/documenten/{sha}?naam=visie.txt").text)
    r = client.post(f"/api/plan/documenten/{sha}/review", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["links"][0]["door"] == "drenthe"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _inloggen(client, naam) -> str:
    """Log in through the form; returns the session's new CSRF token (a login starts a new session)."""
    client.post(
        "/monitor/login",
        data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf": _csrf(client.get("/monitor/login").text)},
    )
    return _csrf(client.get("/monitor/login").text)


def _cellen(html: str) -> dict[int, tuple[str, str]]:
    return {
        int(nr): (status, rev)
        for nr, status, rev in re.findall(r'data-keuze="(\d+)"\s+data-status="([^"]+)" data-review="([^"]+)"', html)
    }


def test_web_flow_start_accept_reject_add_and_the_matrix_changes(client, omgeving):
    import time

    r = client.post("/plan/upload", files={"bestand": ("visie.txt", TEKST)})
    taak = r.text.split("/plan/taak/")[1].split('"')[0]
    for _ in range(100):
        r = client.get(f"/plan/taak/{taak}")
        if "planresultaat" in r.text:
            break
        time.sleep(0.1)
    assert "Log in</a> als invoerder of beheerder" in r.text and "Beoordeling starten" not in r.text
    csrf = _inloggen(client, "drenthe")
    r = client.get(f"/plan/taak/{taak}")
    assert "Beoordeling starten" in r.text and r.text.count("data-keuze=") == 33
    voor = _cellen(r.text)
    assert voor and all(rev in ("voorstel", "geen") for _, rev in voor.values())
    assert (
        client.post(f"/plan/taak/{taak}/beoordelen", data={"csrf": "vals"}, headers={"HX-Request": "true"}).status_code
        == 403
    )
    r = client.post(f"/plan/taak/{taak}/beoordelen", data={"csrf": csrf}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "De beoordeling is gestart" in r.text
    sha = re.search(r'data-sha="([0-9a-f]{64})"', r.text).group(1)
    stand = client.get(f"/api/plan/documenten/{sha}/review").json()
    a, b = stand["links"][0], stand["links"][1]

    def post(actie, link, **velden):
        data = {
            "csrf": csrf,
            "naam": "visie.txt",
            "actie": actie,
            "start_line": link["start_line"],
            "end_line": link["end_line"],
            "keuze": link.get("keuze", ""),
            "versie": link.get("versie", ""),
        }
        return client.post(f"/plan/documenten/{sha}/beslissing", data=data | velden, headers={"HX-Request": "true"})

    r = post("accepteren", a)
    assert r.status_code == 200 and f"keuze {a['keuze']} geaccepteerd" in r.text
    r = post("verwerpen", b, notitie="raakt de keuze niet")
    assert "verworpen" in r.text
    cellen = _cellen(r.text)

    def anderen(nr):
        return [x for x in stand["links"] if x["keuze"] == nr and x not in (a, b)]

    assert cellen[a["keuze"]][1] == ("voorstel" if anderen(a["keuze"]) else "beoordeeld")
    if b["keuze"] != a["keuze"] and not anderen(b["keuze"]):
        assert voor[b["keuze"]][0] != "ontbreekt" and cellen[b["keuze"]] == ("ontbreekt", "geen")
    leeg = next(nr for nr, (status, _) in _cellen(r.text).items() if status == "ontbreekt")
    r = post("toevoegen", a, nieuwe_keuze=str(leeg))
    assert f"keuze {leeg} toegevoegd" in r.text
    na = _cellen(r.text)
    assert na[leeg][0] != "ontbreekt" and na[leeg][1] == "beoordeeld"  # the added link fills the cell
    assert voor[leeg] == ("ontbreekt", "geen")
    # errors come back in the section (htmx swaps 4xx there), in Dutch, and store nothing
    n = _aantallen(omgeving["engine"])[1]
    r = post("toevoegen", a, nieuwe_keuze="34")
    assert r.status_code == 422 and "keuze 34 bestaat niet" in r.text and 'role="alert"' in r.text
    r = post("accepteren", a | {"start_line": 999, "end_line": 999})
    assert r.status_code == 422 and "geen passage op regels 999-999" in r.text
    r = post("accepteren", a, notitie="x" * 501)
    assert r.status_code == 422 and "hoogstens 500" in r.text
    r = post("accepteren", a, csrf="vals")
    assert r.status_code == 403 and "CSRF" in r.text
    assert _aantallen(omgeving["engine"])[1] == n
    # the search for a passage to add a missed keuze to
    r = client.get(f"/plan/documenten/{sha}/passages", params={"naam": "visie.txt", "zoek": "festival"})
    assert "cultureel festival" in r.text and 'name="nieuwe_keuze"' in r.text
    # without htmx a form post follows a redirect to the document page
    r = client.post(
        f"/plan/documenten/{sha}/beslissing",
        data={
            "csrf": csrf,
            "naam": "visie.txt",
            "actie": "intrekken",
            "start_line": a["start_line"],
            "end_line": a["end_line"],
            "keuze": a["keuze"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith(f"/plan/documenten/{sha}?naam=visie.txt")
    pagina = client.get(r.headers["location"]).text
    assert "Plantoets: beoordeling" in pagina and "Toetsadvies vaststellen" in pagina
    # a lezer sees the review but no controls
    client.post("/monitor/uitloggen", data={"csrf": csrf})
    _inloggen(client, "lezer")
    pagina = client.get(f"/plan/documenten/{sha}?naam=visie.txt").text
    assert "U leest mee als lezer" in pagina and 'name="actie"' not in pagina
    assert "verworpen door drenthe" in pagina
    assert "/plan/documenten/" in client.get("/plan/documenten").text


def test_cli_export_edit_import_round_trip(client, omgeving, tmp_path):
    doc = tmp_path / "visie.txt"
    doc.write_bytes(TEKST)
    uit = tmp_path / "beslissingen.jsonl"
    r = runner.invoke(cli, ["plan", "review", "export", str(doc), "--uit", str(uit)])
    assert r.exit_code == 2 and "niet in beoordeling" in r.output
    r = runner.invoke(
        cli, ["plan", "review", "export", str(doc), "--uit", str(uit), "--registreer", "--als", "drenthe"]
    )
    assert r.exit_code == 0, r.output
    rijen = [json.loads(x) for x in uit.read_text(encoding="utf-8").splitlines()]
    assert rijen and all(x["actie"] is None and x["versie"] == 0 for x in rijen)
    for i, x in enumerate(rijen):
        x["actie"] = "accepteren" if i == 0 else "verwerpen"
        x["notitie"] = "offline beoordeeld"
    bewerkt = tmp_path / "bewerkt.jsonl"
    bewerkt.write_text("".join(json.dumps(x) + "\n" for x in rijen), encoding="utf-8")
    # a lezer may not import; a bad line stores nothing and names the line
    r = runner.invoke(cli, ["plan", "review", "import", str(bewerkt), "--als", "lezer"])
    assert r.exit_code == 2 and "alleen een invoerder of beheerder" in r.output
    slecht = tmp_path / "slecht.jsonl"
    slecht.write_text(
        "".join(json.dumps(x | ({"keuze": 34} if i == 1 else {})) + "\n" for i, x in enumerate(rijen)), encoding="utf-8"
    )
    r = runner.invoke(cli, ["plan", "review", "import", str(slecht), "--als", "drenthe"])
    assert r.exit_code == 2 and "regel 2" in r.output and "keuze 34 bestaat niet" in r.output
    assert _aantallen(omgeving["engine"])[1] == 0
    r = runner.invoke(cli, ["plan", "review", "import", str(bewerkt), "--als", "drenthe"])
    assert r.exit_code == 0 and f"{len(rijen)} beslissing(en) opgeslagen" in r.output
    r = runner.invoke(cli, ["plan", "review", "import", str(bewerkt), "--als", "drenthe"])
    assert r.exit_code == 0 and "0 beslissing(en) opgeslagen" in r.output  # idempotent
    # the export now says what was decided, by whom; the API agrees
    r = runner.invoke(cli, ["plan", "review", "export", str(doc)])
    terug = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["actie"], x["door"], x["notitie"]) for x in terug] == [
        (x["actie"], "drenthe", "offline beoordeeld") for x in rijen
    ]
    sha = rijen[0]["sha256"]
    assert client.get(f"/api/plan/documenten/{sha}/review").json()["kan_vastgesteld_worden"] is True
    # reviewed passages become examples for the next document
    r = runner.invoke(cli, ["plan", "review", "voorbeelden"])
    voorbeelden = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(voorbeelden) == len({(x["start_line"], x["end_line"]) for x in rijen})
    assert sorted(k for v in voorbeelden for k in v["keuzes"]) == [rijen[0]["keuze"]]
    volgend = tmp_path / "volgend.txt"
    volgend.write_text("Wij beschermen de grondwaterbeschermingsgebieden tegen nieuwe bebouwing.", encoding="utf-8")
    r = runner.invoke(cli, ["plan", "toets", str(volgend), "--voorbeelden", "beoordeeld", "--format", "json"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["plan", "review", "import", str(tmp_path / "bestaat-niet.jsonl")])
    assert r.exit_code == 2 and "bestaat niet" in r.output


def test_web_accepts_all_open_proposals_of_one_keuze_at_once(client, omgeving):
    tekst = "\n\n".join(
        f"In het grondwaterbeschermingsgebied {g} is geen nieuwe bebouwing toegestaan."
        for g in ("Annen", "Assen", "Gasselte")
    ).encode()
    r = client.post("/api/plan/documenten", files={"bestand": ("drie.txt", tekst)}, headers=auth(omgeving, "drenthe"))
    stand = r.json()
    sha = stand["document"]["sha256"]
    per_keuze: dict[int, int] = {}
    for x in stand["links"]:
        per_keuze[x["keuze"]] = per_keuze.get(x["keuze"], 0) + 1
    nr = max(per_keuze, key=per_keuze.get)
    assert per_keuze[nr] == 3
    csrf = _inloggen(client, "drenthe")
    pagina = client.get(f"/plan/documenten/{sha}?naam=drie.txt").text
    assert "Alle 3 open voorstellen hieronder accepteren" in pagina
    r = client.post(
        f"/plan/documenten/{sha}/beslissing",
        headers={"HX-Request": "true"},
        data={"csrf": csrf, "naam": "drie.txt", "actie": "alle-accepteren", "keuze": nr, "open": nr},
    )
    assert r.status_code == 200 and f"3 voorstel(len) van keuze {nr} geaccepteerd" in r.text
    na = client.get(f"/api/plan/documenten/{sha}/review").json()
    assert {x["status"] for x in na["links"] if x["keuze"] == nr} == {"beoordeeld"}
    assert na["open"] == sum(n for k, n in per_keuze.items() if k != nr)
