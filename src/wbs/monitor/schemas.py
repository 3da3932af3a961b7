"""Plain pydantic result types returned by :mod:`wbs.monitor.service` (and by the JSON API)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Status = Literal["niet-gestart", "loopt", "gereed", "vertraagd", "afgevallen"]
Rol = Literal["lezer", "invoerder", "beheerder"]
GroepeerOp = Literal["organisatie", "soort", "keuze", "thema", "gebied", "spoor", "jaar"]


def _as_utc(d: datetime) -> datetime:
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d


M = TypeVar("M", bound=BaseModel)


def attributes(row: object, *names: str) -> dict[str, Any]:
    """The attributes ``names`` of a database row, as keyword arguments for a record."""
    return {name: getattr(row, name) for name in names}


def from_row(model: type[M], row: object, **values: Any) -> M:
    """A ``model`` record from a database row, like ``model.model_validate(row, from_attributes=True)``:
    ``values`` give the fields the row does not hold under the same name, the row's attributes the others
    (a field that neither gives keeps its default)."""
    names = [name for name in model.model_fields if name not in values and hasattr(row, name)]
    return model(**attributes(row, *names), **values)


# Timestamps are stored naive in UTC; results carry the zone so JSON shows "...Z" (RFC 3339).
Tijdstip = Annotated[datetime, AfterValidator(_as_utc)]


class Filters(BaseModel):
    """Filters for lists, dashboard and roadmap; every field is optional and they combine (AND)."""

    model_config = ConfigDict(extra="forbid")

    thema: str | None = None
    keuze: int | None = None
    maatregel: str | None = None
    spoor: Literal["I", "II"] | None = None
    domein: str | None = None
    gebied: str | None = None
    organisatie: str | None = None
    soort: str | None = None
    status: Status | None = None
    jaar: int | None = Field(default=None, description="Jaar van de geplande deadline")
    achterstallig: bool | None = None
    zoek: str | None = Field(default=None, description="Tekst in stap, maatregel of keuze")


class Organisatie(BaseModel):
    code: str
    naam: str
    soort: str
    ouder: str | None = None


class StapVoortgang(BaseModel):
    """Progress of one step for one responsible organisation, with its Kader context."""

    stap: str
    organisatie: str
    organisatie_naam: str
    soort: str
    status: Status
    percentage: int | None
    mijlpaal: str | None
    toelichting: str | None
    versie: int
    gewijzigd_op: Tijdstip | None
    gewijzigd_door: str | None
    gereed_op: date | None
    periode: str | None
    deadline: date | None
    agendering: str | None
    achterstallig: bool
    uitleg_ontbreekt: bool = Field(description="Deadline gemist, vertraagd of afgevallen zonder toelichting")
    tekst: str
    borging: str | None
    doorwerking: str | None
    actoren: str
    maatregel: str
    maatregel_titel: str | None
    keuze: int
    keuze_titel: str
    thema: str
    gebied: str | None
    spoor: list[str]
    domein: str | None
    telt_mee: bool
    bron: str


class StapDetail(BaseModel):
    stap: str
    tekst: str
    maatregel: str
    keuze: int
    keuze_titel: str
    thema: str
    spoor: list[str]
    periode: str | None
    deadline: date | None
    agendering: str | None
    borging: str | None
    doorwerking: str | None
    actoren: str
    bron: str
    voortgang: list[StapVoortgang]
    mijlpalen: list[dict] = Field(default_factory=list, description="Elke gedateerde mijlpaal (periode, plan, bron)")


class HistorieItem(BaseModel):
    uid: str
    stap: str
    organisatie: str
    tijdstip: Tijdstip
    gebruiker: str
    versie: int
    oud: dict
    nieuw: dict
    reden: str | None


class Telling(BaseModel):
    """Progress counts of one group (a thema, keuze, spoor, organisation ...)."""

    sleutel: str
    label: str
    totaal: int
    per_status: dict[str, int]
    achterstallig: int
    uitleg_ontbreekt: int
    gemiddeld_percentage: float = Field(description="Gemiddelde voortgang in %, gereed telt als 100")
    aandeel_gereed: float = Field(description="Aandeel gereed van de niet-afgevallen stappen (0-1)")
    opmerking: str | None = Field(None, description="Bijv. 'geen eigen maatregel' bij een keuze zonder stappen")


class Dashboard(BaseModel):
    peildatum: date
    filters: Filters
    totaal: Telling
    per_thema: list[Telling]
    per_keuze: list[Telling]
    per_spoor: list[Telling]
    per_organisatie: list[Telling]
    per_soort: list[Telling]
    achterstallig: list[StapVoortgang]
    dit_kwartaal: list[StapVoortgang]
    kwartaal: str


class RoadmapItem(BaseModel):
    stap: str
    organisatie: str
    organisatie_naam: str
    tekst: str
    keuze: int
    maatregel: str
    periode: str | None
    deadline: date | None
    status: Status
    percentage: int | None
    mijlpaal: str | None
    resultaat: str | None = Field(description="Beoogde borging (wat is het resultaat)")
    achterstallig: bool
    plan: str | None = Field(None, description="Plan A of B van deze mijlpaal, waar de kalender dat koppelt")
    mijlpalen: int = Field(1, description="Aantal gedateerde mijlpalen van de stap (de stap staat bij elk)")
    verstreken: bool = Field(False, description="Deze mijlpaal is verstreken en de stap is niet afgerond")


class RoadmapGroep(BaseModel):
    sleutel: str
    label: str
    telling: Telling
    items: list[RoadmapItem]


class KpiWaarde(BaseModel):
    id: str
    naam: str
    omschrijving: str
    eenheid: str
    waarde: float | None
    teller: int | None = None
    noemer: int | None = None
    doel: float | None = None
    behaald: bool | None = None
    details: list[dict] = Field(default_factory=list)
    peildatum: date


class GebruikerInfo(BaseModel):
    gebruikersnaam: str
    naam: str
    rol: Rol
    organisatie: str | None
    actief: bool


class TokenInfo(BaseModel):
    id: int
    gebruikersnaam: str
    naam: str
    prefix: str
    aangemaakt: Tijdstip
    ingetrokken: bool
    verloopt_op: Tijdstip | None = None
