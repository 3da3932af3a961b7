"""``wbs monitor``: the Borgingsmonitor from the command line (thin layer over wbs.monitor.service)."""

from __future__ import annotations

import getpass
import json
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import console, err_console, fout, write_output
from wbs.cli.monitor_uitkomsten import afspraken_app, indicatoren_app
from wbs.rapport.opmaak import aantal, getal, getal_kort

app = typer.Typer(no_args_is_help=True, help="Borgingsmonitor: voortgang van maatregelen en stappen.")
gebruiker_app = typer.Typer(no_args_is_help=True, help="Gebruikers beheren (lezer, invoerder, beheerder).")
token_app = typer.Typer(no_args_is_help=True, help="API-tokens voor scripts (alleen de hash wordt bewaard).")
app.add_typer(gebruiker_app, name="gebruiker")
app.add_typer(token_app, name="token")
app.add_typer(indicatoren_app, name="indicatoren")
app.add_typer(afspraken_app, name="afspraken")

STATUS_KLEUR = {
    "niet-gestart": "dim",
    "loopt": "cyan",
    "gereed": "green",
    "vertraagd": "yellow",
    "afgevallen": "magenta",
}


class Formaat(StrEnum):
    html = "html"
    pdf = "pdf"


class IoFormaat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


def _peildatum(waarde: str | None) -> date | None:
    if not waarde:
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        fout(f"peildatum {waarde!r} is geen datum; gebruik JJJJ-MM-DD")


def _scope():
    from wbs.monitor.db import session_scope

    return session_scope()


def _run(fn):
    """Run ``fn(session)`` in one transaction; Dutch domain errors exit with code 2."""
    with _scope() as session:
        return fn(session)


def _run_as(als: str | None, write, *args, **kwargs):
    """Run the monitor write ``write(session, user, *args, **kwargs)`` in one transaction, acting as ``--als``."""
    return _run(lambda s: write(s, _cli_user(s, als), *args, **kwargs))


def _cli_user(session, als: str | None):
    """``--als`` acts with that user's rights; without it, the local operator acts as beheerder
    (whoever can run this command can also open the database file directly)."""
    from wbs.monitor import service
    from wbs.monitor.models import Gebruiker

    if als:
        return service.get_user(session, als)
    return Gebruiker(
        gebruikersnaam=f"cli:{getpass.getuser()}",
        naam="lokale beheerder",
        rol="beheerder",
        actief=True,
        organisatie_code=None,
    )


def _print_table(columns: tuple[str, ...], rows) -> None:
    """A plain table: a header of ``columns`` and one line per row (a sequence of texts)."""
    t = Table()
    for col in columns:
        t.add_column(col)
    for row in rows:
        t.add_row(*row)
    console.print(t)


def _pct(x: float) -> str:
    return f"{getal(100 * x)}%"


@app.command("info", help="Waar staat de database, welke migratie, hoeveel stappen en gebruikers.")
def info_cmd() -> None:
    from sqlalchemy import func, select

    from wbs.monitor import db
    from wbs.monitor.models import Gebruiker, Historie, StapRij, Voortgang

    url = db.default_url()
    engine = db.get_engine(url)
    with _scope() as s:
        t = Table(show_header=False, title="Borgingsmonitor", title_justify="left")
        t.add_row("Database", db.describe_url(url))
        t.add_row("Migratie", db.current_revision(engine) or "-")
        t.add_row("Stappen", str(s.scalar(select(func.count()).select_from(StapRij))))
        t.add_row("Voortgangsregels (stap x overheid)", str(s.scalar(select(func.count()).select_from(Voortgang))))
        t.add_row("Historie-items", str(s.scalar(select(func.count()).select_from(Historie))))
        t.add_row("Gebruikers", str(s.scalar(select(func.count()).select_from(Gebruiker))))
        console.print(t)
        if not s.scalar(select(func.count()).select_from(StapRij)):
            err_console.print("Let op: geen stappen; het kader (kader.yaml) kon niet worden geladen.")


