"""Borgingsmonitor service layer: seeding, permissions, history, conflicts, comply-or-explain.

Runs against SQLite and, when WBS_TEST_POSTGRES_URL is set, also against PostgreSQL
(each test in its own freshly created schema).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.kader.models import Bron, Maatregel
from wbs.monitor import service
from wbs.monitor.db import current_revision, head_revision, prepare
from wbs.monitor.models import Historie, StapRij, Voortgang
from wbs.monitor.schemas import Filters
from wbs.monitor.seed import organisaties_for, period_end, provincie_codes
from wbs.monitor.testing import backends, drop_engine, fresh_engine, mini_kader

BACKENDS = backends()
TODAY = date(2025, 1, 15)
PROVINCIES = set(provincie_codes())


def test_the_twelve_provinces_are_organisations():
    assert len(PROVINCIES) == 12 and {"groningen", "fryslan", "zeeland", "noord-brabant", "limburg"} <= PROVINCIES


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    eng = fresh_engine(tmp_path, postgres=request.param == "postgres")
    yield eng
    drop_engine(eng)


@pytest.fixture
def s(engine):
    with Session(engine, expire_on_commit=False) as session:
        service.create_user(session, "drenthe", "invoerder", "drenthe", "wachtwoord-d")
        service.create_user(session, "overijssel", "invoerder", "overijssel")
        service.create_user(session, "beheer", "beheerder")
        service.create_user(session, "lezer", "lezer")
        session.commit()
        yield session


def user(s, name):
    return service.get_user(s, name)


# -- seeding ------------------------------------------------------------------------------------


def test_seed_creates_step_per_responsible_organisation(s):
    rows = service.list_stappen(s, today=TODAY)
    by_step: dict[str, set[str]] = {}
    for r in rows:
        by_step.setdefault(r.stap, set()).add(r.organisatie)
    assert by_step["T1"] == PROVINCIES  # "Provincies": each province reports itself
    assert by_step["T2"] == {"rijk", "ienw"}
    assert by_step["T3"] == {"waterschappen"}
    assert by_step["T4"] == PROVINCIES
    t1 = next(r for r in rows if r.stap == "T1")
    assert (t1.periode, t1.deadline, t1.spoor, t1.keuze, t1.maatregel) == (
        "2024-Q3",
        date(2024, 9, 30),
        ["I"],
        1,
        "1.1",
    )
    assert t1.status == "niet-gestart" and t1.versie == 1 and t1.bron == "wbs-borgingskalender.txt:1-2"
    t3 = next(r for r in rows if r.stap == "T3")
    assert t3.deadline is None and t3.agendering == "Loopt"


def test_seed_is_idempotent_and_keeps_progress(engine, s):
    service.update_stap(s, user(s, "drenthe"), "T4", status="loopt", percentage=30, today=TODAY)
    s.commit()
    before = len(service.list_stappen(s, today=TODAY))
    from wbs.monitor.seed import seed_kader

    seed_kader(s, mini_kader())
    s.commit()
    rows = service.list_stappen(s, today=TODAY)
    assert len(rows) == before
    d = next(r for r in rows if r.stap == "T4" and r.organisatie == "drenthe")
    assert (d.status, d.percentage, d.versie) == ("loopt", 30, 2)
    assert current_revision(engine) == head_revision() != "0001"
    prepare(engine, kader=mini_kader())  # running migrations again is a no-op
    assert current_revision(engine) == head_revision()


def test_period_end_and_actor_mapping():
    assert period_end("2024-Q1") == date(2024, 3, 31)
    assert period_end("2025-Q2") == date(2025, 6, 30)
    assert period_end("2026") == date(2026, 12, 31)
    assert organisaties_for(["Rijkswaterstaat"]) == ["rws"]
    assert organisaties_for(["Provincie Drenthe"]) == ["drenthe"]
    assert organisaties_for([]) == ["rijk"]
    assert organisaties_for(["Netbeheerders"]) == ["netbeheerders"]
    assert organisaties_for(["Rijk/IenW"]) == ["rijk", "ienw"]
    both = organisaties_for(["Provincies en waterschappen"])
    assert len(both) == 13 and both[-1] == "waterschappen"
    assert organisaties_for(["Ministerie van IenW"]) == ["ienw"]


def test_seed_from_real_kader_when_present(tmp_path):
    from wbs.kader import KaderFout, laad_kader

    try:
        kader = laad_kader()
    except (KaderFout, FileNotFoundError, OSError):
        pytest.skip("kader.yaml is er (nog) niet")
    eng = fresh_engine(tmp_path, kader=kader)
    with Session(eng) as session:
        n_steps = len({code for code in session.scalars(select(StapRij.code))})
        assert n_steps == sum(len(m.stappen) or 1 for m in kader.maatregelen())
        n_records = len(list(session.scalars(select(Voortgang.id))))
        whole = sum(1 for m in kader.maatregelen() if not m.stappen)  # one record each, held by the Rijk
        assert n_records == sum(len(organisaties_for(st.actoren)) for _, st in kader.stappen()) + whole
        prov = [st for _, st in kader.stappen() if "Provincies" in st.actoren]
        if prov:
            orgs = set(session.scalars(select(Voortgang.organisatie_code).where(Voortgang.stap_code == prov[0].id)))
            assert PROVINCIES <= orgs
        dl = [st for st in session.scalars(select(StapRij)) if st.periode]
        assert all(st.deadline == period_end(st.periode) for st in dl)
    eng.dispose()


# -- permissions ------------------------------------------------------------------------------


def test_invoerder_of_drenthe_cannot_change_overijssel(s):
    with pytest.raises(fouten.GeenToegang, match="overijssel"):
        service.update_stap(s, user(s, "drenthe"), "T4", organisatie="overijssel", status="loopt", today=TODAY)
    s.rollback()
    r = service.update_stap(s, user(s, "drenthe"), "T4", status="loopt", today=TODAY)  # own record implied
    assert r.organisatie == "drenthe"
    s.commit()
    ov = next(x for x in service.list_stappen(s, Filters(organisatie="overijssel", keuze=2), today=TODAY))
    assert ov.status == "niet-gestart" and ov.versie == 1


def test_lezer_anonymous_and_inactive_cannot_write(s):
    with pytest.raises(fouten.GeenToegang):
        service.update_stap(s, user(s, "lezer"), "T3", status="loopt", today=TODAY)
    with pytest.raises(fouten.NietIngelogd):
        service.update_stap(s, None, "T3", status="loopt", today=TODAY)
    service.set_active(s, "drenthe", False)
    with pytest.raises(fouten.GeenToegang):
        service.update_stap(s, user(s, "drenthe"), "T4", status="loopt", today=TODAY)
    assert service.authenticate(s, "drenthe", "wachtwoord-d") is None


def test_beheerder_may_change_any_record_but_must_name_it(s):
    with pytest.raises(fouten.OngeldigeInvoer, match="meerdere verantwoordelijke"):
        service.update_stap(s, user(s, "beheer"), "T4", status="loopt", today=TODAY)
    r = service.update_stap(s, user(s, "beheer"), "T4", organisatie="overijssel", status="loopt", today=TODAY)
    assert r.organisatie == "overijssel" and r.gewijzigd_door == "beheer"
    with pytest.raises(fouten.NietGevonden):
        service.update_stap(s, user(s, "beheer"), "T4", organisatie="rijk", status="loopt", today=TODAY)
    with pytest.raises(fouten.NietGevonden):
        service.update_stap(s, user(s, "beheer"), "BESTAAT-NIET", status="loopt", today=TODAY)


def test_production_password_hashing_keeps_argon2s_own_cost(monkeypatch):
    """The tests hash with a cheap argon2 (tests/conftest.py); the shipped code uses argon2-cffi's defaults
    (RFC 9106's low-memory profile), and a cheap hash is upgraded at the next login."""
    from argon2 import PasswordHasher

    from wbs.monitor import accounts

    monkeypatch.setattr(accounts, "_hasher", None)
    ph = accounts._ph()
    assert (ph.time_cost, ph.memory_cost) == (PasswordHasher().time_cost, PasswordHasher().memory_cost)
    assert ph.memory_cost >= 65536 and ph.time_cost >= 3
    assert ph.check_needs_rehash(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("x"))


def test_passwords_hashed_and_tokens_stored_as_hash(s):
    assert service.authenticate(s, "drenthe", "wachtwoord-d").gebruikersnaam == "drenthe"
    assert service.authenticate(s, "drenthe", "fout") is None
    assert service.authenticate(s, "niemand", "wachtwoord-d") is None
    stored = service.get_user(s, "drenthe").wachtwoord_hash
    assert stored.startswith("$argon2") and "wachtwoord-d" not in stored
    info, token = service.create_token(s, "drenthe", "script")
    assert service.user_for_token(s, token).gebruikersnaam == "drenthe"
    dump = " ".join(str(v) for row in s.execute(text("SELECT * FROM api_token")) for v in row)
    assert token not in dump and token[:10] == info.prefix
    service.revoke_token(s, info.id)
    assert service.user_for_token(s, token) is None
    assert service.user_for_token(s, "wbs_verzonnen") is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"gebruikersnaam": "x", "rol": "koning"}, "onbekende rol"),
        ({"gebruikersnaam": "x", "rol": "invoerder"}, "organisatie"),
        ({"gebruikersnaam": "x", "rol": "invoerder", "organisatie": "atlantis"}, "onbekende organisatie"),
        ({"gebruikersnaam": "drenthe", "rol": "lezer"}, "bestaat al"),
        ({"gebruikersnaam": "x", "rol": "lezer", "wachtwoord": "kort"}, "8 tekens"),
    ],
)
def test_bad_user_input_rejected(s, kwargs, message):
    n = len(service.list_users(s))
    with pytest.raises(fouten.OngeldigeInvoer, match=message):
        service.create_user(s, **kwargs)
    s.rollback()
    assert len(service.list_users(s)) == n


