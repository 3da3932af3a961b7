"""Shared Jinja2 environment: every capability renders into ``base.html``."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))


def getal(waarde: float | int | None, decimalen: int = 0) -> str:
    """Dutch number format: 1.234.567 and 12,5 (thousands with dots, decimals with a comma)."""
    if waarde is None:
        return "–"
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def markeer(tekst: str, termen: list[str]) -> Markup:
    """The text, escaped, with every word that holds a matched term in <mark> (case-insensitive; a stem such as
    "waterwin" marks all of "drinkwaterwinning"); terms not in the text itself (found in its heading) mark nothing."""
    termen = sorted({t.strip() for t in termen if t and t.strip()}, key=len, reverse=True)
    if not termen:
        return escape(tekst)
    alternatieven = "|".join(re.escape(t) for t in termen)
    patroon = re.compile(rf"\w*(?:{alternatieven})\w*", re.IGNORECASE)
    delen, pos = [], 0
    for m in patroon.finditer(tekst):
        delen += [escape(tekst[pos:m.start()]), Markup("<mark>%s</mark>") % m.group(0)]
        pos = m.end()
    delen.append(escape(tekst[pos:]))
    return Markup("").join(delen)


templates.env.filters["getal"] = getal
templates.env.filters["markeer"] = markeer
