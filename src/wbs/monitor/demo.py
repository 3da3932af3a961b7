"""Demo data of the Borgingsmonitor: deterministic demo progress in the default database.

Creates demo users (each with a random password, shown once by ``wbs demo``; tests pass a fixed one),
then walks every step x organisation
record with a fixed random seed and reports progress through the normal service layer
(so history, permissions and the comply-or-explain rule apply): most past deadlines are
met, some are late with an explanation, a few are delayed or dropped, and a few are
overdue without explanation (to show the "uitleg ontbreekt" signal). Idempotent: when
the demo history is already there, nothing is added.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor import db, service
from wbs.monitor.models import Gebruiker, Historie, StapRij, Voortgang

DEMO_GEBRUIKERS = (
    ("demo-beheer", "beheerder", None, "Demo beheerder"),
    ("demo-drenthe", "invoerder", "drenthe", "Invoerder provincie Drenthe"),
    ("demo-overijssel", "invoerder", "overijssel", "Invoerder provincie Overijssel"),
    ("demo-ienw", "invoerder", "ienw", "Invoerder ministerie IenW"),
    ("demo-waterschappen", "invoerder", "waterschappen", "Invoerder Unie van Waterschappen"),
    ("demo-lezer", "lezer", None, "Demo lezer"),
)
ANKER = date(2025, 10, 1)  # demo history is dated up to here, so the data is the same every run
SEED = 20251001

REDENEN_VERTRAGING = (
    "Vaststelling schuift door heroverweging na de verkiezingen; nieuwe planning volgend kwartaal.",
    "Afhankelijk van de landelijke handreiking die later verschijnt; we volgen de nieuwe rijksplanning.",
    "Capaciteitstekort bij de uitvoeringsorganisatie; extra inhuur geregeld, oplevering halfjaar later.",
    "Zienswijzen vragen om een tweede ontwerpronde van de verordening; vaststelling volgt daarna.",
    "Samenloop met het gebiedsprogramma (NPLG/PPLG) vraagt om afstemming met de gebiedspartners.",
)
REDENEN_AFGEVALLEN = (
    "Vervalt: de borging loopt via de instructieregel van het Rijk, een eigen regel is niet meer nodig.",
    "Vervalt: opgegaan in de herziening van de omgevingsverordening (zie de stap voor de verordening).",
)
MIJLPALEN = (
    "Startnotitie vastgesteld",
    "Ontwerp ter inzage",
    "Bestuurlijk overleg gevoerd",
    "Concept gereed",
    "Zienswijzen verwerkt",
)


def _moment(rng: random.Random, before: date, span_days: int = 300) -> datetime:
    day = before - timedelta(days=rng.randint(1, span_days))
    return datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59))


def ensure_demo_users(session, wachtwoord: str | None = None) -> tuple[dict[str, Gebruiker], dict[str, str]]:
    """The demo users, created where missing; returns them and the passwords of the users created now.

    Without ``wachtwoord`` every new user gets its own random password: a normal install never has an account
    with a published password."""
    users, nieuw = {}, {}
    for naam, rol, org, volledig in DEMO_GEBRUIKERS:
        u = session.scalar(select(Gebruiker).where(Gebruiker.gebruikersnaam == naam))
        if u is None:
            nieuw[naam] = wachtwoord or secrets.token_urlsafe(12)
            service.create_user(session, naam, rol, org, nieuw[naam], volledig)
            u = service.get_user(session, naam)
        users[naam] = u
    return users, nieuw


def _reporter(users: dict[str, Gebruiker], org: str) -> Gebruiker:
    for u in users.values():
        if u.rol == "invoerder" and u.organisatie_code == org:
            return u
    return users["demo-beheer"]


def generate(session, today: date = ANKER, wachtwoord: str | None = None) -> int:
    """Add deterministic demo progress; returns the number of history entries written."""
    users, _ = ensure_demo_users(session, wachtwoord)
    rng = random.Random(SEED)
    rows = session.execute(
        select(Voortgang.stap_code, Voortgang.organisatie_code, StapRij.deadline)
        .join(StapRij, StapRij.code == Voortgang.stap_code)
        .order_by(Voortgang.stap_code, Voortgang.organisatie_code)
    ).all()
    written = 0
    for stap, org, deadline in rows:
        who = _reporter(users, org)
        roll = rng.random()
        steps: list[tuple[datetime, dict]] = []
        if deadline is not None and deadline < today:
            start = _moment(rng, min(deadline, today), 400)
            steps.append((start, {"status": "loopt", "percentage": rng.choice((10, 20, 30))}))
            if roll < 0.55:
                done = min(deadline, today) - timedelta(days=rng.randint(0, 40))
                steps.append((datetime(done.year, done.month, done.day, 11), {"status": "gereed"}))
            elif roll < 0.70:
                done = deadline + timedelta(days=rng.randint(10, 120))
                done = min(done, today)
                steps.append(
                    (
                        datetime(done.year, done.month, done.day, 14),
                        {"status": "gereed", "toelichting": rng.choice(REDENEN_VERTRAGING)},
                    )
                )
            elif roll < 0.85:
                late = min(deadline + timedelta(days=rng.randint(1, 30)), today)
                steps.append(
                    (
                        datetime(late.year, late.month, late.day, 10),
                        {
                            "status": "vertraagd",
                            "percentage": rng.choice((40, 60, 70)),
                            "toelichting": rng.choice(REDENEN_VERTRAGING),
                        },
                    )
                )
            elif roll < 0.90:
                steps.append(
                    (
                        datetime(deadline.year, deadline.month, deadline.day, 9) - timedelta(days=5),
                        {"status": "afgevallen", "toelichting": rng.choice(REDENEN_AFGEVALLEN)},
                    )
                )
            # else: stays "loopt" past its deadline without explanation (shows up as uitleg ontbreekt)
        else:
            if roll < 0.35:
                continue  # niet-gestart
            start = _moment(rng, today, 250)
            steps.append(
                (
                    start,
                    {
                        "status": "loopt",
                        "percentage": rng.choice((10, 25, 40, 50, 75)),
                        "mijlpaal": rng.choice(MIJLPALEN),
                    },
                )
            )
            if roll > 0.92:
                steps.append(
                    (
                        start + timedelta(days=30),
                        {"status": "vertraagd", "toelichting": rng.choice(REDENEN_VERTRAGING)},
                    )
                )
            elif roll > 0.85:
                steps.append((start + timedelta(days=20), {"status": "gereed"}))
        for moment, change in steps:
            service.update_stap(session, who, stap, organisatie=org, today=moment.date(), now=moment, **change)
            written += 1
    # Plantoets results of the two demo provinces feed the KPI "keuzes met bindende borging".
    for prov, binding in (("drenthe", (1, 2, 3, 5, 8, 13, 21, 22)), ("overijssel", (1, 2, 4, 5, 9, 12))):
        dekking = [{"nr": nr, "status": "bindend" if nr in binding else "intentie"} for nr in KEUZE_NUMMERS]
        service.save_plantoets_result(
            session, prov, dekking, f"Omgevingsvisie {prov.capitalize()} (demo)", now=datetime(2025, 6, 1, 12)
        )
    return written


def generate_uitkomsten(session, users: dict[str, Gebruiker], today: date = ANKER) -> tuple[int, int]:
    """Demo measurements (up to the year before ``today``) and the Overijssel action table as agreements.

    Both go through the normal write path: each region's measurements are recorded by an invoerder
    of that region where a demo user exists (else the demo beheerder), the agreements by the
    Overijssel invoerder. Everything is marked demo. Returns (measurements, agreements) added.
    """
    from wbs.monitor.indicatoren import load_regios
    from wbs.monitor.uitkomsten import metingen, register

    def user_for(regio: str) -> Gebruiker:
        r = load_regios().get(regio)
        for org in r.organisaties if r else ():
            for u in users.values():
                if u.rol == "invoerder" and u.organisatie_code == org:
                    return u
        return users["demo-beheer"]

    n_metingen = metingen.seed_demo_metingen(session, user_for, today.year - 1, now=datetime(today.year, 3, 1, 9))
    n_afspraken = register.seed_demo_afspraken(
        session, users["demo-overijssel"], random.Random(SEED), today, datetime(today.year, today.month, today.day, 9)
    )
    return n_metingen, n_afspraken


@dataclass
class DemoResult:
    url: str
    stappen: int = 0
    voortgang: int = 0
    geschreven: int = 0
    metingen: int = 0
    afspraken: int = 0
    wachtwoorden: dict[str, str] = field(default_factory=dict)
    overgeslagen: str | None = None


def seed_demo(url: str | None = None, wachtwoord: str | None = None) -> DemoResult:
    """Seed the database from the Kader and add the demo progress once (idempotent)."""
    from wbs.kader import KaderFout, laad_kader
    from wbs.monitor.seed import seed_kader

    url = url or db.default_url()
    uitslag = DemoResult(url=url)
    with db.session_scope(url) as s:
        try:
            added = seed_kader(s, laad_kader())
        except (KaderFout, FileNotFoundError, OSError) as exc:
            uitslag.overgeslagen = f"het kader kon niet worden geladen ({exc})"
            return uitslag
        uitslag.stappen, uitslag.voortgang = added["stappen"], added["voortgang"]
        users, uitslag.wachtwoorden = ensure_demo_users(s, wachtwoord)
        demo_done = s.scalar(select(func.count()).select_from(Historie).where(Historie.gebruiker.like("demo-%")))
        uitslag.geschreven = 0 if demo_done else generate(s)
        uitslag.metingen, uitslag.afspraken = generate_uitkomsten(s, users)
    return uitslag