# -- history and conflicts --------------------------------------------------------------------


def test_every_change_is_appended_to_history(s):
    d = user(s, "drenthe")
    service.update_stap(
        s,
        d,
        "T4",
        status="loopt",
        percentage=20,
        expected_version=1,
        today=TODAY,
        now=datetime(2025, 1, 15, 9, 0),
    )
    service.update_stap(
        s,
        d,
        "T4",
        percentage=60,
        mijlpaal="Ontwerp verordening",
        expected_version=2,
        today=TODAY,
        now=datetime(2025, 3, 1, 9, 0),
    )
    s.commit()
    h = service.history(s, "T4")
    assert [x.versie for x in h] == [2, 3]
    assert h[0].oud == {"status": "niet-gestart", "percentage": None}
    assert h[0].nieuw == {"status": "loopt", "percentage": 20}
    assert h[1].oud == {"percentage": 20, "mijlpaal": None}
    assert h[1].gebruiker == "drenthe" and h[1].tijdstip == datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    assert service.history(s, "T4", "overijssel") == []
    with pytest.raises(fouten.NietGevonden):
        service.history(s, "GEEN")


def test_history_is_append_only_in_the_database(engine, s):
    service.update_stap(s, user(s, "drenthe"), "T4", status="loopt", today=TODAY)
    s.commit()
    for sql in ("UPDATE historie SET gebruiker = 'x'", "DELETE FROM historie"):
        with pytest.raises(DBAPIError, match="alleen-toevoegen"):
            with engine.begin() as conn:
                conn.execute(text(sql))
    assert len(service.history(s, "T4")) == 1


