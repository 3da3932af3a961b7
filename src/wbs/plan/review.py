"""Review of the Plantoets: the tool proposes links, a reviewer decides. Pure logic, no storage.

A decision is about one passage of one document version (SHA-256 of the document plus its file name;
the passage by its line range) and one of:

- ``accepteren`` / ``verwerpen`` a proposed link to keuze N;
- ``toevoegen`` a keuze the tool missed;
- ``sterkte``: correct the passage's strength (bindend / afspraak / intentie);
- ``intrekken``: withdraw one's earlier decision on that link or strength (the slot is open again).

Later decisions on the same slot (passage + keuze, or passage + strength) supersede earlier ones.
:func:`pas_toe` turns a :class:`~wbs.plan.toets.Toetsresultaat` plus the decisions in force into a
:class:`Beoordeling`: the reviewed result (rejected links gone, added links in, strengths corrected,
coverage recomputed), every link marked ``beoordeeld`` (accepted or added by a named reviewer),
``voorstel`` (undecided) or ``verworpen``, and whether the advice can be finalised (every proposed
link decided). :func:`naar_voorbeelden` turns reviewed passages into labelled examples for
``--voorbeelden`` (:mod:`wbs.plan.voorbeelden`); :func:`naar_jsonl` / :func:`lees_jsonl` are the
offline exchange format of ``wbs plan review export/import``.

Storage (who decided what and when, history, permissions) is the monitor's
(``wbs.monitor.plan_review``); this module never imports it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from wbs.kader.models import KEUZE_NUMMERS
from wbs.plan.dekking import STATUS_LABEL, status_voor
from wbs.plan.fouten import PlanFout
from wbs.plan.sterkte import NIVEAUS
from wbs.plan.toets import Dekking, KeuzeLink, PassageUit, Toetsresultaat

Actie = Literal["accepteren", "verwerpen", "toevoegen", "sterkte", "intrekken"]
ACTIES: tuple[str, ...] = get_args(Actie)
ACTIE_LABEL = {
    "accepteren": "geaccepteerd",
    "verwerpen": "verworpen",
    "toevoegen": "toegevoegd",
    "sterkte": "sterkte aangepast",
    "intrekken": "ingetrokken",
}
MAX_NOTITIE = 500  # characters; the monitor stores at most this many (wbs.monitor.plan_review.MAX_NOTITIE)
TEKST_VOORPROEF = 200  # characters of a passage written to an export, for the offline reader


class ReviewFout(PlanFout):
    """A decision or a decisions file is malformed or does not fit the document (Dutch message)."""


class Beslissing(BaseModel):
    """A decision in force (as stored): who decided what about which passage, and when."""

    model_config = ConfigDict(extra="ignore")

    start_line: int
    end_line: int
    actie: Actie
    keuze: int | None = None
    sterkte: str | None = None
    notitie: str | None = None
    gebruiker: str = Field("", description="wie besliste")
    tijdstip: datetime | None = None
    versie: int = 1
    uid: str | None = None


class _OpPassage(BaseModel):
    """What an oordeel is about: a passage (its id and line range)."""

    passage: str
    start_line: int
    end_line: int


class LinkOordeel(_OpPassage):
    keuze: int
    status: Literal["beoordeeld", "voorstel", "verworpen"]
    herkomst: Literal["voorgesteld", "toegevoegd"]
    door: str | None = None
    op: datetime | None = None
    notitie: str | None = None
    versie: int = 0  # version of this slot (0: never decided), for conflict detection by clients

    @property
    def label(self) -> str:
        if self.status == "voorstel":
            return "voorstel"
        return f"{'toegevoegd' if self.herkomst == 'toegevoegd' else self.status} door {self.door}"


class SterkteOordeel(_OpPassage):
    voorgesteld: str
    sterkte: str
    door: str
    op: datetime | None = None
    notitie: str | None = None
    versie: int = 1


class Vaststelling(BaseModel):
    door: str
    op: datetime
    notitie: str | None = None


class Beoordeling(BaseModel):
    """A Toetsresultaat seen through the decisions in force."""

    resultaat: Toetsresultaat = Field(
        description="Het beoordeelde resultaat: verworpen koppelingen eruit, "
        "toegevoegde erin, sterktes aangepast, dekking herberekend"
    )
    links: list[LinkOordeel]
    sterktes: list[SterkteOordeel]
    verweesd: list[Beslissing] = Field(
        default_factory=list, description="Beslissingen over passages of voorstellen die dit resultaat niet kent"
    )
    per_keuze: dict[int, Literal["beoordeeld", "voorstel", "geen"]]
    open: int
    beoordeeld: int
    verworpen: int
    vastgesteld: Vaststelling | None = None

    _per_link: dict = PrivateAttr(default_factory=dict)

    def link(self, pid: str, nr: int) -> LinkOordeel | None:
        if not self._per_link and self.links:
            self._per_link = {(o.passage, o.keuze): o for o in self.links}
        return self._per_link.get((pid, nr))

    def sterkte(self, pid: str) -> SterkteOordeel | None:
        return next((s for s in self.sterktes if s.passage == pid), None)

    def passage_links(self, pid: str) -> list[LinkOordeel]:
        return [o for o in self.links if o.passage == pid]

    @property
    def kan_vastgesteld_worden(self) -> bool:
        return self.vastgesteld is None and self.open == 0


def voorstellen(res: Toetsresultaat) -> list[tuple[int, int, int]]:
    """The proposed links as (start_line, end_line, keuze)."""
    return [(p.start_line, p.end_line, k.nr) for p in res.passages for k in p.keuzes]


def passage_bereiken(res: Toetsresultaat) -> list[tuple[int, int]]:
    return [(p.start_line, p.end_line) for p in res.passages]


def _plek(b: Beslissing) -> tuple[int, int, int | None]:
    """The slot a decision is about: passage + keuze, or passage + strength (keuze None)."""
    return (b.start_line, b.end_line, b.keuze if b.actie != "sterkte" else None)


def _door(b: Beslissing) -> dict:
    """Who decided, when and why, and the slot's version: what every oordeel takes from its decision."""
    return {"door": b.gebruiker, "op": b.tijdstip, "notitie": b.notitie, "versie": b.versie}


