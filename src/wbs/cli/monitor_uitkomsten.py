"""``wbs monitor indicatoren`` and ``wbs monitor afspraken``: outcomes and agreements from the command line.

A thin layer over ``wbs.monitor.uitkomsten``; domain errors print in Dutch and exit with code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import Uitvoer, console, fout, write_output
from wbs.rapport.opmaak import aantal, getal_kort

indicatoren_app = typer.Typer(help="Uitkomstindicatoren: doelen uit de bronnen, metingen per regio en jaar.")
afspraken_app = typer.Typer(help="Afsprakenregister: wie heeft wat afgesproken, wanneer, status en bewijs.")

ALS_HELP = "Voer in als deze gebruiker (diens rechten); zonder: de lokale beheerder."


class MetingFormaat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class AfspraakFormaat(StrEnum):
    yaml = "yaml"
    csv = "csv"
    xlsx = "xlsx"


def _run(fn):
    from wbs.cli.monitor import _run as run

    return run(fn)


def _run_as(als: str | None, write, *args, **kwargs):
    from wbs.cli.monitor import _run_as as run_as

    return run_as(als, write, *args, **kwargs)


def _read(pad: Path) -> bytes:
    if not pad.is_file():
        fout(f"bestand {pad} bestaat niet")
    return pad.read_bytes()


def _json(items) -> str:
    return json.dumps([i.model_dump(mode="json") for i in items], ensure_ascii=False, indent=2)


# -- indicators ---------------------------------------------------------------------------------


@indicatoren_app.callback(invoke_without_command=True)
def indicatoren_cmd(
    ctx: typer.Context,
    keuze: int = typer.Option(None, "--keuze", min=1, max=33, help="Alleen de indicatoren van deze keuze."),
    format: Uitvoer = typer.Option(Uitvoer.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    """Zonder subcommando: alle indicatoren met doel, bron en het landelijke oordeel."""
    if ctx.invoked_subcommand is not None:
        return
    from wbs.monitor.uitkomsten import metingen

    stands = _run(lambda s: metingen.list_indicatoren(s, keuze))
    if format is Uitvoer.json:
        typer.echo(_json(stands))
        return
    t = Table(title="Uitkomstindicatoren", title_justify="left")
    for kol in ("Id", "Keuze", "Doel", "Bron", "Landelijk", "Laatste meting"):
        t.add_column(kol)
    for i in stands:
        b = i.landelijk
        laatste = f"{getal_kort(b.waarde)} ({b.jaar})" if b.waarde is not None else "-"
        t.add_row(i.id, str(i.keuze), i.doel_tekst, i.bron, b.label + (" (demo)" if b.demo else ""), laatste)
    console.print(t)
    if any(i.demo for i in stands):
        console.print(
            "[red]Let op: er staan demo-metingen in de monitor (door WBS gegenereerd, geen echte metingen).[/]"
        )


@indicatoren_app.command("toon", help="Een indicator met zijn metingen en het oordeel per regio.")
def indicator_toon(indicator: str = typer.Argument(..., help="Id, bijv. drinkwatergebruik.")) -> None:
    from wbs.monitor.uitkomsten import metingen

    stand, rows = _run(lambda s: metingen.get_indicator(s, indicator))
    console.print(f"[bold]{stand.naam}[/] (keuze {stand.keuze}) - doel {stand.doel_tekst}  [dim]bron {stand.bron}[/]")
    if stand.toelichting:
        console.print(f"[dim]{stand.toelichting}[/]")
    for b in [stand.landelijk, *stand.regios]:
        console.print(f"  {b.regio}: {b.label}{' (demo)' if b.demo else ''} - {b.reden}")
    t = Table(title="Metingen")
    for kol in ("Regio", "Jaar", "Waarde", "Bron", "Versie"):
        t.add_column(kol)
    for m in rows:
        t.add_row(m.regio_naam, str(m.jaar), getal_kort(m.waarde), m.bron, str(m.versie))
    console.print(t)


@indicatoren_app.command("meting", help="Voer een meting in of corrigeer hem (met historie).")
def indicator_meting(
    indicator: str = typer.Argument(..., help="Id van de indicator."),
    regio: str = typer.Option(..., "--regio", help="nederland, een provinciecode of een waterschapscode."),
    jaar: int = typer.Option(..., "--jaar"),
    waarde: float = typer.Option(..., "--waarde"),
    bron: str = typer.Option(..., "--bron", help="Waar het getal vandaan komt (publicatie, meetnet)."),
    toelichting: str = typer.Option(None, "--toelichting", help="Verplicht bij het corrigeren van een waarde."),
    als: str = typer.Option(None, "--als", help=ALS_HELP),
) -> None:
    from wbs.monitor.uitkomsten import metingen

    m = _run_as(als, metingen.record_meting, indicator, regio, jaar, waarde, bron, toelichting)
    console.print(
        f"Meting {m.indicator} {m.regio} {m.jaar} = {getal_kort(m.waarde)} {m.eenheid} opgeslagen (versie {m.versie}).",
        highlight=False,
    )


@indicatoren_app.command("historie", help="Alle wijzigingen van een meting.")
def indicator_historie(
    indicator: str = typer.Argument(...),
    regio: str = typer.Option(..., "--regio"),
    jaar: int = typer.Option(..., "--jaar"),
) -> None:
    from wbs.monitor.uitkomsten import metingen

    for h in _run(lambda s: metingen.meting_history(s, indicator, regio, jaar)):
        console.print(
            f"{h.tijdstip:%Y-%m-%d %H:%M} {h.gebruiker} v{h.versie}: {h.oud} -> {h.nieuw}"
            + (f" ({h.reden})" if h.reden else "")
        )


@indicatoren_app.command("import", help="Metingen uit CSV, xlsx of JSON; een fout = niets ingelezen.")
def indicator_import(
    bestand: Path = typer.Argument(...), als: str = typer.Option(None, "--als", help=ALS_HELP)
) -> None:
    from wbs.monitor.uitkomsten import metingen

    data = _read(bestand)
    r = _run_as(als, metingen.import_metingen, data, bestand.name)
    console.print(f"Ingelezen: {r.toegevoegd} nieuw, {r.gewijzigd} gewijzigd, {r.ongewijzigd} ongewijzigd.")


@indicatoren_app.command("export", help="Alle metingen als CSV, xlsx of JSON.")
def indicator_export(
    format: MetingFormaat = typer.Option(MetingFormaat.csv, "--format", "-f"),
    uit: str = typer.Option(None, "--uit", "-o", help="Bestand (xlsx: verplicht)."),
) -> None:
    from wbs.monitor.uitkomsten import metingen

    data = _run(lambda s: metingen.export_metingen(s, format.value))
    _write(data, format.value, uit)


@indicatoren_app.command("regios", help="Regio's waarvoor metingen bestaan kunnen (codes).")
def indicator_regios() -> None:
    from wbs.monitor.indicatoren import load_regios

    t = Table()
    for kol in ("Code", "Naam", "Niveau", "Invoer door"):
        t.add_column(kol)
    for r in load_regios().regios:
        t.add_row(r.code, r.naam, r.niveau, ", ".join(r.organisaties))
    console.print(t)


def _write(data: bytes, formaat: str, uit: str | None) -> None:
    if formaat == "xlsx":
        if not uit:
            fout("xlsx is binair: geef --uit BESTAND")
        Path(uit).write_bytes(data)
        console.print(f"Geschreven: {uit}")
        return
    write_output(data.decode("utf-8"), uit)


# -- agreements -----------------------------------------------------------------------------------


@afspraken_app.callback(invoke_without_command=True)
def afspraken_cmd(
    ctx: typer.Context,
    organisatie: str = typer.Option(None, "--organisatie", help="Eigenaar of betrokken partij (code)."),
    keuze: int = typer.Option(None, "--keuze", min=1, max=33),
    status: str = typer.Option(None, "--status"),
    achterstallig: bool = typer.Option(False, "--achterstallig", help="Alleen afspraken over hun deadline."),
    format: Uitvoer = typer.Option(Uitvoer.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    """Zonder subcommando: het afsprakenregister (filters combineren)."""
    if ctx.invoked_subcommand is not None:
        return
    from wbs.monitor.uitkomsten import register

    rows = _run(
        lambda s: register.list_afspraken(
            s, keuze=keuze, status=status or None, achterstallig=True if achterstallig else None, partij=organisatie
        )
    )
    if format is Uitvoer.json:
        typer.echo(_json(rows))
        return
    t = Table(title=f"Afspraken ({len(rows)})", title_justify="left")
    for kol in ("Id", "Eigenaar", "Afspraak", "Keuzes", "Deadline", "Status", "Bron"):
        t.add_column(kol)
    for a in rows:
        status_txt = a.status + (" [red]te laat[/]" if a.achterstallig else "") + (" (demo)" if a.demo else "")
        t.add_row(a.id, a.eigenaar, a.titel[:70], ",".join(map(str, a.keuzes)), a.periode or "-", status_txt, a.bron)
    console.print(t)


@afspraken_app.command("toon", help="Een afspraak met haar historie.")
def afspraak_toon(afspraak: str = typer.Argument(..., help="Kenmerk, bijv. overijssel-r1.")) -> None:
    from wbs.monitor.uitkomsten import register

    a, hist = _run(lambda s: (register.get_afspraak(s, afspraak), register.afspraak_history(s, afspraak)))
    console.print(f"[bold]{a.titel}[/]  [dim]{a.id} - bron {a.bron}{' - demo' if a.demo else ''}[/]")
    console.print(a.tekst)
    console.print(
        f"Eigenaar {a.eigenaar_naam}; partijen {', '.join(a.partijen) or '-'}; keuzes "
        f"{', '.join(map(str, a.keuzes)) or '-'}; deadline {a.periode or 'geen'}; status {a.status}"
        + ("; DEADLINE VERSTREKEN" if a.achterstallig else "")
    )
    if a.bewijs:
        console.print(f"Bewijs: {a.bewijs}")
    if a.toelichting:
        console.print(f"Toelichting: {a.toelichting}")
    for h in hist:
        console.print(
            f"  {h.tijdstip:%Y-%m-%d %H:%M} {h.gebruiker} v{h.versie}: {h.nieuw}" + (f" ({h.reden})" if h.reden else "")
        )


@afspraken_app.command("zet", help="Wijzig status, bewijs, deadline of toelichting (pas toe of leg uit).")
def afspraak_zet(
    afspraak: str = typer.Argument(...),
    status: str = typer.Option(None, "--status", help="niet-gestart, loopt, gereed, vertraagd, afgevallen"),
    bewijs: str = typer.Option(None, "--bewijs"),
    periode: str = typer.Option(None, "--periode", help="Nieuwe deadline: JJJJ of JJJJ-Qn."),
    toelichting: str = typer.Option(None, "--toelichting"),
    versie: int = typer.Option(None, "--versie", help="De versie die u las (conflictcontrole)."),
    als: str = typer.Option(None, "--als", help=ALS_HELP),
) -> None:
    from wbs.monitor.uitkomsten import register

    a = _run_as(
        als,
        register.update_afspraak,
        afspraak,
        status=status,
        bewijs=bewijs,
        toelichting=toelichting,
        periode=periode,
        expected_version=versie,
    )
    console.print(f"Afspraak {a.id}: {a.status} (versie {a.versie}).")


@afspraken_app.command("import", help="Afspraken uit YAML, CSV of xlsx, of met --plantoets uit een Plantoets-JSON.")
def afspraak_import(
    bestand: Path = typer.Argument(...),
    plantoets: bool = typer.Option(False, "--plantoets", help="Het bestand is 'wbs plan toets --format json'."),
    eigenaar: str = typer.Option(None, "--eigenaar", help="Bij --plantoets: de organisatie (code)."),
    als: str = typer.Option(None, "--als", help=ALS_HELP),
) -> None:
    from wbs.monitor.uitkomsten import register

    data = _read(bestand)
    if plantoets:
        r = _run_as(als, register.import_plantoets, data, eigenaar)
        console.print(
            f"Concept-afspraken: {r.toegevoegd} nieuw, {r.ongewijzigd} stonden er al. Bevestig ze met "
            "'wbs monitor afspraken zet ID --status ...'."
        )
        return
    r = _run_as(als, register.import_afspraken, data, bestand.name)
    console.print(f"Ingelezen: {r.toegevoegd} nieuw, {r.gewijzigd} gewijzigd, {r.ongewijzigd} ongewijzigd.")


@afspraken_app.command("export", help="Alle afspraken als YAML, CSV of xlsx.")
def afspraak_export(
    format: AfspraakFormaat = typer.Option(AfspraakFormaat.yaml, "--format", "-f"),
    uit: str = typer.Option(None, "--uit", "-o"),
) -> None:
    from wbs.monitor.uitkomsten import register

    _write(_run(lambda s: register.export_afspraken(s, format.value)), format.value, uit)


@afspraken_app.command("planwissels", help="Stappen waar plan A's deadline verstreek: plan B is aan de orde.")
def planwissels_cmd(format: Uitvoer = typer.Option(Uitvoer.tekst, "--format", "-f")) -> None:
    from wbs.monitor.uitkomsten import views

    rows = _run(views.plan_switches)
    if format is Uitvoer.json:
        typer.echo(_json(rows))
        return
    t = Table(title=f"Overstap naar plan B aan de orde ({len(rows)})", title_justify="left")
    for kol in ("Stap", "Overheid", "Plan A", "Plan B", "Status"):
        t.add_column(kol)
    for w in rows:
        t.add_row(w.stap, w.organisatie_naam, w.plan_a_periode, w.plan_b_periode or "-", w.status)
    console.print(t)


@afspraken_app.command("organisatie", help="Wat heeft een organisatie beloofd, wat moet binnenkort, wat is te laat.")
def organisatie_cmd(code: str = typer.Argument(..., help="Organisatiecode, bijv. overijssel.")) -> None:
    from wbs.monitor.uitkomsten import views

    o = _run(lambda s: views.organisatie_overview(s, code))
    console.print(
        f"[bold]{o.naam}[/] op {o.peildatum:%d-%m-%Y}: {aantal(o.stappen_open, 'open stap', 'open stappen')}, "
        f"{aantal(len(o.afspraken), 'afspraak', 'afspraken')}."
    )
    console.print(
        f"Te laat: {aantal(len(o.stappen_achterstallig), 'stap', 'stappen')}, "
        f"{aantal(len(o.afspraken_achterstallig), 'afspraak', 'afspraken')}. "
        f"Binnenkort (tot {o.horizon:%d-%m-%Y}): {aantal(len(o.stappen_binnenkort), 'stap', 'stappen')}, "
        f"{aantal(len(o.afspraken_binnenkort), 'afspraak', 'afspraken')}. Plan B aan de orde: {len(o.planwissels)}. "
        f"Te bevestigen: {len(o.afspraken_te_bevestigen)}."
    )
    for a in o.afspraken_achterstallig:
        console.print(f"  te laat: {a.id} ({a.periode}) {a.titel[:80]}")
    for r in o.stappen_achterstallig[:20]:
        console.print(f"  te laat: stap {r.stap} ({r.periode}) {r.tekst[:80]}")
