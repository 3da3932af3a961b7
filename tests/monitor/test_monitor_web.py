"""Monitor web pages: dashboard, filters, roadmap, login, CSRF, permissions, conflicts, explain rule."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from wbs.kader import laad_kader
from wbs.monitor import db, service
from wbs.monitor.testing import fresh_engine, use_engine
from wbs.web.app import create_app

WACHTWOORD = "wbs-demo-2025"


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WBS_SECRET_KEY", "test-geheim")
    engine = fresh_engine(tmp_path, kader=laad_kader(), demo_wachtwoord=WACHTWOORD)
    use_engine(monkeypatch, engine)
    return TestClient(create_app())


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _login(client, naam: str) -> None:
    pagina = client.get("/monitor/login")
    r = client.post(
        "/monitor/login",
        data={"gebruikersnaam": naam, "wachtwoord": WACHTWOORD, "csrf": _csrf(pagina.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303


def _formulier(client, stap: str, org: str) -> tuple[str, dict]:
    """The step page as the logged-in user sees it, and the hidden fields of ``org``'s form on it."""
    pagina = client.get(f"/monitor/stap/{stap}")
    with db.session_scope() as s:
        versie = next(v.versie for v in service.get_stap(s, stap).voortgang if v.organisatie == org)
    return pagina.text, {"csrf": _csrf(pagina.text), "organisatie": org, "versie": versie}


def _stap_van(org: str) -> str:
    with db.session_scope() as s:
        rijen = service.list_stappen(s, service.Filters(organisatie=org))
        return next(r.stap for r in rijen if r.status in ("loopt", "niet-gestart") and not r.achterstallig)