def test_stale_version_gives_dutch_conflict_and_writes_nothing(s):
    d = user(s, "drenthe")
    service.update_stap(s, d, "T4", status="loopt", expected_version=1, today=TODAY)
    s.commit()
    with pytest.raises(fouten.Conflict, match="intussen gewijzigd.*versie 1.*versie is 2") as exc:
        service.update_stap(s, d, "T4", percentage=50, expected_version=1, today=TODAY)
    assert exc.value.http_status == 409
    s.rollback()
    assert len(service.history(s, "T4", "drenthe")) == 1
    r = next(x for x in service.list_stappen(s, Filters(organisatie="drenthe", keuze=2), today=TODAY))
    assert r.percentage is None and r.versie == 2


def test_concurrent_sessions_cannot_both_win(engine, s):
    """Two clients read version 1; the second commit must fail, not overwrite."""
    with Session(engine) as a, Session(engine) as b:
        ua, ub = service.get_user(a, "beheer"), service.get_user(b, "beheer")
        service.update_stap(a, ua, "T3", status="loopt", percentage=10, expected_version=1, today=TODAY)
        a.commit()
        with pytest.raises(fouten.Conflict):
            service.update_stap(b, ub, "T3", status="loopt", percentage=90, expected_version=1, today=TODAY)
        b.rollback()
    h = service.history(s, "T3")
    assert [x.nieuw.get("percentage") for x in h] == [10]


