"""Outcome indicators: the registry (data), the trajectory to the target and whether a region is on track.

The registry lives in ``data/indicatoren.yaml`` and the regions in ``data/regios.yaml``; both are
validated here. Every target and baseline cites the seed line where its number is printed (with
the phrase as printed, ``citaat``); where the seeds give no number the registry says so and the
assessment is ``niet-te-beoordelen`` rather than a verdict.

Pure domain logic: no database, no web. The service layer stores measurements and calls
:func:`assess` with the measurements of one indicator and one region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from wbs.kader.models import Bron

Richting = Literal["omlaag", "omhoog", "bandbreedte", "maximum"]
Niveau = Literal["landelijk", "provincie", "waterschap"]
Oordeel = Literal[
    "doel-bereikt",
    "op-koers",
    "achter-op-koers",
    "nog-niet-bereikt",
    "grens-overschreden",
    "niet-te-beoordelen",
    "geen-meting",
]
OORDEEL_LABEL: dict[str, str] = {
    "doel-bereikt": "doel bereikt",
    "op-koers": "op koers",
    "achter-op-koers": "achter op koers",
    "nog-niet-bereikt": "nog niet bereikt",
    "grens-overschreden": "grens overschreden",
    "niet-te-beoordelen": "niet te beoordelen",
    "geen-meting": "geen meting",
}
JAAR_MIN, JAAR_MAX = 1990, 2100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regio(_Strict):
    code: str
    naam: str
    niveau: Niveau
    organisaties: list[str] = Field(min_length=1, description="Organisaties die metingen voor deze regio invoeren")


class Basis(_Strict):
    """The starting value of a trajectory, as printed (``citaat``) on the cited seed line."""

    waarde: float
    jaar: int = Field(ge=JAAR_MIN, le=JAAR_MAX)
    citaat: str = Field(min_length=3)
    bron: Bron
    afgeleid: str | None = Field(
        None, description="Waarom de waarde zo is afgeleid, als het getal niet in de bron staat"
    )


class Doel(_Strict):
    """The target: a value (``omlaag``/``omhoog``/``maximum``) or a band (``min``..``max``), maybe a year."""

    waarde: float | None = None
    min: float | None = None
    max: float | None = None
    jaar: int | None = Field(default=None, ge=JAAR_MIN, le=JAAR_MAX)
    citaat: str = Field(min_length=3)
    bron: Bron
    afgeleid: str | None = Field(
        None, description="Waarom de waarde zo is afgeleid, als het getal niet in de bron staat"
    )

    @model_validator(mode="after")
    def _value_or_band(self) -> Doel:
        band = self.min is not None and self.max is not None
        if band == (self.waarde is not None):
            raise ValueError("een doel heeft een waarde, of een bandbreedte met min en max")
        if band and self.min > self.max:
            raise ValueError(f"bandbreedte {self.min}-{self.max}: min is groter dan max")
        return self


class Indicator(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    naam: str
    keuze: int = Field(ge=1, le=33)
    maatregelen: list[str] = Field(default_factory=list)
    eenheid: str
    richting: Richting
    basis: Basis | None = None
    doel: Doel | None = None
    bereik: tuple[float, float] = Field(description="Plausibele waarden; daarbuiten wordt een meting geweigerd")
    niveaus: list[Niveau] = Field(min_length=1)
    bron: Bron
    toelichting: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.doel is None and not self.toelichting:
            raise ValueError(f"indicator {self.id}: zonder doel is een toelichting verplicht (waarom geen getal)")
        if self.doel is not None:
            band = self.doel.waarde is None
            if band != (self.richting == "bandbreedte"):
                raise ValueError(f"indicator {self.id}: richting {self.richting} past niet bij het doel")
            if self.doel.jaar is None and not self.toelichting:
                raise ValueError(f"indicator {self.id}: zonder doeljaar is een toelichting verplicht")
            if self.basis and self.doel.jaar and self.doel.jaar <= self.basis.jaar:
                raise ValueError(f"indicator {self.id}: doeljaar ligt niet na het basisjaar")
        lo, hi = self.bereik
        if lo >= hi:
            raise ValueError(f"indicator {self.id}: bereik {lo}-{hi} is leeg")
        return self

    @property
    def doel_tekst(self) -> str:
        """The target in words, e.g. ``100 liter per persoon per dag in 2035`` or ``geen doelwaarde in de bron``."""
        d = self.doel
        if d is None:
            return "geen doelwaarde in de bron"
        if d.waarde is None:
            wat = f"{fmt(d.min)} tot {fmt(d.max)} {self.eenheid}"
        elif self.richting == "maximum":
            wat = f"hoogstens {fmt(d.waarde)} {self.eenheid}"
        else:
            wat = f"{fmt(d.waarde)} {self.eenheid}"
        if self.richting == "maximum":
            return wat + (f" vanaf {d.jaar}" if d.jaar else "")
        return wat + (f" in {d.jaar}" if d.jaar else " (geen doeljaar in de bron)")


class Register(_Strict):
    indicatoren: list[Indicator]

    @model_validator(mode="after")
    def _unique(self) -> Register:
        ids = [i.id for i in self.indicatoren]
        if len(ids) != len(set(ids)):
            raise ValueError("indicator-id's moeten uniek zijn")
        return self

    def get(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicatoren if i.id == indicator_id), None)


class RegioData(_Strict):
    regios: list[Regio]

    def get(self, code: str) -> Regio | None:
        return next((r for r in self.regios if r.code == code), None)


def fmt(x: float | None) -> str:
    """Dutch number: ``12.5`` -> ``12,5``; whole numbers without decimals."""
    if x is None:
        return "-"
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.1f}".replace(".", ",")


def _load(name: str) -> dict:
    text = resources.files("wbs.monitor").joinpath(f"data/{name}").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def load_register() -> Register:
    """The shipped indicator registry (validated; cached)."""
    return Register.model_validate(_load("indicatoren.yaml"))


@lru_cache(maxsize=1)
def load_regios() -> RegioData:
    return RegioData.model_validate(_load("regios.yaml"))


# -- trajectory and assessment ------------------------------------------------------------------


@dataclass(frozen=True)
class Meting:
    """One measured value of an indicator for a region and year (plain data, from any store)."""

    indicator: str
    regio: str
    jaar: int
    waarde: float
    demo: bool = False


class Beoordeling(BaseModel):
    """Where one region stands on one indicator, with the reason in Dutch."""

    indicator: str
    regio: str
    oordeel: Oordeel
    label: str
    reden: str
    jaar: int | None = None
    waarde: float | None = None
    verwacht: float | None = Field(None, description="Waarde volgens het traject in het jaar van de laatste meting")
    trend: Literal["naar-doel", "van-doel-af", "gelijk"] | None = None
    demo: bool = False


def _target_point(ind: Indicator) -> float | None:
    """The value the trajectory runs to: the target value, or for a band the bound nearest the baseline."""
    d = ind.doel
    if d is None:
        return None
    if d.waarde is not None:
        return d.waarde
    if ind.basis is None:
        return None
    b = ind.basis.waarde
    return d.max if b > d.max else d.min if b < d.min else b


def trajectory(ind: Indicator) -> list[tuple[int, float]]:
    """Yearly values on the straight line from baseline to target; empty without baseline, target or year."""
    d, b = ind.doel, ind.basis
    end = _target_point(ind)
    if d is None or b is None or d.jaar is None or end is None or ind.richting == "maximum":
        return []
    span = d.jaar - b.jaar
    return [(y, b.waarde + (end - b.waarde) * (y - b.jaar) / span) for y in range(b.jaar, d.jaar + 1)]


def expected(ind: Indicator, jaar: int) -> float | None:
    """The trajectory value in ``jaar`` (the target itself after the target year); None without trajectory."""
    points = trajectory(ind)
    if not points:
        return None
    if jaar >= points[-1][0]:
        return points[-1][1]
    if jaar <= points[0][0]:
        return points[0][1]
    return dict(points)[jaar]


def distance_to_target(ind: Indicator, waarde: float) -> float | None:
    """How far a value is from meeting the target (0 when met); None without a target."""
    d = ind.doel
    if d is None:
        return None
    if d.waarde is None:
        return max(0.0, d.min - waarde, waarde - d.max)
    if ind.richting == "omhoog":
        return max(0.0, d.waarde - waarde)
    return max(0.0, waarde - d.waarde)  # omlaag, maximum


def _better_or_equal(ind: Indicator, waarde: float, ref: float) -> bool:
    return waarde >= ref if ind.richting == "omhoog" else waarde <= ref


def assess(ind: Indicator, regio: str, metingen: list[Meting]) -> Beoordeling:
    """Assess the latest measurement of one region against target and trajectory.

    ``doel-bereikt`` when the target is met; with a trajectory ``op-koers`` / ``achter-op-koers``
    against the value the straight line from baseline to target gives for that year; without one
    ``nog-niet-bereikt`` (band or value targets) or ``grens-overschreden`` (a maximum). Without a
    target: ``niet-te-beoordelen``. The reason always names the numbers and the source's gaps.
    """
    own = sorted((m for m in metingen if m.indicator == ind.id and m.regio == regio), key=lambda m: m.jaar)
    base = {"indicator": ind.id, "regio": regio}
    if not own:
        return Beoordeling(
            **base,
            oordeel="geen-meting",
            label=OORDEEL_LABEL["geen-meting"],
            reden="er is nog geen meting voor deze regio",
        )
    last = own[-1]
    trend = None
    if len(own) >= 2 and ind.doel is not None:
        before, now = distance_to_target(ind, own[-2].waarde), distance_to_target(ind, last.waarde)
        trend = "gelijk" if math.isclose(before, now) else ("naar-doel" if now < before else "van-doel-af")
    gemeten = f"{fmt(last.waarde)} {ind.eenheid} in {last.jaar}"
    common = {**base, "jaar": last.jaar, "waarde": last.waarde, "trend": trend, "demo": any(m.demo for m in own)}

    def result(oordeel: str, reden: str, verwacht: float | None = None) -> Beoordeling:
        return Beoordeling(**common, oordeel=oordeel, label=OORDEEL_LABEL[oordeel], reden=reden, verwacht=verwacht)

    if ind.doel is None:
        return result("niet-te-beoordelen", f"{gemeten}; de bronnen noemen geen doelwaarde ({ind.bron.citeer()})")
    doel_bron = ind.doel.bron.citeer()
    if distance_to_target(ind, last.waarde) == 0:
        return result("doel-bereikt", f"{gemeten}; doel {ind.doel_tekst} ({doel_bron})")
    if ind.richting == "maximum":
        return result("grens-overschreden", f"{gemeten}, boven de grens: {ind.doel_tekst} ({doel_bron})")
    verwacht = expected(ind, last.jaar)
    if verwacht is None:
        gaps = [
            g for g, missing in (("basiswaarde", ind.basis is None), ("doeljaar", ind.doel.jaar is None)) if missing
        ]
        return result(
            "nog-niet-bereikt",
            f"{gemeten}; doel {ind.doel_tekst} ({doel_bron}); zonder "
            f"{' en '.join(gaps)} in de bron is niet te zeggen of de ontwikkeling op koers is",
        )
    traject = (
        f"het traject van {fmt(ind.basis.waarde)} in {ind.basis.jaar} naar {ind.doel_tekst} "
        f"({doel_bron}) geeft {fmt(round(verwacht, 1))} voor {last.jaar}"
    )
    if _better_or_equal(ind, last.waarde, verwacht):
        return result("op-koers", f"{gemeten}; {traject}: op of voor het traject", verwacht)
    return result("achter-op-koers", f"{gemeten}; {traject}: achter op het traject", verwacht)


def check_value(ind: Indicator, regio: Regio, jaar: int, waarde: float, this_year: int) -> list[str]:
    """Dutch reasons why a measurement is not acceptable (empty list: fine)."""
    fouten = []
    if regio.niveau not in ind.niveaus:
        fouten.append(
            f"indicator {ind.id} wordt niet gemeten op {regio.niveau} niveau "
            f"(wel: {', '.join(ind.niveaus)}); regio {regio.code} is een {regio.niveau}"
        )
    if not JAAR_MIN <= jaar <= this_year:
        fouten.append(f"jaar {jaar} ligt buiten {JAAR_MIN}-{this_year} (een meting kan niet in de toekomst liggen)")
    if not math.isfinite(waarde):
        fouten.append("waarde is geen getal")
    else:
        lo, hi = ind.bereik
        if not lo <= waarde <= hi:
            fouten.append(
                f"waarde {fmt(waarde)} ligt buiten het plausibele bereik {fmt(lo)} tot {fmt(hi)} "
                f"{ind.eenheid} van indicator {ind.id}"
            )
    return fouten
