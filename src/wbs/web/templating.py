"""Shared Jinja2 environment: every capability renders into ``base.html``."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


def getal(waarde: float | int | None, decimalen: int = 0) -> str:
    """Dutch number format: 1.234.567 and 12,5 (thousands with dots, decimals with a comma)."""
    if waarde is None:
        return "–"
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


templates.env.filters["getal"] = getal