def test_no_change_and_bad_values_rejected(s):
    d = user(s, "drenthe")
    with pytest.raises(fouten.OngeldigeInvoer, match="geen wijziging"):
        service.update_stap(s, d, "T4", status="niet-gestart", today=TODAY)
    with pytest.raises(fouten.OngeldigeInvoer, match="onbekende status"):
        service.update_stap(s, d, "T4", status="bijna", today=TODAY)
    with pytest.raises(fouten.OngeldigeInvoer, match="tussen 0 en 100"):
        service.update_stap(s, d, "T4", percentage=120, today=TODAY)
    with pytest.raises(fouten.OngeldigeInvoer, match="niet gestart"):
        service.update_stap(s, d, "T4", percentage=20, today=TODAY)
    s.rollback()
    assert service.history(s, "T4") == []
    service.update_stap(s, d, "T4", status="loopt", percentage=30, today=TODAY)
    r = service.update_stap(s, d, "T4", status="niet-gestart", today=TODAY)
    assert r.percentage is None


# -- comply or explain --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, stap, today",
    [
        ("afgevallen", "T4", TODAY),  # dropping always needs a reason
        ("vertraagd", "T4", TODAY),  # so does a delay
        ("loopt", "T1", TODAY),  # deadline 2024-Q3 has passed
        ("gereed", "T1", TODAY),  # finished, but late
    ],
)
def test_explanation_required(s, status, stap, today):
    d = user(s, "drenthe")
    with pytest.raises(fouten.UitlegVereist, match="pas toe of leg uit"):
        service.update_stap(s, d, stap, status=status, today=today)
    with pytest.raises(fouten.UitlegVereist):
        service.update_stap(s, d, stap, status=status, toelichting="te kort", today=today)
    s.rollback()
    r = service.update_stap(
        s, d, stap, status=status, toelichting="Bestuurlijk besluit uitgesteld tot juni", today=today
    )
    assert r.status == status and not r.uitleg_ontbreekt
    assert service.history(s, stap, "drenthe")[-1].reden == "Bestuurlijk besluit uitgesteld tot juni"


def test_no_explanation_needed_on_time_or_for_progress_of_explained_delay(s):
    d = user(s, "drenthe")
    service.update_stap(s, d, "T4", status="gereed", today=date(2025, 10, 1))  # before 2025-Q4 deadline
    service.update_stap(s, d, "T1", status="vertraagd", toelichting="Wacht op landelijke handreiking", today=TODAY)
    r = service.update_stap(s, d, "T1", percentage=40, today=TODAY)  # already explained, same status
    assert r.percentage == 40 and r.toelichting == "Wacht op landelijke handreiking"


# -- dashboard, lists, roadmap, KPIs -----------------------------------------------------------


def test_overdue_and_due_this_quarter(s):
    d = user(s, "drenthe")
    late = service.overdue(s, TODAY)
    assert {(r.stap, r.organisatie) for r in late} == {("T1", p) for p in PROVINCIES}
    service.update_stap(s, d, "T1", status="gereed", toelichting="Gereed na vertraging in de inspraak", today=TODAY)
    assert ("T1", "drenthe") not in {(r.stap, r.organisatie) for r in service.overdue(s, TODAY)}
    due = service.due_this_quarter(s, date(2025, 11, 1))
    assert {(r.stap, r.organisatie) for r in due} == {("T4", p) for p in PROVINCIES}
    assert service.due_this_quarter(s, date(2025, 4, 1)) == []


