"""The Plantoets as one call: document in, :class:`Toetsresultaat` out (the JSON of the issue)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from wbs.kader import Kader, laad_kader
from wbs.plan.dekking import STATUS_LABEL, detecteer_regio, relevante_keuzes, status_voor
from wbs.plan.embedding import Embedder
from wbs.plan.embedding import bewijs as emb_bewijs
from wbs.plan.inlezen import Document
from wbs.plan.koppeling import Koppelaar, Link
from wbs.plan.passages import split_passages
from wbs.plan.sterkte import bepaal_sterkte
from wbs.plan.voorbeelden import Voorbeeld, Voorbeeldgeheugen, standaard_voorbeelden


class DocumentInfo(BaseModel):
    pad: str
    sha256: str
    paginas: int | None
    formaat: str
    regio: str | None = Field(None, description="Provincie waar het document over gaat (gedetecteerd)")


class KeuzeLink(BaseModel):
    nr: int
    score: float
    waarom: list[str] = Field(
        default_factory=list, description="Gevonden domeintermen en de meest gelijkende gelabelde passage"
    )
    sterk: bool = Field(
        False,
        description="Sterk bewijs: een specifiek domeinpatroon in de passage of een genoemd "
        "maatregel- of keuzenummer. Alleen zo'n koppeling kan een keuze "
        "'geborgd' of 'afgesproken' maken.",
    )


class PassageUit(BaseModel):
    id: str
    pagina: int | None
    start_line: int
    end_line: int
    tekst: str
    kop: str | None = None
    keuzes: list[KeuzeLink]
    sterkte: str
    sterkte_cue: str | None = None


class Dekking(BaseModel):
    nr: int
    titel: str
    status: str
    label: str
    relevant: bool
    passages: list[str]
    bewijs: str | None = Field(None, description="De passage die het oordeel draagt (id)")
    reden: str | None = Field(None, description="Waarom deze passage het oordeel draagt: sterkte-cue en koppeling")


def _waarom(link: Link, steun: dict[int, Voorbeeld]) -> list[str]:
    """The domain terms found, and the most similar labelled example that gave the same keuze."""
    waarom = list(link.patronen)
    if link.nr in steun:
        waarom.append(f"lijkt op gelabelde passage {steun[link.nr].verwijzing}")
    return waarom


_VOLGORDE = {"bindend": 0, "afspraak": 1, "intentie": 2}


def _draagt(p: PassageUit, nr: int) -> str:
    """The strength passage ``p`` lends keuze ``nr``: its own, where the link rests on strong evidence; a passage
    linked on broad terms or word overlap alone names the keuze ("benoemd") but cannot make it geborgd (a rule on
    topsoil that excludes protection areas is no borging of drinking-water sources)."""
    link = next(x for x in p.keuzes if x.nr == nr)
    return p.sterkte if link.sterk else "intentie"


def _dekking(nr: int, titel: str, uit: list[PassageUit], relevant: bool) -> Dekking:
    gelinkt = [p for p in uit if any(link.nr == nr for link in p.keuzes)]
    # strongest evidence first: binding, then agreement, then by link score
    gelinkt.sort(key=lambda p: (_VOLGORDE[_draagt(p, nr)], -next(x.score for x in p.keuzes if x.nr == nr)))
    status = status_voor([_draagt(p, nr) for p in gelinkt], relevant)
    bewijs = reden = None
    if gelinkt:
        p = gelinkt[0]
        link = next(x for x in p.keuzes if x.nr == nr)
        bewijs = p.id
        delen = [f"r.{p.start_line}-{p.end_line}" + (f" (p.{p.pagina})" if p.pagina else "")]
        if _draagt(p, nr) != "intentie":
            delen.append(f"{p.sterkte} door '{p.sterkte_cue}'" if p.sterkte_cue else p.sterkte)
        elif p.sterkte != "intentie":
            delen.append(
                f"{p.sterkte} door '{p.sterkte_cue}', maar de koppeling steunt alleen op brede termen: telt als benoemd"
            )
        if link.waarom:
            delen.append("gekoppeld door " + ", ".join(f"'{w}'" for w in link.waarom[:3]))
        else:
            delen.append("gekoppeld op woordovereenkomst met de keuzetekst")
        reden = "; ".join(delen)
    return Dekking(
        nr=nr,
        titel=titel,
        status=status,
        label=STATUS_LABEL[status],
        relevant=relevant,
        passages=[p.id for p in gelinkt],
        bewijs=bewijs,
        reden=reden,
    )


class Toetsresultaat(BaseModel):
    document: DocumentInfo
    passages: list[PassageUit]
    dekking: list[Dekking]

    def passage(self, pid: str) -> PassageUit:
        return next(p for p in self.passages if p.id == pid)


_PER_KADER: dict[tuple[str, int], tuple[Kader, object]] = {}


def _per_kader(soort: str, kader: Kader, maak: Callable[[Kader], object]):
    """One index of each kind per Kader object: building BM25 indexes is the slow part of a call."""
    hit = _PER_KADER.get((soort, id(kader)))
    if hit is None or hit[0] is not kader:
        hit = _PER_KADER[(soort, id(kader))] = (kader, maak(kader))
    return hit[1]


def koppelaar_voor(kader: Kader) -> Koppelaar:
    return _per_kader("koppelaar", kader, Koppelaar)


def standaard_geheugen(kader: Kader) -> Voorbeeldgeheugen:
    """The shipped labelled examples, indexed once per Kader."""
    return _per_kader(
        "voorbeelden", kader, lambda k: Voorbeeldgeheugen(standaard_voorbeelden(), [x.nr for x in k.keuzes])
    )


def toets_document(
    doc: Document,
    kader: Kader | None = None,
    voortgang: Callable[[int, int], None] | None = None,
    embedder: Embedder | None = None,
    voorbeelden: Voorbeeldgeheugen | None = None,
) -> Toetsresultaat:
    """Assess ``doc``; ``voortgang(done, total)`` is called per passage (progress bars).

    ``embedder`` (optional, see :mod:`wbs.plan.embedding`) adds a semantic similarity signal.
    ``voorbeelden`` (optional, see :mod:`wbs.plan.voorbeelden`) are labelled passages whose keuzes
    corroborate the vocabulary evidence of similar passages.
    """
    kader = kader or laad_kader()
    koppelaar = koppelaar_voor(kader)
    passages = split_passages(doc)
    teksten = [p.leestekst for p in passages]
    extra = None
    if embedder is not None and passages:
        keuzes = embedder.encode(koppelaar.keuze_teksten)
        extra = emb_bewijs(embedder.encode(teksten) @ keuzes.T)
    uit: list[PassageUit] = []
    for i, p in enumerate(passages, start=1):
        stemmen, steun = voorbeelden.stemmen(teksten[i - 1]) if voorbeelden is not None else (None, {})
        links = (
            []
            if p.kolomkop
            else koppelaar.koppel(p.tekst, None if extra is None else extra[i - 1], context=p.context, steun=stemmen)
        )
        sterkte, cue = bepaal_sterkte(p.tekst, p.inleiding, p.kop)
        uit.append(
            PassageUit(
                **{veld: waarde for veld, waarde in vars(p).items() if veld in PassageUit.model_fields},
                keuzes=[
                    KeuzeLink(nr=link.nr, score=link.score, waarom=_waarom(link, steun), sterk=link.sterk)
                    for link in links
                ],
                sterkte=sterkte,
                sterkte_cue=cue,
            )
        )
        if voortgang:
            voortgang(i, len(passages))
    regio = detecteer_regio(" ".join(r.tekst for r in doc.regels))
    relevant = relevante_keuzes(regio, [k.nr for k in kader.keuzes])
    dekking = [_dekking(k.nr, k.titel, uit, k.nr in relevant) for k in kader.keuzes]
    info = DocumentInfo(pad=doc.pad, sha256=doc.sha256, paginas=doc.paginas, formaat=doc.formaat, regio=regio)
    return Toetsresultaat(document=info, passages=uit, dekking=dekking)
