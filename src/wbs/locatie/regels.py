"""Load and validate the shipped rule sets and the function catalogue."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import ValidationError

from wbs.bronnen import bron_regels
from wbs.locatie.fouten import LocatieFout
from wbs.locatie.models import Functies, Regel, Regelset


def _laad_yaml(package: str, naam: str) -> object:
    return yaml.safe_load(resources.files(package).joinpath(naam).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def functies() -> Functies:
    try:
        return Functies.model_validate(_laad_yaml("wbs.locatie.data", "functies.yaml"))
    except ValidationError as exc:
        raise LocatieFout(f"functies.yaml is ongeldig: {exc}") from exc


def lees_regelset(data: object, naam: str) -> Regelset:
    try:
        rs = Regelset.model_validate(data)
    except ValidationError as exc:
        fouten = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise LocatieFout(f"regelset {naam} is ongeldig: {fouten}") from exc
    bekend = set(functies().functies) | set(functies().klassen)
    for r in rs.regels:
        onbekend = set(r.functies) - bekend
        if onbekend:
            raise LocatieFout(f"regelset {naam}, regel {r.id}: onbekende functie(s) {sorted(onbekend)}")
        for bron in (r.bron, *r.bronnen):
            if bron.regels[1] > len(bron_regels(bron.bestand)):
                raise LocatieFout(f"regelset {naam}, regel {r.id}: bron {bron.citeer()} valt buiten het document")
    return rs


@lru_cache(maxsize=1)
def regelsets() -> tuple[Regelset, ...]:
    folder = resources.files("wbs.locatie.data.regels")
    namen = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    return tuple(lees_regelset(_laad_yaml("wbs.locatie.data.regels", n), n) for n in namen)


def alle_regels() -> list[tuple[Regelset, Regel]]:
    return [(rs, r) for rs in regelsets() for r in rs.regels]


def functies_van(regel: Regel) -> set[str]:
    """The rule's function ids with classes expanded."""
    f = functies()
    uit: set[str] = set()
    for naam in regel.functies:
        uit |= set(f.klassen[naam].functies) if naam in f.klassen else {naam}
    return uit


def controleer_functie(functie: str) -> str:
    f = functies()
    if functie not in f.functies:
        raise LocatieFout(f"onbekende functie {functie!r}; kies uit: {', '.join(f.functies)}")
    return functie


def regels_voor(functie: str) -> list[tuple[Regelset, Regel]]:
    controleer_functie(functie)
    return [(rs, r) for rs, r in alle_regels() if functie in functies_van(r)]
