"""Runtime configuration from environment variables, with defaults that need no set-up."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Where WBS keeps its files (SQLite database, generated demo data, saved results).

    ``WBS_DATA_DIR`` overrides; the default is ``~/.local/share/wbs`` (XDG). Created on demand.
    """
    base = os.environ.get("WBS_DATA_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(xdg) / "wbs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_path() -> str:
    """Debian's chromium, used by Playwright browser tests (``WBS_CHROMIUM`` overrides)."""
    return os.environ.get("WBS_CHROMIUM", "/usr/bin/chromium")


# Background map: PDOK's BRT-achtergrondkaart (WMTS, WebMercator tiles, Leaflet {z}/{x}/{y} template).
# Set WBS_ACHTERGRONDKAART_URL to another tile server, or to "" / "uit" for the offline map only.
ACHTERGRONDKAART_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
ACHTERGRONDKAART_BRON = "Kaartgegevens © Kadaster (BRT-achtergrondkaart, PDOK)"
# Address and place search: PDOK Locatieserver (free search). "" / "uit" switches it off.
LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"


def _url(naam: str, standaard: str) -> str | None:
    waarde = os.environ.get(naam)
    if waarde is None:
        return standaard
    waarde = waarde.strip()
    return None if waarde.lower() in ("", "uit", "off", "none") else waarde


def achtergrondkaart_url() -> str | None:
    """Tile URL template of the background map (``WBS_ACHTERGRONDKAART_URL``); None: offline map only."""
    return _url("WBS_ACHTERGRONDKAART_URL", ACHTERGRONDKAART_URL)


def locatieserver_url() -> str | None:
    """PDOK Locatieserver 'free' endpoint for address search (``WBS_LOCATIESERVER_URL``); None: off."""
    return _url("WBS_LOCATIESERVER_URL", LOCATIESERVER_URL)
