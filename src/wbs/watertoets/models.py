"""Schema of the norm files (pydantic, validated when the YAML is loaded), the input and the result.

Every norm value carries its source: a seed citation (file, line range and a phrase that must occur in
those lines, checked by the tests) or an outside document (publisher, title, year, article, URL). A value
whose meaning or number could not be confirmed in the source says so in ``status: onbevestigd``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wbs.kader.models import Bron

Procedure = Literal["geen", "kort", "normaal"]
PROCEDURES: tuple[Procedure, ...] = ("geen", "kort", "normaal")  # lightest first
Status = Literal["bevestigd", "onbevestigd"]
Afvoerwijze = Literal["infiltratie", "berging", "afvoer"]

PROCEDURE_TEKST = {
    "geen": "Geen waterbelang vanuit de verharding: een standaard waterparagraaf volstaat.",
    "kort": "Korte procedure: standaard waterparagraaf met de standaardeisen van het waterschap.",
    "normaal": "Normale procedure: het waterschap geeft een wateradvies op maat; neem vroeg contact op.",
}

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Seedbron(Bron):
    """A seed citation with the phrase that the cited lines must contain (checked by the tests)."""

    citaat: str = Field(min_length=3, description="Woorden die letterlijk in de geciteerde regels staan")


class Externebron(_Strict):
    """An outside document: a water board's keur, beleidsregel or web page."""

    uitgever: str
    titel: str
    jaar: int | None = Field(None, ge=1990, le=2100)
    artikel: str | None = Field(None, description="Artikel, paragraaf of kopje waar de waarde staat")
    url: str
    status: Status
    toelichting: str = Field(min_length=3, description="Wat in de bron is bevestigd en wat niet")

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("https://", "http://")):
            raise ValueError("url moet met http(s):// beginnen")
        return v

    def citeer(self) -> str:
        delen = [self.uitgever, f"{self.titel}{f' ({self.jaar})' if self.jaar else ''}"]
        if self.artikel:
            delen.append(self.artikel)
        return ", ".join(delen) + f" - {self.url}" + ("" if self.status == "bevestigd" else " [onbevestigd]")


Normbron = Seedbron | Externebron


def citeer(bron: Normbron) -> str:
    return bron.citeer()


class Compensatie(_Strict):
    """How the storage requirement follows from the added paving.

    - ``diepte``: m³ = toename (m²) × diepte_m (× gevoeligheidsfactor when ``gevoeligheidsfactor``);
    - ``percentage-oppervlak``: m² open water = toename × percentage / 100;
    - ``geen``: no compensation in this class; ``maatwerk``: the water board decides case by case;
    - ``onbekend``: the water board has a requirement, but its size is not confirmed (normen onbekend).
    """

    soort: Literal["diepte", "percentage-oppervlak", "geen", "maatwerk", "onbekend"]
    diepte_m: float | None = Field(None, gt=0, le=1)
    gevoeligheidsfactor: bool = False
    percentage: float | None = Field(None, gt=0, le=100)

    @model_validator(mode="after")
    def _velden(self) -> Compensatie:
        if self.soort == "diepte" and self.diepte_m is None:
            raise ValueError("compensatie 'diepte' vraagt diepte_m")
        if self.soort == "percentage-oppervlak" and self.percentage is None:
            raise ValueError("compensatie 'percentage-oppervlak' vraagt percentage")
        if self.soort not in ("diepte",) and (self.diepte_m is not None or self.gevoeligheidsfactor):
            raise ValueError("diepte_m en gevoeligheidsfactor horen alleen bij compensatie 'diepte'")
        return self


class Klasse(_Strict):
    """A band of added paving: applies when toename < tot_m2 (<= when tot_inclusief); open-ended if no tot_m2."""

    procedure: Procedure
    tot_m2: float | None = Field(None, gt=0)
    tot_inclusief: bool = False
    compensatie: Compensatie
    naam: str
    bron: Normbron


class Afvoernorm(_Strict):
    waarde_l_s_ha: float = Field(gt=0, le=1000)
    naam: str
    bron: Normbron


