"""Labelled example passages as a linking signal: what did readers link passages like this one to?

The development gold sets ship as examples (``data/voorbeelden.jsonl``, built from
``tests/data/plan`` by ``scripts/plan/voorbeelden.py``); users add their own labelled passages with
``wbs plan toets --voorbeelden FILE``. A passage is a Dutch-stemmed BM25 query against the examples;
the ``BUREN`` most similar ones vote for their keuzes, weighted by similarity, and the share of the
vote times ``GEWICHT`` is added to the passage's evidence per keuze (see :mod:`wbs.plan.koppeling`).
Examples that no keuze was given vote too: their share is the evidence that the passage is off topic.
A keuze a reviewer rejected on an example (``verworpen``, from ``wbs plan review``) counts against that keuze
with the same weight, so a proposal that was refused on a similar passage is not made again on its word alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import bm25s
import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wbs.plan.fouten import PlanFout
from wbs.plan.termen import keuzenummers
from wbs.tekst import tokens

BESTAND = "voorbeelden.jsonl"
BUREN = 10  # nearest examples that vote; tuned by leave-one-set-out on the development sets
GEWICHT = 0.75  # evidence units for a unanimous vote (a link needs 1 unit, a strong pattern gives 1)


class VoorbeeldRegel(BaseModel):
    """One line of an examples file: a labelled passage with its full text."""

    model_config = ConfigDict(extra="ignore")

    document: str = Field(min_length=1)
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    tekst: str = Field(min_length=1, description="the passage with its heading and lead-in, as the linker reads it")
    keuzes: list[int] = Field(default_factory=list)
    verworpen: list[int] = Field(default_factory=list, description="keuzes a reviewer rejected on this passage")
    bron: str = Field("", description="the gold set the label comes from")

    @field_validator("keuzes", "verworpen")
    @classmethod
    def _nummers(cls, v: list[int]) -> list[int]:
        return keuzenummers(v)


@dataclass(frozen=True)
class Voorbeeld:
    document: str
    start_line: int
    end_line: int
    tekst: str
    keuzes: frozenset[int]
    bron: str
    verworpen: frozenset[int] = frozenset()

    @property
    def verwijzing(self) -> str:
        return f"{self.document}:{self.start_line}-{self.end_line}"

    def overlapt(self, document: str, start_line: int, end_line: int) -> bool:
        return self.document == document and not (self.end_line < start_line or self.start_line > end_line)


def lees_voorbeelden(pad: str | Path, regels: list[str] | None = None) -> list[Voorbeeld]:
    """Read an examples file (JSONL); a bad line is reported with its number, in Dutch."""
    if regels is None:
        try:
            regels = Path(pad).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError as exc:
            raise PlanFout(f"Voorbeeldenbestand {pad} bestaat niet.") from exc
        except UnicodeDecodeError as exc:
            raise PlanFout(f"Voorbeeldenbestand {pad} is geen UTF-8-tekst (JSONL verwacht).") from exc
        except OSError as exc:
            raise PlanFout(f"Voorbeeldenbestand {pad} is niet leesbaar.") from exc
    uit = []
    for nr, regel in enumerate(regels, start=1):
        if not regel.strip():
            continue
        try:
            r = VoorbeeldRegel.model_validate(json.loads(regel))
        except (ValueError, ValidationError) as exc:
            reden = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
            raise PlanFout(f"{pad} regel {nr}: ongeldig voorbeeld ({reden})") from exc
        uit.append(
            Voorbeeld(
                r.document,
                r.start_line,
                r.end_line,
                r.tekst,
                frozenset(r.keuzes),
                r.bron,
                frozenset(r.verworpen) - frozenset(r.keuzes),
            )
        )
    if not uit:
        raise PlanFout(f"{pad} bevat geen gelabelde voorbeelden.")
    return uit


@lru_cache(maxsize=1)
def standaard_voorbeelden() -> tuple[Voorbeeld, ...]:
    tekst = resources.files("wbs.plan.data").joinpath(BESTAND).read_text(encoding="utf-8")
    return tuple(lees_voorbeelden(BESTAND, tekst.splitlines()))


class Voorbeeldgeheugen:
    """A BM25 index over labelled examples that turns the nearest ones into evidence per keuze."""

    def __init__(
        self,
        voorbeelden: list[Voorbeeld] | tuple[Voorbeeld, ...],
        nrs: list[int],
        buren: int = BUREN,
        gewicht: float = GEWICHT,
    ) -> None:
        self.voorbeelden = list(voorbeelden)
        self.nrs = nrs
        self.buren = buren
        self.gewicht = gewicht
        self._kolom = {nr: i for i, nr in enumerate(nrs)}
        self._index = None
        if self.voorbeelden:
            self._index = bm25s.BM25()
            self._index.index([tokens(v.tekst) for v in self.voorbeelden], show_progress=False)

    def zonder(self, document: str, bereiken: list[tuple[int, int]] | None = None) -> Voorbeeldgeheugen:
        """The same memory without the examples of ``document`` (only those overlapping ``bereiken``,
        line ranges, when given): an evaluation must not be handed the labels it is scored against."""
        if bereiken is None:
            blijft = [v for v in self.voorbeelden if v.document != document]
        else:
            blijft = [v for v in self.voorbeelden if not any(v.overlapt(document, a, b) for a, b in bereiken)]
        return Voorbeeldgeheugen(blijft, self.nrs, self.buren, self.gewicht)

    def stemmen(self, tekst: str) -> tuple[np.ndarray, dict[int, Voorbeeld]]:
        """Evidence per keuze (in the order of ``nrs``; negative where similar examples had it rejected) and, per
        keuze, the most similar example voting for it."""
        bewijs = np.zeros(len(self.nrs))
        steun: dict[int, Voorbeeld] = {}
        q = tokens(tekst)
        if self._index is None or not q:
            return bewijs, steun
        scores = np.asarray(self._index.get_scores(q), dtype=float)
        top = [int(j) for j in np.argsort(-scores)[: self.buren] if scores[j] > 0]
        totaal = float(scores[top].sum()) if top else 0.0
        if totaal <= 0:
            return bewijs, steun
        for j in top:  # most similar first, so the first supporter of a keuze is its best example
            v = self.voorbeelden[j]
            for nr in v.keuzes:
                if nr in self._kolom:
                    bewijs[self._kolom[nr]] += self.gewicht * scores[j] / totaal
                    steun.setdefault(nr, v)
            for nr in v.verworpen:
                if nr in self._kolom:
                    bewijs[self._kolom[nr]] -= self.gewicht * scores[j] / totaal
        return bewijs, steun