def test_dashboard_renders_charts_and_filters_narrow(client):
    alles = client.get("/monitor")
    assert alles.status_code == 200
    assert alles.text.count("<svg") >= 4 and "KPI" in alles.text
    gefilterd = client.get("/monitor", params={"organisatie": "drenthe"})
    assert gefilterd.status_code == 200
    totaal = int(re.search(r'<span class="getal">(\d+)</span> stappen', alles.text).group(1))
    drenthe = int(re.search(r'<span class="getal">(\d+)</span> stappen', gefilterd.text).group(1))
    assert 0 < drenthe < totaal
    fragment = client.get("/monitor", params={"thema": "Gebieden"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "tegels" in fragment.text
    assert client.get("/monitor", params={"keuze": "abc"}).status_code == 422


def test_roadmap_groups_and_quarters(client):
    r = client.get("/monitor/roadmap")
    assert r.status_code == 200 and "2023" in r.text and "2030" in r.text
    assert "1. Hoofdwatersysteem" in r.text and 'class="balk st-' in r.text
    r = client.get("/monitor/roadmap", params={"groepeer": "organisatie"})
    assert r.status_code == 200 and "Drenthe" in r.text
    assert client.get("/monitor/roadmap", params={"groepeer": "kleur"}).status_code == 422
    # steps the borgingskalender gives no agendering (e.g. SK1-s3) say so instead of an empty row
    from wbs.kader import laad_kader

    zonder = [
        (k.nr, s.id)
        for k in laad_kader().keuzes
        for m in k.maatregelen
        for s in m.stappen
        if not s.agendering or not s.agendering.perioden
    ]
    assert zonder
    nr, stap = zonder[0]
    r = client.get("/monitor/roadmap", params={"keuze": str(nr)})
    rij = r.text.split(f'href="/monitor/stap/{stap}"')[1].split('class="rm-rij"')[0]
    assert "geen deadline in de borgingskalender" in rij and 'class="balk' not in rij


def test_login_edit_and_history(client):
    stap = _stap_van("drenthe")
    assert "Opslaan" not in client.get(f"/monitor/stap/{stap}").text  # anonymous: read only
    _login(client, "demo-drenthe")
    pagina = client.get(f"/monitor/stap/{stap}")
    assert "demo-drenthe" in pagina.text and 'value="drenthe"' in pagina.text
    versie = re.search(
        r'name="organisatie" value="drenthe">\s*<input type="hidden" name="versie" value="(\d+)"', pagina.text
    ).group(1)
    r = client.post(
        f"/monitor/stap/{stap}",
        data={
            "csrf": _csrf(pagina.text),
            "organisatie": "drenthe",
            "versie": versie,
            "status": "loopt",
            "percentage": "60",
            "mijlpaal": "concept gereed",
            "toelichting": "webtest",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with db.session_scope() as s:
        laatste = service.history(s, stap, "drenthe")[-1]
    assert laatste.gebruiker == "demo-drenthe" and laatste.nieuw["percentage"] == 60
    assert "webtest" in client.get(f"/monitor/stap/{stap}").text


def test_drenthe_cannot_edit_overijssel(client):
    stap = _stap_van("overijssel")
    _login(client, "demo-drenthe")
    pagina, velden = _formulier(client, stap, "overijssel")
    assert 'name="organisatie" value="overijssel"' not in pagina
    r = client.post(f"/monitor/stap/{stap}", data=velden | {"status": "gereed", "toelichting": "x"})
    assert r.status_code == 403
    with db.session_scope() as s:
        assert (
            next(v.versie for v in service.get_stap(s, stap).voortgang if v.organisatie == "overijssel")
            == velden["versie"]
        )


def test_csrf_is_required(client):
    stap = _stap_van("drenthe")
    _login(client, "demo-drenthe")
    r = client.post(f"/monitor/stap/{stap}", data={"organisatie": "drenthe", "versie": 1, "status": "gereed"})
    assert r.status_code == 403 and "CSRF" in r.text
    r = client.post(
        "/monitor/login", data={"gebruikersnaam": "demo-drenthe", "wachtwoord": WACHTWOORD, "csrf": "vervalst"}
    )
    assert r.status_code == 403


def test_wrong_password_is_refused_without_detail(client):
    pagina = client.get("/monitor/login")
    r = client.post(
        "/monitor/login", data={"gebruikersnaam": "demo-drenthe", "wachtwoord": "fout", "csrf": _csrf(pagina.text)}
    )
    assert r.status_code == 401 and "Onbekende combinatie" in r.text


def test_stale_version_gives_conflict_and_keeps_input(client):
    stap = _stap_van("drenthe")
    _login(client, "demo-drenthe")
    _, velden = _formulier(client, stap, "drenthe")
    data = velden | {"status": "loopt", "percentage": "30", "toelichting": "eerste"}
    assert client.post(f"/monitor/stap/{stap}", data=data, follow_redirects=False).status_code == 303
    data |= {"percentage": "35", "toelichting": "mijn tweede invoer"}  # still the old version
    r = client.post(f"/monitor/stap/{stap}", data=data)
    assert r.status_code == 409 and "mijn tweede invoer" in r.text
    with db.session_scope() as s:
        assert service.history(s, stap, "drenthe")[-1].reden == "eerste"


def test_explain_rule_on_dropping_a_step(client):
    stap = _stap_van("drenthe")
    _login(client, "demo-drenthe")
    _, velden = _formulier(client, stap, "drenthe")
    r = client.post(f"/monitor/stap/{stap}", data=velden | {"status": "afgevallen", "toelichting": ""})
    assert r.status_code == 422 and 'id="fout"' in r.text


def test_unknown_step_is_404(client):
    assert client.get("/monitor/stap/9.9.9-s9").status_code == 404


def _wijzig_drenthe_stap(percentage: int, toelichting: str) -> None:
    """One real progress update by the Drenthe invoerder: a new history row, so a new data version."""
    stap = _stap_van("drenthe")
    with db.session_scope() as s:
        user = service.get_user(s, "demo-drenthe")
        versie = next(v.versie for v in service.get_stap(s, stap).voortgang if v.organisatie == "drenthe")
        service.update_stap(
            s,
            user,
            stap,
            organisatie="drenthe",
            status="loopt",
            percentage=percentage,
            toelichting=toelichting,
            expected_version=versie,
        )


def test_dashboard_cache_follows_data_version(client, monkeypatch):
    from wbs.monitor import cache

    cache.clear()
    aanroepen = []

    def bereken():
        aanroepen.append(1)
        return len(aanroepen)

    with db.session_scope() as s:
        assert cache.cached(s, "k", bereken) == 1
        assert cache.cached(s, "k", bereken) == 1  # unchanged data: served from cache
    _wijzig_drenthe_stap(42, "cachetest")
    with db.session_scope() as s:
        assert cache.cached(s, "k", bereken, max_age=0) == 2  # new history row: recomputed


def test_cache_computes_each_view_once_under_concurrency(client):
    """Single flight: concurrent cold requests share one computation; a refresh serves the old value."""
    import threading
    import time

    from wbs.monitor import cache

    cache.clear()
    aanroepen = []
    vrij = threading.Event()

    def traag():
        aanroepen.append(1)
        vrij.wait(5)
        return len(aanroepen)

    uitkomsten = []

    def verzoek():
        with db.session_scope() as s:
            uitkomsten.append(cache.cached(s, "koud", traag, max_age=0))

    draden = [threading.Thread(target=verzoek) for _ in range(5)]
    for d in draden:
        d.start()
    time.sleep(0.3)
    vrij.set()
    for d in draden:
        d.join(5)
    assert uitkomsten == [1] * 5 and len(aanroepen) == 1

    # new data while one thread refreshes: others get the previous value at once instead of queueing
    _wijzig_drenthe_stap(43, "single flight")
    vrij.clear()
    ververser = threading.Thread(target=verzoek)
    ververser.start()
    time.sleep(0.3)  # the refresher is inside traag()
    with db.session_scope() as s:
        begin = time.monotonic()
        assert cache.cached(s, "koud", traag, max_age=0) == 1
        assert time.monotonic() - begin < 1.0
    vrij.set()
    ververser.join(5)
    assert uitkomsten[-1] == 2 and len(aanroepen) == 2
