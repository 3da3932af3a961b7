"""Storage of Plantoets reviews in the monitor database: documents, decisions, finalisations.

The tool proposes links between passages and keuzes; a reviewer (role ``invoerder`` or ``beheerder``)
accepts or rejects a proposal, adds a missed keuze, corrects a passage's strength, with a short note.
Reviews are kept per document version: the SHA-256 of the document's bytes plus its file name. The
assessment the reviewers decide on (passages and proposed links) is frozen when the document is
registered, so re-uploading the same file reopens its reviews on the same proposals.

This module stores plain data; it does not import :mod:`wbs.plan` (capabilities do not import each
other). What a decision means for the coverage matrix and the toetsadvies is :mod:`wbs.plan.review`.
The integrity rules that protect stored data are checked here, against the passages and proposals
handed over at registration:

    register_document(s, user, sha256, naam, resultaat, passages, voorstellen) -> (PlanDocumentInfo, nieuw)
    get_document(s, sha256, naam=None) -> PlanDocument           (NietGevonden; OngeldigeInvoer if ambiguous)
    list_documents(s) -> list[PlanDocumentInfo]
    record_decisions(s, user, doc, beslissingen, expected_version=None) -> list[BeslissingItem]
        raises NietIngelogd / GeenToegang / OngeldigeInvoer (unknown passage or keuze, note too long, ...) /
        Conflict (finalised, or a slot or the document changed since the client read it)
    current_decisions(s, doc) -> list[BeslissingItem]            (latest per slot, withdrawn ones left out)
    decisions(s, doc) -> list[BeslissingItem]                    (all, oldest first: the history)
    open_proposals(s, doc) -> list[tuple[int, int, int]]         (proposed links nobody decided yet)
    finalise(s, user, doc, notitie=None) / reopen(s, user, doc, notitie=None) -> VaststellingItem
    finalisation(s, doc) -> VaststellingItem | None              (the one in force, if finalised)
    history(s, doc) -> list[BeslissingItem | VaststellingItem]   (every write, oldest first)

Every write is recorded with who and when. Decisions and finalisations are append-only (database
triggers refuse UPDATE and DELETE); a later decision on the same slot supersedes the earlier one, which
stays in the history. Every write raises the document's ``versie`` with a compare-and-set, so two
concurrent writers cannot both base a decision on the same state.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor.models import (
    REVIEW_ACTIES,
    Gebruiker,
    PlanBeslissing,
    PlanDocument,
    PlanVaststelling,
)
from wbs.monitor.schemas import from_row

MAX_NOTITIE = 500  # characters: a short note, not a report (the same limit as wbs.plan.review)
MAX_NAAM = 255
MAX_BESLISSINGEN = 5000  # per request: a whole document's proposals fit, an unbounded batch does not
STERKTES = ("bindend", "afspraak", "intentie")
REVIEW_ROLLEN = ("invoerder", "beheerder")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PlanDocumentInfo(BaseModel):
    sha256: str
    naam: str
    geregistreerd_op: datetime
    geregistreerd_door: str
    passages: int
    voorstellen: int
    beslissingen: int
    open: int
    vastgesteld: bool
    versie: int


class BeslissingItem(BaseModel):
    soort: Literal["beslissing"] = "beslissing"
    uid: str
    start_line: int
    end_line: int
    actie: str
    keuze: int | None
    sterkte: str | None
    notitie: str | None
    gebruiker: str
    tijdstip: datetime
    versie: int  # version of the slot after this decision


class VaststellingItem(BaseModel):
    soort: Literal["vaststelling"] = "vaststelling"
    uid: str
    actie: str
    notitie: str | None
    gebruiker: str
    tijdstip: datetime
    beslissingen: int


def _now(now: datetime | None) -> datetime:
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.replace(tzinfo=None, microsecond=0)


def slot(start_line: int, end_line: int, keuze: int | None) -> str:
    """The thing a decision is about: one passage's link to one keuze, or (keuze None) its strength."""
    return f"{start_line}-{end_line}:" + ("sterkte" if keuze is None else f"k{keuze}")