def _geldend(beslissingen: list[Beslissing]) -> dict[tuple[int, int, int | None], Beslissing]:
    """The decision in force per slot: the last one given (a withdrawal empties its slot)."""
    stand: dict[tuple[int, int, int | None], Beslissing] = {}
    for b in beslissingen:
        sleutel = _plek(b)
        if b.actie == "intrekken":
            stand.pop(sleutel, None)
        else:
            stand[sleutel] = b
    return stand


_VOLGORDE = {"bindend": 0, "afspraak": 1, "intentie": 2}


def pas_toe(
    res: Toetsresultaat, beslissingen: list[Beslissing], vastgesteld: Vaststelling | None = None
) -> Beoordeling:
    """The result as reviewed. ``beslissingen`` in the order they were made (later ones supersede)."""
    stand = _geldend(beslissingen)
    versies: dict[tuple[int, int, int | None], int] = {}
    for b in beslissingen:
        versies[_plek(b)] = max(versies.get(_plek(b), 0), b.versie)
    bereik = {(p.start_line, p.end_line): p for p in res.passages}
    gebruikt: set[tuple[int, int, int | None]] = set()
    links: list[LinkOordeel] = []
    sterktes: list[SterkteOordeel] = []
    passages: list[PassageUit] = []
    for p in res.passages:
        sl = (p.start_line, p.end_line)
        passage = {"passage": p.id, "start_line": p.start_line, "end_line": p.end_line}
        nieuwe: list[KeuzeLink] = []
        for k in p.keuzes:
            b = stand.get((*sl, k.nr))
            if b is not None and b.actie in ("accepteren", "verwerpen", "toevoegen"):
                gebruikt.add((*sl, k.nr))
                status = "verworpen" if b.actie == "verwerpen" else "beoordeeld"
                links.append(LinkOordeel(**passage, keuze=k.nr, status=status, herkomst="voorgesteld", **_door(b)))
                if status == "verworpen":
                    continue
            else:
                versie = versies.get((*sl, k.nr), 0)
                links.append(
                    LinkOordeel(**passage, keuze=k.nr, status="voorstel", herkomst="voorgesteld", versie=versie)
                )
            nieuwe.append(k)
        voorgesteld = {k.nr for k in p.keuzes}
        for (a, e, nr), b in stand.items():
            if (a, e) == sl and nr is not None and b.actie == "toevoegen" and nr not in voorgesteld:
                gebruikt.add((a, e, nr))
                nieuwe.append(KeuzeLink(nr=nr, score=1.0, waarom=[f"toegevoegd door {b.gebruiker}"]))
                links.append(LinkOordeel(**passage, keuze=nr, status="beoordeeld", herkomst="toegevoegd", **_door(b)))
        sterkte = p.sterkte
        b = stand.get((*sl, None))
        if b is not None and b.actie == "sterkte" and b.sterkte in NIVEAUS:
            gebruikt.add((*sl, None))
            sterkte = b.sterkte
            sterktes.append(SterkteOordeel(**passage, voorgesteld=p.sterkte, sterkte=b.sterkte, **_door(b)))
        passages.append(p.model_copy(update={"keuzes": nieuwe, "sterkte": sterkte}))
    verweesd = [b for s, b in stand.items() if s not in gebruikt or (s[0], s[1]) not in bereik]
    nieuw_res = res.model_copy(update={"passages": passages})
    dekking, per_keuze = _dekking(res.dekking, passages, links)
    nieuw_res = nieuw_res.model_copy(update={"dekking": dekking})
    return Beoordeling(
        resultaat=nieuw_res,
        links=links,
        sterktes=sterktes,
        verweesd=verweesd,
        per_keuze=per_keuze,
        open=sum(o.status == "voorstel" for o in links),
        beoordeeld=sum(o.status == "beoordeeld" for o in links),
        verworpen=sum(o.status == "verworpen" for o in links),
        vastgesteld=vastgesteld,
    )


