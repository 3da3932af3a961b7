"""The ``wbs`` command: a thin shell over the four capabilities."""

from __future__ import annotations

import typer

from wbs.cli import demo, kader, lagen, locatie, monitor, nl, plan, serve, watertoets
from wbs.cli.common import WbsGroup

nl.install()  # Dutch help, usage and error wording from click/typer

app = typer.Typer(
    name="wbs",
    cls=WbsGroup,
    help="WBS - Water en Bodem Sturend: kader, locatietoets, plantoets en borgingsmonitor.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(kader.app, name="kader", help="Het kader: 33 structurerende keuzes, maatregelen en stappen.")
app.add_typer(locatie.app, name="locatie", help="Locatietoets: past een functie op deze plek?")
app.add_typer(lagen.app, name="lagen", help="Officiële lagen voor de locatietoets: bronnen, ophalen, controleren.")
app.add_typer(
    watertoets.app, name="watertoets", help="Watertoets: wat vraagt de verandering in verharding van het watersysteem?"
)
app.add_typer(plan.app, name="plan", help="Plantoets: toets een beleidsdocument aan de 33 keuzes.")
app.add_typer(monitor.app, name="monitor", help="Borgingsmonitor: voortgang van maatregelen en stappen.")
app.command("serve", help="Start de webapplicatie.")(serve.serve)
app.command("demo", help="Draai de demo op de ingebouwde demodata.")(demo.demo)


def main() -> None:  # pragma: no cover - entry point
    app()