def test_dashboard_groups_and_filters(s):
    d = user(s, "drenthe")
    service.update_stap(s, d, "T4", status="gereed", today=TODAY)
    dash = service.dashboard(s, today=TODAY)
    assert dash.totaal.totaal == 12 + 2 + 1 + 12
    assert dash.totaal.per_status["gereed"] == 1
    spoor = {t.sleutel: t for t in dash.per_spoor}
    assert spoor["I"].totaal == 15 and spoor["II"].totaal == 12 and spoor["II"].per_status["gereed"] == 1
    keuze = {t.sleutel: t for t in dash.per_keuze}
    # every keuze is listed (issue 19); those without a measure say so instead of being left out
    assert list(keuze) == [str(n) for n in range(1, 34)]
    assert keuze["2"].aandeel_gereed == pytest.approx(1 / 12, abs=1e-4)
    assert keuze["3"].totaal == 0 and keuze["3"].opmerking == "geen eigen maatregel" and keuze["1"].opmerking is None
    org = {t.sleutel: t for t in dash.per_organisatie}
    assert org["drenthe"].totaal == 2 and org["drenthe"].achterstallig == 1
    assert dash.totaal.achterstallig == 12 and dash.kwartaal == "2025-Q1"
    only = service.dashboard(s, Filters(organisatie="drenthe"), today=TODAY)
    assert only.totaal.totaal == 2
    assert service.list_stappen(s, Filters(zoek="stap T3"), today=TODAY)[0].stap == "T3"
    assert service.list_stappen(s, Filters(jaar=2026), today=TODAY)[0].stap == "T2"
    assert len(service.list_stappen(s, Filters(spoor="II", status="gereed"), today=TODAY)) == 1


def test_roadmap_grouped_in_deadline_order(s):
    groups = service.roadmap(s, "organisatie", today=TODAY)
    drenthe = next(g for g in groups if g.sleutel == "drenthe")
    # T1 has two dated milestones (2024-Q1, 2024-Q3): it appears at each of them (issue 19)
    assert [(i.stap, i.periode) for i in drenthe.items] == [("T1", "2024-Q1"), ("T1", "2024-Q3"), ("T4", "2025-Q4")]
    assert drenthe.items[0].resultaat == "Omgevingsverordening" and drenthe.items[0].mijlpalen == 2
    assert drenthe.telling.totaal == 2  # counted once per step
    years = [g.sleutel for g in service.roadmap(s, "jaar", today=TODAY)]
    assert years == ["2024", "2025", "2026", "zonder"]
    gebieden = service.roadmap(s, "gebied", today=TODAY)
    assert [g.sleutel for g in gebieden] == ["landelijk"] and gebieden[0].telling.totaal == 27
    with pytest.raises(fouten.OngeldigeInvoer, match="groepering"):
        service.roadmap(s, "kleur", today=TODAY)


def test_kpis_use_state_at_end_of_year(s):
    d, o = user(s, "drenthe"), user(s, "overijssel")
    service.update_stap(s, d, "T4", status="gereed", today=date(2025, 6, 1), now=datetime(2025, 6, 1, 10))
    service.update_stap(
        s,
        o,
        "T4",
        status="gereed",
        today=date(2026, 1, 10),
        now=datetime(2026, 1, 10, 10),
        toelichting="Vaststelling verordening liep vertraging op",
    )
    service.save_plantoets_result(
        s,
        "drenthe",
        [{"nr": 1, "status": "bindend"}, {"nr": 2, "status": "intentie"}, {"nr": 3, "status": "bindend"}],
        "Omgevingsvisie Drenthe",
        now=datetime(2025, 5, 1),
    )
    s.commit()
    k2025 = {k.id: k for k in service.kpis(s, 2025, today=date(2026, 3, 1))}
    assert k2025["stappen-gereed"].teller == 1  # Overijssel finished only in 2026
    op_tijd = k2025["stappen-op-tijd"]
    assert (op_tijd.teller, op_tijd.noemer) == (1, 24)  # T1 (12) + T4 (12) were due by 2025-12-31
    assert k2025["achterstallig"].waarde == 12  # T4's deadline 2025-12-31 is not yet passed
    nu = {k.id: k for k in service.kpis(s, None, today=date(2026, 3, 1))}
    assert nu["achterstallig"].waarde == 12 + 10  # T4 open at 10 provinces
    pb = k2025["keuzes-bindend-per-provincie"]
    dr = next(x for x in pb.details if x["provincie"] == "drenthe")
    assert (dr["uit_plantoets"], dr["uit_monitor"], dr["keuzes"]) == ([1, 3], [2], [1, 2, 3])
    assert len(pb.details) == 12 and pb.teller == 3  # Overijssel finished keuze 2 only in 2026
    ov = {k.id: k for k in service.kpis(s, 2026, today=date(2026, 3, 1))}["keuzes-bindend-per-provincie"]
    assert next(x for x in ov.details if x["provincie"] == "overijssel")["keuzes"] == [2]
    k2026 = {k.id: k for k in service.kpis(s, 2026, today=date(2026, 3, 1))}
    assert k2026["stappen-gereed"].teller == 2
    assert k2026["pas-toe-of-leg-uit"].teller >= 1
    with pytest.raises(fouten.OngeldigeInvoer):
        service.save_plantoets_result(s, "ienw", [], "x")
    with pytest.raises(fouten.OngeldigeInvoer):
        service.save_plantoets_result(s, "drenthe", [{"nr": 40, "status": "bindend"}], "x")