def _dekking(
    oud: list[Dekking], passages: list[PassageUit], links: list[LinkOordeel]
) -> tuple[list[Dekking], dict[int, str]]:
    status_link = {(o.passage, o.keuze): o.status for o in links}
    uit, per_keuze = [], {}
    for d in oud:
        gelinkt = [p for p in passages if any(k.nr == d.nr for k in p.keuzes)]
        gelinkt.sort(key=lambda p: (_VOLGORDE[p.sterkte], -next(x.score for x in p.keuzes if x.nr == d.nr)))
        status = status_voor([p.sterkte for p in gelinkt], d.relevant)
        uit.append(
            d.model_copy(update={"status": status, "label": STATUS_LABEL[status], "passages": [p.id for p in gelinkt]})
        )
        staten = {status_link.get((p.id, d.nr)) for p in gelinkt}
        per_keuze[d.nr] = "geen" if not gelinkt else ("voorstel" if "voorstel" in staten else "beoordeeld")
    return uit, per_keuze


def kan_vaststellen(b: Beoordeling) -> tuple[bool, str]:
    """Whether the advice can be finalised now, and if not, why (Dutch)."""
    if b.vastgesteld is not None:
        return False, f"het toetsadvies is al vastgesteld door {b.vastgesteld.door}"
    if b.open:
        return False, (
            f"{b.open} voorgestelde koppeling(en) zijn nog niet geaccepteerd of verworpen; "
            "beslis eerst over elk voorstel"
        )
    return True, "elk voorstel is beslist"


# -- labelled examples ------------------------------------------------------------------------------------


def naar_voorbeelden(
    b: Beoordeling, document: str, leesteksten: dict[str, str] | None = None, bron: str = "beoordeling"
) -> list[dict]:
    """Reviewed passages as labelled examples (lines of a ``--voorbeelden`` file).

    A passage counts when a reviewer decided on at least one of its links and none of its proposals is
    still open; its keuzes are the accepted and added ones (none: a reviewed negative), and ``verworpen`` the
    rejected ones, which count against their keuze on similar passages. ``leesteksten``
    gives a passage's text as the linker reads it (heading, lead-in, passage; see
    :attr:`wbs.plan.passages.Passage.leestekst`), else the heading and passage text are used.
    """
    uit = []
    for p in b.resultaat.passages:
        oordelen = b.passage_links(p.id)
        if not oordelen or any(o.status == "voorstel" for o in oordelen):
            continue
        keuzes = sorted(o.keuze for o in oordelen if o.status == "beoordeeld")
        verworpen = sorted({o.keuze for o in oordelen if o.status == "verworpen"} - set(keuzes))
        tekst = (leesteksten or {}).get(p.id) or (f"{p.kop}. {p.tekst}" if p.kop else p.tekst)
        door = sorted({o.door for o in oordelen if o.door})
        uit.append(
            {
                "document": document,
                "start_line": p.start_line,
                "end_line": p.end_line,
                "tekst": tekst,
                "keuzes": keuzes,
                "verworpen": verworpen,
                "bron": f"{bron} ({', '.join(door)})",
            }
        )
    return uit


def voorbeelden_jsonl(regels: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in regels)


# -- offline exchange (JSONL) -----------------------------------------------------------------------------


