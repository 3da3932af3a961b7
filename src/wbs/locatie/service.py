"""Entry points shared by CLI, API and web: catalog caching, single test, comparison."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from wbs.config import data_dir
from wbs.locatie.catalogus import Catalogus
from wbs.locatie.geometrie import lees_geometrie_met_meldingen
from wbs.locatie.kern import toets
from wbs.locatie.models import STRENGHEID, Toetsuitslag

_CATALOGI: dict[str, Catalogus] = {}
_LOCK = threading.Lock()


def demo_config() -> Path:
    """The demo layer config, generated on first use into the WBS data folder."""
    from wbs.locatie.demo_data import schrijf_demo

    return schrijf_demo(data_dir() / "demo-lagen")


def catalogus(lagen: str | Path | None = None) -> Catalogus:
    """A cached catalog for a config path (default: the demo set). Layers load lazily, once."""
    pad = Path(lagen) if lagen else demo_config()
    sleutel = str(pad.resolve())
    with _LOCK:
        if sleutel not in _CATALOGI:
            _CATALOGI[sleutel] = Catalogus.uit_bestand(pad)
        return _CATALOGI[sleutel]


def toets_plan(
    invoer: str | dict | BaseGeometry,
    functie: str,
    lagen: str | Path | None = None,
    crs: str | None = None,
    *,
    allow_files: bool = False,
) -> tuple[Toetsuitslag, BaseGeometry]:
    """Test one plan. ``allow_files`` lets ``invoer`` be a file path (CLI only, never over HTTP)."""
    geom, meldingen = lees_geometrie_met_meldingen(invoer, crs, allow_files=allow_files)
    uitslag = toets(geom, functie, catalogus(lagen))
    uitslag.meldingen = meldingen
    return uitslag, geom


@dataclass
class Kandidaat:
    naam: str
    uitslag: Toetsuitslag
    geometrie: BaseGeometry

    @property
    def regels_die_aanslaan(self) -> list[str]:
        """``"regel-id (verdict)"`` for every applicable rule stricter than geen-bezwaar."""
        return [
            f"{r.regel} ({r.verdict})"
            for r in self.uitslag.regels
            if r.verdict not in ("geen-bezwaar", "niet-van-toepassing")
        ]

    @property
    def sleutel(self) -> tuple:
        """Ranking: strictest verdict first (worst last), then fewer strict rules, then less overlap."""
        u = self.uitslag
        strengheid = -STRENGHEID.index(u.oordeel)  # verboden (0) -> 0, geen-bezwaar (5) -> -5
        aantal = sum(1 for r in u.regels if r.verdict == u.oordeel)
        overlap = sum(r.overlap_m2 or 0.0 for r in u.regels if r.verdict not in ("geen-bezwaar", "aandacht"))
        return (strengheid, aantal, overlap)


def vergelijk(
    plannen: list[tuple[str, str | dict | BaseGeometry]],
    functie: str,
    lagen: str | Path | None = None,
    crs: str | None = None,
    *,
    allow_files: bool = False,
) -> list[Kandidaat]:
    """Test alternative locations for one function and rank them, most suitable first."""
    kandidaten = []
    for naam, invoer in plannen:
        uitslag, geom = toets_plan(invoer, functie, lagen, crs, allow_files=allow_files)
        kandidaten.append(Kandidaat(naam, uitslag, geom))
    return sorted(kandidaten, key=lambda k: k.sleutel)
