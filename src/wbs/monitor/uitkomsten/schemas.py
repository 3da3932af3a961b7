"""Plain result types of the outcomes part of the monitor (JSON API, CLI, pages, annual monitor)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from wbs.monitor.indicatoren import Beoordeling
from wbs.monitor.schemas import StapVoortgang, Telling, Tijdstip


class MijlpaalInfo(BaseModel):
    periode: str
    deadline: date
    plan: str | None = None
    borging: str | None = None
    bron: str | None = Field(None, description="Regel van de borgingskalender waarop de datum staat")


class IndicatorInfo(BaseModel):
    """An indicator of the registry with its target and the source of every number."""

    id: str
    naam: str
    keuze: int
    maatregelen: list[str]
    eenheid: str
    richting: str
    doel: float | None = Field(None, description="Doelwaarde (bij een bandbreedte: null, zie doel_min/doel_max)")
    doel_min: float | None = None
    doel_max: float | None = None
    doeljaar: int | None = None
    doel_tekst: str
    basis: float | None = None
    basisjaar: int | None = None
    bron: str = Field(description="Bron van het doel (bestand:regels), anders van de indicator")
    bron_basis: str | None = None
    citaat: str | None = Field(None, description="Het doel zoals in de bron gedrukt")
    afgeleid: str | None = None
    toelichting: str | None = None
    niveaus: list[str]
    traject: list[tuple[int, float]] = Field(default_factory=list)


class IndicatorStand(IndicatorInfo):
    """The indicator with the assessment of its latest measurement per region."""

    landelijk: Beoordeling
    regios: list[Beoordeling]
    demo: bool = Field(description="Er zijn demo-metingen (geen echte metingen) bij deze indicator")


class MetingInfo(BaseModel):
    indicator: str
    regio: str
    regio_naam: str
    jaar: int
    waarde: float
    eenheid: str
    bron: str
    toelichting: str | None
    demo: bool
    versie: int
    gewijzigd_op: Tijdstip
    gewijzigd_door: str


class HistorieRegel(BaseModel):
    uid: str
    sleutel: str = Field(description="Meting (indicator/regio/jaar) of afspraak-kenmerk")
    tijdstip: Tijdstip
    gebruiker: str
    versie: int
    oud: dict
    nieuw: dict
    reden: str | None


class ImportResultaat(BaseModel):
    toegevoegd: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    sleutels: list[str] = Field(default_factory=list, description="Kenmerken van de nieuwe of gewijzigde regels")


class AfspraakInfo(BaseModel):
    id: str
    eigenaar: str
    eigenaar_naam: str
    partijen: list[str]
    titel: str
    tekst: str
    keuzes: list[int]
    maatregelen: list[str]
    periode: str | None
    deadline: date | None
    status: str
    bewijs: str | None
    toelichting: str | None
    bron: str
    herkomst: str
    demo: bool
    versie: int
    gewijzigd_op: Tijdstip
    gewijzigd_door: str
    gereed_op: date | None
    achterstallig: bool
    uitleg_ontbreekt: bool
    te_bevestigen: bool = Field(description="Concept (bijv. uit de Plantoets) dat nog bevestigd moet worden")


class PlanWisselInfo(BaseModel):
    stap: str
    organisatie: str
    organisatie_naam: str
    keuze: int
    maatregel: str
    tekst: str
    plan_a_periode: str
    plan_a_deadline: date
    plan_b_periode: str | None
    plan_b_deadline: date | None
    status: str
    reden: str
    bron: str


class KeuzeOverzicht(BaseModel):
    """Everything the monitor knows about one keuze: steps, indicators and agreements together."""

    nr: int
    titel: str
    tekst: str
    bron: str
    eigen_maatregel: bool
    toelichting: str | None
    gekoppeld_aan: list[str]
    maatregelen: list[str]
    voortgang: Telling
    stappen: list[StapVoortgang]
    indicatoren: list[IndicatorStand]
    afspraken: list[AfspraakInfo]
    planwissels: list[PlanWisselInfo]
    peildatum: date


class OrganisatieOverzicht(BaseModel):
    """What an organisation has promised, what is due and what is late (steps and agreements)."""

    code: str
    naam: str
    soort: str
    peildatum: date
    horizon: date = Field(description="'Binnenkort' loopt tot deze datum")
    stappen_open: int
    stappen_binnenkort: list[StapVoortgang]
    stappen_achterstallig: list[StapVoortgang]
    afspraken: list[AfspraakInfo]
    afspraken_binnenkort: list[AfspraakInfo]
    afspraken_achterstallig: list[AfspraakInfo]
    afspraken_te_bevestigen: list[AfspraakInfo]
    planwissels: list[PlanWisselInfo]