class Waterschap(_Strict):
    id: str
    naam: str
    aliassen: list[str] = Field(default_factory=list, description="Namen en codes in een waterschappenlaag")
    klassen: list[Klasse] = Field(default_factory=list, description="Leeg: normen onbekend")
    afvoernorm: Afvoernorm | None = None
    opmerkingen: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"waterschap-id {v!r} moet uit kleine letters, cijfers en koppeltekens bestaan")
        return v

    @model_validator(mode="after")
    def _oplopend(self) -> Waterschap:
        if not self.klassen:
            return self
        grenzen = [k.tot_m2 for k in self.klassen]
        if grenzen[-1] is not None:
            raise ValueError(f"{self.id}: de laatste klasse mag geen bovengrens (tot_m2) hebben")
        if any(g is None for g in grenzen[:-1]) or grenzen[:-1] != sorted(grenzen[:-1]):
            raise ValueError(f"{self.id}: de klassen moeten oplopende bovengrenzen hebben")
        return self

    @property
    def normen_bekend(self) -> bool:
        return bool(self.klassen)


class Inundatienorm(_Strict):
    grondgebruik: str
    naam: str
    herhalingstijd_jaar: int | None = Field(None, gt=0, description="1:N; leeg = geen norm of nader te bepalen")
    toelichting: str
    bron: Seedbron


class Provincieregel(_Strict):
    """A provincial rule on paving or infiltration, shown when the plan lies in the layer (or always)."""

    id: str
    naam: str
    tekst: str
    keuze: int | None = Field(None, ge=1, le=33)
    laag: str | None = None
    procedure_minimaal: Procedure = "geen"
    alleen_bij_toename: bool = True
    bron: Seedbron


class Provincienormen(_Strict):
    provincie: str
    afvoernorm: Afvoernorm
    afvoer_extreem: str = Field(description="Eis bij extreme neerslag (tekst)")
    afvoer_extreem_bron: Seedbron
    inundatienormen: list[Inundatienorm]
    inundatie_garantie_bron: Seedbron
    procedure_bij_hoger_beschermingsniveau: Procedure = "normaal"
    regels: list[Provincieregel] = Field(default_factory=list)


class Gebiedscheck(_Strict):
    """A layer that matters for water: the plan lies in it (overlap) or the raster exceeds ``drempel``."""

    id: str
    laag: str
    naam: str
    drempel: float | None = None
    eenheid: str = ""
    filter: dict[str, list[str]] = Field(default_factory=dict)
    procedure_minimaal: Procedure
    keuze: int | None = Field(None, ge=1, le=33)
    tekst: str
    bron: Seedbron


class Adviesregel(_Strict):
    """Advice tied to a structuring choice; ``wanneer`` says when it applies."""

    id: str
    keuze: int = Field(ge=1, le=33)
    tekst: str
    wanneer: Literal[
        "toename",
        "altijd",
        "afvoer-direct",
        "geen-afvoerwijze",
        "infiltratie-grondwaterbescherming",
        "gebied-wateroverlast",
        "hoger-beschermingsniveau",
        "bebouwd-gebied",
    ]
    bron: Seedbron | None = Field(None, description="Extra citaat naast de bron van de keuze zelf")


class Normbestand(_Strict):
    omschrijving: str
    waterschappen: list[Waterschap] = Field(default_factory=list)
    provincies: list[Provincienormen] = Field(default_factory=list)


class Grondgebruik(_Strict):
    naam: str
    functies: list[str] = Field(default_factory=list, description="Functies die tot dit grondgebruik leiden")


class Kennis(_Strict):
    """The non-water-board knowledge: land-use classes, layer checks and advice rules."""

    grondgebruik: dict[str, Grondgebruik]
    grondgebruik_toelichting: str
    gebieden: list[Gebiedscheck]
    adviezen: list[Adviesregel]


# ---------------------------------------------------------------- input and result


class Verharding(BaseModel):
    """Paved area split by kind (m²)."""

    model_config = ConfigDict(extra="forbid")

    dak: float = 0.0
    weg: float = 0.0
    overig: float = 0.0

    @property
    def totaal(self) -> float:
        return self.dak + self.weg + self.overig


