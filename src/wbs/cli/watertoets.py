"""``wbs watertoets``: what does the change in paving ask of the water system? Save, reopen and compare results."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import Formaat, console, fout, write_output

app = typer.Typer(invoke_without_command=True, no_args_is_help=False)

KLEUR = {"geen": "green", "kort": "yellow", "normaal": "red"}


class Afvoer(str, Enum):
    infiltratie = "infiltratie"
    berging = "berging"
    afvoer = "afvoer"


def _json(uitslag) -> str:
    return uitslag.model_dump_json(indent=2)


def _output(uitslag, format: Formaat, uit: str | None) -> None:
    from wbs.watertoets import rapport

    if format is Formaat.json:
        write_output(_json(uitslag), uit)
    elif format is Formaat.html:
        write_output(rapport.naar_html(uitslag), uit)
    elif format is Formaat.pdf:
        write_output(rapport.naar_pdf(uitslag), uit)
    else:
        show_uitslag(uitslag)


@app.callback(
    help="Watertoets: procedure (geen, kort, normaal), benodigde berging, afvoernorm en advies per "
    "structurerende keuze voor de verandering in verharding en grondgebruik van een plan. "
    "Zonder subopdracht: toets een plan; met 'lijst', 'toon' of 'vergelijk': bewaarde toetsen."
)
def watertoets(
    ctx: typer.Context,
    geometrie: str = typer.Option(None, "--geometrie", "-g", help="PLAN.geojson, .gpkg, GeoJSON-tekst of WKT."),
    functie: str = typer.Option(None, "--functie", help="Beoogde functie, bijv. woningbouw."),
    verhard_nu: float = typer.Option(None, "--verhard-nu", help="Huidig verhard oppervlak in m² (0 als onverhard)."),
    verhard_plan: float = typer.Option(None, "--verhard-plan", help="Gepland verhard oppervlak in m²."),
    waterschap: str = typer.Option(
        None,
        "--waterschap",
        help="Waterschap-id (zie 'wbs watertoets waterschappen'); standaard afgeleid uit de laag waterschappen.",
    ),
    afvoer: list[Afvoer] = typer.Option(
        None, "--afvoer", help="Geplande verwerking van regenwater; herhaalbaar: infiltratie, berging, afvoer."
    ),
    grondgebruik_nu: str = typer.Option(None, "--grondgebruik-nu", help="Huidig grondgebruik, bijv. grasland."),
    grondgebruik_plan: str = typer.Option(
        None, "--grondgebruik-plan", help="Gepland grondgebruik; standaard afgeleid uit de functie."
    ),
    gevoeligheidsfactor: float = typer.Option(
        None, "--gevoeligheidsfactor", help="Gevoeligheidsfactor van de locatie (Brabantse waterschappen)."
    ),
    naam: str = typer.Option(None, "--naam", help="Naam van het plan of de variant."),
    lagen: Path = typer.Option(None, "--lagen", help="Lagenconfiguratie (YAML); standaard de demodata."),
    crs: str = typer.Option(None, "--crs", help="CRS van de invoer als die niet in het bestand staat."),
    opslaan: bool = typer.Option(False, "--opslaan", help="Bewaar de uitslag (heropenen met 'wbs watertoets toon')."),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst, json, html of pdf."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (verplicht voor pdf)."),
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    if not geometrie or not functie:
        fout(
            "geef --geometrie en --functie op (en --verhard-nu en --verhard-plan), of een subopdracht: "
            "lijst, toon, vergelijk, waterschappen"
        )
    if format is Formaat.pdf and not uit:
        fout("pdf-uitvoer vraagt om --uit BESTAND.pdf")
    from pydantic import ValidationError

    from wbs.watertoets import opslag, service
    from wbs.watertoets.fouten import WatertoetsFout
    from wbs.watertoets.models import WatertoetsInvoer

    try:
        verzoek = WatertoetsInvoer(
            geometrie=geometrie,
            functie=functie,
            crs=crs,
            verhard_nu_m2=verhard_nu,
            verhard_plan_m2=verhard_plan,
            waterschap=waterschap,
            afvoer=[a.value for a in afvoer or []],
            grondgebruik_nu=grondgebruik_nu,
            grondgebruik_plan=grondgebruik_plan,
            gevoeligheidsfactor=gevoeligheidsfactor,
            naam=naam,
        )
        uitslag, _geom = service.voer_uit(verzoek, lagen, allow_files=True)
    except (WatertoetsFout, ValidationError) as exc:
        fout(str(exc))
    if opslaan:
        uitslag = opslag.bewaar(uitslag)
        console.print(
            f"Bewaard als [bold]{uitslag.id}[/] (heropenen: wbs watertoets toon {uitslag.id})", highlight=False
        )
    _output(uitslag, format, uit)


def show_uitslag(u) -> None:
    from wbs.rapport.opmaak import getal

    kop = f"[bold]Watertoets {u.functie_naam}[/]" + (f" · {u.naam}" if u.naam else "")
    console.print(
        f"{kop} · plangebied {getal(u.oppervlakte_m2)} m² · procedure: [{KLEUR[u.procedure]}]{u.procedure}[/]",
        highlight=False,
    )
    console.print(u.procedure_tekst, highlight=False)
    for m in u.meldingen:
        console.print(f"[yellow]! {m}[/]", highlight=False)
    t = Table(show_header=False, expand=True)
    t.add_column("", style="bold", width=22)
    t.add_column("")
    ws = u.waterschap_naam or "onbekend"
    t.add_row("Waterschap", f"{ws} ({u.waterschap_herkomst})" + ("" if u.normen_bekend else " · normen onbekend"))
    t.add_row("Provincie", u.provincie or "onbekend")
    t.add_row(
        "Toename verharding",
        f"{getal(u.toename_verharding_m2)} m² (nu {getal(u.verhard_nu_m2)} m², plan {getal(u.verhard_plan_m2)} m²)",
    )
    if u.compensatie_m3 is not None:
        comp = f"{getal(u.compensatie_m3, 1)} m³ berging"
    elif u.compensatie_m2_water is not None:
        comp = f"{getal(u.compensatie_m2_water, 1)} m² open water"
    else:
        comp = u.compensatie_soort
    t.add_row("Compensatie", comp)
    afvoer = (
        "geen afvoernorm bekend"
        if u.afvoernorm_l_s_ha is None
        else f"ten hoogste {getal(u.afvoernorm_l_s_ha, 1)} l/s/ha"
        + (f" = {getal(u.afvoer_max_l_s, 2)} l/s" if u.afvoer_max_l_s is not None else "")
    )
    t.add_row("Afvoernorm", afvoer)
    if u.beschermingsniveau:
        t.add_row("Beschermingsniveau", f"{u.beschermingsniveau.tekst}\n[dim]{u.beschermingsniveau.bron}[/]")
    t.add_row("Berekening", "\n".join(u.berekening))
    t.add_row("Waarom", "\n".join(u.procedure_redenen) or "-")
    for g in u.gebieden:
        if g.uitkomst != "buiten":
            t.add_row(f"Laag {g.naam}", f"{g.uitkomst}: {g.toelichting}\n[dim]{g.bron}[/]")
    console.print(t)
    a = Table(title="Advies per structurerende keuze", expand=True)
    for kol in ("Keuze", "Advies", "Bron"):
        a.add_column(kol, overflow="fold")
    for adv in u.adviezen:
        a.add_row(f"{adv.keuze} {adv.keuze_titel}", adv.tekst, adv.bron)
    console.print(a)
    n = Table(title="Gebruikte normen", expand=True)
    for kol in ("Norm", "Waarde", "Bron"):
        n.add_column(kol, overflow="fold")
    for norm in u.normen:
        waarde = (
            getal(norm.waarde, 0 if float(norm.waarde).is_integer() else 1)
            if isinstance(norm.waarde, int | float)
            else (norm.waarde or "–")
        )
        n.add_row(
            norm.naam,
            f"{waarde} {norm.eenheid}" + (" [yellow](onbevestigd)[/]" if norm.status == "onbevestigd" else ""),
            norm.bron,
        )
    console.print(n)


@app.command("lijst", help="De bewaarde watertoetsen, nieuwste eerst.")
def lijst_cmd() -> None:
    from wbs.rapport.opmaak import getal
    from wbs.watertoets import opslag

    rijen = opslag.lijst()
    if not rijen:
        console.print("Nog geen bewaarde watertoetsen (gebruik --opslaan).")
        return
    t = Table(title="Bewaarde watertoetsen")
    t.add_column("Id", no_wrap=True, min_width=16)
    for kol in ("Naam", "Aangemaakt", "Functie", "Waterschap", "Procedure", "Toename m²", "Berging m³"):
        t.add_column(kol)
    for r in rijen:
        t.add_row(
            r.id,
            r.naam or "-",
            (r.aangemaakt or "-")[:16].replace("T", " "),
            r.functie,
            r.waterschap or "onbekend",
            f"[{KLEUR[r.procedure]}]{r.procedure}[/]",
            getal(r.toename_verharding_m2),
            getal(r.compensatie_m3, 1),
        )
    console.print(t)


@app.command("toon", help="Heropen een bewaarde watertoets.")
def toon_cmd(
    toets_id: str = typer.Argument(..., metavar="ID", help="Id uit 'wbs watertoets lijst'."),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst, json, html of pdf."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (verplicht voor pdf)."),
) -> None:
    from wbs.watertoets import opslag
    from wbs.watertoets.fouten import WatertoetsFout

    if format is Formaat.pdf and not uit:
        fout("pdf-uitvoer vraagt om --uit BESTAND.pdf")
    try:
        uitslag = opslag.laad(toets_id)
    except WatertoetsFout as exc:
        fout(str(exc))
    _output(uitslag, format, uit)


@app.command("vergelijk", help="Vergelijk twee bewaarde varianten naast elkaar.")
def vergelijk_cmd(
    a: str = typer.Argument(..., metavar="A", help="Id van variant A."),
    b: str = typer.Argument(..., metavar="B", help="Id van variant B."),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    import json

    from wbs.watertoets import opslag
    from wbs.watertoets.fouten import WatertoetsFout

    try:
        ua, ub = opslag.laad(a), opslag.laad(b)
    except WatertoetsFout as exc:
        fout(str(exc))
    rijen = opslag.vergelijk(ua, ub)
    if format is Formaat.json:
        typer.echo(json.dumps({"a": a, "b": b, "rijen": [r.model_dump() for r in rijen]}, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"Watertoets: {ua.naam or a} naast {ub.naam or b}")
    for kol in ("Kenmerk", f"A ({a})", f"B ({b})", "Verschil B−A"):
        t.add_column(kol)
    for r in rijen:
        stijl = "bold" if r.anders else ""
        t.add_row(r.kenmerk, r.a, r.b, r.verschil, style=stijl)
    console.print(t)


@app.command("waterschappen", help="De waterschappen met hun normen en bronnen (of 'normen onbekend').")
def waterschappen_cmd() -> None:
    from wbs.rapport.opmaak import getal
    from wbs.watertoets.normen import waterschappen

    t = Table(title="Waterschapsnormen voor de watertoets", expand=True)
    for kol in ("Id", "Waterschap", "Klassen (toename → procedure, compensatie)", "Bron"):
        t.add_column(kol)
    for w in waterschappen().values():
        if not w.klassen:
            t.add_row(w.id, w.naam, "[yellow]normen onbekend[/]", "; ".join(w.opmerkingen))
            continue
        regels, bronnen = [], []
        for k in w.klassen:
            grens = "rest" if k.tot_m2 is None else f"{'≤' if k.tot_inclusief else '<'} {getal(k.tot_m2)} m²"
            c = k.compensatie
            if c.soort == "diepte":
                comp = f"{getal(c.diepte_m * 1000)} mm" + (" × gevoeligheidsfactor" if c.gevoeligheidsfactor else "")
            elif c.soort == "percentage-oppervlak":
                comp = f"{getal(c.percentage)} % open water"
            else:
                comp = c.soort
            regels.append(
                f"{grens}: {k.procedure}, {comp}" + (" (onbevestigd)" if k.bron.status == "onbevestigd" else "")
            )
            bronnen.append(k.bron.citeer())
        t.add_row(w.id, w.naam, "\n".join(regels), "\n".join(dict.fromkeys(bronnen)))
    console.print(t)
