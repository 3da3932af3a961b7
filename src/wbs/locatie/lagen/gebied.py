"""The area a download is limited to (``--gebied``) and the coverage (``dekking``) a layer gets.

``--gebied`` is a province name or a bounding box ``xmin,ymin,xmax,ymax`` in EPSG:28992. A province
becomes a bounding box through its boundary in the ``provincies`` layer (fetched first when needed);
no outline is shipped, so a province never gets a guessed extent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from wbs.locatie.catalogus import PROVINCIES
from wbs.locatie.lagen.fouten import LagenFout

_ALIASSEN = {"friesland": "fryslân", "fryslan": "fryslân", "brabant": "noord-brabant"}
# Generous bounds of the Dutch RD grid (EPSG:28992 is defined for the Netherlands and its coastal waters).
RD_GRENZEN = (-10_000.0, 280_000.0, 310_000.0, 640_000.0)


def normaliseer_provincie(naam: str) -> str | None:
    """Lower-case, hyphenated province name, or None when it is not one of the twelve."""
    sleutel = re.sub(r"[\s_]+", "-", naam.strip().lower())
    sleutel = _ALIASSEN.get(sleutel, sleutel)
    return sleutel if sleutel in PROVINCIES else None


def provincie_namen(naam: str) -> set[str]:
    """Spellings a province may have in a boundary layer (Fryslân/Friesland)."""
    return {naam, "friesland", "fryslan"} if naam == "fryslân" else {naam}


@dataclass(frozen=True)
class Gebied:
    """A requested area: a province (bbox known once its boundary is read) or a bbox."""

    provincie: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    geometrie: BaseGeometry | None = None  # province boundary in RD, when known

    @property
    def omschrijving(self) -> str:
        if self.provincie:
            return f"provincie {self.provincie}"
        return "bbox " + ",".join(f"{v:.0f}" for v in self.bbox)

    def vorm(self) -> BaseGeometry:
        if self.geometrie is not None:
            return self.geometrie
        if self.bbox is not None:
            return box(*self.bbox)
        raise LagenFout(f"de grens van {self.omschrijving} is nog niet bekend")


def lees_gebied(tekst: str | None) -> Gebied | None:
    """``drenthe`` or ``xmin,ymin,xmax,ymax`` (EPSG:28992) -> Gebied; a Dutch error for anything else."""
    if tekst is None or not tekst.strip():
        return None
    if re.search(r"\d", tekst) and ("," in tekst or " " in tekst.strip()):
        delen = [d for d in re.split(r"[,\s]+", tekst.strip()) if d]
        try:
            getallen = [float(d) for d in delen]
        except ValueError:
            raise LagenFout(
                f"ongeldige bbox {tekst!r}: gebruik vier getallen xmin,ymin,xmax,ymax in EPSG:28992 (RD New, meters)"
            ) from None
        if len(getallen) != 4 or not all(math.isfinite(g) for g in getallen):
            raise LagenFout(f"ongeldige bbox {tekst!r}: verwacht precies vier getallen xmin,ymin,xmax,ymax")
        xmin, ymin, xmax, ymax = getallen
        if xmin >= xmax or ymin >= ymax:
            raise LagenFout(f"ongeldige bbox {tekst!r}: xmin moet kleiner zijn dan xmax en ymin kleiner dan ymax")
        gx0, gy0, gx1, gy1 = RD_GRENZEN
        if xmin < gx0 or xmax > gx1 or ymin < gy0 or ymax > gy1:
            raise LagenFout(
                f"bbox {tekst!r} ligt (deels) buiten Nederland in EPSG:28992 (x {gx0:.0f} tot {gx1:.0f}, "
                f"y {gy0:.0f} tot {gy1:.0f}); geef RD-coördinaten in meters, geen lengte- en breedtegraden"
            )
        return Gebied(bbox=(xmin, ymin, xmax, ymax))
    naam = normaliseer_provincie(tekst)
    if naam is None:
        raise LagenFout(
            f"onbekende provincie {tekst!r}; kies uit {', '.join(PROVINCIES)} "
            "of geef een bbox xmin,ymin,xmax,ymax in EPSG:28992"
        )
    return Gebied(provincie=naam)


def dekking_naar_dict(geom: BaseGeometry) -> dict:
    """A coverage geometry as catalog ``dekking``: a bbox when it is one (within a centimetre), else WKT
    (rounded to a millimetre)."""
    minx, miny, maxx, maxy = geom.bounds
    if shapely.hausdorff_distance(geom, box(minx, miny, maxx, maxy)) < 0.01:  # a box, up to a centimetre
        return {"bbox": [round(v, 3) for v in (minx, miny, maxx, maxy)]}
    return {"wkt": shapely.to_wkt(geom, rounding_precision=3)}


def bepaal_dekking(bron_dekking, gebied: Gebied | None, provinciegrens) -> dict | str | None:
    """Coverage of a layer fetched from a source with ``bron_dekking`` for ``gebied``.

    ``provinciegrens(naam)`` returns a province boundary (RD) and is only called when a geometric
    intersection is needed. Returns None when the source does not reach into the area at all.
    The rule: never claim more than both the source and the requested area cover.
    """
    if gebied is None:
        return bron_dekking or "nederland"
    if bron_dekking in (None, "nederland"):
        return {"provincie": gebied.provincie} if gebied.provincie else {"bbox": list(gebied.bbox)}
    if "provincie" in bron_dekking:
        p = bron_dekking["provincie"]
        if gebied.provincie:
            return dict(bron_dekking) if gebied.provincie == p else None
        vorm = provinciegrens(p)
    elif "bbox" in bron_dekking:
        vorm = box(*bron_dekking["bbox"])
    elif "wkt" in bron_dekking:
        vorm = shapely.from_wkt(bron_dekking["wkt"])
    else:  # {bestand: ...}: cannot be intersected here without reading it; keep the source's own claim
        raise LagenFout("een bron met dekking {bestand: ...} kan niet met --gebied worden ingeperkt")
    deel = shapely.intersection(vorm, gebied.vorm())
    if deel.is_empty or deel.area <= 0:
        return None
    return dekking_naar_dict(deel)
