"""Link passages to structurerende keuzes: Dutch-stemmed BM25 plus precise domain patterns.

Each keuze is described by its title, text and measures from the Kader plus curated terms
(``data/keuze_termen.yaml``). A passage is a BM25 query against those 33 descriptions; a
pattern hit is strong evidence on its own. The calibrated threshold lives in
:data:`DREMPEL` (see ``wbs plan evalueer`` and ``tests/data/plan/README.md``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import bm25s
import numpy as np

from wbs.kader import Kader, laad_kader
from wbs.kader.models import normalise_id
from wbs.plan.passages import leestekst
from wbs.plan.termen import KeuzeTermen, laad_termen
from wbs.tekst import tokens

# BM25 score (on the keuze descriptions) that counts as one unit of evidence; a pattern hit counts
# as PATROON_GEWICHT units; a link needs at least 1 unit. Calibrated on the Overijssel and Drenthe development sets.
DREMPEL = 18.0
PATROON_GEWICHT = 1.0
ZWAK_GEWICHT = 0.5  # a broad pattern ("wateroverlast", "KRW") needs corroboration to link
RELATIEF = 0.75  # a BM25-only link must score at least this fraction of the passage's best keuze
MAX_KEUZES = 3
TOP_VERHOUDING = 0.7  # keep links whose evidence is at least this fraction of the strongest link


# A measure or keuze cited by its number is the most precise evidence there is. Measure ids need their
# "M" or "maatregel" so that section numbers ("2.3.2 Deltaplan") are not read as measures.
_MAATREGEL_ID = re.compile(r"\b(?:M|maatregel\s+)(\d\.\d\.\d{1,2}b?)\b", re.IGNORECASE)
_KEUZE_NR = re.compile(r"\b(?:SK\s?|structurerende keuze\s+)(\d{1,2})\b", re.IGNORECASE)


# Reference sections at the back of a document: their entries name subjects without addressing them.
_NASLAG_KOP = re.compile(
    r"\s*(?:bijlage\s+\w+\s*[:.]?\s*)?(?:\d+(?:\.\d+)*\.?\s*)?"
    r"(?:afkortingen(?:lijst)?|begrippen(?:lijst)?|verklarende woordenlijst|literatuur(?:lijst)?"
    r"|bronnenlijst|bronvermelding|colofon)\b",
    re.IGNORECASE,
)


# A list of the keuzes by number and title ("16. Efficient gebruik en beperken bedekking bodem"): the
# number and the opening words of that keuze's title together cite it.
_GENUMMERDE_TITEL = re.compile(r"^\s*(\d{1,2})[.)]?\s+(.+)", re.DOTALL)
TITEL_BEGIN = 25  # characters of the title that must follow the number


# A term in an enumeration of examples is mentioned, not addressed: "gebieden zoals veenweide en zandgronden".
_ALS_VOORBEELD = re.compile(r"\b(?:zoals|bijvoorbeeld|onder andere|o\.a\.|waaronder)\b[^.;:]*$", re.IGNORECASE)


AANKONDIGING_MAX = 80  # characters: a sentence this short that ends in ":" only announces what follows


def _is_aankondiging(tekst: str) -> bool:
    return len(tekst) < AANKONDIGING_MAX and tekst.rstrip().endswith(":")


# A passage about the keuzes as a whole ("de 33 structurerende keuzes", "elk van de structurerende keuzes")
# speaks of the policy, not of one subject: the examples it lists are illustrations (all such development
# passages: no keuze).
# "Bij elke keuze voor een bouwlocatie" is not about the keuzes: "33" or "structurerende" must be there.
_ALLE_KEUZES = re.compile(
    r"\b33\s+(?:structurerende\s+)?keuzes\b"
    r"|\b(?:alle|elke?(?: van de)?(?: 33)?)\s+structurerende\s+keuzes?\b",
    re.IGNORECASE,
)


def _los_van_elkaar(matches: Iterable[re.Match | None]) -> list[re.Match]:
    """Pattern matches minus those overlapping an earlier one: "Drinkwaterbesparing" is one word, so
    it is one hit although both 'drinkwaterbesparing' and 'waterbesparing' match it."""
    gekozen: list[re.Match] = []
    for m in matches:
        if m and not any(m.start() < g.end() and g.start() < m.end() for g in gekozen):
            gekozen.append(m)
    return gekozen


# the columns of ``details`` in :meth:`Koppelaar.koppel`
DETAILS = ("bm25", "bm25_relatief", "genoemd", "ander_genoemd", "sterk", "breed", "uitgesloten", "bewijs")


@dataclass(frozen=True)
class Link:
    nr: int
    score: float  # 0..1
    bm25: float
    patronen: tuple[str, ...]  # matched pattern texts: why the passage was linked
    # strong evidence: a specific domain pattern in the passage itself, or a measure or keuze cited by number (in
    # the passage or the heading it stands under). Only such a link can carry a "geborgd" or "afgesproken" verdict.
    sterk: bool = False


class Koppelaar:
    def __init__(
        self,
        kader: Kader | None = None,
        drempel: float = DREMPEL,
        relatief: float = RELATIEF,
        max_keuzes: int = MAX_KEUZES,
        top_verhouding: float = TOP_VERHOUDING,
        patroon_gewicht: float = PATROON_GEWICHT,
    ) -> None:
        kader = kader or laad_kader()
        data = laad_termen().keuzes
        self.drempel = drempel
        self.relatief = relatief
        self.max_keuzes = max_keuzes
        self.top_verhouding = top_verhouding
        self.patroon_gewicht = patroon_gewicht
        self.nrs = [k.nr for k in kader.keuzes]
        self._nrs = frozenset(self.nrs)
        beschrijvingen = []
        self.patronen: dict[int, list[re.Pattern]] = {}
        self.zwak: dict[int, list[re.Pattern]] = {}
        self.uitsluitingen: dict[int, list[re.Pattern]] = {}
        for k in kader.keuzes:
            extra = data.get(k.nr) or KeuzeTermen()
            delen = [k.titel, k.titel, k.tekst]
            delen += [f"{m.titel or ''} {m.tekst}" for m in k.maatregelen if not m.id.startswith("SK")]
            delen += list(extra.termen) * 2
            beschrijvingen.append(tokens(" ".join(delen)))
            self.patronen[k.nr] = [re.compile(p, re.IGNORECASE) for p in extra.patronen]
            self.zwak[k.nr] = [re.compile(p, re.IGNORECASE) for p in extra.zwakke_patronen]
            self.uitsluitingen[k.nr] = [re.compile(p, re.IGNORECASE) for p in extra.uitsluitingen]
        self._maatregel_keuzes = {
            normalise_id(a): m.keuze
            for m in kader.maatregelen()
            for a in (m.id, *m.aliassen)
            if not m.id.startswith("SK")
        }
        self.bm25 = bm25s.BM25()
        self.bm25.index(beschrijvingen, show_progress=False)
        self.keuze_teksten = [f"{k.titel}. {k.tekst}" for k in kader.keuzes]
        self._titels = {k.nr: " ".join(k.titel.lower().split())[:TITEL_BEGIN] for k in kader.keuzes}

    def scores(self, tekst: str) -> np.ndarray:
        q = tokens(tekst)
        if not q:
            return np.zeros(len(self.nrs))
        return np.asarray(self.bm25.get_scores(q), dtype=float)

    def _losse_hits(self, patronen: list[re.Pattern], tekst: str) -> tuple[str, ...]:
        # two patterns matching the same words ("PvA Drinkwaterbesparing") are one hit, or one word would
        # corroborate itself into a link (for a heading: for every row below it)
        return tuple(m.group(0) for m in _los_van_elkaar(p.search(tekst) for p in patronen))

    def _sterke_hits(self, patronen: list[re.Pattern], tekst: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Strong pattern hits, split off those named only as an example ("zoals veenweide")."""
        sterk, voorbeeld = [], []
        for p in patronen:
            if m := p.search(tekst):
                ervoor = tekst[max(0, m.start() - 40) : m.start()]
                (voorbeeld if _ALS_VOORBEELD.search(ervoor) else sterk).append(m.group(0))
        return tuple(sterk), tuple(voorbeeld)

    def verwijzingen(self, tekst: str) -> dict[int, tuple[str, ...]]:
        """Keuzes the text cites by number: "M1.1.6", "maatregel 3.2.2", "SK22", "structurerende keuze 25"."""
        gevonden: dict[int, list[str]] = {}
        for m in _MAATREGEL_ID.finditer(tekst):
            nr = self._maatregel_keuzes.get(normalise_id(m.group(1)))
            if nr is not None:
                gevonden.setdefault(nr, []).append(m.group(0))
        for m in _KEUZE_NR.finditer(tekst):
            if int(m.group(1)) in self._nrs:
                gevonden.setdefault(int(m.group(1)), []).append(m.group(0))
        if (m := _GENUMMERDE_TITEL.match(tekst)) and (nr := int(m.group(1))) in self._titels:
            if " ".join(m.group(2).lower().split()).startswith(self._titels[nr]):
                gevonden.setdefault(nr, []).append(m.group(0)[:40])  # "16. Efficient gebruik en beperken ..."
        return {nr: tuple(v) for nr, v in gevonden.items()}

    def veto(self, tekst: str, context: str = "") -> bool:
        """Whether the passage addresses no keuze whatever its words: an entry of an abbreviation list or
        bibliography, a bare announcement ("Het betreft de volgende keuzes:") whose list items carry the subject,
        or a passage on all 33 keuzes (the policy as a whole); unless it cites a measure or keuze by number."""
        if _NASLAG_KOP.match(context):
            return True
        return not self.verwijzingen(tekst) and bool(_is_aankondiging(tekst) or _ALLE_KEUZES.search(tekst))

    def koppel(
        self,
        tekst: str,
        extra: np.ndarray | None = None,
        context: str = "",
        steun: np.ndarray | None = None,
        details: np.ndarray | None = None,
    ) -> list[Link]:
        """Links for one passage; ``extra`` is optional evidence per keuze (embedding signal).

        ``steun`` is corroborating evidence per keuze (the votes of similar labelled passages): it is
        added only where the passage's own words already point to the keuze (a pattern, or a BM25
        score near the passage's best), so examples strengthen vocabulary evidence but never link alone; it is
        negative where similar passages had the keuze rejected by a reviewer, and can then undo a link.

        ``context`` is the heading and lead-in the passage stands under: it is read with the passage
        for BM25, but a pattern found only there counts as a broad one (it needs corroboration), since
        every item of a list shares it. A measure or keuze the context cites by number ("Maatregel 1.1.3.",
        heading the steps of its table) counts as strong: the steps are that measure's.

        ``details`` (an array of shape (len(nrs), len(DETAILS)), zero on entry) receives the evidence per keuze for
        the learned combiner (:mod:`wbs.plan.combinatie`); the links returned do not depend on it.
        """
        if self.veto(tekst, context):
            return []
        genoemd = self.verwijzingen(tekst)
        bm = self.scores(leestekst(context, tekst))
        top = float(bm.max()) if bm.size else 0.0
        genoemd_context = self.verwijzingen(context) if context else {}
        links = []
        for i, nr in enumerate(self.nrs):
            if details is not None:
                details[i, :2] = bm[i] / self.drempel, bm[i] / top if top > 0 else 0.0
                details[i, 2] = 1.0 if (nr in genoemd or nr in genoemd_context) else 0.0
                details[i, 3] = 1.0 if genoemd and nr not in genoemd else 0.0
            if genoemd and nr not in genoemd:
                continue  # a passage that cites measures or keuzes by number is about those
            sterk, als_voorbeeld = self._sterke_hits(self.patronen[nr], tekst)
            sterk += genoemd.get(nr, ())
            # two broad patterns matching one word ("programma bodem en ondergrond" and "ondergrond") are one hit
            zwak = self._losse_hits(self.zwak[nr], tekst) + als_voorbeeld
            uitgesloten = any(p.search(tekst) for p in self.uitsluitingen[nr])
            if uitgesloten:
                sterk = zwak = ()  # "KRW" in a passage about swimming water: only BM25 may still link
            else:
                sterk += genoemd_context.get(nr, ())  # "Maatregel 1.1.3." heading the steps of its table
            uit_context = self._losse_hits(self.patronen[nr], context) if context and not (sterk or uitgesloten) else ()
            hits = sterk + zwak + uit_context
            bewijs = (
                bm[i] / self.drempel
                + self.patroon_gewicht * min(len(sterk), 2)
                + ZWAK_GEWICHT * min(len(zwak) + len(uit_context), 2)
            )
            if extra is not None:
                bewijs += float(extra[i])
            if details is not None:
                details[i, 4:8] = (min(len(sterk), 2), min(len(zwak) + len(uit_context), 2), float(uitgesloten), bewijs)
            if not hits and (bm[i] < self.relatief * top) and (extra is None or extra[i] <= 0):
                continue
            if steun is not None:
                bewijs += float(steun[i])
            if bewijs >= 1.0:
                links.append(
                    (
                        bewijs,
                        Link(nr, round(1.0 - math.exp(-bewijs), 3), round(float(bm[i]), 3), hits, sterk=bool(sterk)),
                    )
                )
        if not links:
            return []
        sterkste = max(b for b, _ in links)
        links = [(b, link) for b, link in links if b >= self.top_verhouding * sterkste]
        links.sort(key=lambda bl: -bl[0])
        return [link for _, link in links[: self.max_keuzes]]
