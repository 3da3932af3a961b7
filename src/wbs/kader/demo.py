"""Kader part of ``wbs demo``: the overview table."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from wbs.kader import load_kader
from wbs.kader.weergave import samenvatting_tabel


def run_demo(console: Console, werkmap: Path) -> None:
    console.print(samenvatting_tabel(load_kader()))
    console.print("Meer: [bold]wbs kader keuze 10[/], [bold]wbs kader zoek grondwaterplafond[/]")
