"""Batch screening speed: 1,000,000 parcels against a national-sized synthetic layer set.

Run by hand: `.venv/bin/python benchmarks/locatie_benchmark.py [--percelen 1000000] [--features 120000]`.
Prints parcels per second, peak memory, and the ratio against a plain geopandas baseline
(`geopandas.sjoin` per vector layer + `rasterio.sample` for the raster) measured on a subsample.
Target (issue 3): >= 20,000 parcels/s on 2 cores, peak memory < 8 GB.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

RD_X = (13_000, 278_000)
RD_Y = (306_000, 612_000)


def _vlakken(rng, n, grootte):
    x = rng.uniform(*RD_X, n)
    y = rng.uniform(*RD_Y, n)
    w = rng.uniform(*grootte, n)
    h = rng.uniform(*grootte, n)
    return shapely.box(x, y, x + w, y + h)


def maak_lagen(map_: Path, features: int, rng) -> Path:
    import geopandas as gpd
    import rasterio
    from rasterio.transform import from_origin

    # Vector layers read by woningbouw rules; the feature budget is spread over them.
    lagen = {
        "uiterwaarden": {}, "reserveringszone-waterkering": {}, "diepe-polder": {"diepste_deel": True},
        "waterbergingsgebied": {}, "ijsselmeergebied": {"type": "buitendijks"}, "wateroverlast": {"kans": "hoog"},
        "bodemdaling": {"daling_cm_2050": 30}, "drinkwater-beschikbaarheid": {"klasse": "beperkt"},
        "veenweide": {}, "waardevolle-landbouwgrond": {}, "beekdal": {},
        "grondwaterbeschermingsgebied": {"zone": "grondwaterbeschermingsgebied"}, "inzijggebied": {},
        "intrekgebied": {},
    }
    per_laag = features // len(lagen)
    regels = ["lagen:"]
    gpkg = map_ / "nationaal.gpkg"
    for laag_id, attrs in lagen.items():
        geoms = _vlakken(rng, per_laag, (100, 900))
        gdf = gpd.GeoDataFrame({k: [v] * per_laag for k, v in attrs.items()}, geometry=geoms, crs="EPSG:28992")
        gdf.to_file(gpkg, layer=laag_id, driver="GPKG")
        regels.append(f"  {laag_id}: {{pad: nationaal.gpkg, laag: {laag_id}, dekking: nederland}}")
    # The real (simplified) province outlines shipped with WBS decide where provincial rules apply.
    from wbs.locatie.catalogus import ingebouwde_provincies

    ingebouwd = ingebouwde_provincies()
    prov = gpd.GeoDataFrame({"naam": ingebouwd.attributen["naam"]}, geometry=list(ingebouwd.geometrie),
                            crs="EPSG:28992")
    prov.to_file(gpkg, layer="provincies", driver="GPKG")
    regels.append("  provincies: {pad: nationaal.gpkg, laag: provincies, dekking: nederland}")
    res = 100.0
    breed, hoog = int((RD_X[1] - RD_X[0]) / res), int((RD_Y[1] - RD_Y[0]) / res)
    diepte = np.clip(rng.gamma(0.6, 0.8, (hoog, breed)) - 0.3, 0, None).astype(np.float32)
    with rasterio.open(map_ / "diepte.tif", "w", driver="GTiff", height=hoog, width=breed, count=1, dtype="float32",
                       crs="EPSG:28992", transform=from_origin(RD_X[0], RD_Y[1], res, res)) as dst:
        dst.write(diepte, 1)
    regels.append("  overstromingsdiepte: {pad: diepte.tif, dekking: nederland}")
    (map_ / "lagen.yaml").write_text("\n".join(regels) + "\n")
    return map_ / "lagen.yaml"


def baseline(percelen, config: Path) -> float:
    """Plain geopandas: sjoin per vector layer, rasterio sample at centroids. Returns seconds."""
    import geopandas as gpd
    import rasterio
    import yaml

    cfg = yaml.safe_load(config.read_text())["lagen"]
    gdf = gpd.GeoDataFrame(geometry=percelen, crs="EPSG:28992")
    t0 = time.perf_counter()
    for c in cfg.values():
        pad = config.parent / c["pad"]
        if pad.suffix == ".tif":
            with rasterio.open(pad) as src:
                xy = [(p.x, p.y) for p in gdf.geometry.centroid]
                _ = np.fromiter((v[0] for v in src.sample(xy)), dtype=float, count=len(xy))
        else:
            laag = gpd.read_file(pad, layer=c["laag"])
            _ = gpd.sjoin(gdf, laag, how="left", predicate="intersects")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--percelen", type=int, default=1_000_000)
    ap.add_argument("--features", type=int, default=120_000)
    ap.add_argument("--baseline", type=int, default=100_000, help="percelen voor de geopandas-baseline")
    args = ap.parse_args()
    from wbs.locatie.catalogus import Catalogus
    from wbs.locatie.scan import scan_array

    rng = np.random.default_rng(42)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        config = maak_lagen(Path(tmp), args.features, rng)
        percelen = _vlakken(rng, args.percelen, (15, 70))  # 225-4900 m2 parcels
        print(f"synthetische set: {args.features:,} vectorobjecten + raster 100 m, {args.percelen:,} percelen "
              f"({time.perf_counter() - t0:.1f} s om te maken)")
        cat = Catalogus.uit_bestand(config)
        t0 = time.perf_counter()
        cat.laad_alles()
        print(f"lagen laden en indexeren: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        res = scan_array(percelen, "woningbouw", cat)
        sec = time.perf_counter() - t0
        print(f"WBS-scan: {args.percelen:,} percelen in {sec:.1f} s = {args.percelen / sec:,.0f} percelen/s")
        print(f"  oordelen: {res.telling}")
        print(f"  percelen met minstens één niet-getoetste regel: {res.percelen_niet_volledig_getoetst:,}")
        n = min(args.baseline, args.percelen)
        bsec = baseline(percelen[:n], config)
        print(f"geopandas-baseline (sjoin per laag + rasterio.sample) op {n:,} percelen: {bsec:.1f} s = "
              f"{n / bsec:,.0f} percelen/s (geëxtrapoleerd naar {args.percelen:,}: {bsec * args.percelen / n:.0f} s)")
        print(f"verhouding WBS-scan / baseline: {(args.percelen / sec) / (n / bsec):.1f}x sneller")
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print("(doel: WBS-scan minstens 5x de baseline)")
    print(f"piekgeheugen: {piek:.2f} GB")


if __name__ == "__main__":
    main()