def test_history_rows_point_to_voortgang(s):
    service.update_stap(s, user(s, "drenthe"), "T4", status="loopt", today=TODAY)
    s.commit()
    h = s.scalar(select(Historie))
    assert h.voortgang.stap_code == "T4" and h.voortgang.organisatie_code == "drenthe"


def test_migrations_downgrade_and_upgrade_again(tmp_path):
    from alembic import command

    from wbs.monitor.db import _alembic_config, make_engine, upgrade

    eng = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade(eng)
    with eng.begin() as conn:
        command.downgrade(_alembic_config(conn), "base")
    with eng.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table' AND name='voortgang'").all() == []
        )
    upgrade(eng)
    assert current_revision(eng) == head_revision()


def test_packaged_kader_change_reseeds_but_keeps_progress(tmp_path, monkeypatch):
    import wbs.kader
    from wbs.kader.models import Agendering, Bron, Stap
    from wbs.monitor import db

    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WBS_DATABASE_URL", raising=False)
    monkeypatch.setattr(wbs.kader, "laad_kader", mini_kader)
    db.reset_engines()
    with db.session_scope() as s:
        service.create_user(s, "b", "beheerder")
        service.update_stap(s, service.get_user(s, "b"), "T3", status="loopt", percentage=50, today=TODAY)

    def grown():
        k = mini_kader()
        m = k.keuzes[1].maatregelen[0]
        extra = Stap(
            id="T5",
            tekst="Nieuwe stap",
            agendering=Agendering(ruw="2027", perioden=["2027"]),
            actoren=["Gemeenten"],
            bron=Bron(bestand="wbs-borgingskalender.txt", regels=(3, 3)),
        )
        m2 = m.model_copy(update={"stappen": [*m.stappen, extra]})
        k2 = k.keuzes[1].model_copy(update={"maatregelen": [m2]})
        return k.model_copy(update={"keuzes": [k.keuzes[0], k2, *k.keuzes[2:]]})

    monkeypatch.setattr(wbs.kader, "laad_kader", grown)
    db.reset_engines()
    with db.session_scope() as s:
        rows = {(r.stap, r.organisatie): r for r in service.list_stappen(s, today=TODAY)}
        assert rows[("T5", "gemeenten")].deadline == date(2027, 12, 31)
        assert rows[("T3", "waterschappen")].percentage == 50
    db.reset_engines()


def test_measure_without_steps_is_monitored_as_a_whole(tmp_path):
    k = mini_kader()
    zonder = Maatregel(
        id="3.1",
        titel="Zonder stappen",
        tekst="Maatregel zonder concrete stappen",
        keuze=3,
        spoor=["II"],
        bron=Bron(bestand="wbs-borgingskalender.txt", regels=(5, 6)),
    )
    extra = k.keuzes[2].model_copy(update={"maatregelen": [zonder]})
    k = k.model_copy(update={"keuzes": [k.keuzes[0], k.keuzes[1], extra, *k.keuzes[3:]]})
    eng = fresh_engine(tmp_path, kader=k)
    with Session(eng) as s:
        rows = [r for r in service.list_stappen(s, today=TODAY) if r.maatregel == "3.1"]
        assert [(r.stap, r.organisatie, r.deadline) for r in rows] == [("3.1-geheel", "rijk", None)]
        assert "Zonder stappen" in rows[0].tekst and rows[0].bron == "wbs-borgingskalender.txt:5-6"
        geborgd = next(x for x in service.kpis(s, 2025, TODAY) if x.id == "maatregelen-geborgd")
        assert geborgd.noemer == 3
    eng.dispose()
