"""``wbs demo``: one command that shows every capability on the built-in demo data.

The capabilities expose plain functions and data; everything printed here is the CLI's own. Each part is a
``run_<capability>_demo(console, werkmap)`` function, so tests can run one part alone.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import typer
from rich.console import Console
from rich.rule import Rule

from wbs.config import data_dir
from wbs.rapport.opmaak import aantal, getal, getal_kort


def run_kader_demo(console: Console, werkmap: Path) -> None:
    from wbs.cli.kader import summary_table
    from wbs.kader import laad_kader

    console.print(summary_table(laad_kader()))
    console.print("Meer: [bold]wbs kader keuze 10[/], [bold]wbs kader zoek grondwaterplafond[/]")


def run_locatie_demo(console: Console, werkmap: Path) -> None:
    """Generate the demo layers and test two demo plans."""
    from shapely.geometry import mapping

    from wbs.cli.locatie import show_uitslag
    from wbs.locatie import rapport, service
    from wbs.locatie.demo_data import DEMO_PLANNEN

    config = service.demo_config()
    console.print(f"Demolagen (illustratief, geen officiële data): {config}")
    cat = service.catalogus(config)
    for naam, functie in (("zwolle-uiterwaarden", "woningbouw"), ("drentsche-aa-beekdal", "bedrijventerrein")):
        plan = werkmap / f"plan-{naam}.geojson"
        plan.write_text(
            json.dumps(
                {
                    "type": "Feature",
                    "properties": {"naam": naam},
                    "geometry": mapping(DEMO_PLANNEN[naam]),
                    "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                }
            ),
            encoding="utf-8",
        )
        uitslag, geom = service.toets_plan(str(plan), functie, allow_files=True)
        console.print(f"\n[bold]{naam}[/] ({plan.name}):")
        show_uitslag(uitslag)
        advies = werkmap / f"locatieadvies-{naam}.html"
        advies.write_text(rapport.naar_html(uitslag, geom, cat), encoding="utf-8")
        console.print(f"Locatieadvies met kaart: {advies}")
    console.print("Zelf proberen: [bold]wbs locatie toets --geometrie PLAN.geojson --functie woningbouw[/]")


def run_watertoets_demo(console: Console, werkmap: Path) -> None:
    """Two paving variants of one plan in the demo area of Aa en Maas, saved and compared, and a stream-valley plan
    in Drenthe (a water board without confirmed norms)."""
    from shapely.geometry import box

    from wbs.locatie.demo_data import DEMO_PLANNEN
    from wbs.rapport.opmaak import getal
    from wbs.watertoets import opslag, rapport, service
    from wbs.watertoets.models import WatertoetsInvoer

    def regel(u) -> str:
        if u.compensatie_m3 is not None:
            comp = f"{getal(u.compensatie_m3, 1)} m³ berging"
            if u.gevoeligheidsfactor is not None:
                comp += f" (gevoeligheidsfactor {getal(u.gevoeligheidsfactor, 1)} als voorbeeldwaarde)"
        elif u.compensatie_m2_water is not None:
            comp = f"{getal(u.compensatie_m2_water, 1)} m² open water"
        else:
            comp = f"compensatie: {u.compensatie_soort}"
        return (
            f"{u.naam}: {u.waterschap_naam or 'waterschap onbekend'} · toename "
            f"{getal(u.toename_verharding_m2)} m² · procedure {u.procedure} · {comp}"
        )

    woonwijk = box(150000, 410000, 150300, 410200)  # 6 ha in the illustrative Aa en Maas area near Den Bosch
    varianten = []
    for naam, plan in (("Woonwijk variant A (veel verharding)", 3_000), ("Woonwijk variant B (groen)", 2_000)):
        u, _ = service.voer_uit(
            WatertoetsInvoer(
                geometrie=woonwijk.wkt,
                functie="woningbouw",
                verhard_nu_m2=0,
                verhard_plan_m2=plan,
                gevoeligheidsfactor=1.0,
                grondgebruik_nu="grasland",
                afvoer=["infiltratie", "afvoer"],
                naam=naam,
            )
        )
        varianten.append(opslag.bewaar(u))
        console.print(regel(varianten[-1]), highlight=False)
    a, b = varianten
    verschil = next(r for r in opslag.vergelijk(a, b) if r.kenmerk == "Compensatie (berging)")
    console.print(
        f"Vergelijking B ten opzichte van A: berging {verschil.verschil} (wbs watertoets vergelijk {a.id} {b.id})",
        highlight=False,
    )
    drenthe, _ = service.voer_uit(
        WatertoetsInvoer(
            geometrie=DEMO_PLANNEN["drentsche-aa-beekdal"].wkt,
            functie="bedrijventerrein",
            verhard_nu_m2=0,
            verhard_plan_m2=8_000,
            grondgebruik_nu="grasland",
            naam="Bedrijventerrein beekdal",
        )
    )
    console.print(regel(drenthe), highlight=False)
    for m in drenthe.meldingen:
        console.print(f"  ! {m}", highlight=False)
    pad = werkmap / "watertoets-woonwijk-a.html"
    pad.write_text(rapport.naar_html(a), encoding="utf-8")
    console.print(f"Watertoets met berekening, normen en advies: {pad}")
    console.print(
        "Zelf proberen: [bold]wbs watertoets --geometrie PLAN.geojson --functie woningbouw --verhard-nu 0 "
        "--verhard-plan 3000[/] (bewaarde toetsen: wbs watertoets lijst; web: /locatie en /watertoets)"
    )


def run_plan_demo(console: Console, werkmap: Path) -> None:
    """Assess the shipped Drenthe vision and write the toetsadvies."""
    from wbs.plan.inlezen import lees_bestand
    from wbs.plan.rapport import naar_html, samenvatting
    from wbs.plan.toets import toets_document

    pad = Path(str(resources.files("wbs.bronnen").joinpath("omgevingsvisie-drenthe.txt")))
    res = toets_document(lees_bestand(pad))
    s = samenvatting(res)
    console.print(
        f"Omgevingsvisie Drenthe: {aantal(s['passages'], 'passage', 'passages')}, "
        f"{getal(s['gekoppeld'])} gekoppeld aan keuzes "
        f"(regio: {res.document.regio})."
    )
    for _, label, n in s["telling"]:
        console.print(f"  {label}: {n}")
    uit = werkmap / "toetsadvies-drenthe.html"
    uit.write_text(naar_html(res), encoding="utf-8")
    console.print(f"Toetsadvies: [bold]{uit}[/]  (ook: wbs plan toets DOCUMENT --format pdf --uit advies.pdf)")


def run_monitor_demo(console: Console, werkmap: Path, wachtwoord: str | None = None) -> None:
    """Seed the default database from the Kader, add demo progress once, print a status summary."""
    from wbs.cli.monitor import status_tables
    from wbs.monitor import db, service
    from wbs.monitor.demo import DEMO_GEBRUIKERS, seed_demo

    r = seed_demo(wachtwoord=wachtwoord)
    if r.overgeslagen:
        console.print(f"[yellow]Borgingsmonitor overgeslagen: {r.overgeslagen}.")
        return
    console.print(
        f"Database: [bold]{db.describe_url(r.url)}[/] (nieuw uit het kader: {aantal(r.stappen, 'stap', 'stappen')}, "
        f"{r.voortgang} voortgangsregels; demohistorie: "
        f"{f'{r.geschreven} wijzigingen' if r.geschreven else 'al aanwezig'})"
    )
    with db.session_scope(r.url) as s:
        dash = service.dashboard(s)
        kpis = service.kpis(s, dash.peildatum.year)
    for t in status_tables(dash)[:2]:
        console.print(t)
    console.print(
        f"Achterstallig: [red]{len(dash.achterstallig)}[/]; zonder uitleg: {dash.totaal.uitleg_ontbreekt}; "
        f"deadline dit kwartaal ({dash.kwartaal}): {len(dash.dit_kwartaal)}"
    )
    for k in kpis:
        if k.waarde is not None:
            console.print(f"  KPI {k.naam}: {getal_kort(k.waarde)} {k.eenheid}", highlight=False)
    _show_uitkomsten(console, r)
    if r.wachtwoorden:
        console.print("Demogebruikers aangemaakt; hun wachtwoorden worden [bold]alleen nu[/] getoond:")
        for naam, ww in r.wachtwoorden.items():
            console.print(f"  {naam}: [bold]{ww}[/]")
    else:
        console.print(
            "Demogebruikers: " + ", ".join(u[0] for u in DEMO_GEBRUIKERS) + " (bestonden al; "
            "nieuw wachtwoord: [bold]wbs monitor gebruiker wachtwoord NAAM[/])."
        )
    console.print(
        "Probeer: [bold]wbs monitor achterstand[/], "
        "[bold]wbs monitor rapport --jaar 2025 --format html --uit monitor.html[/]"
    )


def _show_uitkomsten(console: Console, r) -> None:
    """Indicators (demo measurements) and agreements (Overijssel's action table) after the progress summary."""
    from wbs.monitor import db
    from wbs.monitor.uitkomsten import metingen, register, views

    with db.session_scope(r.url) as s:
        stands = metingen.list_indicatoren(s)
        afspraken = register.list_afspraken(s)
        wissels = views.plan_switches(s)
    console.print(f"Uitkomsten ([red]demo-metingen[/], door WBS gegenereerd; nieuw: {r.metingen}):")
    for i in stands:
        console.print(f"  {i.naam} (keuze {i.keuze}; doel {i.doel_tekst}, {i.bron}): {i.landelijk.label}")
    te_laat = sum(a.achterstallig for a in afspraken)
    console.print(
        f"Afspraken: {getal(len(afspraken))} (Overijssel's actietabel als [red]demo[/], elke rij met bron; nieuw: "
        f"{r.afspraken}), {te_laat} over hun deadline. "
        f"Plan B aan de orde bij {aantal(len(wissels), 'stap', 'stappen')}."
    )
    console.print(
        "Probeer: [bold]wbs monitor indicatoren[/], [bold]wbs monitor afspraken --organisatie overijssel[/], "
        "[bold]wbs monitor afspraken planwissels[/]"
    )


DEMO_STAPPEN = (
    (run_kader_demo, "Kader: de 33 structurerende keuzes"),
    (run_locatie_demo, "Locatietoets op de demodata"),
    (run_watertoets_demo, "Watertoets: verharding, berging en afvoer"),
    (run_plan_demo, "Plantoets van een provinciale omgevingsvisie"),
    (run_monitor_demo, "Borgingsmonitor met demovoortgang"),
)


def demo(
    werkmap: Path = typer.Option(None, help="Map voor de demobestanden (standaard: WBS-datamap/demo)."),
) -> None:
    console = Console()
    werkmap = werkmap or data_dir() / "demo"
    werkmap.mkdir(parents=True, exist_ok=True)
    for stap, titel in DEMO_STAPPEN:
        console.print(Rule(f"[bold]{titel}"))
        stap(console, werkmap)
    console.print(Rule())
    console.print(
        f"Demobestanden staan in [bold]{werkmap}[/]. Start de webapplicatie met [bold]wbs serve[/] "
        "en open http://127.0.0.1:8000/"
    )
    console.print(
        "Daar: /kader (de 33 keuzes), /locatie (teken een plan of vergelijk kandidaten), "
        "/locatie/scan (demopercelen screenen), /plan (probeer de Omgevingsvisie Drenthe), "
        "/monitor (dashboard, roadmap, inloggen met een demogebruiker hierboven)."
    )
