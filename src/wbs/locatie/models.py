"""Schema of rules, functions and results (pydantic, validated when the YAML is loaded)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from wbs.kader.models import Bron, KeuzeNr

Verdict = Literal["verboden", "nee-tenzij", "voorwaarden", "aandacht", "geen-bezwaar"]
Uitkomst = Literal["verboden", "nee-tenzij", "voorwaarden", "niet-getoetst", "aandacht", "geen-bezwaar"]

# Strictest first. "niet-getoetst" ranks above advice: an untested rule is never a silent pass.
STRENGHEID: tuple[Uitkomst, ...] = ("verboden", "nee-tenzij", "voorwaarden", "niet-getoetst", "aandacht",
                                    "geen-bezwaar")
# Wording of the national ruimtelijk afwegingskader klimaatadaptieve gebouwde omgeving.
AFWEGINGSKADER = {"geen-bezwaar": "JA", "voorwaarden": "JA MITS", "nee-tenzij": "NEE TENZIJ", "verboden": "NEE",
                  "aandacht": "advies", "niet-getoetst": "onbekend"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Vergelijking = dict[Literal["==", "!=", ">", ">=", "<", "<="], float | str]
Filter = dict[str, list[str | int | float | bool] | Vergelijking]


class Overlap(_Strict):
    """The plan intersects features of the layer (optionally filtered, optionally a minimum share)."""

    type: Literal["overlap"] = "overlap"
    filter: Filter = Field(default_factory=dict)
    min_pct: float = Field(0.0, ge=0, le=100)


class Afstand(_Strict):
    """The plan lies within ``meter`` of a feature of the layer."""

    type: Literal["afstand"]
    meter: float = Field(gt=0)
    filter: Filter = Field(default_factory=dict)


class RasterBoven(_Strict):
    """The highest raster value inside the plan exceeds ``drempel`` (e.g. flood depth in metres)."""

    type: Literal["raster"]
    drempel: float
    eenheid: str = ""


class Altijd(_Strict):
    """Applies to every location (advice such as minimal soil sealing)."""

    type: Literal["altijd"]


Conditie = Annotated[Overlap | Afstand | RasterBoven | Altijd, Field(discriminator="type")]


class Regel(_Strict):
    id: str
    naam: str
    keuze: KeuzeNr | None = None
    provincie: str | None = None
    bron: Bron
    bronnen: list[Bron] = Field(default_factory=list)  # further citations
    laag: str | None = None
    conditie: Conditie
    functies: list[str] = Field(min_length=1)
    verdict: Verdict
    voorwaarden: list[str] = Field(default_factory=list)
    toelichting: str


class Regelset(_Strict):
    naam: str
    omschrijving: str
    provincie: str | None = None
    regels: list[Regel]


class Functie(_Strict):
    naam: str


class Klasse(_Strict):
    naam: str
    functies: list[str]


class Functies(_Strict):
    klassen: dict[str, Klasse]
    functies: dict[str, Functie]


class RegelUitslag(BaseModel):
    regel: str
    naam: str
    regelset: str
    keuze: int | None
    bron: str
    verdict: Uitkomst
    afwegingskader: str
    laag: str | None
    overlap_m2: float | None = None
    overlap_pct: float | None = None
    waarde: float | None = None
    features: list[str] = Field(default_factory=list)
    voorwaarden: list[str] = Field(default_factory=list)
    toelichting: str
    van_toepassing: bool = True


class Toetsuitslag(BaseModel):
    functie: str
    functie_naam: str
    oppervlakte_m2: float
    oordeel: Uitkomst
    afwegingskader: str
    regels: list[RegelUitslag]
    lagen: str = Field(description="De gebruikte lagenconfiguratie (bestandsnaam, nooit een serverpad)")
    centroide_rd: tuple[float, float]
