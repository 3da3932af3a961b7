"""The toetsadvies: tekst summary, standalone HTML (sendable as is) and PDF."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from wbs import rapport
from wbs.bronnen import bron_sha256
from wbs.kader import laad_kader
from wbs.kader.models import SEED_FILES
from wbs.plan.dekking import STATUS_LABEL, STATUS_VOLGORDE
from wbs.plan.review import Beoordeling
from wbs.plan.toets import Toetsresultaat
from wbs.rapport.opmaak import aantal, getal

ADVIES = {
    "geborgd": "Geborgd in een bindende passage. Controleer of de regel het hele relevante gebied dekt.",
    "afgesproken": "Er is een concrete afspraak; leg vast wanneer en met welk instrument (verordening, "
    "omgevingswaarde, instructieregel) de borging bindend wordt.",
    "benoemd": "Alleen als ambitie of verkenning benoemd: maak er een afspraak met actor en termijn van, "
    "of borg het in de omgevingsverordening.",
    "ontbreekt": "Geen passage gevonden. Dat bewijst niet dat het onderwerp ontbreekt; ga na of de keuze "
    "elders is geregeld, en neem haar anders op.",
    "niet-relevant": "Deze gebiedsgerichte keuze speelt niet in deze regio.",
}


def samenvatting(res: Toetsresultaat) -> dict:
    telling = Counter(d.status for d in res.dekking)
    return {
        "telling": [(s, STATUS_LABEL[s], telling.get(s, 0)) for s in STATUS_VOLGORDE],
        "gekoppeld": sum(1 for p in res.passages if p.keuzes),
        "passages": len(res.passages),
        "relevant": sum(1 for d in res.dekking if d.relevant),
    }


def context(res: Toetsresultaat, max_passages: int = 3, beoordeling: Beoordeling | None = None) -> dict:
    """What the toetsadvies and the web page show. With ``beoordeling`` (see :mod:`wbs.plan.review`) the
    reviewed result is shown, every link marked as reviewed or as a proposal, rejected links listed apart."""
    kader = laad_kader()
    if beoordeling is not None:
        res = beoordeling.resultaat
    per_keuze = []
    for d in res.dekking:
        k = kader.keuze(d.nr)
        bewijs = [res.passage(pid) for pid in d.passages[:max_passages]]
        item = {
            "d": d,
            "k": k,
            "bewijs": bewijs,
            "meer": max(0, len(d.passages) - max_passages),
            "advies": ADVIES[d.status],
        }
        if beoordeling is not None:
            item["review"] = beoordeling.per_keuze.get(d.nr, "geen")
            item["verworpen"] = [
                (res.passage(o.passage), o) for o in beoordeling.links if o.keuze == d.nr and o.status == "verworpen"
            ]
        per_keuze.append(item)
    # a shipped seed document (same name and same bytes) can be opened at the cited lines (/bronnen/...)
    naam = Path(res.document.pad or "").name
    bron = naam if naam in SEED_FILES and bron_sha256(naam) == res.document.sha256 else None
    uit = {
        "res": res,
        "samenvatting": samenvatting(res),
        "per_keuze": per_keuze,
        "datum": date.today(),
        "labels": STATUS_LABEL,
        "bron_bestand": bron,
    }
    if beoordeling is not None:
        uit["beoordeling"] = beoordeling
    return uit


def naar_html(res: Toetsresultaat, beoordeling: Beoordeling | None = None) -> str:
    return rapport.vul_sjabloon(
        "plan/toetsadvies.html", **(context(res, beoordeling=beoordeling) | {"css": rapport.css()})
    )


def naar_pdf(res: Toetsresultaat, beoordeling: Beoordeling | None = None) -> bytes:
    return rapport.html_naar_pdf(naar_html(res, beoordeling))


def naar_tekst(res: Toetsresultaat) -> str:
    s = samenvatting(res)
    regels = [
        f"Toetsadvies Water en Bodem Sturend: {res.document.pad}",
        f"Regio: {res.document.regio or 'onbekend'} · {aantal(s['passages'], 'passage', 'passages')}, "
        f"{getal(s['gekoppeld'])} gekoppeld",
    ]
    regels += [f"  {label}: {n}" for _, label, n in s["telling"]]
    regels.append("")
    for d in res.dekking:
        regels.append(f"Keuze {d.nr:>2} {d.status:<13} {d.titel}")
        if d.reden:
            regels.append(f"      oordeel gedragen door {d.bewijs}: {d.reden}")
        for pid in d.passages[:2]:
            p = res.passage(pid)
            plek = (f"onder '{p.kop}', " if p.kop else "") + (f"p.{p.pagina} " if p.pagina else "")
            regels.append(f"      [{p.sterkte}] {plek}r.{p.start_line}-{p.end_line}: {p.tekst[:110]}")
    return "\n".join(regels) + "\n"