def can_review(user: Gebruiker | None) -> bool:
    return user is not None and user.actief and user.rol in REVIEW_ROLLEN


def _require_reviewer(user: Gebruiker | None) -> Gebruiker:
    if user is None:
        raise fouten.NietIngelogd("log in of gebruik een API-token om koppelingen te beoordelen")
    if not can_review(user):
        raise fouten.GeenToegang(
            f"gebruiker {user.gebruikersnaam} heeft de rol {user.rol}; alleen een invoerder of beheerder "
            "mag koppelingen beoordelen"
        )
    return user


def _check_text(*values: str | None) -> None:
    for v in values:
        if v is not None and "\x00" in v:
            raise fouten.OngeldigeInvoer("invoer bevat een ongeldig teken (NUL)")


# -- documents --------------------------------------------------------------------------------------------


def _info(s: Session, doc: PlanDocument) -> PlanDocumentInfo:
    return from_row(
        PlanDocumentInfo,
        doc,
        passages=len(doc.passages),
        voorstellen=len(doc.voorstellen),
        beslissingen=s.scalar(
            select(func.count()).select_from(PlanBeslissing).where(PlanBeslissing.document_id == doc.id)
        )
        or 0,
        open=len(open_proposals(s, doc)),
        vastgesteld=finalisation(s, doc) is not None,
    )


def check_sha256(sha256: str) -> str:
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise fouten.OngeldigeInvoer(
            "documentversie moet de SHA-256 van het document zijn (64 hexadecimale tekens, kleine letters)"
        )
    return sha256


def register_document(
    s: Session,
    user: Gebruiker | None,
    sha256: str,
    naam: str,
    resultaat: dict,
    passages: list[tuple[int, int]],
    voorstellen: list[tuple[int, int, int]],
    now: datetime | None = None,
) -> tuple[PlanDocumentInfo, bool]:
    """Register a document version for review; an already registered one is returned unchanged.

    ``passages`` are the line ranges of the assessment, ``voorstellen`` the proposed links
    (start_line, end_line, keuze); decisions are checked against them.
    """
    user = _require_reviewer(user)
    check_sha256(sha256)
    _check_text(naam)
    naam = (naam or "").strip()
    if not naam or len(naam) > MAX_NAAM or "/" in naam or "\\" in naam:
        raise fouten.OngeldigeInvoer(f"documentnaam is verplicht: een bestandsnaam van hoogstens {MAX_NAAM} tekens")
    bestaand = s.scalar(select(PlanDocument).where(PlanDocument.sha256 == sha256, PlanDocument.naam == naam))
    if bestaand is not None:
        return _info(s, bestaand), False
    ranges = sorted({(int(a), int(b)) for a, b in passages})
    if any(a < 1 or b < a for a, b in ranges):
        raise fouten.OngeldigeInvoer("een passage heeft een ongeldig regelbereik")
    bekend = set(ranges)
    links = sorted({(int(a), int(b), int(k)) for a, b, k in voorstellen})
    for a, b, k in links:
        if (a, b) not in bekend or k not in KEUZE_NUMMERS:
            raise fouten.OngeldigeInvoer(f"voorstel {a}-{b} keuze {k} hoort niet bij een passage van het document")
    doc = PlanDocument(
        sha256=sha256,
        naam=naam,
        geregistreerd_op=_now(now),
        geregistreerd_door=user.gebruikersnaam,
        resultaat=resultaat,
        passages=[list(r) for r in ranges],
        voorstellen=[list(v) for v in links],
        versie=1,
    )
    s.add(doc)
    try:
        s.flush()
    except IntegrityError as exc:  # registered by someone else at the same moment
        raise fouten.Conflict(
            f"{naam} werd tegelijk door een ander geregistreerd; laad de pagina opnieuw, er is niets opgeslagen"
        ) from exc
    return _info(s, doc), True


