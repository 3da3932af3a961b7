"""Split extracted lines into passages a reviewer would cite.

A passage is a paragraph, a bullet, a numbered agreement or a (flattened) table row. PDF
extraction leaves words split across lines, with or without a hyphen, and table rows spread
over several blank-line separated blocks; both are repaired here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from wbs.plan.inlezen import Document, Regel

MAX_TEKENS = 1500
KOLOMKOP_MIN = 5  # a line printed this often, word for word, is the column header of a repeated table
KORTE_INLEIDING = 60  # characters: a lead-in this short borrows the paragraph before it as context
CEL_MAX = 80  # characters: a heading-like line followed by a line this short with no sentence end is a table cell
KOP_MAX_TEKENS, KOP_MAX_WOORDEN = 80, 10  # a heading is a line at most this long
TABEL_MIN_CELLEN = 2  # one stray cell ("Categorie 4") is no table to cite
_OPSOMMINGSTEKENS = ("•", "▪", "◦", "●")  # bullet symbols proper; "-" and "6." also start table cells and title lists
_BULLET = re.compile(rf"^\s*(?:[{''.join(_OPSOMMINGSTEKENS)}\-*–]|\(?[a-z0-9]{{1,2}}[.)])\s+")
_GENUMMERD = re.compile(r"^\s*\d+(?:\.\d+)+\.?\s+\S")  # "2.3.2 Deltaplan ...", "6.2.2. Beekdalen"
_MARKERS = re.compile(r"^\s*(?:[xX](?:\s+[xX])*)\s*$")  # Overijssel's "x x x" columns
_WOORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# A row of a measure table opens with the measure id ("M1.1.4 - PvA", "M3.3.6-", "M99 - SK13"); PDF extraction
# spreads its cells over blank-line separated blocks, which a reviewer still cites as one row.
_MAATREGEL_RIJ = re.compile(r"^\s*M\d+(?:\.\d+)*(?=[\s-]|$)")
MIN_MAATREGEL_RIJEN = 3  # fewer such lines are measures named in prose, not a table
_HOOFDSTUK = re.compile(r"^\s*(?:bijlage|hoofdstuk)\b", re.IGNORECASE)
# A measure or keuze opening its block of a measure table ("Maatregel 1.1.1. In de gebiedsprocessen ...",
# "Structurerende keuze 2 De omvang ..."): the concrete steps, instruments and deadlines after it belong to it
_BLOK_MARKERING = re.compile(r"^(?:maatregel\s+\d\.\d\.\d{1,2}b?|structurerende keuze\s+\d{1,2})\b\.?", re.IGNORECASE)
_ZIN_EINDE = re.compile(r"[.!?:;)]\s*$")


def leestekst(context: str, tekst: str) -> str:
    """A passage as the linker reads it: the heading and lead-in it stands under, then its own text."""
    return f"{context}. {tekst}" if context else tekst


@dataclass(frozen=True)
class Passage:
    id: str
    start_line: int
    end_line: int
    pagina: int | None
    tekst: str
    kop: str | None = None
    # for a list item: the sentence that introduces the list ("... de volgende functies:"); a reviewer
    # reads "• WKO-installaties" as one of the activities banned in a groundwater protection area
    inleiding: str | None = None
    kolomkop: bool = False  # a table's column header repeated all through the document: it addresses nothing

    @property
    def context(self) -> str:
        """The heading and lead-in the passage is read under ("" when it has neither)."""
        return ". ".join(t for t in (self.kop, self.inleiding) if t)

    @property
    def leestekst(self) -> str:
        """The passage as the linker reads it: its context, then its own text."""
        return leestekst(self.context, self.tekst)


def _vocabulaire(regels: list[Regel]) -> Counter[str]:
    return Counter(w.lower() for r in regels for w in _WOORD.findall(r.tekst))


def _plak(links: str, rechts: str, vocab: Counter[str]) -> str:
    """Join two lines, repairing a word split at the line end."""
    links, rechts = links.rstrip(), rechts.strip()
    if not links:
        return rechts
    if not rechts:
        return links
    m_l = re.search(r"([A-Za-zÀ-ÿ]+)(-?)$", links)
    m_r = re.match(r"([a-zà-ÿ]+)", rechts)
    if m_l and m_r:
        heel = (m_l.group(1) + m_r.group(1)).lower()
        if m_l.group(2) == "-" and links[-2:-1].islower():
            return links[:-1] + rechts  # "gebieds-" + "processen"
        # "gezamen" + "lijk": join when the whole word occurs elsewhere and a half does not
        if vocab.get(heel, 0) > 0 and (vocab.get(m_l.group(1).lower(), 0) <= 1 or vocab.get(m_r.group(1), 0) <= 1):
            return links + rechts
    return f"{links} {rechts}"


# Map legends, figure and table captions and stray table cells look like headings in extracted text
# ("Kaart 10. Kaderrichtlijn water", "2 WB21 Inrichting waterbergingsgebieden 11.8 2.4"); taken as the
# heading, their words would be read into every passage after them.
_BIJSCHRIFT = re.compile(r"\b(?:kaart|tabel|figuur|afbeelding|bijlage)\s+\d", re.IGNORECASE)
_PAGINANUMMER = re.compile(r"\d{1,4}$")  # a line with only a number: the page number of a PDF export
_LOS_GETAL = re.compile(r"(?:^|\s)\d+(?:[.,]\d+)?(?=\s|$)")


def _is_kop(tekst: str) -> bool:
    t = tekst.strip()
    return (
        0 < len(t) <= KOP_MAX_TEKENS
        and not _ZIN_EINDE.search(t)
        and (t[0].isupper() or t[0].isdigit())
        and len(t.split()) <= KOP_MAX_WOORDEN
    )


def _is_sectiekop(regel: str) -> bool:
    """A numbered section heading on its own line ("6.2.2 Beekdalen", "5.1.5. Positionering Roden")."""
    t = regel.strip()
    # unlike other headings it may end in ")": "6.4.3 Verdrogingsbestrijding (TOP-gebieden natuur)"
    return (
        bool(_GENUMMERD.match(t))
        and len(t) <= KOP_MAX_TEKENS
        and len(t.split()) <= KOP_MAX_WOORDEN
        and not re.search(r"[.!?:;,]\s*$", t)
        and not _is_bijschrift(t)
    )


def _is_tabelcel(teksten: list[str], i: int, na_cel: bool) -> bool:
    """Whether heading-like line i is a cell of a flattened table ("Zand Eems Annen / Breevenen", then
    "Waterwingebied, ..."): it is followed by another short line. The last cell of a table is followed by a
    paragraph, but so is a heading after the table, so after a cell only a numbered line ("7. Sturing en
    instrumenten") or one that opens a list or a lead-in is a heading again."""
    volgende = next((t for t in teksten[i + 1 :] if t), "")
    if volgende.startswith(_OPSOMMINGSTEKENS) or volgende.endswith(":"):
        return False
    if len(volgende) < CEL_MAX and not re.search(r"[.!?]$", volgende):
        return True
    return na_cel and not re.match(r"(?:[A-Z]{1,2})?\d", teksten[i])


_LIJSTNUMMER = re.compile(r"^\s*(\d{1,2})[.)]\s+\S")


def _in_genummerde_lijst(teksten: list[str], i: int) -> bool:
    """Whether numbered line i ("3. Afspraken maken bestuurlijke partners") is an item of a running list, not a
    numbered heading: item n follows item n-1 or is followed by item n+1. A short item looks like a heading, and a
    heading is no passage, so without this the agreements of a short numbered list would be lost."""
    if not (m := _LIJSTNUMMER.match(teksten[i])):
        return False
    n = int(m.group(1))
    buren = [(teksten[j], n + d) for j, d in ((i - 1, -1), (i + 1, 1)) if 0 <= j < len(teksten)]
    return any((b := _LIJSTNUMMER.match(t)) and int(b.group(1)) == verwacht for t, verwacht in buren)


# Action sheets are forms: a field label then its value on one line ("Datum Vaststellen handreiking in het laatste
# BOW van 2023", "Betrokken IPO en VNG"). Short, such a line looks like a heading, but it is the agreement itself.
_VELDLABEL = re.compile(
    r"^(?:Datum|Doel|Opgave|Portefeuillehouder|Betrokken|Trekker|Planning|Resultaat|Eigenaar"
    r"|Aanleiding(?: en context)?|Huidige situatie|Gewenste situatie|Beschikbare middelen)\s+\S"
)


def _is_bijschrift(tekst: str) -> bool:
    """A caption or table-cell line: not a heading for the passages that follow it."""
    t = tekst.strip()
    return bool(_BIJSCHRIFT.search(t)) or len(_LOS_GETAL.findall(t)) >= 2 or t.isupper()


_EIND_MARKERS = re.compile(r"(?:\s+[xX]){1,8}\s*$")


def _tabel_rijen(regels: list[Regel]) -> list[list[Regel]] | None:
    """Action tables flattened by PDF extraction (e.g. Overijssel): a row runs from a numbered
    line ("2.3.2 Deltaplan ...") to the "x x x" marker line of its columns. None if not a table."""
    markers = sum(1 for r in regels if _MARKERS.match(r.tekst) or _EIND_MARKERS.search(r.tekst))
    nummers = sum(1 for r in regels if _GENUMMERD.match(r.tekst))
    if markers < 5 or nummers < 5:
        return None
    rijen: list[list[Regel]] = []
    cur: list[Regel] = []
    for r in regels:
        if _GENUMMERD.match(r.tekst) and cur and any(x.tekst.strip() for x in cur):
            rijen.append(cur)
            cur = []
        if _MARKERS.match(r.tekst):
            if cur:
                rijen.append(cur)
            cur = []
            continue
        if _EIND_MARKERS.search(r.tekst):
            cur.append(Regel(r.nr, _EIND_MARKERS.sub("", r.tekst), r.pagina))
            rijen.append(cur)
            cur = []
            continue
        if r.tekst.strip():
            cur.append(r)
    if cur:
        rijen.append(cur)
    return [rij for rij in rijen if rij]


def _einde_rij(tekst: str) -> bool:
    """Whether a line ends a measure-table row: the next row, a section or annex heading, or prose."""
    t = tekst.strip()
    return bool(_MAATREGEL_RIJ.match(t)) or _is_sectiekop(t) or bool(_HOOFDSTUK.match(t)) or len(t) > CEL_MAX


def _maatregel_rijen(regels: list[Regel]) -> dict[int, list[Regel]]:
    """The rows of flattened measure tables, by the index of their first line: from a line opening with a
    measure id to the line before the next row, section heading or prose (blank lines between cells dropped)."""
    starts = [i for i, r in enumerate(regels) if _MAATREGEL_RIJ.match(r.tekst)]
    if len(starts) < MIN_MAATREGEL_RIJEN:
        return {}
    rijen: dict[int, list[Regel]] = {}
    for i in starts:
        j = i + 1
        while j < len(regels) and not _einde_rij(regels[j].tekst):
            j += 1
        rijen[i] = regels[i:j]
    return rijen


def _cellen(rij: list[Regel]) -> list[Regel]:
    """A row's non-blank lines, each cell after the first marked "| " so the joined row still shows its columns."""
    uit: list[Regel] = []
    nieuwe_cel = False
    for r in rij:
        if not r.tekst.strip():
            nieuwe_cel = bool(uit)
            continue
        uit.append(Regel(r.nr, f"| {r.tekst.strip()}" if nieuwe_cel else r.tekst, r.pagina))
        nieuwe_cel = False
    return uit


def _blokken(regels: list[Regel]) -> list[tuple[list[Regel], bool]]:
    """Blocks of consecutive non-blank lines, and each measure-table row as one block (flagged True)."""
    rijen = _maatregel_rijen(regels)
    blokken: list[tuple[list[Regel], bool]] = []
    huidig: list[Regel] = []
    i = 0
    while i < len(regels):
        if i in rijen:
            if huidig:
                blokken.append((huidig, False))
                huidig = []
            rij = rijen[i]
            blokken.append((_cellen(rij), True))
            i += len(rij)
            continue
        if regels[i].tekst.strip():
            huidig.append(regels[i])
        elif huidig:
            blokken.append((huidig, False))
            huidig = []
        i += 1
    if huidig:
        blokken.append((huidig, False))
    return blokken


def split_passages(doc: Document) -> list[Passage]:
    vocab = _vocabulaire(doc.regels)
    rijen = _tabel_rijen(doc.regels)
    if rijen is not None:
        return _maak(rijen, vocab, koppen=False)
    # 1. blocks of consecutive non-blank lines; a measure-table row is one block and one unit
    # 2. within a block, a bullet or a numbered item starts a new unit; "x x" marker lines end one
    eenheden: list[list[Regel] | None] = []
    for blok, is_rij in _blokken(doc.regels):
        if is_rij:
            eenheden.extend([blok, [], None])  # a row continues nothing and nothing continues it
            continue
        cur: list[Regel] = []
        for r in blok:
            if _MARKERS.match(r.tekst):
                if cur:
                    eenheden.append(cur)
                cur = []
                eenheden.append([])  # explicit end marker
                continue
            if cur and (_BULLET.match(r.tekst) or _GENUMMERD.match(r.tekst)):
                eenheden.append(cur)
                cur = []
            cur.append(r)
        if cur:
            eenheden.append(cur)
        eenheden.append(None)  # block boundary

    # 3. merge units split by PDF extraction: a unit starting lower-case continues the previous one
    passages: list[list[Regel]] = []
    vorige_open = False
    for e in eenheden:
        if e is None:
            continue
        if e == []:
            vorige_open = False
            continue
        eerste = e[0].tekst.strip()
        vervolg = bool(passages) and vorige_open and eerste[:1].islower() and not _BULLET.match(e[0].tekst)
        if vervolg:
            passages[-1].extend(e)
        else:
            passages.append(list(e))
        vorige_open = True
    return _maak(passages, vocab, koppen=True)


def _maak(groepen: list[list[Regel]], vocab: Counter[str], koppen: bool) -> list[Passage]:
    resultaat: list[Passage] = []
    sectie: str | None = None  # the last numbered section heading ("6.2.2 Beekdalen")
    blok: str | None = None  # the measure or keuze whose block of a measure table this is ("Maatregel 1.1.1.")
    sub: str | None = None  # an unnumbered heading under it ("Maatwerk beekherstel en wateropgave")
    inleiding: str | None = None
    vorige = ""  # the last paragraph that was not a list item
    cel = False  # the last line was a table cell
    tabel: list[tuple[str, list[Regel], str | None]] = []  # consecutive table cells with the heading they stand under
    teksten = [" ".join(" ".join(r.tekst for r in g).split()) for g in groepen]
    # the column header above every table of a measure list ("Concrete stappen Doorwerking ... Agendering", 62 times
    # in the borgingskalender) is kept as a passage, so no line is lost, but addresses nothing; it heads nothing
    # either. A repeated lead-in ("Het betreft de volgende structurerende keuzes:") is a lead-in.
    kolomkoppen = {t for t, n in Counter(teksten).items() if n >= KOLOMKOP_MIN and not t.endswith(":")}

    def voeg_toe(
        tekst: str, regels: list[Regel], kop: str | None, inleiding: str | None = None, kolomkop: bool = False
    ) -> None:
        for deel, (a, b) in _knip(tekst, regels):
            resultaat.append(
                Passage(
                    id=f"p{len(resultaat) + 1}",
                    start_line=a.nr,
                    end_line=b.nr,
                    pagina=a.pagina,
                    tekst=deel,
                    kop=kop,
                    inleiding=inleiding,
                    kolomkop=kolomkop,
                )
            )

    def sluit_tabel(volgende: str = "") -> None:
        # the cells of a flattened table with no row structure left, cited together as one passage; cells right
        # above a measure row are the column header of the measure table ("Maatregel ... | Vervolg")
        if len(tabel) >= TABEL_MIN_CELLEN and not _MAATREGEL_RIJ.match(volgende):
            voeg_toe(" | ".join(t for t, _, _ in tabel), [r for _, rs, _ in tabel for r in rs], tabel[0][2])
        tabel.clear()

    for i, regels in enumerate(groepen):
        if koppen and len(regels) > 1 and _is_sectiekop(regels[0].tekst):
            # a numbered section heading printed right above its first paragraph ("6.4.4 Grondwaterkwaliteit
            # (KRW)" then "In bijlage 6 ..."): it heads this paragraph and the ones after it
            sectie, sub, inleiding = " ".join(regels[0].tekst.split()), None, None
            vorige, blok = "", None
            regels = regels[1:]
        tekst = ""
        for r in regels:
            tekst = _plak(tekst, r.tekst, vocab)
        tekst = " ".join(tekst.split())
        if not tekst:
            continue
        if (
            koppen
            and _is_kop(tekst)
            and len(regels) <= 2
            and not _in_genummerde_lijst(teksten, i)
            and not _VELDLABEL.match(tekst)
        ):
            if _PAGINANUMMER.match(tekst):
                # a page number ends no numbered section, but an unnumbered heading it hides is not known here
                sub, inleiding = None, None
            elif _is_sectiekop(tekst):
                # a bare lead-in under a new section reads that section, not the last paragraph of the one before
                sectie, sub, inleiding, vorige, blok = tekst, None, None, "", None
            elif _is_bijschrift(tekst):
                pass
            elif _is_tabelcel(teksten, i, na_cel=cel):
                cel = True
                tabel.append((tekst, regels, sub or sectie))
                continue
            else:
                sub, inleiding = tekst, None
            sluit_tabel()
            continue
        sluit_tabel(tekst)
        cel = False
        if koppen and teksten[i] in kolomkoppen:
            voeg_toe(tekst, regels, None, kolomkop=True)
            continue
        if m := _BLOK_MARKERING.match(tekst):
            blok, sub, inleiding = m.group(0), None, None
            kop = sectie
        else:
            kop = " · ".join(k for k in (blok, sub or sectie) if k) or None
        lijstitem = koppen and bool(_BULLET.match(tekst))  # bullets and "1.", "a)" items
        voeg_toe(tekst, regels, kop, inleiding if lijstitem else None)
        # a bare lead-in ("Voor de beken:") names no subject, so the paragraph before it is read with it
        kaal = tekst.endswith(":") and len(tekst) < KORTE_INLEIDING and not lijstitem
        if tekst.endswith(":"):  # a list item may itself introduce a sub-list
            inleiding = f"{vorige[-300:]} {tekst}".strip() if kaal else tekst[-400:]
        elif not lijstitem:
            inleiding = None
        if not lijstitem and not kaal:
            vorige = tekst  # "Voor de meren:" after "Voor de beken:" borrows the paragraph both follow
    sluit_tabel()
    return resultaat


def _knip(tekst: str, regels: list[Regel]) -> list[tuple[str, tuple[Regel, Regel]]]:
    """Split over-long passages at sentence ends; line numbers are spread proportionally."""
    if len(tekst) <= MAX_TEKENS:
        return [(tekst, (regels[0], regels[-1]))]
    zinnen = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9•])", tekst)
    delen, cur = [], ""
    for z in zinnen:
        if cur and len(cur) + len(z) > MAX_TEKENS:
            delen.append(cur)
            cur = z
        else:
            cur = f"{cur} {z}".strip()
    if cur:
        delen.append(cur)
    uit, pos = [], 0
    for deel in delen:
        a = regels[min(len(regels) - 1, int(pos / len(tekst) * len(regels)))]
        pos += len(deel) + 1
        b = regels[min(len(regels) - 1, max(0, int(pos / len(tekst) * len(regels)) - 1))]
        if b.nr < a.nr:
            b = a
        uit.append((deel, (a, b)))
    return uit
