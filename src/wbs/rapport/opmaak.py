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


def getal_kort(waarde: float | int | None, max_decimalen: int = 2) -> str:
    """Dutch number with only the decimals it needs: 100, 9,3, 118,5 (never "100.0")."""
    if waarde is None:
        return "–"
    tekst = getal(waarde, max_decimalen)
    if "," in tekst:
        tekst = tekst.rstrip("0").rstrip(",")
    return tekst


def aantal(n: int, enkelvoud: str, meervoud: str) -> str:
    """``1 perceel``, ``2 percelen``, ``1.234 passages``: a count with the right Dutch noun form."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


_CITAAT = re.compile(r"^\s*([A-Za-z0-9._-]+\.txt):(\d+)(?:-(\d+))?\s*$")


def bronlink(bron: object) -> Markup:
    """A citation as a link to the cited lines on ``/bronnen/...``, with the document's title first:
    ``wbs-borgingskalender.txt:552-553`` becomes "Borgingskalender WBS, regels 552-553". Takes a citation
    string (several joined by ';' give several links), an object with ``bestand`` and ``regels``, or None."""
    from wbs.bronnen import bron_titel

    if bron is None or bron == "":
        return Markup("")
    if hasattr(bron, "bestand") and hasattr(bron, "regels"):
        van, tot = bron.regels
        delen = [(bron.bestand, int(van), int(tot), None)]
    else:
        delen = []
        for stuk in str(bron).split(";"):
            m = _CITAAT.match(stuk)
            if m:
                van = int(m.group(2))
                delen.append((m.group(1), van, int(m.group(3) or van), None))
            elif stuk.strip():
                delen.append((None, 0, 0, stuk.strip()))
    links = []
    for bestand, van, tot, tekst in delen:
        if bestand is None:
            links.append(escape(tekst))
            continue
        regels = f"regel {van}" if van == tot else f"regels {van}-{tot}"
        citaat = f"{bestand}:{van}" if van == tot else f"{bestand}:{van}-{tot}"
        links.append(
            Markup('<a class="bron bronlink" href="/bronnen/%s?van=%d&amp;tot=%d#r%d" title="%s">%s, %s</a>')
            % (bestand, van, tot, van, citaat, bron_titel(bestand), regels)
        )
    return Markup("; ").join(links)


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