def get_document(s: Session, sha256: str, naam: str | None = None) -> PlanDocument:
    check_sha256(sha256)
    _check_text(naam)
    q = select(PlanDocument).where(PlanDocument.sha256 == sha256).order_by(PlanDocument.id)
    if naam:
        q = q.where(PlanDocument.naam == naam)
    rows = list(s.scalars(q))
    if not rows:
        wat = f"{naam} ({sha256[:12]}…)" if naam else f"documentversie {sha256[:12]}…"
        raise fouten.NietGevonden(f"{wat} is niet geregistreerd voor beoordeling; toets en registreer het eerst")
    if len(rows) > 1:
        namen = ", ".join(r.naam for r in rows)
        raise fouten.OngeldigeInvoer(
            f"deze documentversie is onder meer namen geregistreerd ({namen}); geef de naam op"
        )
    return rows[0]


def find_document(s: Session, sha256: str, naam: str) -> PlanDocument | None:
    """The registered document version, or None (no error: an unregistered upload is simply new)."""
    return s.scalar(select(PlanDocument).where(PlanDocument.sha256 == sha256, PlanDocument.naam == naam))


def list_documents(s: Session) -> list[PlanDocumentInfo]:
    return [_info(s, d) for d in s.scalars(select(PlanDocument).order_by(PlanDocument.id))]


# -- decisions --------------------------------------------------------------------------------------------


def _item(b: PlanBeslissing) -> BeslissingItem:
    return BeslissingItem.model_validate(b, from_attributes=True)


def _latest(s: Session, doc: PlanDocument) -> dict[str, PlanBeslissing]:
    laatste: dict[str, PlanBeslissing] = {}
    for b in s.scalars(select(PlanBeslissing).where(PlanBeslissing.document_id == doc.id).order_by(PlanBeslissing.id)):
        laatste[b.slot] = b
    return laatste


def decisions(s: Session, doc: PlanDocument) -> list[BeslissingItem]:
    q = select(PlanBeslissing).where(PlanBeslissing.document_id == doc.id).order_by(PlanBeslissing.id)
    return [_item(b) for b in s.scalars(q)]


def current_decisions(s: Session, doc: PlanDocument) -> list[BeslissingItem]:
    """The decision in force per slot (a withdrawn one leaves its slot undecided), in the order made."""
    laatste = sorted(_latest(s, doc).values(), key=lambda b: b.id)
    return [_item(b) for b in laatste if b.actie != "intrekken"]


def open_proposals(s: Session, doc: PlanDocument) -> list[tuple[int, int, int]]:
    """Proposed links without an accept or reject in force."""
    laatste = _latest(s, doc)
    uit = []
    for a, b, k in doc.voorstellen:
        d = laatste.get(slot(a, b, k))
        if d is None or d.actie not in ("accepteren", "verwerpen"):
            uit.append((a, b, k))
    return uit


def _as_int(v, veld: str, nr: int) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: {veld} moet een geheel getal zijn")
    return v


def _clean(raw: dict, nr: int) -> dict:
    if not isinstance(raw, dict):
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: verwacht een object met start_line, end_line en actie")
    actie = raw.get("actie")
    if actie not in REVIEW_ACTIES:
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: onbekende actie {actie!r}; kies uit {', '.join(REVIEW_ACTIES)}")
    start, end = _as_int(raw.get("start_line"), "start_line", nr), _as_int(raw.get("end_line"), "end_line", nr)
    if start is None or end is None:
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: start_line en end_line van de passage zijn verplicht")
    keuze = _as_int(raw.get("keuze"), "keuze", nr)
    versie = _as_int(raw.get("versie"), "versie", nr)
    sterkte, notitie = raw.get("sterkte"), raw.get("notitie")
    if sterkte is not None and not isinstance(sterkte, str) or notitie is not None and not isinstance(notitie, str):
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: sterkte en notitie moeten tekst zijn")
    _check_text(sterkte, notitie)
    notitie = notitie.strip() or None if notitie is not None else None
    if notitie is not None and len(notitie) > MAX_NOTITIE:
        raise fouten.OngeldigeInvoer(
            f"beslissing {nr}: de notitie is {len(notitie)} tekens; hoogstens {MAX_NOTITIE} (een korte toelichting)"
        )
    if actie == "sterkte":
        if keuze is not None:
            raise fouten.OngeldigeInvoer(f"beslissing {nr}: de sterkte hoort bij de passage; laat keuze weg")
        if sterkte not in STERKTES:
            raise fouten.OngeldigeInvoer(
                f"beslissing {nr}: sterkte {sterkte!r} is onbekend; kies uit {', '.join(STERKTES)}"
            )
    elif actie != "intrekken" or keuze is not None:
        if keuze is None:
            raise fouten.OngeldigeInvoer(f"beslissing {nr}: geef de keuze (1 tot en met 33) waarover u beslist")
        if keuze not in KEUZE_NUMMERS:
            raise fouten.OngeldigeInvoer(f"beslissing {nr}: keuze {keuze} bestaat niet; kies 1 tot en met 33")
        if sterkte is not None:
            raise fouten.OngeldigeInvoer(
                f"beslissing {nr}: de sterkte past u aan met de actie 'sterkte' (zonder keuze), niet met {actie}"
            )
    if versie is not None and versie < 0:
        raise fouten.OngeldigeInvoer(f"beslissing {nr}: versie kan niet negatief zijn")
    return {
        "actie": actie,
        "start_line": start,
        "end_line": end,
        "keuze": keuze,
        "sterkte": sterkte,
        "notitie": notitie,
        "versie": versie,
    }


