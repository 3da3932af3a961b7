"""Generate the built-in demo layers: illustrative, NON-OFFICIAL shapes in real places.

Around Zwolle and the IJssel (uiterwaarden, reserveringszone, flood depth raster, waterlogging),
Flevoland (diepe polder), the Ketelmeer/IJsselmeer (IJsselmeergebied), the Kop van Overijssel
(veenweide, bodemdaling, Natura 2000 Weerribben-Wieden), Oost-Overijssel (large water demand,
drinking-water availability) and Drenthe (Drentsche Aa stream valley, a groundwater protection
area near Assen, waterbergingsgebied). Every shipped rule fires somewhere; see DEMO_PLANNEN.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box

from wbs.config import data_dir
from wbs.locatie.catalogus import ingebouwde_provincies

RD = "EPSG:28992"
IJSSEL = LineString([(207000, 492000), (204500, 497000), (201500, 502000), (197500, 506500), (192500, 510000),
                     (188000, 512500)])
HONDSRUG = LineString([(233000, 578000), (256000, 537000)])
DRENTSCHE_AA = LineString([(236500, 553000), (237000, 557000), (236000, 561000), (237500, 565000), (236500, 569000)])

# Demo plans (RD polygons) that make each rule fire; used by `wbs demo`, the web page and the tests.
DEMO_PLANNEN: dict[str, Polygon] = {
    "zwolle-uiterwaarden": box(201200, 501400, 201700, 501900),
    "zwolle-oost-wateroverlast": box(205500, 503500, 206000, 504000),
    "flevoland-diepe-polder": box(172000, 500000, 172600, 500600),
    "ketelmeer": box(181000, 516000, 181600, 516600),
    "kampen-buitendijks": box(186600, 512100, 187000, 512500),
    "kop-van-overijssel-veen": box(196000, 518000, 196600, 518600),
    "weerribben-nabij": box(196000, 521300, 196400, 521700),
    "oost-overijssel": box(242000, 476000, 242800, 476800),
    "drentsche-aa-beekdal": box(235900, 560700, 236300, 561100),
    "assen-grondwaterbescherming": box(231000, 553000, 231500, 553500),
    "zuid-drenthe-waterberging": box(241000, 531000, 241500, 531500),
    "zwolle-grondwaterbescherming": box(207500, 500500, 208000, 501000),
    "drenthe-landbouwgrond": box(252000, 547000, 252600, 547600),
    "emmen-neutraal": box(257000, 533000, 257500, 533500),
    "hoogeveen-verbodzone": box(232800, 527800, 233200, 528200),
    "hondsrug-inzijggebied": box(244300, 557300, 244700, 557700),
    "salland-intrekgebied": box(229800, 487800, 230200, 488200),
    # Outside every demo extent: the demo layers must say "niet getoetst" here, never "geen bezwaar".
    "amsterdam": box(121000, 486000, 121600, 486600),
    "deventer-ijssel": box(207500, 472800, 208100, 473400),
}

# Where each demo layer claims to be complete (its "dekking", EPSG:28992): small example regions,
# never the whole country. Outside these the engine reports niet-getoetst.
ZWOLLE = (186000, 490000, 212000, 514000)
DEMO_DEKKING: dict[str, dict] = {
    "uiterwaarden": {"bbox": ZWOLLE},
    "reserveringszone-waterkering": {"bbox": ZWOLLE},
    "wateroverlast": {"bbox": ZWOLLE},
    "diepe-polder": {"bbox": (165000, 495000, 183000, 510000)},
    "ijsselmeergebied": {"bbox": (172000, 511000, 188000, 528000)},
    "bodemdaling": {"bbox": (190000, 500000, 202000, 522000)},
    "veenweide": {"bbox": (190000, 512000, 202000, 522000)},
    "natura2000": {"wkt": "MULTIPOLYGON(((186000 518000, 206000 518000, 206000 536000, 186000 536000, 186000 518000)),"
                          "((230000 548000, 244000 548000, 244000 574000, 230000 574000, 230000 548000)))"},
    "grondwaterbeschermingsgebied": {"wkt": "MULTIPOLYGON(((228000 548000, 236000 548000, 236000 558000, 228000 558000, 228000 548000)),"
                                            "((230000 525000, 236000 525000, 236000 531000, 230000 531000, 230000 525000)),"
                                            "((205000 498000, 211000 498000, 211000 504000, 205000 504000, 205000 498000)))"},
    "beekdal": {"bbox": (232000, 550000, 242000, 572000)},
    "waterbergingsgebied": {"bbox": (236000, 526000, 248000, 536000)},
    "hoge-zandgronden": {"bbox": (215000, 460000, 270000, 580000)},
    "oost-overijssel": {"provincie": "overijssel"},
    "drinkwater-beschikbaarheid": {"bbox": (236000, 468000, 252000, 484000)},
    "waardevolle-landbouwgrond": {"bbox": (248000, 543000, 258000, 553000)},
    "inzijggebied": {"bbox": (230000, 534000, 260000, 580000)},
    "intrekgebied": {"bbox": (224000, 482000, 236000, 494000)},
    "overstromingsdiepte": {"bbox": (165000, 488000, 212000, 522000)},
}
DEMO_VERSIE = 2  # bump when the demo layers change: an older generated set is then written anew


def _gdf(rows: list[dict]):
    import geopandas as gpd

    return gpd.GeoDataFrame(rows, geometry="geometry", crs=RD)


def vector_lagen() -> dict:
    uiterwaarden = IJSSEL.buffer(450, cap_style="flat")
    zone = shapely.difference(IJSSEL.buffer(650, cap_style="flat"), uiterwaarden)
    return {
        "uiterwaarden": _gdf([{"naam": "IJssel bij Zwolle (illustratief)", "geometry": uiterwaarden}]),
        "reserveringszone-waterkering": _gdf([{"naam": "Reserveringszone IJsseldijk (illustratief)",
                                               "geometry": zone}]),
        "diepe-polder": _gdf([
            {"naam": "Oostelijk Flevoland (illustratief)", "diepste_deel": False, "geometry": box(165000, 495000, 183000, 510000).difference(box(170000, 498000, 175000, 503000))},
            {"naam": "Diepste deel (illustratief)", "diepste_deel": True, "geometry": box(170000, 498000, 175000, 503000)},
        ]),
        "ijsselmeergebied": _gdf([
            {"naam": "Ketelmeer/IJsselmeer (illustratief)", "type": "water", "geometry": box(172000, 513000, 186000, 528000)},
            {"naam": "Buitendijks Kampen (illustratief)", "type": "buitendijks", "geometry": box(186000, 511500, 188000, 513500)},
        ]),
        "wateroverlast": _gdf([
            {"naam": "Zwolle-Oost laagte (illustratief)", "kans": "hoog", "geometry": box(205300, 503300, 206300, 504300)},
            {"naam": "Zwolle-Zuid (illustratief)", "kans": "laag", "geometry": box(204000, 498000, 205000, 499000)},
        ]),
        "bodemdaling": _gdf([
            {"naam": "Kop van Overijssel veen (illustratief)", "daling_cm_2050": 35, "geometry": box(192000, 515000, 200000, 520000)},
            {"naam": "Zwolle klei (illustratief)", "daling_cm_2050": 8, "geometry": box(196000, 503000, 200000, 507000)},
        ]),
        "veenweide": _gdf([{"naam": "Veenweide Kop van Overijssel (illustratief)",
                            "geometry": box(192000, 515000, 200000, 520000)}]),
        "natura2000": _gdf([
            {"naam": "Weerribben-Wieden (illustratief)", "geometry": box(190000, 522000, 202000, 532000)},
            {"naam": "Drentsche Aa-gebied (illustratief)", "geometry": DRENTSCHE_AA.buffer(1200)},
        ]),
        "grondwaterbeschermingsgebied": _gdf([
            {"naam": "Waterwin Assen (illustratief)", "zone": "waterwingebied", "geometry": box(230800, 552800, 231200, 553200)},
            {"naam": "Verbodzone diepe boringen Hoogeveen (illustratief)", "zone": "verbodzone diepe boringen", "geometry": box(232000, 527000, 234000, 529000)},
            {"naam": "Grondwaterbeschermingsgebied Assen (illustratief)", "zone": "grondwaterbeschermingsgebied",
             "geometry": box(229500, 551500, 233000, 555000).difference(box(230800, 552800, 231200, 553200))},
            {"naam": "Grondwaterbeschermingsgebied Zwolle (illustratief)", "zone": "grondwaterbeschermingsgebied",
             "geometry": box(207000, 500000, 209000, 502000)},
        ]),
        "beekdal": _gdf([{"naam": "Beekdal Drentsche Aa (illustratief)", "geometry": DRENTSCHE_AA.buffer(500)}]),
        "waterbergingsgebied": _gdf([
            {"naam": "Waterberging Zuid-Drenthe (illustratief)", "geometry": box(240000, 530000, 244000, 533000)},
        ]),
        "hoge-zandgronden": _gdf([{"naam": "Hoge zandgronden Drenthe en Oost-Overijssel (illustratief)",
                                   "geometry": box(215000, 460000, 270000, 580000)}]),
        "inzijggebied": _gdf([{"naam": "Inzijggebied Hondsrug (illustratief)", "geometry": HONDSRUG.buffer(1000, cap_style="flat")}]),
        "intrekgebied": _gdf([{"naam": "Strategische grondwatervoorraad Salland (illustratief)", "geometry": box(228000, 486000, 232000, 490000)}]),
        "oost-overijssel": _gdf([{"naam": "Oost-Overijssel (illustratief)", "geometry": box(225000, 460000, 270000, 510000)}]),
        "drinkwater-beschikbaarheid": _gdf([
            {"naam": "Beperkte beschikbaarheid Twente (illustratief)", "klasse": "beperkt", "geometry": box(238000, 470000, 250000, 482000)},
        ]),
        "waardevolle-landbouwgrond": _gdf([
            {"naam": "Veenkoloniën landbouwgrond (illustratief)", "geometry": box(250000, 545000, 256000, 551000)},
        ]),
        "waterschappen": demo_waterschappen(),
    }


def demo_waterschappen():
    """Illustrative water board areas (rough boxes, NOT the official boundaries) for the Watertoets demo."""
    return _gdf([
        {"naam": "Waterschap Zuiderzeeland (illustratief)", "code": "zuiderzeeland",
         "geometry": box(140000, 470000, 186000, 530000)},
        {"naam": "Waterschap Drents Overijsselse Delta (illustratief)", "code": "drents-overijsselse-delta",
         "geometry": box(186000, 460000, 228000, 545000)},
        {"naam": "Waterschap Vechtstromen (illustratief)", "code": "vechtstromen",
         "geometry": box(228000, 460000, 270000, 545000)},
        {"naam": "Waterschap Hunze en Aa's (illustratief)", "code": "hunze-en-aas",
         "geometry": box(228000, 545000, 270000, 590000)},
        {"naam": "Waterschap Noorderzijlvest (illustratief)", "code": "noorderzijlvest",
         "geometry": box(186000, 545000, 228000, 600000)},
        {"naam": "Waterschap Aa en Maas (illustratief)", "code": "aa-en-maas",
         "geometry": box(140000, 395000, 200000, 425000)},
        {"naam": "Hoogheemraadschap Hollands Noorderkwartier (illustratief)", "code": "hollands-noorderkwartier",
         "geometry": box(100000, 500000, 140000, 560000)},
    ])


VECTOR_LAAG_IDS = ("waterschappen",)  # layers added after the first demo sets; their absence regenerates the set


def overstromingsdiepte(resolutie: float = 25.0) -> tuple[np.ndarray, object]:
    """Flood depth (m): deep near the IJssel, decreasing with distance; 1.5 m in the Flevoland polder."""
    from rasterio.transform import from_origin

    x0, y0, x1, y1 = 165000, 488000, 212000, 522000
    breed, hoog = int((x1 - x0) / resolutie), int((y1 - y0) / resolutie)
    transform = from_origin(x0, y1, resolutie, resolutie)
    xs = x0 + (np.arange(breed) + 0.5) * resolutie
    ys = y1 - (np.arange(hoog) + 0.5) * resolutie
    # distance to the river on a coarse grid, then upsample (fast enough and smooth)
    stap = 8
    gx, gy = np.meshgrid(xs[::stap], ys[::stap])
    grof = shapely.distance(shapely.points(gx.ravel(), gy.ravel()), IJSSEL).reshape(gx.shape)
    afstand = np.repeat(np.repeat(grof, stap, axis=0), stap, axis=1)[:hoog, :breed]
    diepte = np.clip(3.2 - afstand / 900.0, 0, None).astype(np.float32)
    xx, yy = np.meshgrid(xs, ys)
    polder = (xx > 165000) & (xx < 183000) & (yy > 495000) & (yy < 510000)
    diepte = np.where(polder, np.maximum(diepte, 1.5), diepte).astype(np.float32)
    return diepte, transform


def demo_percelen(grootte: float = 250.0):
    """A grid of illustrative parcels around Zwolle and the IJssel (RD New) for trying the batch screening.

    The window covers the floodplain, the dike reservation zone, waterlogging, subsidence and the
    groundwater protection area of the demo layers, so every verdict class shows up.
    """
    xs = np.arange(196000, 209000, grootte)
    ys = np.arange(497000, 507000, grootte)
    rijen = [{"perceel": f"DEMO-{i:03d}-{j:03d}", "geometry": box(x, y, x + grootte * 0.96, y + grootte * 0.96)}
             for i, x in enumerate(xs) for j, y in enumerate(ys)]
    return _gdf(rijen)


def schrijf_demo(map_: Path | None = None, overschrijf: bool = False) -> Path:
    """Write the demo layers (GeoPackage + GeoTIFF + lagen.yaml); returns the config path."""
    import rasterio

    map_ = Path(map_ or data_dir() / "demo-lagen")
    config = map_ / "lagen.yaml"
    if config.exists() and not overschrijf:
        tekst = config.read_text(encoding="utf-8")
        if f"# demo-versie: {DEMO_VERSIE}" in tekst and all(f"  {laag_id}:" in tekst for laag_id in VECTOR_LAAG_IDS):
            return config
        # an older demo set (without coverage, or without a layer added since): write it anew
    map_.mkdir(parents=True, exist_ok=True)
    gpkg = map_ / "demo.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    regels = ["# Demo layers generated by `wbs locatie demo` - illustrative, NOT official data.",
              f"# demo-versie: {DEMO_VERSIE}",
              "naam: demo (illustratief, geen officiële data)", "lagen:"]

    def dekking(laag_id: str) -> str:
        if laag_id == "waterschappen":  # a delineation: complete where its (illustrative) areas lie
            return json.dumps({"wkt": shapely.union_all(demo_waterschappen().geometry.values).wkt})
        return json.dumps(DEMO_DEKKING[laag_id], ensure_ascii=False)

    for laag_id, gdf in vector_lagen().items():
        gdf.to_file(gpkg, layer=laag_id, driver="GPKG")
        regels.append(f"  {laag_id}: {{pad: demo.gpkg, laag: {laag_id}, demo: true, dekking: {dekking(laag_id)}}}")
    # Province boundaries are real (simplified CBS outlines shipped with WBS), not demo shapes.
    ingebouwd = ingebouwde_provincies()
    _gdf([{"naam": n, "geometry": g} for n, g in zip(ingebouwd.attributen["naam"], ingebouwd.geometrie,
                                                       strict=True)]).to_file(gpkg, layer="provincies", driver="GPKG")
    regels.append("  provincies: {pad: demo.gpkg, laag: provincies, dekking: nederland, omschrijving: "
                  "\"CBS gebiedsindelingen 2024, vereenvoudigd (alleen land)\", herkomst: {titel: CBS "
                  "gebiedsindelingen provincie_gegeneraliseerd 2024, licentie: CC BY 4.0}}")
    diepte, transform = overstromingsdiepte()
    with rasterio.open(map_ / "overstromingsdiepte.tif", "w", driver="GTiff", height=diepte.shape[0],
                       width=diepte.shape[1], count=1, dtype="float32", crs=RD, transform=transform,
                       nodata=-9999, compress="deflate") as dst:
        dst.write(diepte, 1)
    regels.append(f"  overstromingsdiepte: {{pad: overstromingsdiepte.tif, demo: true, "
                  f"dekking: {dekking('overstromingsdiepte')}}}")
    config.write_text("\n".join(regels) + "\n", encoding="utf-8")
    return config
