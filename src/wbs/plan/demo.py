"""Plantoets part of ``wbs demo``: assess the shipped Drenthe vision and write the toetsadvies."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rich.console import Console

from wbs.plan.ingest import lees_bestand
from wbs.plan.rapport import naar_html, samenvatting
from wbs.plan.toets import toets_document


def run_demo(console: Console, werkmap: Path) -> None:
    pad = Path(str(resources.files("wbs.bronnen").joinpath("omgevingsvisie-drenthe.txt")))
    res = toets_document(lees_bestand(pad))
    s = samenvatting(res)
    console.print(f"Omgevingsvisie Drenthe: {s['passages']} passages, {s['gekoppeld']} gekoppeld aan keuzes "
                  f"(regio: {res.document.regio}).")
    for _, label, n in s["telling"]:
        console.print(f"  {label}: {n}")
    uit = werkmap / "toetsadvies-drenthe.html"
    uit.write_text(naar_html(res), encoding="utf-8")
    console.print(f"Toetsadvies: [bold]{uit}[/]  (ook: wbs plan toets DOCUMENT --format pdf --uit advies.pdf)")
