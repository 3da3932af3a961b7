"""Rich renderings of the Kader, shared by ``wbs kader`` and ``wbs demo``."""

from __future__ import annotations

from rich.table import Table

from wbs.kader.models import Kader
from wbs.kader.service import overzicht


def samenvatting_tabel(kader: Kader) -> Table:
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
