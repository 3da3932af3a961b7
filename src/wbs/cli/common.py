"""Helpers shared by the CLI modules: one console, Dutch errors with exit code 2."""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

from wbs.fouten import WbsFout

console = Console()
err_console = Console(stderr=True)


class Formaat(StrEnum):
    """``--format`` of a command that also writes a report (html, pdf)."""

    tekst = "tekst"
    json = "json"
    html = "html"
    pdf = "pdf"


class Uitvoer(StrEnum):
    """``--format`` of a command that prints text or JSON."""

    tekst = "tekst"
    json = "json"


def fout(bericht: str) -> NoReturn:
    """Print a Dutch error message and stop with exit code 2 (bad input)."""
    # soft_wrap: never break a file path in the middle, so it can be copied from the terminal
    err_console.print(f"[bold red]Fout:[/] {bericht}", soft_wrap=True, highlight=False)
    raise typer.Exit(code=2)


def progress_bar(description: str, *, transient: bool = False, disable: bool = False):
    """A progress bar on the one console: ``description`` (rich markup), the bar, done/total, time elapsed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=disable,
    )


def write_output(tekst: str | bytes, uit: str | None) -> None:
    """Write to a file when ``--uit`` is given, otherwise to stdout (text only)."""
    from pathlib import Path

    if uit:
        pad = Path(uit)
        pad.write_bytes(tekst if isinstance(tekst, bytes) else tekst.encode("utf-8"))
        err_console.print(f"Geschreven: {pad}")
    elif isinstance(tekst, bytes):
        fout("binaire uitvoer (pdf) vraagt om --uit BESTAND")
    else:
        typer.echo(tekst, nl=not tekst.endswith("\n"))


class WbsGroup(TyperGroup):
    """The one CLI handler for domain errors: any :class:`~wbs.fouten.WbsFout` raised by a command is printed
    as a Dutch message and ends the command with exit code 2, so no command translates errors by hand."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except WbsFout as exc:
            fout(exc.bericht)
