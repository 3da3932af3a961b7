"""`wbs lagen ophalen` and `wbs lagen controleer` against a real OGC API Features server (pygeoapi) on loopback.

A proxy in front of pygeoapi fails on purpose (503, slow answers, broken JSON, cut-off files) to test
retries, resumability and error handling. The national service URLs are configuration; here the
sources point at the local server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import rasterio
import yaml
from lagen_server import Proxy, Pygeoapi
from rasterio.transform import from_origin
from shapely.geometry import box
from typer.testing import CliRunner

from wbs.cli.main import app
from wbs.locatie.lagen.bronnen import Bronnen
from wbs.locatie.lagen.controleer import controleer
from wbs.locatie.lagen.fouten import LagenFout
from wbs.locatie.lagen.ophalen import Opties, haal_op

runner = CliRunner()
RD = "EPSG:28992"


# Test fixtures (not real data): Natura 2000-like squares near Zwolle and one large area near the Weerribben;
# two provinces as rough boxes.
N2K = gpd.GeoDataFrame(
    [
        {
            "id": f"n{i:02d}",
            "naamN2K": f"Testgebied {i}",
            "nr": i,
            "geometry": box(
                200000 + (i % 5) * 400,
                500000 + (i // 5) * 400,
                200000 + (i % 5) * 400 + 300,
                500000 + (i // 5) * 400 + 300,
            ),
        }
        for i in range(24)
    ]
    + [{"id": "n24", "naamN2K": "Testgebied Weerribben", "nr": 24, "geometry": box(190000, 522000, 202000, 532000)}],
    crs=RD,
)
PROVINCIES = gpd.GeoDataFrame(
    [
        {"id": "p23", "naam": "Overijssel", "code": "23", "geometry": box(186000, 460000, 270000, 530000)},
        {"id": "p22", "naam": "Drenthe", "code": "22", "geometry": box(200000, 530000, 270000, 580000)},
    ],
    crs=RD,
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    m = tmp_path_factory.mktemp("pygeoapi")
    N2K.to_file(m / "n2k_rd.geojson", driver="GeoJSON")
    N2K.to_crs("OGC:CRS84").to_file(m / "n2k_wgs.geojson", driver="GeoJSON")
    PROVINCIES.to_crs("OGC:CRS84").to_file(m / "provincies.geojson", driver="GeoJSON")
    srv = Pygeoapi(
        m,
        {
            "natura2000": {"pad": m / "n2k_rd.geojson", "rd": True},
            "natura2000_wgs": {"pad": m / "n2k_wgs.geojson"},
            "provinciegebied": {"pad": m / "provincies.geojson"},
        },
    )
    yield srv
    srv.stop()


@pytest.fixture()
def proxy(server):
    p = Proxy(server.url, traag_s=1.5)
    yield p
    p.stop()


def _bron(bron_id: str, laag: str, url: str, collectie: str | None = None, **extra) -> dict:
    b = {
        "id": bron_id,
        "laag": laag,
        "titel": f"test {bron_id}",
        "beheerder": "test",
        "type": "ogcapi-features" if collectie else "bestand",
        "url": url,
        "licentie": "CC0 1.0 (test)",
        "dekking": "nederland",
        "status": "bevestigd",
        "toelichting": "testbron op loopback",
    }
    if collectie:
        b["collectie"] = collectie
    b.update(extra)
    return b


def _bronnen(url: str, **per_bron) -> Bronnen:
    lijst = [
        _bron("t-n2k", "natura2000", url, "natura2000", attributen={"naamN2K": "naam"}, paginagrootte=10),
        _bron(
            "t-n2k-wgs",
            "natura2000",
            url,
            "natura2000_wgs",
            attributen={"naamN2K": "naam"},
            paginagrootte=10,
            standaard=False,
        ),
        _bron("t-provincies", "provincies", url, "provinciegebied", kleine_letters=["naam"]),
    ]
    for b in lijst:
        b.update(per_bron.get(b["id"], {}))
    return Bronnen.model_validate({"bronnen": lijst})


SNEL = Opties(timeout=5, pogingen=3, wacht=0.01)


def _items(proxy: Proxy, collectie: str) -> list[str]:
    return [v for v in proxy.verzoeken if f"/collections/{collectie}/items" in v]


def _sha(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------- paging, CRS, provenance


def test_paging_rd_and_provenance(proxy, tmp_path):
    r = haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)
    assert len(_items(proxy, "natura2000")) == 3  # 25 features, pages of 10, following the 'next' links
    assert "offset=10" in _items(proxy, "natura2000")[1] and "offset=20" in _items(proxy, "natura2000")[2]
    assert all("crs=" in v for v in _items(proxy, "natura2000"))  # the collection lists EPSG:28992: asked in RD
    gdf = pyogrio.read_dataframe(tmp_path / "natura2000.gpkg")
    assert gdf.crs.to_epsg() == 28992 and len(gdf) == 25
    assert "naam" in gdf.columns and "naamN2K" not in gdf.columns  # attribute mapping applied
    bron = N2K.set_index("id").loc[gdf["id"]]
    assert np.allclose(gdf.geometry.area.to_numpy(), bron.geometry.area.to_numpy())
    cat = yaml.safe_load((tmp_path / "lagen.yaml").read_text(encoding="utf-8"))
    laag = cat["lagen"]["natura2000"]
    assert laag["pad"] == "natura2000.gpkg" and laag["laag"] == "natura2000" and laag["demo"] is False
    assert laag["dekking"] == "nederland"
    h = laag["herkomst"]
    assert set(h) == {"url", "datum", "licentie", "aantal", "sha256"}
    assert h["aantal"] == 25 and h["sha256"] == _sha(tmp_path / "natura2000.gpkg")
    assert h["datum"] == dt.date.today() and h["licentie"] == "CC0 1.0 (test)"
    assert h["url"].startswith(f"{proxy.url}/collections/natura2000/items?") and "limit=10" in h["url"]
    assert [x.laag for x in r.lagen] == ["natura2000"] and not r.lagen[0].hergebruikt
    assert not (tmp_path / ".wbs-lagen" / "t-n2k" / "pagina-00001.json").exists()  # pages cleaned up


def test_reprojects_when_the_service_has_no_rd(proxy, tmp_path):
    """natura2000_wgs only offers CRS84: no crs parameter, the bbox goes in CRS84, features are reprojected here."""
    gebied = "199900,499900,201100,500750"  # the first three columns of the two lowest rows
    haal_op(["t-n2k-wgs"], gebied, tmp_path, _bronnen(proxy.url), SNEL)
    items = _items(proxy, "natura2000_wgs")
    assert items and not any("crs=" in v for v in items)
    assert "bbox=6." in items[0] or "bbox=5." in items[0]  # longitude first, in degrees
    gdf = pyogrio.read_dataframe(tmp_path / "natura2000.gpkg")
    assert gdf.crs.to_epsg() == 28992
    verwacht = N2K[N2K.intersects(box(*map(float, gebied.split(","))))]
    assert sorted(gdf["id"]) == sorted(verwacht["id"])
    for _, rij in gdf.iterrows():  # RD -> CRS84 (server file) -> RD (client): within a centimetre
        origineel = N2K.set_index("id").loc[rij["id"]].geometry
        assert np.allclose(rij.geometry.bounds, origineel.bounds, atol=0.01)
    cat = yaml.safe_load((tmp_path / "lagen.yaml").read_text(encoding="utf-8"))
    assert cat["lagen"]["natura2000"]["dekking"] == {"bbox": [199900.0, 499900.0, 201100.0, 500750.0]}


def test_province_area_uses_the_boundary_layer(proxy, tmp_path):
    r = haal_op(["natura2000"], "Overijssel", tmp_path, _bronnen(proxy.url), SNEL)
    items = _items(proxy, "natura2000")
    assert "bbox=186000.000%2C460000.000%2C270000.000%2C530000.000" in items[0] and "bbox-crs=" in items[0]
    cat = yaml.safe_load((tmp_path / "lagen.yaml").read_text(encoding="utf-8"))
    assert cat["lagen"]["natura2000"]["dekking"] == {"provincie": "overijssel"}
    assert cat["lagen"]["provincies"]["dekking"] == "nederland"  # kept: it resolves {provincie: ...}
    prov = pyogrio.read_dataframe(tmp_path / "provincies.gpkg")
    assert sorted(prov["naam"]) == ["drenthe", "overijssel"]  # lower case, as the catalog's dekking expects
    assert {x.laag for x in r.lagen} == {"natura2000", "provincies"}
    with pytest.raises(LagenFout, match="staat niet in de laag 'provincies'"):
        haal_op(["natura2000"], "zeeland", tmp_path / "b", _bronnen(proxy.url), SNEL)
    assert not (tmp_path / "b" / "lagen.yaml").exists()
    oud = Bronnen.model_validate(
        {
            "bronnen": [
                *_bronnen(proxy.url).model_dump()["bronnen"],
                _bron("t-provincie", "provincie", proxy.url, "provinciegebied"),
            ]
        }
    )
    voor = (tmp_path / "lagen.yaml").read_bytes()
    with pytest.raises(LagenFout, match="provinciegrenzen twee keer"):
        haal_op(["provincie"], None, tmp_path, oud, SNEL)
    assert (tmp_path / "lagen.yaml").read_bytes() == voor


def test_provincial_source_covers_only_its_province(proxy, tmp_path):
    bronnen = _bronnen(proxy.url, **{"t-n2k": {"dekking": {"provincie": "overijssel"}}})
    haal_op(["natura2000"], "180000,440000,230000,520000", tmp_path, bronnen, SNEL)
    cat = yaml.safe_load((tmp_path / "lagen.yaml").read_text(encoding="utf-8"))
    assert cat["lagen"]["natura2000"]["dekking"] == {"bbox": [186000.0, 460000.0, 230000.0, 520000.0]}
    r = haal_op(["natura2000"], "drenthe", tmp_path / "b", bronnen, SNEL)
    assert [(b.id, "reikt niet in provincie drenthe" in reden) for b, reden in r.overgeslagen] == [("t-n2k", True)]
    cat = yaml.safe_load((tmp_path / "b" / "lagen.yaml").read_text(encoding="utf-8"))
    assert "natura2000" not in cat["lagen"] and "provincies" in cat["lagen"]


# ------------------------------------------------------------------------------------------- retries and errors


def test_retry_after_transient_failures(proxy, tmp_path):
    proxy.plan = [("/natura2000/items", 503), ("/natura2000/items", 503), ("offset=10", "traag")]
    slapen: list[float] = []
    opties = Opties(timeout=0.5, pogingen=4, wacht=0.25, slaap=slapen.append)  # record the backoff, do not sleep
    haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), opties)
    assert len(pyogrio.read_dataframe(tmp_path / "natura2000.gpkg")) == 25
    assert len(_items(proxy, "natura2000")) == 3 + 3  # two 503s on page 1, one timeout on page 2
    assert slapen == [0.25, 0.5, 0.25]  # exponential backoff per request


def test_gives_up_with_a_dutch_error_and_writes_nothing(proxy, tmp_path):
    proxy.plan = [("/natura2000/items", 503)] * 3
    with pytest.raises(LagenFout, match=r"dienst niet bereikbaar na 3 poging\(en\).*HTTP 503"):
        haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)
    assert not (tmp_path / "lagen.yaml").exists() and not (tmp_path / "natura2000.gpkg").exists()


@pytest.mark.parametrize(
    ("actie", "melding"),
    [("kapot", "geen geldige JSON"), ("html", "content-type text/html"), ("geen-fc", "geen GeoJSON FeatureCollection")],
)
def test_broken_response_leaves_the_catalog_unchanged(proxy, tmp_path, actie, melding):
    haal_op(["provincies"], None, tmp_path, _bronnen(proxy.url), SNEL)  # an earlier, good catalog
    voor = (tmp_path / "lagen.yaml").read_bytes()
    proxy.plan = [("offset=10", actie)]
    with pytest.raises(LagenFout, match=melding):
        haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)
    assert (tmp_path / "lagen.yaml").read_bytes() == voor
    assert not (tmp_path / "natura2000.gpkg").exists()


def test_unreachable_service(tmp_path):
    from lagen_server import vrije_poort

    dood = f"http://127.0.0.1:{vrije_poort()}"
    with pytest.raises(LagenFout, match="dienst niet bereikbaar na 2 poging"):
        haal_op(["natura2000"], None, tmp_path, _bronnen(dood), Opties(timeout=2, pogingen=2, wacht=0))
    assert not (tmp_path / "lagen.yaml").exists()


# ------------------------------------------------------------------------------------------- resumability


def test_resumes_without_fetching_completed_pages_again(proxy, tmp_path):
    proxy.plan = [("offset=20", 503)] * 3  # page 3 fails on every try of the first run
    with pytest.raises(LagenFout):
        haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)
    eerste = list(proxy.verzoeken)
    assert len([v for v in eerste if "/items" in v]) == 2 + 3
    proxy.verzoeken.clear()
    r = haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)
    assert proxy.verzoeken and all("offset=20" in v for v in proxy.verzoeken)  # only the missing page
    assert len(pyogrio.read_dataframe(tmp_path / "natura2000.gpkg")) == 25 and not r.lagen[0].hergebruikt
    cat = (tmp_path / "lagen.yaml").read_bytes()
    proxy.verzoeken.clear()
    r = haal_op(["natura2000"], None, tmp_path, _bronnen(proxy.url), SNEL)  # complete: nothing is fetched
    assert proxy.verzoeken == [] and r.lagen[0].hergebruikt
    assert (tmp_path / "lagen.yaml").read_bytes() == cat
    r = haal_op(
        ["natura2000"], None, tmp_path, _bronnen(proxy.url), Opties(timeout=5, pogingen=3, wacht=0.01, opnieuw=True)
    )
    assert len(_items(proxy, "natura2000")) == 3 and not r.lagen[0].hergebruikt
    # another area is another request: fetched, not mixed with the earlier pages
    proxy.verzoeken.clear()
    haal_op(["natura2000"], "199000,499000,201000,500500", tmp_path, _bronnen(proxy.url), SNEL)
    verwacht = N2K[N2K.intersects(box(199000, 499000, 201000, 500500))]
    assert sorted(pyogrio.read_dataframe(tmp_path / "natura2000.gpkg")["id"]) == sorted(verwacht["id"])
    assert len(verwacht) == 6


# ------------------------------------------------------------------------------------------- files (Atom downloads)


def test_file_download_resumes_a_cut_off_transfer(proxy, tmp_path):
    w = gpd.GeoDataFrame(
        [
            {"naam": "Testwaterschap A", "code": "01", "geometry": box(180000, 480000, 210000, 520000)},
            {"naam": "Testwaterschap B", "code": "02", "geometry": box(210000, 480000, 260000, 520000)},
            {"naam": "Testwaterschap C", "code": "03", "geometry": box(100000, 400000, 120000, 420000)},
        ],
        crs=RD,
    ).to_crs("EPSG:4326")
    w.to_file(tmp_path / "w.gpkg", layer="waterschap", driver="GPKG")
    proxy.bestanden["w.gpkg"] = (tmp_path / "w.gpkg").read_bytes()
    proxy.plan = [("/bestanden/w.gpkg", "afgebroken")]
    bronnen = Bronnen.model_validate({"bronnen": [_bron("t-ws", "waterschappen", f"{proxy.url}/bestanden/w.gpkg")]})
    haal_op(["waterschappen"], "170000,470000,230000,530000", tmp_path / "uit", bronnen, SNEL)
    assert [v for v in proxy.verzoeken if "w.gpkg" in v] == ["/bestanden/w.gpkg"] * 2
    gdf = pyogrio.read_dataframe(tmp_path / "uit" / "waterschappen.gpkg")
    assert gdf.crs.to_epsg() == 28992 and sorted(gdf["naam"]) == ["Testwaterschap A", "Testwaterschap B"]
    assert np.allclose(gdf.total_bounds, [180000, 480000, 260000, 520000], atol=0.5)
    h = yaml.safe_load((tmp_path / "uit" / "lagen.yaml").read_text(encoding="utf-8"))["lagen"]["waterschappen"]
    assert h["herkomst"]["url"].endswith("/bestanden/w.gpkg") and h["herkomst"]["aantal"] == 2


def test_raster_file_is_clipped_and_stored_in_rd(proxy, tmp_path):
    diepte = np.arange(100 * 100, dtype="float32").reshape(100, 100) / 1000
    with rasterio.open(
        tmp_path / "d.tif",
        "w",
        driver="GTiff",
        height=100,
        width=100,
        count=1,
        dtype="float32",
        crs=RD,
        transform=from_origin(200000, 510000, 100, 100),
        nodata=-9999,
    ) as dst:
        dst.write(diepte, 1)
    proxy.bestanden["d.tif"] = (tmp_path / "d.tif").read_bytes()
    bronnen = Bronnen.model_validate(
        {"bronnen": [_bron("t-d", "overstromingsdiepte", f"{proxy.url}/bestanden/d.tif", formaat="raster")]}
    )
    haal_op(None, "201000,505000,203000,508000", tmp_path / "uit", bronnen, SNEL)
    with rasterio.open(tmp_path / "uit" / "overstromingsdiepte.tif") as r:
        assert r.crs.to_epsg() == 28992 and (r.width, r.height) == (20, 30)
        assert tuple(r.bounds) == (201000, 505000, 203000, 508000)
        assert r.read(1)[0, 0] == pytest.approx(diepte[20, 10])
    cat = yaml.safe_load((tmp_path / "uit" / "lagen.yaml").read_text(encoding="utf-8"))
    assert (
        "laag" not in cat["lagen"]["overstromingsdiepte"]
        and cat["lagen"]["overstromingsdiepte"]["herkomst"]["aantal"] == 600
    )


def test_raster_in_another_crs_is_warped_to_rd(proxy, tmp_path):
    with rasterio.open(
        tmp_path / "w.tif",
        "w",
        driver="GTiff",
        height=50,
        width=50,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(6.0, 52.6, 0.002, 0.002),
        nodata=-1,
    ) as dst:
        dst.write(np.full((50, 50), 1.25, dtype="float32"), 1)
    proxy.bestanden["w.tif"] = (tmp_path / "w.tif").read_bytes()
    bronnen = Bronnen.model_validate(
        {"bronnen": [_bron("t-w", "overstromingsdiepte", f"{proxy.url}/bestanden/w.tif", formaat="raster")]}
    )
    haal_op(None, None, tmp_path / "uit", bronnen, SNEL)
    with rasterio.open(tmp_path / "uit" / "overstromingsdiepte.tif") as r:
        assert r.crs.to_epsg() == 28992
        assert 190000 < r.bounds.left < 200000 and 505000 < r.bounds.top < 518000  # near Zwolle in RD
        data = r.read(1, masked=True)
        assert data.count() > 2000 and np.allclose(data.compressed(), 1.25)


# ------------------------------------------------------------------------------------------- the catalog in use


def _laadbaar_in_main(catalogus: Path, tmp_path: Path) -> Path:
    """The catalog as the Locatietoets on this branch can load it.

    The agreed schema adds 'dekking', 'demo', 'herkomst' and the boundary layer ids to the catalog loader
    (the dekking work). Until that is merged, strip what the loader does not know yet; once
    LaagConfig has a 'dekking' field this returns the catalog unchanged and the test is strict."""
    from wbs.locatie.catalogus import LAAG_IDS, LaagConfig

    if "dekking" in LaagConfig.model_fields:
        return catalogus
    data = yaml.safe_load(catalogus.read_text(encoding="utf-8"))
    data["lagen"] = {
        k: {kk: vv for kk, vv in v.items() if kk in LaagConfig.model_fields}
        for k, v in data["lagen"].items()
        if k in LAAG_IDS
    }
    kopie = catalogus.with_name("lagen-zonder-dekking.yaml")
    kopie.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return kopie


def test_written_catalog_loads_in_the_locatietoets(breed, proxy, tmp_path):
    haal_op(["natura2000", "provincies"], None, tmp_path, _bronnen(proxy.url), SNEL)
    catalogus = _laadbaar_in_main(tmp_path / "lagen.yaml", tmp_path)
    plan = "POLYGON((196000 521300, 196400 521300, 196400 521700, 196000 521700, 196000 521300))"
    res = runner.invoke(
        app,
        [
            "locatie",
            "toets",
            "--geometrie",
            plan,
            "--functie",
            "grondwateronttrekking",
            "--lagen",
            str(catalogus),
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    uitslag = json.loads(res.stdout)
    n2k = next(r for r in uitslag["regels"] if r["regel"] == "wbs-33-natura2000-onttrekking")
    assert n2k["verdict"] == "nee-tenzij" and n2k["features"] == ["Testgebied Weerribben (#24)"]
    assert n2k["waarde"] == pytest.approx(300.0)
    # the layers the catalog does not have are reported as not tested, never as no objection
    assert all(r["verdict"] == "niet-getoetst" for r in uitslag["regels"] if r["laag"] == "veenweide")


def test_controleer_reports_per_layer(breed, proxy, tmp_path):
    haal_op(["natura2000", "provincies"], None, tmp_path, _bronnen(proxy.url), SNEL)
    cat = tmp_path / "lagen.yaml"
    res = runner.invoke(app, ["lagen", "controleer", str(cat), "--format", "json"])
    assert res.exit_code == 0, res.output
    per_laag = {c["laag"]: c for c in json.loads(res.stdout)}
    n = per_laag["natura2000"]
    assert n["leesbaar"] and n["crs"] == "EPSG:28992" and n["aantal"] == 25 and n["sha256_klopt"] is True
    assert n["leeftijd_dagen"] == 0 and n["dekking"] == "nederland" and n["opmerkingen"] == []
    assert n["omvang"] == pytest.approx([190000, 500000, 202000, 532000])
    assert per_laag["provincies"]["aantal"] == 2
    # age, a changed file, a missing file
    data = yaml.safe_load(cat.read_text(encoding="utf-8"))
    data["lagen"]["natura2000"]["herkomst"]["datum"] = dt.date.today() - dt.timedelta(days=400)
    data["lagen"]["provincies"]["pad"] = "weg.gpkg"
    cat.write_text(yaml.safe_dump(data), encoding="utf-8")
    with open(tmp_path / "natura2000.gpkg", "ab") as f:
        f.write(b"\0")
    uitkomst = {c.laag: c for c in controleer(cat)}
    assert uitkomst["natura2000"].leesbaar and uitkomst["natura2000"].leeftijd_dagen == 400
    assert uitkomst["natura2000"].sha256_klopt is False
    assert any("400 dagen" in o for o in uitkomst["natura2000"].opmerkingen)
    assert not uitkomst["provincies"].leesbaar and "bestaat niet" in uitkomst["provincies"].fout
    data["lagen"]["natura2000"]["dekking"] = {"provincie": "drenthe"}  # no readable boundary layer now
    cat.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert any("geen leesbare laag 'provincies'" in o for o in controleer(cat)[0].opmerkingen)
    data["lagen"]["provincies"]["pad"] = "provincies.gpkg"
    data["lagen"]["natura2000"]["dekking"] = {"provincie": "zeeland"}
    cat.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert any("zeeland staat niet in de laag" in o for o in controleer(cat)[0].opmerkingen)
    data["lagen"]["provincies"]["pad"] = "weg.gpkg"
    cat.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = runner.invoke(app, ["lagen", "controleer", str(cat)])
    assert res.exit_code == 1 and "niet leesbaar" in res.output and "sha256 wijkt af" in res.output


# ------------------------------------------------------------------------------------------- CLI


def _bronnenbestand(tmp_path: Path, url: str) -> Path:
    pad = tmp_path / "bronnen.yaml"
    pad.write_text(yaml.safe_dump(_bronnen(url).model_dump()), encoding="utf-8")
    return pad


def test_cli_ophalen(breed, proxy, tmp_path):
    bronnen = _bronnenbestand(tmp_path, proxy.url)
    uit = tmp_path / "lagen"
    res = runner.invoke(
        app,
        ["lagen", "ophalen", "natura2000", "--gebied", "overijssel", "--uit", str(uit), "--bronnen", str(bronnen)],
    )
    assert res.exit_code == 0, res.output
    assert "Opgehaald naar" in res.output and "natura2000" in res.output and "provincie overijssel" in res.output
    assert (uit / "lagen.yaml").exists()
    res = runner.invoke(
        app,
        ["lagen", "ophalen", "natura2000", "--gebied", "overijssel", "--uit", str(uit), "--bronnen", str(bronnen)],
    )
    assert res.exit_code == 0 and "al binnen" in res.output


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (["onbekend"], "onbekende laag- of bron-id"),
        (["natura2000", "--gebied", "200000,500000,100000,510000"], "xmin moet kleiner"),
        (["natura2000", "--gebied", "5.1,52.0,5.2,52.1"], "buiten Nederland"),
        (["natura2000", "--gebied", "1,2,3"], "vier getallen"),
        (["natura2000", "--gebied", "Gelre"], "onbekende provincie"),
    ],
)
def test_cli_bad_input(breed, proxy, tmp_path, args, melding):
    bronnen = _bronnenbestand(tmp_path, proxy.url)
    res = runner.invoke(
        app,
        ["lagen", "ophalen", *args, "--uit", str(tmp_path / "uit"), "--bronnen", str(bronnen)],
    )
    assert res.exit_code == 2 and melding in res.output and "Fout:" in res.output
    assert proxy.verzoeken == [] and not (tmp_path / "uit" / "lagen.yaml").exists()


def test_cli_unreachable_service(breed, tmp_path):
    from lagen_server import vrije_poort

    bronnen = _bronnenbestand(tmp_path, f"http://127.0.0.1:{vrije_poort()}")
    res = runner.invoke(
        app,
        [
            "lagen",
            "ophalen",
            "natura2000",
            "--uit",
            str(tmp_path / "uit"),
            "--bronnen",
            str(bronnen),
            "--pogingen",
            "2",
            "--wacht",
            "0",
            "--timeout",
            "2",
        ],
    )
    assert res.exit_code == 2 and "niet bereikbaar" in res.output and "geen catalogus geschreven" in res.output
    assert not (tmp_path / "uit" / "lagen.yaml").exists()
