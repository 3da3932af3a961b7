"""Saved watertoetsen: one JSON file per result under ``WBS_DATA_DIR/watertoetsen/<id>.json``.

A saved result never changes (saving again gives a new id), so a stored test can always be reopened as
it was; every save is also appended to ``historie.jsonl``. Files are written atomically (temporary file in
the same folder, then rename). Ids are random hex and checked against a regular expression before any
path is built, so no client can make the server read another file.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from wbs.config import data_dir
from wbs.rapport.opmaak import getal
from wbs.watertoets.fouten import WatertoetsNietGevonden
from wbs.watertoets.models import Watertoetsuitslag

ID = re.compile(r"^[0-9a-f]{16}$")


def map_() -> Path:
    pad = data_dir() / "watertoetsen"
    pad.mkdir(parents=True, exist_ok=True)
    return pad


def _schrijf_atomair(pad: Path, tekst: str) -> None:
    fd, tijdelijk = tempfile.mkstemp(dir=pad.parent, prefix=".bezig-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(tekst)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tijdelijk, pad)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise


def bewaar(uitslag: Watertoetsuitslag) -> Watertoetsuitslag:
    """Store a result under a new id; returns the stored copy (with ``id`` and ``aangemaakt``)."""
    pad = map_()
    while True:
        toets_id = secrets.token_hex(8)
        if not (pad / f"{toets_id}.json").exists():
            break
    nu = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    opgeslagen = uitslag.model_copy(update={"id": toets_id, "aangemaakt": nu})
    _schrijf_atomair(pad / f"{toets_id}.json", opgeslagen.model_dump_json(indent=1))
    regel = json.dumps(
        {"tijd": nu, "actie": "bewaard", "id": toets_id, "naam": uitslag.naam, "procedure": uitslag.procedure},
        ensure_ascii=False,
    )
    with (pad / "historie.jsonl").open("a", encoding="utf-8") as f:
        f.write(regel + "\n")
    return opgeslagen


def laad(toets_id: str) -> Watertoetsuitslag:
    if not isinstance(toets_id, str) or not ID.match(toets_id):
        raise WatertoetsNietGevonden(f"ongeldig watertoets-id {str(toets_id)[:40]!r}: verwacht 16 tekens 0-9/a-f")
    pad = map_() / f"{toets_id}.json"
    if not pad.is_file():
        raise WatertoetsNietGevonden(f"watertoets {toets_id} is niet (meer) bekend")
    try:
        return Watertoetsuitslag.model_validate_json(pad.read_text(encoding="utf-8"))
    except ValidationError as exc:
        raise WatertoetsNietGevonden(f"watertoets {toets_id} is onleesbaar ({exc.error_count()} fouten)") from exc


class Samenvatting(BaseModel):
    id: str
    naam: str | None
    aangemaakt: str | None
    functie: str
    waterschap: str | None
    procedure: str
    toename_verharding_m2: float
    compensatie_m3: float | None


def lijst() -> list[Samenvatting]:
    """All saved results, newest first (unreadable files are skipped)."""
    uit = []
    for pad in map_().glob("*.json"):
        if not ID.match(pad.stem):
            continue
        try:
            u = Watertoetsuitslag.model_validate_json(pad.read_text(encoding="utf-8"))
        except (OSError, ValidationError):
            continue
        gelijk = u.model_dump(include=Samenvatting.model_fields.keys() - {"id", "waterschap"})
        uit.append(Samenvatting(id=pad.stem, waterschap=u.waterschap_naam, **gelijk))
    return sorted(uit, key=lambda s: s.aangemaakt or "", reverse=True)


class Vergelijkregel(BaseModel):
    kenmerk: str
    a: str
    b: str
    verschil: str = ""
    anders: bool


def vergelijk(a: Watertoetsuitslag, b: Watertoetsuitslag) -> list[Vergelijkregel]:
    """Two variants side by side: one row per characteristic, with the difference where it is a number."""

    def rij(
        kenmerk: str, va: str, vb: str, na: float | None = None, nb: float | None = None, eenheid: str = ""
    ) -> Vergelijkregel:
        verschil = ""
        if na is not None and nb is not None and na != nb:
            verschil = f"{'+' if nb > na else '−'}{getal(abs(nb - na), 1)}{eenheid}"
        return Vergelijkregel(kenmerk=kenmerk, a=va, b=vb, verschil=verschil, anders=va != vb)

    def maat(
        kenmerk: str, veld: str, decimalen: int = 0, eenheid: str = " m²", verschil: bool = True
    ) -> Vergelijkregel:
        """A row for a number of both variants (``–`` where it has none)."""
        na, nb = getattr(a, veld), getattr(b, veld)
        va, vb = ("–" if n is None else f"{getal(n, decimalen)}{eenheid}" for n in (na, nb))
        return rij(kenmerk, va, vb, na, nb, eenheid) if verschil else rij(kenmerk, va, vb)

    def niveau(u: Watertoetsuitslag) -> str:
        n = u.beschermingsniveau
        if n is None or (n.norm_nu is None and n.norm_plan is None):
            return "–"
        return f"{n.norm_nu or '–'} → {n.norm_plan or '–'}" + (" (stijgt)" if n.stijgt else "")

    def gebieden(u: Watertoetsuitslag) -> str:
        return ", ".join(g.naam for g in u.gebieden if g.uitkomst == "ligt-in") or "geen"

    return [
        rij("Naam", a.naam or a.id or "A", b.naam or b.id or "B"),
        rij("Functie", a.functie_naam, b.functie_naam),
        maat("Plangebied", "oppervlakte_m2"),
        rij("Waterschap", a.waterschap_naam or "onbekend", b.waterschap_naam or "onbekend"),
        rij("Procedure", a.procedure, b.procedure),
        maat("Verhard nu", "verhard_nu_m2"),
        maat("Verhard plan", "verhard_plan_m2"),
        maat("Toename verharding", "toename_verharding_m2"),
        maat("Compensatie (berging)", "compensatie_m3", decimalen=1, eenheid=" m³"),
        maat("Compensatie (open water)", "compensatie_m2_water", decimalen=1),
        maat("Afvoernorm", "afvoernorm_l_s_ha", decimalen=1, eenheid=" l/s/ha", verschil=False),
        maat("Maximale afvoer", "afvoer_max_l_s", decimalen=2, eenheid=" l/s"),
        rij("Beschermingsniveau", niveau(a), niveau(b)),
        rij("Ligt in", gebieden(a), gebieden(b)),
        rij("Afvoerwijze", ", ".join(a.afvoer) or "niet opgegeven", ", ".join(b.afvoer) or "niet opgegeven"),
        rij(
            "Adviezen (keuzes)",
            ", ".join(str(k) for k in sorted({x.keuze for x in a.adviezen})) or "–",
            ", ".join(str(k) for k in sorted({x.keuze for x in b.adviezen})) or "–",
        ),
    ]
