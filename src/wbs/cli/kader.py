"""``wbs kader``: browse, search and export the 33 structurerende keuzes."""

from __future__ import annotations

import json
from enum import Enum

import typer
from rich.panel import Panel
from rich.table import Table

from wbs.cli.common import console, fout, write_output
from wbs.kader import laad_kader
from wbs.kader.models import Kader
from wbs.kader.service import export_csv, export_dict, overzicht
from wbs.kader.zoek import zoek as zoek_kader
from wbs.rapport.opmaak import getal

app = typer.Typer(no_args_is_help=True)


def summary_table(kader: Kader) -> Table:
    """Counts per thema and subthema/gebied, like the summary table of the borgingskalender."""
    groepen = overzicht(kader)
    t = Table(title="Water en Bodem Sturend: 33 structurerende keuzes", show_footer=True)
    t.add_column("Thema", footer="Totaal")
    t.add_column("Subthema / gebied")
    t.add_column("Keuzes", justify="right", footer=str(sum(len(g.keuzes) for g in groepen)))
    t.add_column("Maatregelen", justify="right", footer=str(sum(g.maatregelen for g in groepen)))
    t.add_column("Stappen", justify="right", footer=str(sum(g.stappen for g in groepen)))
    for g in groepen:
        t.add_row(g.thema, g.groep, str(len(g.keuzes)), str(g.maatregelen), str(g.stappen))
    return t


def _kader():
    return laad_kader()


@app.command("overzicht", help="Tabel per thema en gebied met het aantal keuzes, maatregelen en stappen.")
def overzicht_cmd() -> None:
    kader = _kader()
    console.print(summary_table(kader))
    groepen = overzicht(kader)
    for g in groepen:
        t = Table(title=f"{g.thema} - {g.groep}", title_justify="left", expand=True)
        t.add_column("Nr", justify="right", width=3)
        t.add_column("Structurerende keuze")
        t.add_column("Maatregelen")
        for k in g.keuzes:
            t.add_row(str(k.nr), k.titel, ", ".join(m.id for m in k.maatregelen) or "-")
        console.print(t)


INTERN_HELP = "Toon ook de interne opmerkingen over het overnemen uit de bron (voor beheerders van de data)."


@app.command("keuze", help="Toon een structurerende keuze met maatregelen, stappen en agendering.")
def keuze_cmd(
    nr: int = typer.Argument(..., help="Nummer van de keuze (1-33)."),
    intern: bool = typer.Option(False, "--intern", help=INTERN_HELP),
) -> None:
    kader = _kader()
    k = kader.keuze(nr)
    kop = f"{k.thema}" + (f" / {k.subthema}" if k.subthema else "") + (f" / gebied: {k.gebied}" if k.gebied else "")
    console.print(Panel(k.tekst, title=f"Structurerende keuze {k.nr}: {k.titel}", subtitle=f"bron {k.bron.citeer()}"))
    console.print(kop, style="dim")
    if not k.maatregelen:
        console.print("\n[bold]Geen eigen maatregel[/] in de borgingskalender.")
        if k.toelichting:
            console.print(f"Toelichting: {k.toelichting}")
    if intern:
        for o in k.opmerkingen:
            console.print(f"[yellow]Intern:[/] {o}")
    for m in k.maatregelen:
        _show_maatregel(m, intern)


def _agendering(s) -> str:
    """The agendering as printed, plus each dated milestone with its plan where the kalender pairs them."""
    if not s.agendering:
        return ""
    mps = [f"{mp.periode}" + (f" (plan {mp.plan})" if mp.plan else "") for mp in s.agendering.mijlpalen]
    return s.agendering.ruw + (f"\n= {', '.join(mps)}" if mps else "")


def _show_maatregel(m, intern: bool = False) -> None:
    extra = []
    if m.aliassen:
        extra.append("ook: " + ", ".join(m.aliassen))
    if m.spoor:
        extra.append("spoor " + "+".join(m.spoor))
    if m.domein:
        extra.append(m.domein)
    console.print(f"\n[bold]Maatregel {m.id}[/]" + (f" ({'; '.join(extra)})" if extra else ""))
    console.print(m.tekst)
    if not m.telt_mee:
        console.print("[dim]Telt niet mee in de 54 maatregelen van de samenvattende tabel.[/]")
    if intern:
        for o in m.opmerkingen:
            console.print(f"[yellow]Intern:[/] {o}")
        for s in m.stappen:
            for o in s.opmerkingen:
                console.print(f"[yellow]Intern ({s.id}):[/] {o}")
    if m.stappen:
        t = Table(expand=True)
        for kol in ("Concrete stap", "Doorwerking", "Borging", "Plan", "Agendering", "Bron"):
            t.add_column(kol)
        for s in m.stappen:
            t.add_row(s.tekst, s.doorwerking or "", s.borging or "", "/".join(s.plan), _agendering(s), s.bron.citeer())
        console.print(t)
    if m.toelichting:
        console.print(f"[dim]Toelichting: {m.toelichting}[/]")
    console.print(f"[dim]bron {m.bron.citeer()}[/]")


@app.command("maatregel", help="Toon een maatregel op id (bijv. 1.1.1, 1.1.1b, M1.1.11).")
def maatregel_cmd(
    id: str = typer.Argument(..., help="Maatregel-id zoals in de borgingskalender."),
    intern: bool = typer.Option(False, "--intern", help=INTERN_HELP),
) -> None:
    gevonden = _kader().maatregel(id)
    if not gevonden:
        fout(f"maatregel {id!r} komt niet voor in de borgingskalender")
    for m in gevonden:
        console.print(f"[dim]Onder structurerende keuze {m.keuze}[/]")
        _show_maatregel(m, intern)


@app.command("zoek", help="Zoek (Nederlands, op woordstam) in keuzes, maatregelen en stappen.")
def zoek_cmd(
    tekst: str = typer.Argument(..., help="Zoektekst, bijv. 'grondwaterplafond' of 'bouwen in uiterwaarden'."),
    aantal: int = typer.Option(10, "--aantal", "-n", min=1, max=100, help="Maximaal aantal treffers."),
) -> None:
    treffers = zoek_kader(_kader(), tekst, aantal)
    if not treffers:
        console.print(f"Geen treffers voor {tekst!r}.")
        raise typer.Exit(code=1)
    t = Table(title=f"Zoekresultaten voor {tekst!r}")
    for kol in ("Score", "Soort", "Id", "Keuze", "Tekst", "Bron"):
        t.add_column(kol)
    for r in treffers:
        t.add_row(getal(r.score, 2), r.soort, r.id, str(r.keuze), r.tekst[:160], r.bron.citeer())
    console.print(t)


class ExportFormaat(str, Enum):
    json = "json"
    csv = "csv"


@app.command("export", help="Exporteer het hele kader als JSON of CSV (een rij per concrete stap).")
def export_cmd(
    format: ExportFormaat = typer.Option(ExportFormaat.json, "--format", "-f", help="json of csv."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand in plaats van naar stdout."),
) -> None:
    kader = _kader()
    if format is ExportFormaat.json:
        write_output(json.dumps(export_dict(kader), ensure_ascii=False, indent=2), uit)
    else:
        write_output(export_csv(kader), uit)
