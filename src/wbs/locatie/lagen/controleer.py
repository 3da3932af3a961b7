"""Check a layer catalog: per layer readable, CRS, feature count, coverage and age (``wbs lagen controleer``).

The catalog is read leniently (only ``pad``, ``laag``, ``crs``, ``dekking``, ``demo`` and ``herkomst``
are looked at) so that a catalog the Locatietoets would reject can still be diagnosed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from wbs.locatie.lagen.fouten import LagenFout

RASTER_EXT = {".tif", ".tiff", ".vrt", ".asc"}
OUD_DAGEN = 365


@dataclass
class LaagControle:
    laag: str
    pad: str
    leesbaar: bool
    soort: str | None = None  # vector | raster
    crs: str | None = None
    aantal: int | None = None  # features, or raster cells
    omvang: list[float] | None = None  # data extent in the file's CRS
    dekking: object = None
    datum: str | None = None  # herkomst.datum
    leeftijd_dagen: int | None = None
    sha256_klopt: bool | None = None
    fout: str | None = None
    opmerkingen: list[str] = field(default_factory=list)

    def als_dict(self) -> dict:
        return asdict(self)


def bestand_sha256(pad: Path) -> str:
    """The SHA-256 of a file (read in blocks), as written in a layer's ``herkomst``."""
    with open(pad, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _crs_tekst(crs) -> str | None:
    if crs is None:
        return None
    from pyproj import CRS

    c = CRS.from_user_input(crs)
    epsg = c.to_epsg()
    return f"EPSG:{epsg}" if epsg else c.name


def lees_catalogus(pad: str | Path) -> dict:
    pad = Path(pad)
    try:
        data = yaml.safe_load(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LagenFout(f"catalogus {pad} bestaat niet") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LagenFout(f"catalogus {pad} is geen leesbare YAML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("lagen"), dict):
        raise LagenFout(f"catalogus {pad} heeft niet de vorm 'lagen: {{laag-id: {{pad: ...}}}}'")
    return data


def controleer_laag(laag_id: str, cfg: object, basis: Path, vandaag: dt.date) -> LaagControle:
    if not isinstance(cfg, dict) or not isinstance(cfg.get("pad"), str):
        return LaagControle(laag_id, str(cfg), False, fout="geen 'pad' opgegeven")
    pad = (basis / cfg["pad"]).resolve()
    c = LaagControle(laag_id, cfg["pad"], False, dekking=cfg.get("dekking"))
    herkomst = cfg.get("herkomst") if isinstance(cfg.get("herkomst"), dict) else None
    if herkomst and herkomst.get("datum"):
        try:
            datum = dt.date.fromisoformat(str(herkomst["datum"]))
            c.datum = datum.isoformat()
            c.leeftijd_dagen = (vandaag - datum).days
        except ValueError:
            c.opmerkingen.append(f"herkomst.datum {herkomst['datum']!r} is geen datum (JJJJ-MM-DD)")
    if not pad.exists():
        c.fout = f"bestand {cfg['pad']} bestaat niet"
        return c
    soort = cfg.get("driver") or ("raster" if pad.suffix.lower() in RASTER_EXT else "vector")
    c.soort = soort
    try:
        if soort == "raster":
            import rasterio

            with rasterio.open(pad) as r:
                c.crs = _crs_tekst(r.crs) if r.crs else None
                c.aantal = int(r.width * r.height)
                c.omvang = [round(float(v), 3) for v in r.bounds]
        else:
            import pyogrio

            info = pyogrio.read_info(pad, layer=cfg.get("laag"), force_feature_count=True, force_total_bounds=True)
            c.crs = _crs_tekst(info["crs"]) if info.get("crs") else None
            c.aantal = int(info["features"])
            if info.get("total_bounds") is not None and c.aantal:
                c.omvang = [round(float(v), 3) for v in info["total_bounds"]]
            if c.aantal:
                pyogrio.read_dataframe(pad, layer=cfg.get("laag"), max_features=1)  # geometry decodes
    except Exception as exc:  # noqa: BLE001 - GDAL/rasterio raise many types; report, do not crash
        c.fout = f"niet leesbaar: {exc}"
        return c
    c.leesbaar = True
    if c.crs is None:
        if cfg.get("crs"):
            c.crs = f"{cfg['crs']} (uit de catalogus)"
        else:
            c.leesbaar = False
            c.fout = "geen coördinatenstelsel in het bestand en geen 'crs' in de catalogus"
    elif c.crs != "EPSG:28992":
        c.opmerkingen.append(f"{c.crs}: wordt bij het laden naar EPSG:28992 omgezet")
    if c.dekking is None:
        c.opmerkingen.append("geen dekking opgegeven: buiten de data is niet te onderscheiden van 'niets gevonden'")
    elif isinstance(c.dekking, dict) and "bestand" in c.dekking and not (basis / str(c.dekking["bestand"])).exists():
        c.opmerkingen.append(f"dekkingsbestand {c.dekking['bestand']} bestaat niet")
    if cfg.get("demo") is True:
        c.opmerkingen.append("demodata, geen officiële bron")
    if herkomst is None:
        c.opmerkingen.append("geen herkomst (url, datum, licentie) vastgelegd")
    else:
        if herkomst.get("sha256"):
            c.sha256_klopt = bestand_sha256(pad) == str(herkomst["sha256"])
            if not c.sha256_klopt:
                c.opmerkingen.append("bestand gewijzigd sinds het ophalen (sha256 wijkt af van de herkomst)")
        if (
            isinstance(herkomst.get("aantal"), int)
            and c.aantal is not None
            and soort == "vector"
            and herkomst["aantal"] != c.aantal
        ):
            c.opmerkingen.append(f"{c.aantal} objecten, de herkomst noemt er {herkomst['aantal']}")
    if c.leeftijd_dagen is not None and c.leeftijd_dagen > OUD_DAGEN:
        c.opmerkingen.append(f"opgehaald {c.leeftijd_dagen} dagen geleden: controleer of er een nieuwere versie is")
    if c.aantal == 0:
        c.opmerkingen.append("leeg: geen objecten (binnen de dekking betekent dat 'niets gevonden')")
    return c


def controleer(pad: str | Path, vandaag: dt.date | None = None) -> list[LaagControle]:
    """Check every layer of the catalog at ``pad``."""
    pad = Path(pad)
    data = lees_catalogus(pad)
    vandaag = vandaag or dt.date.today()
    basis = pad.resolve().parent
    uitkomst = [controleer_laag(str(laag_id), cfg, basis, vandaag) for laag_id, cfg in data["lagen"].items()]
    namen = _provincienamen(data["lagen"].get("provincies"), basis)
    for c in uitkomst:
        if isinstance(c.dekking, dict) and "provincie" in c.dekking:
            p = str(c.dekking["provincie"]).lower()
            if namen is None:
                c.opmerkingen.append(
                    f"dekking provincie {p}, maar de catalogus heeft geen leesbare laag 'provincies' "
                    "om die grens uit te lezen"
                )
            elif p not in namen:
                c.opmerkingen.append(f"dekking provincie {p} staat niet in de laag 'provincies'")
    return uitkomst


def _provincienamen(cfg: object, basis: Path) -> set[str] | None:
    """Lower-case names in the catalog's ``provincies`` layer, or None when it is missing or unreadable."""
    if not isinstance(cfg, dict) or not isinstance(cfg.get("pad"), str):
        return None
    try:
        import pyogrio

        df = pyogrio.read_dataframe(basis / cfg["pad"], layer=cfg.get("laag"), columns=["naam"], read_geometry=False)
    except Exception:  # noqa: BLE001 - reported per layer already
        return None
    return {str(n).lower() for n in df["naam"]} if "naam" in df.columns else None