def _conflict_finalised(s: Session, doc: PlanDocument) -> fouten.Conflict:
    v = finalisation(s, doc)
    wie = f" door {v.gebruiker} op {v.tijdstip:%Y-%m-%d %H:%M}" if v else ""
    return fouten.Conflict(
        f"het toetsadvies van {doc.naam} is vastgesteld{wie}; heropen het eerst om beslissingen te wijzigen. "
        "Er is niets opgeslagen."
    )


def _bump(s: Session, doc: PlanDocument, expected_version: int | None) -> None:
    """Compare-and-set of the document version: one writer at a time bases a write on a state."""
    gelezen = doc.versie
    if expected_version is not None and expected_version != gelezen:
        raise fouten.Conflict(
            f"de beoordeling van {doc.naam} is intussen gewijzigd: u las versie {expected_version}, de huidige is "
            f"{gelezen}. Laad opnieuw; er is niets opgeslagen."
        )
    r = s.execute(
        update(PlanDocument)
        .where(PlanDocument.id == doc.id, PlanDocument.versie == gelezen)
        .values(versie=gelezen + 1)
        .execution_options(synchronize_session=False)
    )
    if r.rowcount != 1:
        s.expire(doc)
        raise fouten.Conflict(
            f"de beoordeling van {doc.naam} werd tegelijk door een ander gewijzigd; "
            "laad opnieuw, er is niets opgeslagen"
        )


