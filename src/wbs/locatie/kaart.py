"""Server-rendered SVG map of a plan and the layers that matter (works in HTML and PDF)."""

from __future__ import annotations

from html import escape

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from wbs.locatie.catalogus import Catalogus, Rasterlaag, Vectorlaag

KLEUREN = ["#1971c2", "#2b8a3e", "#e8590c", "#9c36b5", "#0c8599", "#c2255c", "#5c940d", "#f08c00"]
# One colour per layer id, the same on the web map legend and the report map.
LAAGKLEUREN = {
    "uiterwaarden": "#1971c2", "reserveringszone-waterkering": "#5c7cfa", "diepe-polder": "#0c8599",
    "ijsselmeergebied": "#1098ad", "wateroverlast": "#4dabf7", "overstromingsdiepte": "#74c0fc",
    "bodemdaling": "#e8590c", "veenweide": "#8d6e3f", "natura2000": "#2b8a3e",
    "grondwaterbeschermingsgebied": "#9c36b5",
    "beekdal": "#3b5bdb", "waterbergingsgebied": "#15aabf", "hoge-zandgronden": "#f08c00",
    "drinkwater-beschikbaarheid": "#c2255c", "waardevolle-landbouwgrond": "#5c940d", "oost-overijssel": "#adb5bd",
    "inzijggebied": "#f59f00", "intrekgebied": "#ae3ec9", "provincies": "#495057", "gemeenten": "#868e96",
}


def laagkleur(laag_id: str, i: int = 0) -> str:
    return LAAGKLEUREN.get(laag_id, KLEUREN[i % len(KLEUREN)])


def _pad(geom: BaseGeometry, tx) -> str:
    delen = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = tx(np.asarray(ring.coords))
            delen.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
    return " ".join(delen)


def svg_kaart(plan: BaseGeometry, catalogus: Catalogus, lagen: list[str], breedte: int = 640,
              hoogte: int = 420) -> str:
    minx, miny, maxx, maxy = plan.bounds
    marge = max(1500.0, 0.6 * max(maxx - minx, maxy - miny))
    vak = box(minx - marge, miny - marge, maxx + marge, maxy + marge)
    vx0, vy0, vx1, vy1 = vak.bounds
    schaal = min(breedte / (vx1 - vx0), hoogte / (vy1 - vy0))

    def tx(xy: np.ndarray) -> np.ndarray:
        return np.column_stack([(xy[:, 0] - vx0) * schaal, (vy1 - xy[:, 1]) * schaal])

    onderdelen = [f'<rect width="{breedte}" height="{hoogte}" fill="#f4f7f9"/>']
    legenda = []
    for i, laag_id in enumerate(dict.fromkeys(lagen)):
        laag = catalogus.laag(laag_id) if catalogus.heeft(laag_id) else None
        kleur = laagkleur(laag_id, i)
        if isinstance(laag, Vectorlaag):
            idx = laag.boom.query(vak, predicate="intersects")
            for g in shapely.intersection(laag.geometrie[idx], vak):
                d = _pad(g, tx)
                if d:
                    onderdelen.append(f'<path d="{d}" fill="{kleur}" fill-opacity="0.28" stroke="{kleur}" '
                                      f'stroke-width="1" fill-rule="evenodd"/>')
            legenda.append((kleur, laag_id))
        elif isinstance(laag, Rasterlaag):
            legenda.append(("#74c0fc", f"{laag_id} (raster)"))
    if plan.geom_type in ("Point", "MultiPoint"):
        for p in getattr(plan, "geoms", [plan]):
            x, y = tx(np.array([[p.x, p.y]]))[0]
            onderdelen.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#b3261e"/>')
    else:
        onderdelen.append(f'<path d="{_pad(plan, tx)}" fill="#b3261e" fill-opacity="0.25" stroke="#b3261e" '
                          'stroke-width="2.5" fill-rule="evenodd"/>')
    # scale bar of 1 km
    km = 1000 * schaal
    onderdelen.append(f'<g font-size="11" font-family="DejaVu Sans"><rect x="10" y="{hoogte - 22}" width="{km:.1f}" '
                      f'height="4" fill="#333"/><text x="10" y="{hoogte - 26}">1 km</text></g>')
    y = 16
    items = [("#b3261e", "plangebied"), *legenda]
    onderdelen.append(f'<rect x="{breedte - 262}" y="4" width="258" height="{18 * len(items) + 8}" fill="white" '
                      'fill-opacity="0.85"/>')
    for kleur, naam in items:
        onderdelen.append(f'<rect x="{breedte - 254}" y="{y - 9}" width="12" height="12" fill="{kleur}" '
                          f'fill-opacity="0.6"/><text x="{breedte - 236}" y="{y + 1}" font-size="11" '
                          f'font-family="DejaVu Sans">{escape(naam)}</text>')
        y += 18
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte}" width="{breedte}" '
            f'height="{hoogte}" role="img" aria-label="Kaart van het plangebied">' + "".join(onderdelen) + "</svg>")
