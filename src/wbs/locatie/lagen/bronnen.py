"""The official sources per layer id (``bronnen.yaml``), validated with pydantic.

A source says how a layer is fetched (an OGC API Features collection, one file, or by hand), where it
is documented, under which licence, what it covers and how the service's attribute names map to the
names the rules read. The shipped file is configuration: ``--bronnen FILE`` replaces it (tests point
it at a local server).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wbs.locatie.catalogus import LAAG_IDS
from wbs.locatie.lagen.fouten import LagenFout

# Layer ids beyond the rules' own: boundaries (provinces, municipalities, water boards) and parcels for the scan.
EXTRA_LAAG_IDS = ("provincies", "gemeenten", "waterschappen", "percelen")
BEKENDE_LAAG_IDS = tuple(dict.fromkeys((*LAAG_IDS, *EXTRA_LAAG_IDS)))

Dekking = Literal["nederland"] | dict[str, object]


class Bron(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$", description="Bron-id, uniek")
    laag: str = Field(..., description="Laag-id in de catalogus")
    titel: str
    beheerder: str
    type: Literal["ogcapi-features", "bestand", "handmatig"]
    url: str | None = Field(None, description="Landing page (OGC API), bestands-URL of waar de data staat")
    collectie: str | None = Field(None, description="Collectie-id bij OGC API Features")
    bestand_laag: str | None = Field(None, description="Laag binnen een gedownload GeoPackage; standaard de eerste")
    formaat: Literal["vector", "raster"] = "vector"
    licentie: str
    documentatie: str | None = None
    dekking: Dekking | None = None
    attributen: dict[str, str] = Field(default_factory=dict, description="veld van de dienst -> veld in de regels")
    kleine_letters: list[str] = Field(default_factory=list, description="velden (na vertaling) in kleine letters")
    standaard: bool = Field(True, description="Mee ophalen als geen ids zijn gegeven")
    gebied_verplicht: bool = Field(False, description="Alleen met --gebied (landelijk te groot)")
    paginagrootte: int = Field(1000, ge=1, le=10000)
    status: Literal["bevestigd", "onbevestigd"]
    toelichting: str
    instructie: str | None = None

    @field_validator("laag")
    @classmethod
    def _bekende_laag(cls, v: str) -> str:
        if v not in BEKENDE_LAAG_IDS:
            raise ValueError(f"onbekende laag-id {v!r}")
        return v

    @field_validator("dekking")
    @classmethod
    def _geldige_dekking(cls, v):
        if v is None or v == "nederland":
            return v
        if not isinstance(v, dict) or len(v) != 1 or next(iter(v)) not in ("provincie", "bbox", "wkt", "bestand"):
            raise ValueError(
                "dekking is 'nederland' of één van {provincie: ...}, {bbox: [...]}, {wkt: ...}, {bestand: ...}"
            )
        if "provincie" in v:
            v = {"provincie": str(v["provincie"]).lower()}
        return v

    @model_validator(mode="after")
    def _volledig(self) -> Bron:
        if self.type == "ogcapi-features" and not (self.url and self.collectie):
            raise ValueError("een ogcapi-features-bron heeft url en collectie nodig")
        if self.type == "bestand" and not self.url:
            raise ValueError("een bestand-bron heeft een url nodig")
        if self.type == "handmatig" and not self.instructie:
            raise ValueError("een handmatige bron heeft een instructie nodig")
        return self

    @property
    def automatisch(self) -> bool:
        return self.type != "handmatig"


class Bronnen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bronnen: list[Bron]

    @model_validator(mode="after")
    def _uniek(self) -> Bronnen:
        ids = [b.id for b in self.bronnen]
        dubbel = sorted({i for i in ids if ids.count(i) > 1})
        if dubbel:
            raise ValueError(f"bron-id(s) komen dubbel voor: {dubbel}")
        return self

    def bron(self, bron_id: str) -> Bron | None:
        return next((b for b in self.bronnen if b.id == bron_id), None)

    def voor_laag(self, laag: str) -> list[Bron]:
        return [b for b in self.bronnen if b.laag == laag]

    def kies(self, ids: list[str]) -> list[Bron]:
        """Resolve each id as a source id or a layer id; a layer id picks its first automated source
        (else its first source, which then is a manual one). Without ids: every default automated source."""
        if not ids:
            return [b for b in self.bronnen if b.automatisch and b.standaard]
        gekozen: list[Bron] = []
        onbekend = []
        for i in ids:
            b = self.bron(i)
            if b is None:
                kandidaten = self.voor_laag(i)
                b = next((k for k in kandidaten if k.automatisch), kandidaten[0] if kandidaten else None)
            if b is None:
                onbekend.append(i)
            elif b not in gekozen:
                gekozen.append(b)
        if onbekend:
            raise LagenFout(
                f"onbekende laag- of bron-id(s): {', '.join(onbekend)}; zie 'wbs lagen bronnen' "
                f"(lagen: {', '.join(sorted({b.laag for b in self.bronnen}))})"
            )
        return gekozen


def _valideer(data: object, naam: str) -> Bronnen:
    try:
        return Bronnen.model_validate(data)
    except ValidationError as exc:
        fouten = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise LagenFout(f"bronnenbestand {naam} is ongeldig: {fouten}") from exc


@lru_cache(maxsize=1)
def _meegeleverd() -> Bronnen:
    tekst = resources.files("wbs.locatie.lagen").joinpath("bronnen.yaml").read_text(encoding="utf-8")
    return _valideer(yaml.safe_load(tekst), "bronnen.yaml")


def laad_bronnen(pad: str | Path | None = None) -> Bronnen:
    """The shipped sources, or those in ``pad`` (same schema)."""
    if pad is None:
        return _meegeleverd()
    pad = Path(pad)
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LagenFout(f"bronnenbestand {pad} bestaat niet") from None
    except (OSError, yaml.YAMLError) as exc:
        raise LagenFout(f"bronnenbestand {pad} is niet leesbaar: {exc}") from exc
    return _valideer(data, str(pad))