def record_decisions(
    s: Session,
    user: Gebruiker | None,
    doc: PlanDocument,
    beslissingen: list[dict],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> list[BeslissingItem]:
    """Store reviewers' decisions, all or none; returns the stored ones (a repeat of a decision in force
    is no change and is not stored again).

    Each decision is a dict with ``start_line``, ``end_line`` (a passage of the document), ``actie``
    (accepteren, verwerpen, toevoegen, sterkte, intrekken), ``keuze`` (1-33; not for sterkte),
    ``sterkte`` (for actie sterkte), ``notitie`` (at most MAX_NOTITIE characters) and optionally
    ``versie``: the version of that slot the client read (0: undecided), for conflict detection.
    """
    user = _require_reviewer(user)
    if not isinstance(beslissingen, list) or not beslissingen:
        raise fouten.OngeldigeInvoer("geef minstens één beslissing")
    if len(beslissingen) > MAX_BESLISSINGEN:
        raise fouten.OngeldigeInvoer(f"te veel beslissingen in één keer; hoogstens {MAX_BESLISSINGEN}")
    schoon = [_clean(raw, nr) for nr, raw in enumerate(beslissingen, start=1)]
    if finalisation(s, doc) is not None:
        raise _conflict_finalised(s, doc)
    passages = {tuple(p) for p in doc.passages}
    voorgesteld = {tuple(v) for v in doc.voorstellen}
    laatste = _latest(s, doc)
    stand = {k: (b.versie, b if b.actie != "intrekken" else None) for k, b in laatste.items()}
    nieuw: list[dict] = []
    for nr, d in enumerate(schoon, start=1):
        a, b, k = d["start_line"], d["end_line"], d["keuze"]
        if (a, b) not in passages:
            raise fouten.OngeldigeInvoer(
                f"beslissing {nr}: het document heeft geen passage op regels {a}-{b}; gebruik de regels van een passage"
            )
        sl = slot(a, b, k)
        versie, geldend = stand.get(sl, (0, None))
        actie = d["actie"]
        if geldend is not None and (geldend.actie, geldend.sterkte, geldend.notitie) == (
            actie,
            d["sterkte"],
            d["notitie"],
        ):
            continue  # the same decision again (a double click, a re-imported file): nothing changes
        if d["versie"] is not None and d["versie"] != versie:
            wie = f" door {laatste[sl].gebruiker}" if sl in laatste else ""
            raise fouten.Conflict(
                f"beslissing {nr}: over regels {a}-{b}"
                + (f" keuze {k}" if k else " (sterkte)")
                + f" is intussen beslist{wie}: u las versie {d['versie']}, de huidige is {versie}. "
                "Er is niets opgeslagen."
            )
        if actie in ("accepteren", "verwerpen") and (a, b, k) not in voorgesteld:
            raise fouten.OngeldigeInvoer(
                f"beslissing {nr}: keuze {k} is niet voorgesteld voor regels {a}-{b}; "
                + (
                    "gebruik 'toevoegen' om een gemiste keuze toe te voegen"
                    if actie == "accepteren"
                    else "een toegevoegde keuze trekt u in met 'intrekken'"
                )
            )
        if actie == "toevoegen" and (a, b, k) in voorgesteld:
            raise fouten.OngeldigeInvoer(
                f"beslissing {nr}: keuze {k} is al voorgesteld voor regels {a}-{b}; gebruik 'accepteren'"
            )
        if actie == "intrekken" and geldend is None:
            raise fouten.OngeldigeInvoer(f"beslissing {nr}: er is geen beslissing over regels {a}-{b} om in te trekken")
        rij = {**d, "slot": sl, "versie": versie + 1}
        nieuw.append(rij)
        stand[sl] = (versie + 1, None if actie == "intrekken" else _Vorig(actie, d["sterkte"], d["notitie"]))
    if not nieuw:
        return []
    _bump(s, doc, expected_version)
    tijd = _now(now)
    rows = [
        PlanBeslissing(
            uid=str(uuid.uuid4()),
            document_id=doc.id,
            slot=r["slot"],
            versie=r["versie"],
            start_line=r["start_line"],
            end_line=r["end_line"],
            actie=r["actie"],
            keuze=r["keuze"],
            sterkte=r["sterkte"],
            notitie=r["notitie"],
            gebruiker=user.gebruikersnaam,
            tijdstip=tijd,
        )
        for r in nieuw
    ]
    s.add_all(rows)
    try:
        s.flush()
    except IntegrityError as exc:
        raise fouten.Conflict(
            "een ander besliste tegelijk over dezelfde passage; laad opnieuw, er is niets opgeslagen"
        ) from exc
    return [_item(r) for r in rows]


class _Vorig:
    """A decision made earlier in the same batch (for the no-change check of a later one)."""

    def __init__(self, actie: str, sterkte: str | None, notitie: str | None) -> None:
        self.actie, self.sterkte, self.notitie = actie, sterkte, notitie


# -- finalisation -----------------------------------------------------------------------------------------


def _vitem(v: PlanVaststelling) -> VaststellingItem:
    return VaststellingItem.model_validate(v, from_attributes=True)


def _last_finalisation_row(s: Session, doc: PlanDocument) -> PlanVaststelling | None:
    q = (
        select(PlanVaststelling)
        .where(PlanVaststelling.document_id == doc.id)
        .order_by(PlanVaststelling.volgnummer.desc())
        .limit(1)
    )
    return s.scalar(q)


def finalisation(s: Session, doc: PlanDocument) -> VaststellingItem | None:
    v = _last_finalisation_row(s, doc)
    return _vitem(v) if v is not None and v.actie == "vaststellen" else None


def _record_finalisation(
    s: Session,
    user: Gebruiker,
    doc: PlanDocument,
    actie: str,
    notitie: str | None,
    now: datetime | None,
    expected_version: int | None,
) -> VaststellingItem:
    vorige = _last_finalisation_row(s, doc)
    aantal = s.scalar(select(func.count()).select_from(PlanBeslissing).where(PlanBeslissing.document_id == doc.id))
    _bump(s, doc, expected_version)
    row = PlanVaststelling(
        uid=str(uuid.uuid4()),
        document_id=doc.id,
        volgnummer=(vorige.volgnummer + 1) if vorige else 1,
        actie=actie,
        notitie=notitie,
        gebruiker=user.gebruikersnaam,
        tijdstip=_now(now),
        beslissingen=aantal or 0,
    )
    s.add(row)
    try:
        s.flush()
    except IntegrityError as exc:
        raise fouten.Conflict("een ander deed tegelijk hetzelfde; laad opnieuw, er is niets opgeslagen") from exc
    return _vitem(row)


def _note(notitie: str | None) -> str | None:
    _check_text(notitie)
    notitie = (notitie or "").strip() or None
    if notitie is not None and len(notitie) > MAX_NOTITIE:
        raise fouten.OngeldigeInvoer(f"de notitie is {len(notitie)} tekens; hoogstens {MAX_NOTITIE}")
    return notitie


def _may_finalise(s: Session, doc: PlanDocument) -> None:
    if finalisation(s, doc) is not None:
        raise _conflict_finalised(s, doc)
    open_ = open_proposals(s, doc)
    if open_:
        voorbeeld = ", ".join(f"regels {a}-{b} keuze {k}" for a, b, k in open_[:3])
        raise fouten.Conflict(
            f"het toetsadvies kan nog niet worden vastgesteld: {len(open_)} voorgestelde koppeling(en) zijn nog "
            f"niet geaccepteerd of verworpen ({voorbeeld}{', …' if len(open_) > 3 else ''})"
        )


def _may_reopen(s: Session, doc: PlanDocument) -> None:
    if finalisation(s, doc) is None:
        raise fouten.Conflict(f"het toetsadvies van {doc.naam} is niet vastgesteld; er valt niets te heropenen")


_MAY = {"vaststellen": _may_finalise, "heropenen": _may_reopen}


def change_finalisation(
    actie: str,
    s: Session,
    user: Gebruiker | None,
    doc: PlanDocument,
    notitie: str | None = None,
    now: datetime | None = None,
    expected_version: int | None = None,
) -> VaststellingItem:
    """Finalise the toetsadvies (``vaststellen``: refused with a Conflict, HTTP 409, while a proposed link is
    undecided) or reopen it so decisions can change again (``heropenen``); recorded like any write."""
    user = _require_reviewer(user)
    notitie = _note(notitie)
    _MAY[actie](s, doc)
    return _record_finalisation(s, user, doc, actie, notitie, now, expected_version)


finalise = partial(change_finalisation, "vaststellen")
reopen = partial(change_finalisation, "heropenen")


def history(s: Session, doc: PlanDocument) -> list[BeslissingItem | VaststellingItem]:
    """Every decision and (re)finalisation of the document, oldest first.

    A finalisation stands right after the decisions that were stored when it was recorded.
    """
    besl = decisions(s, doc)
    vast = s.scalars(
        select(PlanVaststelling).where(PlanVaststelling.document_id == doc.id).order_by(PlanVaststelling.volgnummer)
    )
    items: list[tuple[int, int, BeslissingItem | VaststellingItem]] = [(i, 0, b) for i, b in enumerate(besl, 1)]
    items += [(v.beslissingen, 1, _vitem(v)) for v in vast]
    items.sort(key=lambda t: t[:2])  # stable: finalisations keep their order
    return [t[2] for t in items]