class ImportRegel(BaseModel):
    """One line of a decisions file. ``actie`` empty: an open proposal, left as it is."""

    model_config = ConfigDict(extra="ignore")

    document: str = Field(min_length=1, max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    actie: Actie | None = None
    keuze: int | None = None
    sterkte: str | None = None
    notitie: str | None = None
    versie: int | None = Field(None, ge=0)

    def beslissing(self) -> dict:
        return self.model_dump(include={"start_line", "end_line", "actie", "keuze", "sterkte", "notitie", "versie"})


def naar_jsonl(b: Beoordeling, document: str, sha256: str) -> str:
    """The review of a document as JSONL: one line per link (decided or open) and per strength
    correction, in document order. Fill in ``actie`` (and ``notitie``) of an open line to decide it."""
    tekst = {p.id: p.tekst for p in b.resultaat.passages}

    def regel(o: LinkOordeel | SterkteOordeel, keuze: int | None, actie: str | None, sterkte: str | None) -> dict:
        """One line: the slot and its decision as given, plus what the oordeel says about it."""
        return {
            "document": document,
            "sha256": sha256,
            "start_line": o.start_line,
            "end_line": o.end_line,
            "keuze": keuze,
            "actie": actie,
            "sterkte": sterkte,
            "notitie": o.notitie,
            "versie": o.versie,
            "voorgesteld": isinstance(o, LinkOordeel) and o.herkomst == "voorgesteld",
            "door": o.door,
            "op": o.op.isoformat() if o.op else None,
            "tekst": tekst[o.passage][:TEKST_VOORPROEF],
        }

    regels = []
    for p in b.resultaat.passages:
        for o in b.passage_links(p.id):
            actie = (
                None
                if o.status == "voorstel"
                else "toevoegen"
                if o.herkomst == "toegevoegd"
                else "verwerpen"
                if o.status == "verworpen"
                else "accepteren"
            )
            regels.append(regel(o, o.keuze, actie, None))
        s = b.sterkte(p.id)
        if s is not None:
            regels.append(regel(s, None, "sterkte", s.sterkte))
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in regels)


_VELD_NL = {
    "missing": "ontbreekt",
    "int_parsing": "moet een geheel getal zijn",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "string_type": "moet tekst zijn",
    "string_pattern_mismatch": "moet de SHA-256 van het document zijn (64 hexadecimale tekens)",
    "literal_error": f"moet een van deze acties zijn: {', '.join(ACTIES)}",
    "greater_than_equal": "is te klein",
    "string_too_short": "is leeg",
    "string_too_long": "is te lang",
}


def _controleer_regel(r: ImportRegel) -> None:
    if r.end_line < r.start_line:
        raise ValueError("end_line ligt voor start_line")
    if r.actie is None:
        return
    if r.notitie is not None and len(r.notitie.strip()) > MAX_NOTITIE:
        raise ValueError(f"de notitie is {len(r.notitie.strip())} tekens; hoogstens {MAX_NOTITIE}")
    if r.actie == "sterkte":
        if r.sterkte not in NIVEAUS:
            raise ValueError(f"sterkte {r.sterkte!r} is onbekend; kies uit {', '.join(NIVEAUS)}")
        return
    if r.keuze is None and r.actie != "intrekken":
        raise ValueError("keuze ontbreekt")
    if r.keuze is not None and r.keuze not in KEUZE_NUMMERS:
        raise ValueError(f"keuze {r.keuze} bestaat niet; kies 1 tot en met 33")


def lees_jsonl(regels: list[str], pad: str = "beslissingen.jsonl") -> list[ImportRegel]:
    """Parse a decisions file; a bad line is named by its number, in Dutch (:class:`ReviewFout`)."""
    uit = []
    for nr, regel in enumerate(regels, start=1):
        if not regel.strip():
            continue
        try:
            obj = json.loads(regel)
            if not isinstance(obj, dict):
                raise ValueError("verwacht een JSON-object per regel")
            r = ImportRegel.model_validate(obj)
            if "\x00" in json.dumps(obj):
                raise ValueError("bevat een ongeldig teken (NUL)")
            _controleer_regel(r)
        except ValidationError as exc:
            e = exc.errors()[0]
            veld = ".".join(str(x) for x in e.get("loc", ())) or "regel"
            raise ReviewFout(f"{pad} regel {nr}: {veld} {_VELD_NL.get(e['type'], 'is ongeldig')}") from exc
        except ValueError as exc:
            reden = "geen geldige JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
            raise ReviewFout(f"{pad} regel {nr}: {reden}") from exc
        uit.append(r)
    if not uit:
        raise ReviewFout(f"{pad} bevat geen beslissingen.")
    return uit


def controleer_tegen(res: Toetsresultaat, regels: list[ImportRegel], pad: str = "beslissingen.jsonl") -> None:
    """Check that every decided line names a passage of ``res`` (and a proposal, where it must)."""
    passages = set(passage_bereiken(res))
    voorgesteld = set(voorstellen(res))
    for nr, r in enumerate(regels, start=1):
        if r.actie is None:
            continue
        if (r.start_line, r.end_line) not in passages:
            raise ReviewFout(
                f"{pad} beslissing {nr}: het document heeft geen passage op regels {r.start_line}-{r.end_line}"
            )
        if r.actie in ("accepteren", "verwerpen") and (r.start_line, r.end_line, r.keuze) not in voorgesteld:
            raise ReviewFout(
                f"{pad} beslissing {nr}: keuze {r.keuze} is niet voorgesteld voor regels {r.start_line}-{r.end_line}"
            )
