"""Load and validate the shipped norms (``data/normen/*.yaml``) and the knowledge file (``data/kennis.yaml``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ValidationError

from wbs.bronnen import bron_regels
from wbs.watertoets.fouten import WatertoetsFout
from wbs.watertoets.models import Kennis, Normbestand, Provincienormen, Seedbron, Waterschap


def _fouten(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def lees_normbestand(data: object, naam: str) -> Normbestand:
    """A norm file; top-level keys starting with ``_`` only hold YAML anchors and are ignored."""
    if not isinstance(data, dict):
        raise WatertoetsFout(f"normbestand {naam} is leeg of geen YAML-mapping")
    data = {k: v for k, v in data.items() if not str(k).startswith("_")}
    try:
        bestand = Normbestand.model_validate(data)
    except ValidationError as exc:
        raise WatertoetsFout(f"normbestand {naam} is ongeldig: {_fouten(exc)}") from exc
    for bron in seedbronnen(bestand):
        _controleer_seedbron(bron, naam)
    return bestand


def _controleer_seedbron(bron: Seedbron, naam: str) -> None:
    a, b = bron.regels
    if b > len(bron_regels(bron.bestand)):
        raise WatertoetsFout(f"{naam}: bron {bron.citeer()} valt buiten het document")


def seedbronnen(obj: object) -> list[Seedbron]:
    """Every seed citation inside a (nested) model, for validation and the citation test."""
    uit: list[Seedbron] = []
    if isinstance(obj, Seedbron):
        return [obj]
    if isinstance(obj, list | tuple):
        for o in obj:
            uit += seedbronnen(o)
    elif isinstance(obj, dict):
        for o in obj.values():
            uit += seedbronnen(o)
    elif isinstance(obj, BaseModel):
        for veld in type(obj).model_fields:
            uit += seedbronnen(getattr(obj, veld))
    return uit


def _yaml(package: str, naam: str) -> object:
    return yaml.safe_load(resources.files(package).joinpath(naam).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def normbestanden() -> tuple[tuple[str, Normbestand], ...]:
    folder = resources.files("wbs.watertoets.data.normen")
    namen = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    bestanden = tuple((n, lees_normbestand(_yaml("wbs.watertoets.data.normen", n), n)) for n in namen)
    ids = [w.id for _n, b in bestanden for w in b.waterschappen]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    if dubbel:
        raise WatertoetsFout(f"waterschap(pen) dubbel in de normbestanden: {', '.join(dubbel)}")
    return bestanden


def waterschappen() -> dict[str, Waterschap]:
    return {w.id: w for _n, b in normbestanden() for w in b.waterschappen}


def provincienormen() -> dict[str, Provincienormen]:
    return {p.provincie: p for _n, b in normbestanden() for p in b.provincies}


@lru_cache(maxsize=1)
def kennis() -> Kennis:
    try:
        k = Kennis.model_validate(_yaml("wbs.watertoets.data", "kennis.yaml"))
    except ValidationError as exc:
        raise WatertoetsFout(f"kennis.yaml is ongeldig: {_fouten(exc)}") from exc
    for bron in seedbronnen(k):
        _controleer_seedbron(bron, "kennis.yaml")
    return k


def _sleutel(tekst: str) -> str:
    """Name key for matching a layer's name or code to a water board: lower case, no accents or punctuation,
    without the words waterschap/hoogheemraadschap and the demo label."""
    t = unicodedata.normalize("NFKD", str(tekst)).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"\(.*?\)", " ", t)
    t = re.sub(r"\b(waterschap|hoogheemraadschap|van|het|illustratief|demo)\b", " ", t)
    return re.sub(r"[^a-z0-9]+", "", t)


def zoek_waterschap(tekst: str) -> Waterschap | None:
    """The water board for an id, name, alias or code as found in a layer (None when unknown)."""
    alle = waterschappen()
    if tekst in alle:
        return alle[tekst]
    sleutel = _sleutel(tekst)
    if not sleutel:
        return None
    for w in alle.values():
        if sleutel in {_sleutel(w.id), _sleutel(w.naam), *(_sleutel(a) for a in w.aliassen)}:
            return w
    return None


def controleer_waterschap(waterschap_id: str) -> Waterschap:
    w = zoek_waterschap(waterschap_id)
    if w is None:
        raise WatertoetsFout(f"onbekend waterschap {waterschap_id!r}; kies uit: {', '.join(sorted(waterschappen()))}")
    return w
