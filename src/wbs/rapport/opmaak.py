"""Dutch formatting shared by reports, web pages and the CLI: numbers, plurals, marked passages."""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def getal(waarde: float | int | None, decimalen: int = 0) -> str:
    """Dutch number format: 1.234.567 and 12,5 (thousands with dots, decimals with a comma)."""
    if waarde is None:
        return "–"
    tekst = f"{waarde:,.{decimalen}f}"
    return tekst.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """``1 perceel``, ``2 percelen``, ``1.234 passages``: a count with the right Dutch noun form."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


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
        delen += [escape(tekst[pos : m.start()]), Markup("<mark>%s</mark>") % m.group(0)]
        pos = m.end()
    delen.append(escape(tekst[pos:]))
    return Markup("").join(delen)
