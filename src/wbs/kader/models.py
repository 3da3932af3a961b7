"""Pydantic models of the WBS framework (Kader).

Every item carries a :class:`Bron`: the seed file and the 1-based, inclusive line
range where its text is printed, so every claim built on the Kader can be cited.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wbs.fouten import NietGevonden

Spoor = Literal["I", "II"]
Plan = Literal["A", "B"]
Thema = Literal["Water en Bodem", "Bebouwd gebied", "Gebieden"]
Gebied = Literal["laagveen", "verzilte kust", "hoge zandgronden"]
Domein = Literal[
    "WBS in gebiedsprocessen NPLG en NOVEX",
    "WBS raakt kaders voor bebouwing",
    "Uitvoering van waterbeheer geraakt door WBS",
    "Uitwerking van bodemtaken nodig voor WBS",
    "Drinkwater aanpak vanwege WBS",
]

# The 33 structurerende keuzes are numbered 1..33: the one place that says so.
KEUZE_NUMMERS = range(1, 34)
KeuzeNr = Annotated[int, Field(ge=KEUZE_NUMMERS[0], le=KEUZE_NUMMERS[-1])]


class KeuzeOnbekend(NietGevonden, KeyError):
    """No structurerende keuze with this number (a KeyError too, for dictionary-style callers)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return self.bericht


SEED_FILES = (
    "wbs-borgingskalender.txt",
    "wbs-strategie-uitvoeringsagenda.txt",
    "overijssel-water-bodem-acties.txt",
    "omgevingsvisie-drenthe.txt",
)

