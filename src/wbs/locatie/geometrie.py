"""Parse and check a plan geometry (GeoJSON file/text/dict or WKT) into RD New (EPSG:28992)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from wbs.locatie.fouten import LocatieFout

# Generous bounding box of the Netherlands (incl. territorial sea) in RD New.
NL_RD = (-10_000.0, 290_000.0, 310_000.0, 640_000.0)


def _crs_uit_geojson(obj: dict) -> str | None:
    crs = obj.get("crs")
    if isinstance(crs, dict):
        naam = crs.get("properties", {}).get("name")
        if naam:
            return naam
    return None


def _geometrie_uit_geojson(obj: dict) -> BaseGeometry:
    soort = obj.get("type")
    try:
        if soort == "FeatureCollection":
            delen = [shape(f["geometry"]) for f in obj.get("features", []) if f.get("geometry")]
            if not delen:
                raise LocatieFout("de FeatureCollection bevat geen geometrie")
            return shapely.union_all(delen) if len(delen) > 1 else delen[0]
        if soort == "Feature":
            if not obj.get("geometry"):
                raise LocatieFout("het Feature heeft geen geometrie")
            return shape(obj["geometry"])
        return shape(obj)
    except LocatieFout:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as exc:
        raise LocatieFout(
            "ongeldige GeoJSON-geometrie: verwacht een geometrie, Feature of FeatureCollection met geldige coördinaten"
        ) from exc


def lees_geometrie(
    invoer: str | dict | BaseGeometry, crs: str | None = None, *, allow_files: bool = False
) -> BaseGeometry:
    """A plan geometry in RD from GeoJSON text/dict or WKT, or (``allow_files``, CLI only) a file path.

    Invalid polygons are repaired (see :func:`lees_geometrie_met_meldingen` for the note that says so).
    """
    return lees_geometrie_met_meldingen(invoer, crs, allow_files=allow_files)[0]


def lees_geometrie_met_meldingen(
    invoer: str | dict | BaseGeometry, crs: str | None = None, *, allow_files: bool = False
) -> tuple[BaseGeometry, list[str]]:
    """A plan geometry in RD, and Dutch notes on what was done to it (e.g. a self-intersection repaired).

    Without an explicit CRS, GeoJSON's ``crs`` member is used; otherwise coordinates that look
    like longitude/latitude are read as EPSG:4326 (the GeoJSON standard) and others as RD.
    Over HTTP ``allow_files`` stays False: a request must never make the server read one of its files.
    """
    meldingen: list[str] = []
    return _lees(invoer, crs, meldingen, allow_files), meldingen


def _lees(invoer: str | dict | BaseGeometry, crs: str | None, meldingen: list[str], allow_files: bool) -> BaseGeometry:
    if isinstance(invoer, BaseGeometry):
        geom = invoer
    elif isinstance(invoer, dict):
        crs = crs or _crs_uit_geojson(invoer)
        geom = _geometrie_uit_geojson(invoer)
    else:
        tekst = invoer.strip()
        if not tekst:
            raise LocatieFout("geen geometrie opgegeven")
        pad = Path(tekst) if len(tekst) < 4096 and not tekst.startswith("{") else None
        if pad is not None and pad.suffix.lower() in {".geojson", ".json", ".gpkg", ".shp"} and not allow_files:
            raise LocatieFout(
                "geef de geometrie als GeoJSON of WKT (of upload een bestand); een bestandsnaam wordt hier niet gelezen"
            )
        if pad is not None and pad.suffix.lower() in {".geojson", ".json"}:
            if not pad.exists():
                raise LocatieFout(f"bestand {pad} bestaat niet")
            tekst = pad.read_text(encoding="utf-8")
        elif pad is not None and pad.suffix.lower() in {".gpkg", ".shp"}:
            return _uit_vectorbestand(pad, crs, meldingen)
        if tekst.startswith("{"):
            try:
                obj = json.loads(tekst)
            except json.JSONDecodeError as exc:
                raise LocatieFout(f"ongeldige GeoJSON: {exc.msg} (regel {exc.lineno})") from exc
            return _lees(obj, crs, meldingen, allow_files)
        try:
            geom = shapely.from_wkt(tekst)
        except shapely.errors.GEOSException as exc:
            raise LocatieFout(
                "ongeldige WKT-geometrie: geef GeoJSON of WKT, bijvoorbeeld POLYGON((x1 y1, x2 y2, x3 y3, x1 y1))"
            ) from exc
    return naar_rd(geom, crs, meldingen)


def _uit_vectorbestand(pad: Path, crs: str | None, meldingen: list[str]) -> BaseGeometry:
    import pyogrio

    if not pad.exists():
        raise LocatieFout(f"bestand {pad} bestaat niet")
    try:
        gdf = pyogrio.read_dataframe(pad)
    except Exception as exc:  # noqa: BLE001 - GDAL's text names temporary paths: keep it out of the message
        raise LocatieFout(f"{pad.name} is niet leesbaar als GeoPackage of Shapefile") from exc
    if gdf.empty:
        raise LocatieFout(f"{pad.name} bevat geen geometrie")
    geom = shapely.union_all(gdf.geometry.values)
    return naar_rd(geom, crs or (gdf.crs.to_string() if gdf.crs else None), meldingen)


def controleer_in_nederland(geoms: np.ndarray, wat: str) -> None:
    """The same check as for a single plan, vectorised: every coordinate finite and inside the Netherlands."""
    xy = shapely.get_coordinates(geoms)
    if not np.isfinite(xy).all():
        raise LocatieFout(
            f"{wat} bevat ongeldige coördinaten (NaN of oneindig); controleer het "
            "coördinatenstelsel (staan RD-coördinaten als EPSG:4326 aangeduid?)"
        )
    if len(xy) and not (
        NL_RD[0] <= xy[:, 0].min()
        and xy[:, 0].max() <= NL_RD[2]
        and NL_RD[1] <= xy[:, 1].min()
        and xy[:, 1].max() <= NL_RD[3]
    ):
        raise LocatieFout(f"{wat} ligt (deels) buiten Nederland; controleer de coördinaten en het coördinatenstelsel")


def _kort(tekst: str, n: int = 40) -> str:
    """Echo at most ``n`` characters of user input in a message."""
    return tekst if len(tekst) <= n else tekst[:n] + "…"


@lru_cache(maxsize=16)
def _naar_rd(bron_wkt: str) -> Transformer:
    """Transformers are expensive to build (tens of ms): build one per source CRS."""
    return Transformer.from_crs(CRS.from_wkt(bron_wkt), "EPSG:28992", always_xy=True)


_REDENEN = {
    "self-intersection": "de rand snijdt zichzelf",
    "ring self-intersection": "een rand raakt of snijdt zichzelf",
    "too few points": "het vlak heeft te weinig hoekpunten",
    "hole lies outside shell": "een gat ligt buiten het vlak",
    "nested shells": "twee vlakken liggen in elkaar",
    "nested holes": "twee gaten liggen in elkaar",
    "interior is disconnected": "het vlak valt in losse delen uiteen",
    "duplicate rings": "een rand komt dubbel voor",
    "invalid coordinate": "een coördinaat is ongeldig",
    "ring is not closed": "een rand is niet gesloten",
}


def _reden(geom: BaseGeometry) -> str:
    """Why a geometry is invalid, in Dutch and in RD coordinates (no GEOS text)."""
    tekst = shapely.is_valid_reason(geom)
    m = re.match(r"\s*([^\[]+?)\s*(?:\[\s*([-+\d.eE]+)\s+([-+\d.eE]+)\s*\])?\s*$", tekst or "")
    soort = (m.group(1) if m else "").strip().lower()
    reden = _REDENEN.get(soort, "de vorm is ongeldig")
    if m and m.group(2):
        reden += f" bij RD ({float(m.group(2)):.0f}, {float(m.group(3)):.0f})"
    return reden


def _herstel(geom: BaseGeometry, meldingen: list[str]) -> BaseGeometry:
    """Repair an invalid polygon (e.g. a drawn bow tie) or explain in Dutch why it cannot be used."""
    reden = _reden(geom)
    hersteld = shapely.make_valid(geom)
    delen = [g for g in getattr(hersteld, "geoms", [hersteld]) if g.geom_type in ("Polygon", "MultiPolygon")]
    vlak = shapely.union_all(delen) if delen else None
    if vlak is None or vlak.is_empty or vlak.area <= 0:
        raise LocatieFout(
            f"ongeldige geometrie: {reden}, en er blijft geen vlak over. Teken het plangebied "
            "opnieuw, zonder dat de rand zichzelf kruist."
        )
    n = len(getattr(vlak, "geoms", [vlak]))
    m2 = f"{vlak.area:,.0f}".replace(",", ".")
    meldingen.append(
        f"Het plangebied was ongeldig ({reden}) en is hersteld tot {n} "
        f"{'vlak' if n == 1 else 'vlakken'} van samen {m2} m². Controleer of dit het bedoelde gebied is."
    )
    return vlak


def tabel_naar_rd(gdf):
    """A GeoDataFrame in EPSG:28992 (itself when it already is)."""
    return gdf if gdf.crs.to_epsg() == 28992 else gdf.to_crs("EPSG:28992")


def naar_rd(geom: BaseGeometry, crs: str | None = None, meldingen: list[str] | None = None) -> BaseGeometry:
    if geom is None or geom.is_empty:
        raise LocatieFout("de geometrie is leeg")
    if geom.geom_type not in {"Point", "MultiPoint", "Polygon", "MultiPolygon"}:
        raise LocatieFout(f"geometrietype {geom.geom_type} wordt niet ondersteund; gebruik een punt of vlak")
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        raise LocatieFout("de geometrie bevat ongeldige coördinaten (NaN of oneindig)")
    minx, miny, maxx, maxy = geom.bounds
    if crs is None:
        crs = "EPSG:4326" if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90 else "EPSG:28992"
    try:
        bron = CRS.from_user_input(crs)
    except Exception as exc:  # noqa: BLE001 - pyproj raises CRSError with English text
        raise LocatieFout(
            f"onbekend coördinatenstelsel {_kort(str(crs))!r}; gebruik bijvoorbeeld EPSG:28992 of EPSG:4326"
        ) from exc
    if bron.to_epsg() != 28992:
        t = _naar_rd(bron.to_wkt())
        geom = shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
    minx, miny, maxx, maxy = geom.bounds
    binnen = NL_RD[0] <= minx and maxx <= NL_RD[2] and NL_RD[1] <= miny and maxy <= NL_RD[3]
    if not binnen or not np.isfinite(shapely.get_coordinates(geom)).all():
        raise LocatieFout(
            "de geometrie ligt (deels) buiten Nederland; controleer de coördinaten en het "
            f"coördinatenstelsel ({bron.to_string()})"
        )
    if not geom.is_valid:
        geom = _herstel(geom, meldingen if meldingen is not None else [])
    return geom
