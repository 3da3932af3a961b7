"""Schema of ``data/keuze_termen.yaml``: curated vocabulary per keuze and the region table.

Validated on load, so a broken pattern or an unknown keuze number is reported with the file,
the keuze and the offending entry instead of surfacing later as a wrong assessment.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wbs.kader.models import KEUZE_NUMMERS, Bron

BESTAND = "keuze_termen.yaml"


class TermenFout(ValueError):
    """The vocabulary file is invalid; the message names file, keuze and field."""


def _compileer(patronen: list[str]) -> list[str]:
    for p in patronen:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"ongeldig patroon {p!r}: {exc}") from exc
    return patronen


class KeuzeTermen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bron: Bron | None = Field(None, description="where the keuze text that the terms come from is printed")
    termen: list[str] = Field(default_factory=list, description="extra BM25 vocabulary for the keuze")
    patronen: list[str] = Field(default_factory=list, description="specific patterns: one hit links on its own")
    zwakke_patronen: list[str] = Field(
        default_factory=list,
        description="broader patterns (half weight): they link only with corroboration from BM25 or another hit",
    )
    uitsluitingen: list[str] = Field(
        default_factory=list,
        description="negative labels: in a passage that matches one, the keuze's patterns do not count",
    )

    _check = field_validator("patronen", "zwakke_patronen", "uitsluitingen")(_compileer)


class Regio(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gebieden: dict[str, list[int]]
    provincies: dict[str, list[str]]
    aliassen: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _gebieden_bestaan(self) -> Regio:
        for provincie, gebieden in self.provincies.items():
            onbekend = set(gebieden) - set(self.gebieden)
            if onbekend:
                raise ValueError(f"provincie {provincie} noemt onbekend gebied {sorted(onbekend)}")
        return self


def keuzenummers(nrs):
    """Validator body shared by the plan data files: every keuze number lies in 1-33."""
    fout = [nr for nr in nrs if nr not in KEUZE_NUMMERS]
    if fout:
        raise ValueError(f"keuzenummers buiten 1-33: {fout}")
    return nrs


class TermenBestand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regio: Regio
    keuzes: dict[int, KeuzeTermen]

    @field_validator("keuzes")
    @classmethod
    def _nummers(cls, v: dict[int, KeuzeTermen]) -> dict[int, KeuzeTermen]:
        return keuzenummers(v)


def valideer(data: object, bron: str = BESTAND) -> TermenBestand:
    try:
        return TermenBestand.model_validate(data)
    except ValidationError as exc:
        e = exc.errors()[0]
        waar = " > ".join(str(x) for x in e["loc"])
        raise TermenFout(f"{bron}: {waar}: {e['msg']}") from exc


@lru_cache(maxsize=1)
def laad_termen() -> TermenBestand:
    tekst = resources.files("wbs.plan.data").joinpath(BESTAND).read_text(encoding="utf-8")
    return valideer(yaml.safe_load(tekst))
