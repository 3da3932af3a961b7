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