_PERIOD = re.compile(r"^\d{4}(-Q[1-4])?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bron(_Strict):
    """Where an item is printed: seed file and inclusive 1-based line range."""

    bestand: str
    regels: tuple[int, int]

    @field_validator("bestand")
    @classmethod
    def _known_seed(cls, v: str) -> str:
        if v not in SEED_FILES:
            raise ValueError(f"onbekend brondocument {v!r}; kies uit {', '.join(SEED_FILES)}")
        return v

    @field_validator("regels")
    @classmethod
    def _ordered(cls, v: tuple[int, int]) -> tuple[int, int]:
        if v[0] < 1 or v[1] < v[0]:
            raise ValueError(f"ongeldig regelbereik {v[0]}-{v[1]}")
        return v

    def citeer(self) -> str:
        a, b = self.regels
        return f"{self.bestand}:{a}" if a == b else f"{self.bestand}:{a}-{b}"


def _controleer_periode(p: str) -> str:
    if not _PERIOD.match(p):
        raise ValueError(f"periode {p!r} moet de vorm JJJJ of JJJJ-Qn hebben")
    return p


class Mijlpaal(_Strict):
    """One dated milestone of a step, as printed in the agendering column.

    A step can have several: the kalender often gives the date of the bestuurlijke afspraken
    (plan A) and, on the next line, the date of the rijksinstrument that follows when plan A does
    not deliver (plan B), e.g. "Bestuurlijke afspraken Rijksinstructieregel Bkl Q4 2024 / Q4 2026".
    ``plan`` and ``borging`` are set only where the row pairs a date with one instrument.
    """

    periode: str
    plan: Plan | None = None
    borging: str | None = None
    regel: int = Field(ge=1, description="Regel van de borgingskalender waarop de datum staat")

    @field_validator("periode")
    @classmethod
    def _period(cls, v: str) -> str:
        return _controleer_periode(v)


class Agendering(_Strict):
    """A deadline as printed (``ruw``) and normalised to periods.

    ``perioden`` holds every distinct period in printed order, ``YYYY-Qn`` for a quarter or
    ``YYYY`` for a year; empty when the source gives no date (e.g. "Loopt", "Incidenteel
    karakter"). ``mijlpalen`` holds each printed date with its line and, where the kalender
    pairs them, the plan (A/B) and instrument it belongs to.
    """

    ruw: str
    perioden: list[str] = Field(default_factory=list)
    mijlpalen: list[Mijlpaal] = Field(default_factory=list)

    @field_validator("perioden")
    @classmethod
    def _periods(cls, v: list[str]) -> list[str]:
        return [_controleer_periode(p) for p in v]

    @model_validator(mode="after")
    def _mijlpalen_passen_bij_perioden(self) -> Agendering:
        if self.mijlpalen and list(dict.fromkeys(m.periode for m in self.mijlpalen)) != self.perioden:
            raise ValueError("de perioden van de mijlpalen wijken af van 'perioden'")
        return self


class Stap(_Strict):
    """A concrete step (row of a borgingskalender table)."""

    id: str
    tekst: str = Field(min_length=1)
    doorwerking: str | None = None
    borging: str | None = None
    plan: list[Plan] = Field(default_factory=list)
    agendering: Agendering | None = None
    actoren: list[str] = Field(default_factory=list)
    # Notes for maintainers about how the row was read from the flattened table (not shown to users).
    opmerkingen: list[str] = Field(default_factory=list)
    bron: Bron


class Maatregel(_Strict):
    """A measure, keeping the id as printed in the borgingskalender."""

    id: str
    aliassen: list[str] = Field(default_factory=list)
    titel: str | None = None
    tekst: str = Field(min_length=1)
    keuze: int
    gekoppeld_aan: list[str] = Field(default_factory=list)
    spoor: list[Spoor] = Field(default_factory=list)
    domein: Domein | None = None
    stappen: list[Stap] = Field(default_factory=list)
    toelichting: str | None = None
    telt_mee: bool = True
    # Row of the summary table this measure is counted in (by its number, not by the keuze it is
    # listed under); None when it is not counted (telt_mee false).
    telgroep: str | None = None
    opmerkingen: list[str] = Field(default_factory=list)
    bron: Bron


class Keuze(_Strict):
    """One of the 33 structurerende keuzes."""

    nr: KeuzeNr
    titel: str
    tekst: str = Field(min_length=1)
    thema: Thema
    subthema: str | None = None
    gebied: Gebied | None = None
    # Row of the borgingskalender summary table (Water, Bodem, Bebouwd gebied, Laagveengebieden, ...).
    groep: str | None = None
    maatregelen: list[Maatregel] = Field(default_factory=list)
    # The kalender's own note under a keuze without measures (keuze 16: "Maatregel: ontbreekt",
    # "Toelichting: Zie maatregel 1.2.5.") and the measures it points to.
    toelichting: str | None = None
    gekoppeld_aan: list[str] = Field(default_factory=list)
    opmerkingen: list[str] = Field(default_factory=list)
    bron: Bron

    @property
    def eigen_maatregel(self) -> bool:
        """False where the kalender lists no measure under this keuze (keuze 16)."""
        return bool(self.maatregelen)

    @model_validator(mode="after")
    def _maatregelen_wijzen_terug(self) -> Keuze:
        for m in self.maatregelen:
            if m.keuze != self.nr:
                raise ValueError(f"maatregel {m.id} verwijst naar keuze {m.keuze}, staat onder {self.nr}")
        return self


class Uitgangspunt(_Strict):
    nr: int
    tekst: str
    bron: Bron


class Schil(_Strict):
    """A shell of the schilbenadering: Omgevingswet / overige juridisch / niet-juridisch."""

    nr: int = Field(ge=1, le=3)
    naam: str
    instrumenten: list[str]
    bron: Bron


class Telling(_Strict):
    """A row of the summary table (choices and measures per thema/gebied)."""

    groep: str
    keuzes: int
    maatregelen: int
    bron: Bron


class Kader(_Strict):
    keuzes: list[Keuze]
    uitgangspunten: list[Uitgangspunt]
    schillen: list[Schil]
    telling: list[Telling]
    opmerkingen: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> Kader:
        nrs = [k.nr for k in self.keuzes]
        if sorted(nrs) != list(KEUZE_NUMMERS):
            raise ValueError(f"verwacht keuzes 1 t/m 33, gevonden {sorted(nrs)}")
        return self

    # -- look-ups -----------------------------------------------------------------
    def keuze(self, nr: int) -> Keuze:
        for k in self.keuzes:
            if k.nr == nr:
                return k
        raise KeuzeOnbekend(f"structurerende keuze {nr} bestaat niet; kies een nummer van 1 tot en met 33")

    def maatregelen(self) -> list[Maatregel]:
        return [m for k in self.keuzes for m in k.maatregelen]

    def maatregel(self, mid: str) -> list[Maatregel]:
        """All measures printed with this id or alias (an id can be listed under two choices)."""
        norm = normalise_id(mid)
        return [m for m in self.maatregelen() if norm in {normalise_id(m.id), *map(normalise_id, m.aliassen)}]

    def stappen(self) -> list[tuple[Maatregel, Stap]]:
        return [(m, s) for m in self.maatregelen() for s in m.stappen]


def normalise_id(mid: str) -> str:
    """``M1.1.1.`` / ``1.1.1`` / ``m1.1.1b`` -> ``1.1.1b`` (case-insensitive, no prefix or dot)."""
    return mid.strip().lower().removeprefix("m").rstrip(".")
