"""Schema of rules, functions and results (pydantic, validated when the YAML is loaded)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from wbs.kader.models import Bron, KeuzeNr

Verdict = Literal["verboden", "nee-tenzij", "voorwaarden", "aandacht", "geen-bezwaar"]
Uitkomst = Literal["verboden", "nee-tenzij", "voorwaarden", "niet-getoetst", "aandacht", "geen-bezwaar",
                   "niet-van-toepassing"]

# Strictest first. "niet-getoetst" ranks above advice: an untested rule is never a silent pass.
# "niet-van-toepassing" (a provincial rule outside its province) never decides the overall verdict.
STRENGHEID: tuple[Uitkomst, ...] = ("verboden", "nee-tenzij", "voorwaarden", "niet-getoetst", "aandacht",
                                    "geen-bezwaar", "niet-van-toepassing")
# Wording of the national ruimtelijk afwegingskader klimaatadaptieve gebouwde omgeving.
AFWEGINGSKADER = {"geen-bezwaar": "JA", "voorwaarden": "JA MITS", "nee-tenzij": "NEE TENZIJ", "verboden": "NEE",
                  "aandacht": "advies", "niet-getoetst": "onbekend", "niet-van-toepassing": "n.v.t."}


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


class Historie(_Strict):
    """One change of a rule: when and why (a rule's verdicts are policy, so every change is recorded)."""

    datum: date
    reden: str = Field(min_length=10)


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
    lezing: str | None = Field(None, description="Waar de regel een interpretatie van de bron is, en welke")
    historie: list[Historie] = Field(default_factory=list)

    @field_validator("provincie")
    @classmethod
    def _klein(cls, waarde: str | None) -> str | None:
        return waarde.strip().lower() if waarde else waarde


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
    dekking: str | None = Field(None, description="Waar de laag volledig is (uit de lagenconfiguratie)")
    buiten_dekking_m2: float | None = Field(None, description="Deel van het plangebied buiten de dekking (m²)")
    buiten_dekking_pct: float | None = Field(None, description="Idem, als percentage van het getoetste gebied")
    demo: bool = Field(False, description="De uitkomst steunt op demodata")
    lezing: str | None = None


class LaagHerkomst(BaseModel):
    """A layer used for the verdict: id, coverage and provenance (never a server path)."""

    id: str
    omschrijving: str | None = None
    demo: bool = False
    dekking: str = Field(description="Waar de laag volledig is, of 'onbekend'")
    herkomst: dict | None = None


class Toetsuitslag(BaseModel):
    functie: str
    functie_naam: str
    oppervlakte_m2: float
    oordeel: Uitkomst
    afwegingskader: str
    regels: list[RegelUitslag]
    lagen: str = Field(description="Naam van de gebruikte lagenconfiguratie (geen pad)")
    centroide_rd: tuple[float, float]
    demodata: bool = Field(False, description="Waar: de uitkomst steunt (deels) op illustratieve demodata")
    waarschuwing: str | None = Field(None, description="Staat bovenaan elke uitvoer, bijv. bij demodata")
    niet_getoetst: list[str] = Field(default_factory=list,
                                     description="Wat ontbreekt, waar, en waar u het kunt halen")
    telling: dict[str, int] = Field(default_factory=dict,
                                    description="Aantal regels per uitkomst (getoetst/niet-getoetst/n.v.t.)")
    lagen_herkomst: list[LaagHerkomst] = Field(default_factory=list)
    provincies: list[str] = Field(default_factory=list, description="Provincies waarin het plangebied ligt")
    meldingen: list[str] = Field(default_factory=list, description="Wat er met de invoer is gedaan (bijv. hersteld)")