def status_tables(dash) -> list[Table]:
    """Rich tables for a Dashboard (also used by ``wbs demo``)."""
    tables = []
    for titel, groepen in (
        ("Per thema", dash.per_thema),
        ("Per spoor", dash.per_spoor),
        ("Per soort overheid", dash.per_soort),
    ):
        t = Table(title=titel, title_justify="left")
        t.add_column("Groep")
        t.add_column("Stappen", justify="right")
        for st in STATUS_KLEUR:
            t.add_column(st, justify="right", style=STATUS_KLEUR[st])
        t.add_column("Gereed", justify="right")
        t.add_column("Achterstallig", justify="right", style="red")
        t.add_column("Uitleg ontbreekt", justify="right")
        for g in [*groepen, dash.totaal]:
            t.add_row(
                g.label,
                str(g.totaal),
                *(str(g.per_status[x]) for x in STATUS_KLEUR),
                _pct(g.aandeel_gereed),
                str(g.achterstallig),
                str(g.uitleg_ontbreekt),
                end_section=g is groepen[-1] if groepen else False,
            )
        tables.append(t)
    return tables


@app.command("status", help="Voortgang per thema, spoor en soort overheid.")
def status_cmd(
    organisatie: str = typer.Option(None, help="Alleen deze organisatie (code, bijv. drenthe)."),
    keuze: int = typer.Option(None, help="Alleen deze structurerende keuze (1-33)."),
    peildatum: str = typer.Option(None, help="Peildatum JJJJ-MM-DD (standaard vandaag)."),
    als_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    from wbs.monitor import service
    from wbs.monitor.schemas import Filters

    dash = _run(lambda s: service.dashboard(s, Filters(organisatie=organisatie, keuze=keuze), _peildatum(peildatum)))
    if als_json:
        typer.echo(dash.model_dump_json(indent=2))
        return
    console.print(f"[bold]Borgingsmonitor[/] - peildatum {dash.peildatum:%d-%m-%Y}, kwartaal {dash.kwartaal}")
    for t in status_tables(dash):
        console.print(t)
    console.print(
        f"Achterstallig: [red]{getal(len(dash.achterstallig))}[/]; "
        f"deadline dit kwartaal: {getal(len(dash.dit_kwartaal))}"
        " (zie [bold]wbs monitor achterstand[/])"
    )


def _stappen_table(rows, titel: str) -> Table:
    t = Table(title=titel, title_justify="left")
    for col in ("Stap", "Organisatie", "Deadline", "Status", "%", "Toelichting"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r.stap,
            getattr(r, "organisatie_naam", None) or r.organisatie,
            f"{r.deadline:%d-%m-%Y}" if r.deadline else "-",
            f"[{STATUS_KLEUR[r.status]}]{r.status}[/]",
            "" if r.percentage is None else str(r.percentage),
            r.toelichting or ("[red]ontbreekt[/]" if r.uitleg_ontbreekt else ""),
        )
    return t


@app.command("achterstand", help="Stappen met een verstreken deadline, en stappen met deadline dit kwartaal.")
def achterstand_cmd(
    organisatie: str = typer.Option(None, help="Alleen deze organisatie."),
    peildatum: str = typer.Option(None, help="Peildatum JJJJ-MM-DD (standaard vandaag)."),
    als_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    from wbs.monitor import service
    from wbs.monitor.schemas import Filters

    f = Filters(organisatie=organisatie)
    dag = _peildatum(peildatum)
    late, due = _run(lambda s: (service.overdue(s, dag, f), service.due_this_quarter(s, dag, f)))
    if als_json:
        typer.echo(
            json.dumps(
                {
                    "achterstallig": [r.model_dump(mode="json") for r in late],
                    "dit_kwartaal": [r.model_dump(mode="json") for r in due],
                },
                indent=2,
            )
        )
        return
    console.print(_stappen_table(late, f"Achterstallig ({len(late)})"))
    console.print(_stappen_table(due, f"Deadline dit kwartaal ({len(due)})"))


@app.command("stap", help="Toon een stap met de voortgang per verantwoordelijke overheid en de historie.")
def stap_cmd(stap: str = typer.Argument(..., help="Stap-id.")) -> None:
    from wbs.monitor import service

    detail, hist = _run(lambda s: (service.get_stap(s, stap), service.history(s, stap)))
    console.print(f"[bold]{detail.stap}[/] (maatregel {detail.maatregel}, keuze {detail.keuze}): {detail.tekst}")
    console.print(
        f"Agendering: {detail.agendering or '-'}; deadline "
        f"{detail.deadline.strftime('%d-%m-%Y') if detail.deadline else '-'}; bron {detail.bron}"
    )
    console.print(_stappen_table(detail.voortgang, "Voortgang"))
    t = Table(title="Historie", title_justify="left")
    for col in ("Tijdstip", "Gebruiker", "Organisatie", "Versie", "Oud", "Nieuw", "Reden"):
        t.add_column(col)
    namen = {v.organisatie: v.organisatie_naam for v in detail.voortgang}
    for h in sorted(hist, key=lambda h: h.tijdstip):
        t.add_row(
            f"{h.tijdstip:%d-%m-%Y %H:%M}",
            h.gebruiker,
            namen.get(h.organisatie, h.organisatie),
            str(h.versie),
            json.dumps(h.oud, ensure_ascii=False),
            json.dumps(h.nieuw, ensure_ascii=False),
            h.reden or "",
        )
    console.print(t)


@app.command(
    "zet",
    help="Wijzig de voortgang van een stap (status, percentage, mijlpaal, toelichting). Zonder --als handelt "
    "u als lokale beheerder (wie deze opdracht kan draaien, kan ook de database openen).",
)
def zet_cmd(
    stap: str = typer.Argument(..., help="Stap-id."),
    status: str = typer.Option(None, help="niet-gestart, loopt, gereed, vertraagd of afgevallen."),
    percentage: int = typer.Option(None, help="Voortgang 0-100."),
    mijlpaal: str = typer.Option(None, help="Bereikte of volgende mijlpaal."),
    toelichting: str = typer.Option(None, help="Uitleg; verplicht bij vertraging, afvallen of gemiste deadline."),
    organisatie: str = typer.Option(None, help="Organisatie waarvoor u rapporteert (nodig bij meerdere)."),
    versie: int = typer.Option(None, help="De versie die u las; bij een andere huidige versie volgt een conflict."),
    als: str = typer.Option(None, "--als", help="Voer uit met de rechten van deze gebruiker."),
) -> None:
    from wbs.monitor import service

    r = _run_as(
        als,
        service.update_stap,
        stap,
        organisatie=organisatie,
        status=status,
        percentage=percentage,
        mijlpaal=mijlpaal,
        toelichting=toelichting,
        expected_version=versie,
    )
    console.print(
        f"Opgeslagen: stap {r.stap} ({r.organisatie_naam}) is nu [bold]{r.status}[/]"
        f"{'' if r.percentage is None else f' ({r.percentage}%)'}, versie {r.versie}."
    )


@app.command("organisaties", help="De overheden in de monitor met hun code.")
def organisaties_cmd() -> None:
    from wbs.monitor import service

    _print_table(("Code", "Naam", "Soort"), ((o.code, o.naam, o.soort) for o in _run(service.list_organisaties)))


@app.command("roadmap", help="Programmering van de borging per overheid, keuze, thema, gebied, spoor of jaar.")
def roadmap_cmd(
    groepeer: str = typer.Option("organisatie", help="organisatie, soort, keuze, thema, gebied, spoor of jaar."),
    organisatie: str = typer.Option(None, help="Alleen deze organisatie."),
    als_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    from wbs.monitor import service
    from wbs.monitor.schemas import Filters

    groepen = _run(lambda s: service.roadmap(s, groepeer, Filters(organisatie=organisatie)))
    if als_json:
        typer.echo(json.dumps([g.model_dump(mode="json") for g in groepen], indent=2, ensure_ascii=False))
        return
    for g in groepen:
        t = Table(
            title=f"{g.label} - {aantal(g.telling.totaal, 'stap', 'stappen')}, {_pct(g.telling.aandeel_gereed)} gereed",
            title_justify="left",
        )
        for col in ("Periode", "Stap", "Wie", "Status", "Resultaat"):
            t.add_column(col)
        for i in g.items:
            t.add_row(
                i.periode or "-",
                i.stap,
                i.organisatie_naam,
                f"[{STATUS_KLEUR[i.status]}]{i.status}[/]",
                (i.resultaat or "")[:60],
            )
        console.print(t)


@app.command("kpi", help="KPI's van de monitor (stand op 31 december van het jaar).")
def kpi_cmd(
    jaar: int = typer.Option(None, help="Jaar (standaard: stand van vandaag)."),
    als_json: bool = typer.Option(False, "--json", help="Uitvoer als JSON."),
) -> None:
    from wbs.monitor import service

    waarden = _run(lambda s: service.kpis(s, jaar))
    if als_json:
        typer.echo(json.dumps([k.model_dump(mode="json") for k in waarden], indent=2, ensure_ascii=False))
        return
    t = Table(title=f"KPI's, peildatum {waarden[0].peildatum:%d-%m-%Y}" if waarden else "KPI's")
    for col in ("KPI", "Waarde", "Teller/noemer", "Doel", "Behaald"):
        t.add_column(col)
    for k in waarden:
        t.add_row(
            k.naam,
            "-" if k.waarde is None else f"{getal_kort(k.waarde)} {k.eenheid}",
            f"{k.teller}/{k.noemer}" if k.noemer is not None and k.eenheid == "%" else "",
            "" if k.doel is None else getal_kort(k.doel),
            {True: "[green]ja[/]", False: "[red]nee[/]", None: "-"}[k.behaald],
        )
    console.print(t)


# -- users and tokens -----------------------------------------------------------------------------


@gebruiker_app.command("toevoegen", help="Voeg een gebruiker toe.")
def gebruiker_toevoegen(
    gebruikersnaam: str = typer.Argument(...),
    rol: str = typer.Option(..., help="lezer, invoerder of beheerder."),
    organisatie: str = typer.Option(None, help="Organisatiecode (verplicht voor een invoerder)."),
    naam: str = typer.Option("", help="Volledige naam."),
    wachtwoord: str = typer.Option(None, help="Wachtwoord (min. 8 tekens); zonder: alleen tokens."),
) -> None:
    from wbs.monitor import service

    info = _run(lambda s: service.create_user(s, gebruikersnaam, rol, organisatie, wachtwoord, naam))
    console.print(
        f"Gebruiker [bold]{info.gebruikersnaam}[/] toegevoegd als {info.rol}"
        f"{f' voor {info.organisatie}' if info.organisatie else ''}."
    )


@gebruiker_app.command("lijst", help="Alle gebruikers.")
def gebruiker_lijst() -> None:
    from wbs.monitor import service

    _print_table(
        ("Gebruikersnaam", "Naam", "Rol", "Organisatie", "Actief"),
        (
            (u.gebruikersnaam, u.naam, u.rol, u.organisatie or "-", "ja" if u.actief else "nee")
            for u in _run(service.list_users)
        ),
    )


@gebruiker_app.command("wachtwoord", help="Stel een nieuw wachtwoord in.")
def gebruiker_wachtwoord(
    gebruikersnaam: str = typer.Argument(...),
    wachtwoord: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    from wbs.monitor import service

    _run(lambda s: service.set_password(s, gebruikersnaam, wachtwoord))
    console.print("Wachtwoord gewijzigd.")


@gebruiker_app.command("blokkeer", help="Zet een gebruiker op non-actief (inloggen en tokens werken niet meer).")
def gebruiker_blokkeer(gebruikersnaam: str = typer.Argument(...)) -> None:
    from wbs.monitor import service

    _run(lambda s: service.set_active(s, gebruikersnaam, False))
    console.print(f"Gebruiker {gebruikersnaam} is geblokkeerd.")


@token_app.command("maak", help="Maak een API-token voor een gebruiker; het token wordt één keer getoond.")
def token_maak(
    gebruikersnaam: str = typer.Argument(...),
    naam: str = typer.Option("script", help="Waarvoor het token dient."),
) -> None:
    from wbs.monitor import service

    info, token = _run(lambda s: service.create_token(s, gebruikersnaam, naam))
    err_console.print(
        f"Token {info.id} ({info.naam}) voor {info.gebruikersnaam}; bewaar het nu, het wordt niet "
        "opnieuw getoond. Gebruik: Authorization: Bearer <token>"
    )
    typer.echo(token)


@token_app.command("lijst", help="API-tokens (alleen het begin wordt getoond).")
def token_lijst(gebruikersnaam: str = typer.Argument(None)) -> None:
    from wbs.monitor import service

    tokens = _run(lambda s: service.list_tokens(s, gebruikersnaam))
    _print_table(
        ("Id", "Gebruiker", "Naam", "Begint met", "Aangemaakt", "Ingetrokken"),
        (
            (
                str(k.id),
                k.gebruikersnaam,
                k.naam,
                k.prefix + "...",
                f"{k.aangemaakt:%Y-%m-%d %H:%M}",
                "ja" if k.ingetrokken else "nee",
            )
            for k in tokens
        ),
    )


@token_app.command("intrekken", help="Trek een API-token in.")
def token_intrekken(token_id: int = typer.Argument(..., help="Id uit 'wbs monitor token lijst'.")) -> None:
    from wbs.monitor import service

    _run(lambda s: service.revoke_token(s, token_id))
    console.print(f"Token {token_id} is ingetrokken.")


@app.command("herlaad-kader", help="Werk de stappen bij naar het huidige kader (voortgang blijft behouden).")
def herlaad_kader_cmd() -> None:
    from wbs.kader import laad_kader
    from wbs.monitor.seed import seed_kader

    kader = laad_kader()
    added = _run(lambda s: seed_kader(s, kader))
    console.print("Kader geladen; nieuw: " + ", ".join(f"{v} {k}" for k, v in added.items()))


@app.command("export", help="Exporteer voortgang, historie en plantoetsresultaten (json, csv of xlsx).")
def export_cmd(
    formaat: IoFormaat = typer.Option(IoFormaat.json, "--format", help="json, csv of xlsx."),
    uit: str = typer.Option(None, "--uit", help="Bestand (verplicht voor xlsx); anders naar het scherm."),
) -> None:
    from wbs.monitor import io as mio

    data = _run(lambda s: mio.export_bytes(s, formaat.value))
    if formaat is IoFormaat.xlsx:
        if not uit:
            fout("xlsx vraagt om --uit BESTAND")
        write_output(data, uit)
    else:
        write_output(data.decode("utf-8"), uit)


BUNDEL = typer.Argument(..., help="Bestand (.json, .csv of .xlsx).")
BUNDEL_FORMAAT = typer.Option(None, "--format", help="Formaat (standaard: uit de extensie).")


def _read_bundle(bestand: Path, formaat: IoFormaat | None) -> tuple[bytes, str]:
    """An export file's bytes and its format (the given one, else from the file's extension)."""
    from wbs.monitor import io as mio

    if not bestand.is_file():
        fout(f"bestand {bestand} bestaat niet")
    fmt = mio.format_of(str(bestand), formaat.value if formaat else None)
    return bestand.read_bytes(), fmt


@app.command(
    "import",
    help="Voer de wijzigingen uit een (bewerkte) export in, elk met historie op uw naam; het hele bestand wordt "
    "eerst gecontroleerd, fout = niets gewijzigd.",
)
def import_cmd(
    bestand: Path = BUNDEL,
    formaat: IoFormaat = BUNDEL_FORMAAT,
    als: str = typer.Option(None, "--als", help="Voer in als deze gebruiker (met diens rechten)."),
) -> None:
    from wbs.monitor import io as mio

    data, fmt = _read_bundle(bestand, formaat)
    counts = _run(lambda s: mio.import_bytes(s, data, fmt, _cli_user(s, als)))
    console.print(
        "Ingevoerd: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + " (elke wijziging met een historieregel op uw naam)"
    )


@app.command(
    "herstel",
    help="Zet een volledige export (met historie) terug in een nieuwe, lege monitor, bijvoorbeeld bij een "
    "overstap naar PostgreSQL; de historie moet elke stand verklaren.",
)
def herstel_cmd(bestand: Path = BUNDEL, formaat: IoFormaat = BUNDEL_FORMAAT) -> None:
    from wbs.monitor import io as mio

    data, fmt = _read_bundle(bestand, formaat)
    counts = _run(lambda s: mio.restore_bytes(s, data, fmt))
    console.print("Hersteld: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@app.command("rapport", help="Schrijf de jaarmonitor (samenvatting, grafieken, per keuze status en uitleg).")
def rapport_cmd(
    jaar: int = typer.Option(..., "--jaar", help="Jaar van de monitor (stand op 31 december)."),
    formaat: Formaat = typer.Option(Formaat.html, "--format", help="html of pdf."),
    uit: str = typer.Option(None, "--uit", help="Uitvoerbestand (verplicht voor pdf)."),
) -> None:
    from wbs.monitor import rapport

    if formaat is Formaat.pdf:
        if not uit:
            fout("pdf vraagt om --uit BESTAND")
        write_output(_run(lambda s: rapport.render_pdf(s, jaar)), uit)
    else:
        write_output(_run(lambda s: rapport.render_html(s, jaar)), uit)


@app.command(
    "migreer",
    help="Breng het databaseschema naar de nieuwste versie (gebeurt ook vanzelf bij eerste gebruik).",
)
def migreer_cmd() -> None:
    from wbs.monitor import db

    url = db.default_url()
    engine = db.get_engine(url)  # migrates (and seeds) on first use
    console.print(
        f"Database {db.describe_url(url)} staat op migratie {db.current_revision(engine)} "
        f"(nieuwste: {db.head_revision()})."
    )
