"""``wbs plan review``: review decisions offline (export/import as JSONL) and reviewed examples.

A reviewer without the web application exports the proposals and decisions of a document version,
fills in ``actie`` (accepteren, verwerpen, toevoegen, sterkte, intrekken) and ``notitie`` per line,
and imports the file again. Storage, roles and history are the monitor's (``wbs.monitor.plan_review``);
what a decision means is ``wbs.plan.review``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import typer
from rich.table import Table

from wbs.cli.common import console, err_console, fout, write_output
from wbs.fouten import WbsFout

app = typer.Typer(
    no_args_is_help=True,
    help="Beoordeel koppelingen offline: exporteer en importeer beslissingen "
    "(JSONL), en maak voorbeelden van beoordeelde passages.",
)

ALS_HELP = "Voer uit met de rechten van deze gebruiker (invoerder of beheerder); zonder --als: lokale beheerder."


def _scope():
    from wbs.monitor.db import session_scope

    return session_scope()


def _version(pad: Path) -> tuple[str, str]:
    """The document version of a file: SHA-256 of its bytes and its file name."""
    try:
        data = pad.read_bytes()
    except FileNotFoundError:
        fout(f"bestand {pad} bestaat niet")
    except IsADirectoryError:
        fout(f"{pad} is een map, geen document")
    except OSError as exc:
        fout(f"{pad} is niet leesbaar ({exc.strerror})")
    return hashlib.sha256(data).hexdigest(), pad.name


def _register(s, user, pad: Path):
    from wbs.monitor import plan_review as opslag
    from wbs.plan import review
    from wbs.plan.inlezen import lees_bestand
    from wbs.plan.toets import toets_document

    res = toets_document(lees_bestand(pad))
    opslag.register_document(
        s,
        user,
        res.document.sha256,
        pad.name,
        res.model_dump(mode="json"),
        review.passage_bereiken(res),
        review.voorstellen(res),
    )
    return opslag.get_document(s, res.document.sha256, pad.name)


def _beoordeling(s, doc):
    from wbs.monitor import plan_review as opslag
    from wbs.plan import review
    from wbs.plan.toets import Toetsresultaat

    besl = [review.Beslissing.model_validate(b.model_dump()) for b in opslag.decisions(s, doc)]
    v = opslag.finalisation(s, doc)
    vast = review.Vaststelling(door=v.gebruiker, op=v.tijdstip, notitie=v.notitie) if v else None
    return review.pas_toe(Toetsresultaat.model_validate(doc.resultaat), besl, vast)


def _user(s, als: str | None):
    from wbs.cli.monitor import _cli_user

    return _cli_user(s, als)


@app.command("lijst", help="Documentversies in beoordeling, met open voorstellen en status.")
def lijst_cmd() -> None:
    from wbs.monitor import plan_review as opslag

    with _scope() as s:
        docs = opslag.list_documents(s)
    if not docs:
        console.print("Er is nog geen document in beoordeling.")
        return
    t = Table(title="Documenten in beoordeling")
    for kol in ("Document", "SHA-256", "Voorstellen", "Open", "Beslissingen", "Status"):
        t.add_column(kol)
    for d in docs:
        status = "vastgesteld" if d.vastgesteld else "in beoordeling" if d.open else "klaar om vast te stellen"
        t.add_row(d.naam, d.sha256[:16] + "…", str(d.voorstellen), str(d.open), str(d.beslissingen), status)
    console.print(t)


@app.command(
    "export",
    help="Schrijf de voorstellen en beslissingen van een document als JSONL (een regel per "
    "koppeling; vul 'actie' in bij een open regel en importeer het bestand weer).",
)
def export_cmd(
    document: Path = typer.Argument(..., help="Het document (de versie is de SHA-256 van het bestand plus de naam)."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (standaard: het scherm)."),
    registreer: bool = typer.Option(
        False, "--registreer", help="Toets en registreer het document als het nog niet in beoordeling is."
    ),
    als: str = typer.Option(None, "--als", help=ALS_HELP),
) -> None:
    from wbs.monitor import plan_review as opslag
    from wbs.plan import review

    sha, naam = _version(document)
    with _scope() as s:  # a domain error ends the command in Dutch with exit code 2 (wbs.cli.common.WbsGroup)
        doc = opslag.find_document(s, sha, naam)
        if doc is None:
            if not registreer:
                fout(
                    f"{naam} (sha256 {sha[:12]}…) is niet in beoordeling; gebruik --registreer om het te toetsen "
                    "en te registreren, of toets het op /plan"
                )
            doc = _register(s, _user(s, als), document)
        tekst = review.naar_jsonl(_beoordeling(s, doc), doc.naam, doc.sha256)
    write_output(tekst, uit)


@app.command(
    "import",
    help="Lees beslissingen uit een JSONL-bestand en sla ze op, alles of niets. Regels zonder "
    "actie (open voorstellen) en ongewijzigde beslissingen worden overgeslagen.",
)
def import_cmd(
    bestand: Path = typer.Argument(
        ...,
        help="JSONL met per regel document, sha256, start_line, end_line, actie, "
        "keuze, sterkte, notitie (en versie uit de export).",
    ),
    document: list[Path] = typer.Option(
        None, "--document", help="Registreer dit document als het nog niet in beoordeling is (mag vaker)."
    ),
    als: str = typer.Option(None, "--als", help=ALS_HELP),
) -> None:
    from wbs.monitor import plan_review as opslag
    from wbs.plan import review
    from wbs.plan.toets import Toetsresultaat

    try:
        regels = review.lees_jsonl(bestand.read_text(encoding="utf-8").splitlines(), str(bestand))
    except FileNotFoundError:
        fout(f"bestand {bestand} bestaat niet")
    except UnicodeDecodeError:
        fout(f"{bestand} is geen UTF-8-tekst (JSONL verwacht)")
    except IsADirectoryError:
        fout(f"{bestand} is een map, geen JSONL-bestand")
    bestanden = {_version(p): p for p in (document or [])}
    per_doc: dict[tuple[str, str], list] = {}
    for r in regels:
        per_doc.setdefault((r.sha256, r.document), []).append(r)
    opgeslagen = 0
    try:
        with _scope() as s:
            user = _user(s, als)
            for (sha, naam), rs in per_doc.items():
                doc = opslag.find_document(s, sha, naam)
                if doc is None:
                    if (sha, naam) not in bestanden:
                        fout(
                            f"{naam} (sha256 {sha[:12]}…) is niet in beoordeling; geef het document mee met "
                            f"--document {naam}, of toets het eerst op /plan. Er is niets opgeslagen."
                        )
                    doc = _register(s, user, bestanden[(sha, naam)])
                review.controleer_tegen(Toetsresultaat.model_validate(doc.resultaat), rs, str(bestand))
                beslist = [r.beslissing() for r in rs if r.actie is not None]
                if beslist:
                    opgeslagen += len(opslag.record_decisions(s, user, doc, beslist))
    except WbsFout as exc:  # the transaction was rolled back: say so
        fout(exc.bericht if "niets opgeslagen" in exc.bericht else f"{exc.bericht} Er is niets opgeslagen.")
    open_ = sum(r.actie is None for r in regels)
    beslist = len(regels) - open_
    console.print(
        f"{opgeslagen} beslissing(en) opgeslagen, {beslist - opgeslagen} ongewijzigd, "
        f"{open_} regel(s) zonder actie (open voorstel) overgeslagen."
    )


@app.command(
    "voorbeelden",
    help="Beoordeelde passages als gelabelde voorbeelden (JSONL voor --voorbeelden): elke "
    "passage waarover beslist is en zonder open voorstel.",
)
def voorbeelden_cmd(
    documenten: list[Path] = typer.Argument(None, help="Alleen deze documenten (standaard: alle in beoordeling)."),
    uit: str = typer.Option(None, "--uit", "-o", help="Schrijf naar dit bestand (standaard: het scherm)."),
) -> None:
    from wbs.plan import review

    versies = [_version(p) for p in (documenten or [])]
    regels = reviewed_examples(versies or None)
    if not regels:
        fout("er zijn nog geen beoordeelde passages (beslis eerst over voorstellen op /plan of met 'import')")
    write_output(review.voorbeelden_jsonl(regels), uit)
    if uit:
        err_console.print(f"{len(regels)} voorbeeld(en) uit beoordelingen.")


def reviewed_examples(versies: list[tuple[str, str]] | None = None) -> list[dict]:
    """The labelled examples of every reviewed document (or of the given (sha256, naam) versions)."""
    from wbs.monitor import plan_review as opslag
    from wbs.plan import review

    regels: list[dict] = []
    with _scope() as s:
        docs = (
            [opslag.get_document(s, sha, naam) for sha, naam in versies]
            if versies
            else [opslag.get_document(s, d.sha256, d.naam) for d in opslag.list_documents(s)]
        )
        for doc in docs:
            regels += review.naar_voorbeelden(_beoordeling(s, doc), doc.naam, bron=f"beoordeling {doc.sha256[:12]}")
    return regels
