"""``wbs lagen``: the official sources per layer, fetching them into a catalog, checking a catalog."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import Uitvoer, console, err_console, progress_bar
from wbs.rapport.opmaak import aantal as aantal_nl
from wbs.rapport.opmaak import getal

app = typer.Typer(no_args_is_help=True)

BRONNEN_HELP = "Eigen bronnenbestand (YAML, zelfde vorm als het meegeleverde); standaard de meegeleverde bronnen."


def _coverage_text(d) -> str:
    if d is None:
        return "onbekend"
    if d == "nederland":
        return "Nederland"
    if isinstance(d, dict) and len(d) == 1:
        soort, waarde = next(iter(d.items()))
        if soort == "bbox":
            return "bbox " + ",".join(f"{v:.0f}" for v in waarde)
        if soort == "wkt":
            return f"vlak ({len(str(waarde))} tekens WKT)"
        return f"{soort} {waarde}"
    return str(d)


@app.command("bronnen", help="De bekende officiële bronnen per laag: dienst, collectie, licentie, dekking, status.")
def bronnen_cmd(
    format: Uitvoer = typer.Option(Uitvoer.tekst, "--format", "-f", help="tekst of json."),
    bronnen: Path = typer.Option(None, "--bronnen", help=BRONNEN_HELP),
) -> None:
    from wbs.locatie.lagen.bronnen import laad_bronnen

    b = laad_bronnen(bronnen)  # a bad file raises LagenFout: the CLI's one handler prints it, exit code 2
    if format is Uitvoer.json:
        typer.echo(json.dumps([x.model_dump() for x in b.bronnen], ensure_ascii=False, indent=2))
        return
    t = Table(title="Bronnen voor de lagen van de locatietoets", expand=True, show_lines=True)
    for kol in ("Laag", "Bron", "Ophalen", "Dienst / collectie", "Licentie", "Dekking", "Status", "Documentatie"):
        t.add_column(kol, overflow="fold")
    for x in b.bronnen:
        ophalen = {
            "ogcapi-features": "automatisch (OGC API Features)",
            "bestand": "automatisch (bestand)",
            "handmatig": "[yellow]handmatig[/]",
        }[x.type]
        dienst = (x.url or "-") + (f"\ncollectie {x.collectie}" if x.collectie else "")
        if x.attributen:
            dienst += "\nvelden: " + ", ".join(f"{k} → {v}" for k, v in x.attributen.items())
        status = "[green]bevestigd[/]" if x.status == "bevestigd" else "[red]onbevestigd[/]"
        t.add_row(
            x.laag,
            x.id,
            ophalen,
            dienst,
            x.licentie,
            _coverage_text(x.dekking),
            status,
            x.documentatie or "[dim]niet gevonden[/]",
        )
    console.print(t)
    console.print(
        "Toelichting per bron (wat wel en niet bevestigd is): [bold]wbs lagen bronnen --format json[/]. "
        "Geen van de diensten is tijdens het bouwen live opgevraagd."
    )


@app.command(
    "ophalen",
    help="Haal officiële lagen op (GeoPackage/GeoTIFF in EPSG:28992, met herkomst) en schrijf "
    "een catalogus MAP/lagen.yaml voor 'wbs locatie toets --lagen'.",
)
def ophalen_cmd(
    ids: list[str] = typer.Argument(
        None,
        metavar="IDS",
        help="Laag- of bron-ids (zie 'wbs lagen bronnen'); zonder ids: alle "
        "standaardbronnen die automatisch op te halen zijn.",
    ),
    uit: Path = typer.Option(..., "--uit", help="Map voor de lagen en de catalogus lagen.yaml."),
    gebied: str = typer.Option(
        None, "--gebied", help="Provincie (bijv. drenthe) of bbox xmin,ymin,xmax,ymax in EPSG:28992."
    ),
    bronnen: Path = typer.Option(None, "--bronnen", help=BRONNEN_HELP),
    opnieuw: bool = typer.Option(False, "--opnieuw", help="Haal ook lagen die al binnen zijn opnieuw op."),
    pogingen: int = typer.Option(5, "--pogingen", min=1, max=20, help="Pogingen per verzoek bij storingen."),
    timeout: float = typer.Option(60.0, "--timeout", min=1.0, help="Seconden wachten op een antwoord."),
    wacht: float = typer.Option(
        1.0, "--wacht", min=0.0, help="Wachttijd voor de tweede poging in seconden; verdubbelt per poging."
    ),
) -> None:
    from wbs.locatie.lagen.bronnen import laad_bronnen
    from wbs.locatie.lagen.ophalen import Opties, haal_op

    b = laad_bronnen(bronnen)
    with progress_bar("[bold]{task.description}[/]") as bar:
        taken: dict[str, int] = {}

        def voortgang(bron_id: str, klaar: int, totaal: int | None) -> None:
            if bron_id not in taken:
                taken[bron_id] = bar.add_task(bron_id, total=totaal)
            bar.update(taken[bron_id], completed=klaar, total=totaal)

        opties = Opties(timeout=timeout, pogingen=pogingen, wacht=wacht, opnieuw=opnieuw)
        resultaat = haal_op(ids, gebied, uit, b, opties, voortgang=voortgang, melding=bar.console.print)
    if not resultaat.lagen:
        if resultaat.handmatig:
            err_console.print(
                "Niets automatisch op te halen; volg de instructies hierboven. Geen catalogus geschreven."
            )
        return
    t = Table(title=f"Opgehaald naar {uit}")
    for kol in ("Laag", "Bron", "Objecten", "Dekking", "Bestand"):
        t.add_column(kol, overflow="fold")
    for r in resultaat.lagen:
        t.add_row(
            r.laag,
            r.bron.id + (" [dim](al binnen)[/]" if r.hergebruikt else ""),
            getal(r.aantal),
            _coverage_text(r.dekking),
            r.pad.name,
        )
    console.print(t)
    for bron, reden in resultaat.overgeslagen:
        console.print(f"[yellow]Overgeslagen:[/] {bron.laag} ({bron.id}): {reden}")
    console.print(
        f"Catalogus: [bold]{resultaat.catalogus}[/]  (controleer: wbs lagen controleer "
        f"{resultaat.catalogus}; gebruik: wbs locatie toets --lagen {resultaat.catalogus} ...)"
    )


@app.command(
    "controleer",
    help="Controleer een catalogus: per laag leesbaar, CRS, aantal objecten, dekking en "
    "leeftijd. Exitcode 1 als een laag niet leesbaar is.",
)
def controleer_cmd(
    catalogus: Path = typer.Argument(..., help="Catalogus (YAML), bijv. MAP/lagen.yaml."),
    format: Uitvoer = typer.Option(Uitvoer.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    from wbs.locatie.lagen.controleer import controleer

    uitkomst = controleer(catalogus)
    if format is Uitvoer.json:
        typer.echo(json.dumps([c.als_dict() for c in uitkomst], ensure_ascii=False, indent=2))
    else:
        t = Table(title=f"Controle van {catalogus}", expand=True, show_lines=True)
        for kol in ("Laag", "Leesbaar", "CRS", "Aantal", "Dekking", "Opgehaald", "Opmerkingen"):
            t.add_column(kol, overflow="fold")
        for c in uitkomst:
            leesbaar = "[green]ja[/]" if c.leesbaar else f"[red]nee[/]\n{c.fout}"
            aantal = "-" if c.aantal is None else (getal(c.aantal) + (" cellen" if c.soort == "raster" else ""))
            opgehaald = "onbekend" if c.datum is None else f"{c.datum}\n{c.leeftijd_dagen} dagen geleden"
            t.add_row(
                c.laag,
                leesbaar,
                c.crs or "-",
                aantal,
                _coverage_text(c.dekking),
                opgehaald,
                "\n".join(c.opmerkingen) or "-",
            )
        console.print(t)
        n_fout = sum(not c.leesbaar for c in uitkomst)
        console.print(
            f"{aantal_nl(len(uitkomst), 'laag', 'lagen')}, {getal(len(uitkomst) - n_fout)} leesbaar, "
            f"{getal(n_fout)} niet leesbaar.",
            highlight=False,
        )
    if any(not c.leesbaar for c in uitkomst):
        raise typer.Exit(code=1)
