"""``wbs locatie``: test a location for an intended function, compare locations, screen parcels."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import Formaat, console, fout, write_output
from wbs.rapport.opmaak import aantal, getal

app = typer.Typer(no_args_is_help=True)

KLEUR = {
    "verboden": "bold red",
    "nee-tenzij": "red",
    "voorwaarden": "yellow",
    "aandacht": "blue",
    "geen-bezwaar": "green",
    "niet-getoetst": "magenta",
    "niet-van-toepassing": "dim",
}


LAGEN_HELP = "Lagenconfiguratie (YAML); standaard de ingebouwde demodata."


@app.command("toets", help="Toets een plangebied (GeoJSON-bestand, GeoJSON of WKT) voor een functie.")
def toets_cmd(
    geometrie: str = typer.Option(..., "--geometrie", "-g", help="PLAN.geojson, .gpkg, GeoJSON-tekst of WKT."),
    functie: str = typer.Option(
        ..., "--functie", help="Beoogde functie, bijv. woningbouw (zie 'wbs locatie functies')."
    ),
    lagen: Path = typer.Option(None, "--lagen", help=LAGEN_HELP),
    crs: str = typer.Option(
        None, "--crs", help="CRS van de invoer als die niet in het bestand staat, bijv. EPSG:4326."
    ),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst, json, html of pdf."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (verplicht voor pdf)."),
) -> None:
    from wbs.locatie import rapport, service

    if format is Formaat.pdf and not uit:
        fout("pdf-uitvoer vraagt om --uit BESTAND.pdf")
    uitslag, geom = service.toets_plan(geometrie, functie, lagen, crs, allow_files=True)
    cat = service.catalogus(lagen)
    if format is Formaat.json:
        write_output(uitslag.model_dump_json(indent=2), uit)
    elif format is Formaat.html:
        write_output(rapport.naar_html(uitslag, geom, cat), uit)
    elif format is Formaat.pdf:
        write_output(rapport.naar_pdf(uitslag, geom, cat), uit)
    else:
        show_uitslag(uitslag)


def show_uitslag(uitslag) -> None:
    from rich.markup import escape

    if uitslag.demodata:
        console.print(f"[bold black on yellow] {escape(uitslag.waarschuwing)} [/]")
    for melding in uitslag.meldingen:
        console.print(f"[yellow]{escape(melding)}[/]")
    console.print(
        f"[bold]{uitslag.functie_naam}[/] · {getal(uitslag.oppervlakte_m2)} m² · oordeel: "
        f"[{KLEUR[uitslag.oordeel]}]{uitslag.oordeel}[/] ({uitslag.afwegingskader})"
    )
    console.print("Regels: " + ", ".join(f"{v} {getal(n)}" for v, n in uitslag.telling.items()), highlight=False)
    t = Table(expand=True)
    for kol in ("Oordeel", "Regel", "Keuze", "Waarom", "Bron"):
        t.add_column(kol)
    for r in uitslag.regels:
        if r.verdict == "niet-van-toepassing":
            continue
        waarom = r.toelichting
        if r.voorwaarden and r.verdict not in ("geen-bezwaar", "niet-getoetst"):
            waarom += "\n" + "\n".join(f"- {v}" for v in r.voorwaarden)
        if r.lezing:
            waarom += f"\n[dim]Lezing: {escape(r.lezing)}[/]"
        t.add_row(
            f"[{KLEUR[r.verdict]}]{r.verdict}[/]\n{r.afwegingskader}",
            f"{r.naam}\n[dim]{r.regel}[/]",
            str(r.keuze or "-"),
            waarom,
            r.bron,
        )
    console.print(t)
    if uitslag.niet_getoetst:
        console.print(
            f"[magenta]{aantal(len(uitslag.niet_getoetst), 'regel', 'regels')} niet getoetst[/] - "
            "zie de tabel: wat ontbreekt "
            "en waar. Haal officiële lagen op met 'wbs lagen ophalen' of geef --lagen."
        )
    nvt = [r.naam for r in uitslag.regels if r.verdict == "niet-van-toepassing"]
    if nvt:
        console.print(f"[dim]Niet van toepassing (andere provincie): {escape('; '.join(nvt))}[/]")


@app.command("vergelijk", help="Vergelijk alternatieve locaties voor dezelfde functie en rangschik ze.")
def vergelijk_cmd(
    plannen: list[str] = typer.Argument(..., help="Twee of meer plangebieden (GeoJSON-bestanden of WKT)."),
    functie: str = typer.Option(..., "--functie", help="Beoogde functie."),
    lagen: Path = typer.Option(None, "--lagen", help=LAGEN_HELP),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    from wbs.locatie import service

    if len(plannen) < 2:
        fout("geef minstens twee plangebieden om te vergelijken")
    ranglijst = service.vergelijk(
        [(Path(p).stem if len(p) < 256 else f"plan {i + 1}", p) for i, p in enumerate(plannen)],
        functie,
        lagen,
        allow_files=True,
    )
    if format is Formaat.json:
        typer.echo(
            json.dumps(
                [{"rang": i, "naam": k.naam, **k.uitslag.model_dump()} for i, k in enumerate(ranglijst, start=1)],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    demo = next((k.uitslag for k in ranglijst if k.uitslag.demodata), None)
    if demo:
        from rich.markup import escape

        console.print(f"[bold black on yellow] {escape(demo.waarschuwing)} [/]")
    t = Table(title=f"Locatievergelijking voor {functie} (meest geschikt eerst)")
    for kol in ("Rang", "Locatie", "Oordeel", "Regels die aanslaan", "m²"):
        t.add_column(kol)
    for i, k in enumerate(ranglijst, start=1):
        u = k.uitslag
        t.add_row(
            str(i),
            k.naam,
            f"[{KLEUR[u.oordeel]}]{u.oordeel}[/] {u.afwegingskader}",
            "\n".join(
                f"{r.naam} ({r.verdict})" for r in u.regels if r.verdict not in ("geen-bezwaar", "niet-van-toepassing")
            )
            or "-",
            getal(u.oppervlakte_m2),
        )
    console.print(t)


@app.command("scan", help="Screen veel percelen tegelijk: per perceel het strengste oordeel en de regels.")
def scan_cmd(
    percelen: Path = typer.Option(..., "--percelen", help="Percelen (GeoPackage, GeoJSON of Shapefile)."),
    functie: str = typer.Option(..., "--functie", help="Beoogde functie."),
    uit: Path = typer.Option(..., "--uit", help="Uitvoerbestand (.gpkg, .geojson, .parquet of .csv)."),
    lagen: Path = typer.Option(None, "--lagen", help=LAGEN_HELP),
    laag: str = typer.Option(None, "--laag", help="Laagnaam binnen het percelenbestand."),
    verharding_kolom: str = typer.Option(
        None,
        "--verharding-kolom",
        help="Kolom met het geplande verhard oppervlak (m²): voegt per perceel de "
        "watertoets toe (procedure, berging in m³).",
    ),
    verharding_nu_kolom: str = typer.Option(
        None, "--verharding-nu-kolom", help="Kolom met het huidige verhard oppervlak (m²); standaard 0."
    ),
    waterschap: str = typer.Option(
        None, "--waterschap", help="Waterschap voor alle percelen (watertoets); standaard uit de laag waterschappen."
    ),
    gevoeligheidsfactor: float = typer.Option(
        None, "--gevoeligheidsfactor", help="Gevoeligheidsfactor voor de watertoets (Brabantse waterschappen)."
    ),
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from wbs.locatie import scan, service

    watertoets = None
    cat = service.catalogus(lagen)
    with Progress(
        TextColumn("[bold]Screenen[/]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console
    ) as bar:
        taak = bar.add_task("percelen", total=None)
        voortgang = lambda i, n: bar.update(taak, completed=i, total=n)  # noqa: E731
        if verharding_kolom:
            from wbs.locatie.regels import controleer_functie
            from wbs.watertoets.scan import watertoets_percelen

            controleer_functie(functie)
            gdf = scan.lees_percelen(percelen, laag)
            resultaat = scan.scan_gdf(gdf, functie, cat, voortgang)
            watertoets = watertoets_percelen(
                gdf, verharding_kolom, cat, verharding_nu_kolom, waterschap, gevoeligheidsfactor
            )
            scan.schrijf_percelen(gdf, uit)
        else:
            resultaat = scan.scan_bestand(percelen, functie, cat, uit, laag=laag, voortgang=voortgang)
    if cat.demo:
        console.print(
            "[bold black on yellow] DEMODATA - geen officiële kaarten: buiten de kleine demogebieden is "
            "niet getoetst. [/]"
        )
    console.print(
        f"{aantal(resultaat.aantal, 'perceel', 'percelen')} in {getal(resultaat.seconden, 1)} s "
        f"({getal(resultaat.aantal / max(resultaat.seconden, 1e-9))} per seconde) → {uit}",
        highlight=False,
    )
    for verdict, n in resultaat.telling.items():
        console.print(f"  [{KLEUR.get(verdict, '')}]{verdict}[/]: {getal(n)}", highlight=False)
    console.print(
        f"Percelen met minstens één niet-getoetste regel (kolom niet_getoetst): "
        f"{getal(resultaat.percelen_niet_volledig_getoetst)}",
        highlight=False,
    )
    t = Table(title="Per regel: aantal percelen")
    for kol in ("Regel", "geraakt", "geen-bezwaar", "niet-van-toepassing", "niet-getoetst"):
        t.add_column(kol, justify="right" if kol != "Regel" else "left")
    for rid, telling in resultaat.regeltelling.items():
        t.add_row(
            rid, *(getal(telling[k]) for k in ("geraakt", "geen-bezwaar", "niet-van-toepassing", "niet-getoetst"))
        )
    console.print(t)
    if watertoets:
        console.print(
            f"Watertoets: {getal(watertoets['percelen_met_verharding'])} percelen met verharding; procedure "
            + ", ".join(f"{p} {getal(n)}" for p, n in watertoets["procedure"].items())
            + f"; berging samen {getal(watertoets['compensatie_m3_totaal'], 1)} m³"
            + (
                f", open water {getal(watertoets['compensatie_m2_water_totaal'], 1)} m²"
                if watertoets["compensatie_m2_water_totaal"]
                else ""
            )
            + (
                f"; waterschap onbekend bij {getal(watertoets['waterschap_onbekend'])} percelen"
                if watertoets["waterschap_onbekend"]
                else ""
            ),
            highlight=False,
        )


@app.command("functies", help="De functies en functieklassen die de regels kennen.")
def functies_cmd() -> None:
    from wbs.locatie.regels import functies

    f = functies()
    t = Table(title="Functies")
    t.add_column("Functie")
    t.add_column("Naam")
    t.add_column("Klassen")
    for fid, fn in f.functies.items():
        t.add_row(fid, fn.naam, ", ".join(k for k, kl in f.klassen.items() if fid in kl.functies))
    console.print(t)


@app.command("regels", help="Alle regels met keuze, laag, functies, oordeel en bron.")
def regels_cmd() -> None:
    from wbs.locatie.regels import alle_regels

    t = Table(title="Regels van de locatietoets", expand=True)
    for kol in ("Regel", "Regelset", "Keuze", "Laag", "Functies", "Oordeel", "Bron"):
        t.add_column(kol)
    for rs, r in alle_regels():
        t.add_row(
            r.id, rs.naam, str(r.keuze or "-"), r.laag or "(overal)", ", ".join(r.functies), r.verdict, r.bron.citeer()
        )
    console.print(t)


@app.command("demo", help="Maak (opnieuw) de ingebouwde demolagen en toon waar ze staan.")
def demo_cmd(opnieuw: bool = typer.Option(False, help="Overschrijf bestaande demolagen.")) -> None:
    from wbs.config import data_dir
    from wbs.locatie.demo_data import schrijf_demo

    pad = schrijf_demo(data_dir() / "demo-lagen", overschrijf=opnieuw)
    console.print(f"Demolagen (illustratief, geen officiële data): [bold]{pad}[/]")