class WatertoetsGegevens(BaseModel):
    """The paving and land-use numbers of a plan. Checked by the service (Dutch messages), not by pydantic bounds."""

    model_config = ConfigDict(extra="forbid")

    verhard_nu_m2: float | None = Field(
        None, description="Huidig verhard oppervlak in het plangebied (m²)", examples=[0]
    )
    verhard_plan_m2: float | None = Field(None, description="Verhard oppervlak na het plan (m²)", examples=[3000])
    verharding_nu: Verharding | None = Field(None, description="Huidige verharding naar soort (dak, weg, overig)")
    verharding_plan: Verharding | None = Field(None, description="Geplande verharding naar soort")
    grondgebruik_nu: str | None = Field(
        None, description="Huidig grondgebruik, bijv. grasland (zie normen)", examples=["grasland"]
    )
    grondgebruik_plan: str | None = Field(None, description="Gepland grondgebruik; standaard afgeleid uit de functie")
    waterschap: str | None = Field(
        None, description="Waterschap-id; standaard afgeleid uit de laag waterschappen", examples=["aa-en-maas"]
    )
    afvoer: list[Afvoerwijze] = Field(default_factory=list, description="Geplande afvoer van regenwater")
    gevoeligheidsfactor: float | None = Field(
        None, description="Gevoeligheidsfactor van de locatie (Brabantse waterschappen; van hun kaart)"
    )
    naam: str | None = Field(None, description="Naam of variant, voor het bewaren en vergelijken")


class WatertoetsInvoer(WatertoetsGegevens):
    """A full request: the plan area and function plus the numbers."""

    geometrie: dict | str = Field(..., description="GeoJSON (geometrie, Feature of FeatureCollection) of WKT")
    functie: str = Field(..., examples=["woningbouw"])
    crs: str | None = Field(
        None, description="CRS van de invoer; standaard EPSG:4326 voor lengte/breedte, anders EPSG:28992"
    )


class NormWaarde(BaseModel):
    id: str
    naam: str
    waarde: float | str | None
    eenheid: str
    bron: str
    status: Status = "bevestigd"


class Advies(BaseModel):
    id: str
    tekst: str
    keuze: int
    keuze_titel: str
    bron: str


class Gebiedsbevinding(BaseModel):
    id: str
    laag: str
    naam: str
    uitkomst: Literal["ligt-in", "buiten", "niet-getoetst"]
    toelichting: str
    procedure_minimaal: Procedure
    keuze: int | None
    bron: str
    waarde: float | None = None
    features: list[str] = Field(default_factory=list)


class Beschermingsniveau(BaseModel):
    grondgebruik_nu: str | None
    grondgebruik_plan: str | None
    norm_nu: str | None = Field(description="Toelaatbare inundatiekans nu, bijv. 1:10")
    norm_plan: str | None
    stijgt: bool | None = Field(
        description="Vraagt de functiewijziging een hoger beschermingsniveau? Leeg: niet te bepalen"
    )
    tekst: str
    bron: str


class Watertoetsuitslag(BaseModel):
    """The result. ``normen`` lists every norm value used, ``adviezen`` the choices the plan touches."""

    versie: int = 1
    naam: str | None = None
    functie: str
    functie_naam: str
    oppervlakte_m2: float
    centroide_rd: tuple[float, float]
    geometrie_wkt: str = Field(description="Plangebied in RD New (EPSG:28992), om de toets te heropenen")
    lagen: str
    waterschap: str | None
    waterschap_naam: str | None
    waterschap_herkomst: Literal["opgegeven", "afgeleid", "onbekend"]
    provincie: str | None
    normen_bekend: bool
    procedure: Procedure
    procedure_tekst: str
    procedure_redenen: list[str]
    verhard_nu_m2: float
    verhard_plan_m2: float
    verharding_nu: Verharding | None = None
    verharding_plan: Verharding | None = None
    toename_verharding_m2: float
    afvoer: list[Afvoerwijze]
    gevoeligheidsfactor: float | None = None
    compensatie_m3: float | None
    compensatie_m2_water: float | None = None
    compensatie_soort: str
    berekening: list[str]
    afvoernorm_l_s_ha: float | None
    afvoer_max_l_s: float | None = None
    beschermingsniveau: Beschermingsniveau | None = None
    normen: list[NormWaarde]
    adviezen: list[Advies]
    gebieden: list[Gebiedsbevinding]
    meldingen: list[str] = Field(default_factory=list)
    id: str | None = None
    aangemaakt: str | None = None
