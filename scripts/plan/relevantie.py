"""Two-stage learned linker (an experiment beside lodo.py): first *whether* a passage addresses any keuze, then
*which*.

    python scripts/plan/relevantie.py            # the table of tests/data/plan/README.md, stop 24 (minutes)

The plain ``model`` of lodo.py links a keuze when its own ridge score clears one threshold, so a passage in new
wording links only where one keuze's words are strong enough on their own. ``model+relevantie`` splits the two
questions:

1. relevance: a logistic regression (balanced classes) over the same lexical features, trained on the same
   examples (development gold passages of the training documents and the Kader texts) with one target: does the
   passage address any keuze at all. Pooled over all 33 keuzes, it has far more positives per word than any
   keuze alone;
2. which: a passage whose relevance is at least RELEVANTIE_DREMPEL gets the keuze the ridge model scores highest,
   and a second or third one only where it scores at least RELATIEF_TWEEDE of the best and clears the plain
   model's threshold;
3. cited measure and keuze numbers and the structural vetoes decide as in ``model``.

RELEVANTIE_DREMPEL is chosen by an inner leave-one-document-out over the three training documents (pooled
micro-F1, as ``model`` chooses its threshold). The design and RELATIEF_TWEEDE were fixed before any outer F1 of it
was seen; one diagnostic was seen before: on each held-out document the relevance classifier separates passages
with and without a keuze better than the ridge model's best score does (ROC AUC Drenthe 0.84 against 0.77,
Overijssel 0.77 against 0.73, borgingskalender 0.89 against 0.86; the strategy 0.89 against 0.96, on nine
passages with a keuze). No test set is read (see leerdata.py).
"""

from __future__ import annotations

import argparse
from functools import cache

import lodo
import numpy as np
from leerdata import DOCUMENTEN, passages

RELEVANTIE_DREMPELS = np.round(np.arange(0.20, 0.951, 0.05), 2)
RELATIEF_TWEEDE = 0.7  # a second or third keuze must score this fraction of the passage's best


@cache
def relevantie(uitgesloten: frozenset[str], doc: str) -> np.ndarray:
    """P(the passage addresses some keuze) per passage of ``doc``, from a classifier trained without
    ``uitgesloten``."""
    from sklearn.linear_model import LogisticRegression

    vb = [v for v in lodo._voorbeelden() if v.document not in uitgesloten]
    vec = lodo.vectorizer()
    X = vec.fit_transform([v.tekst for v in vb])
    clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(X, [bool(v.keuzes) for v in vb])
    return clf.predict_proba(vec.transform([p.leestekst for p in passages(doc)]))[:, 1]


def beslis_relevantie(S: np.ndarray, R: np.ndarray, doc: str, drempel_r: float, drempel: float) -> list[set[int]]:
    veto, genoemd = lodo.structuur(doc)
    uit = []
    for i, s in enumerate(S):
        if veto[i] or genoemd[i]:
            uit.append(set() if veto[i] else set(genoemd[i]))
            continue
        if R[i] < drempel_r:
            uit.append(set())
            continue
        volgorde = np.argsort(-s)[: lodo.MAX_KEUZES]
        top = s[volgorde[0]]
        uit.append(
            {lodo.NRS[volgorde[0]]}
            | {lodo.NRS[j] for j in volgorde[1:] if s[j] >= RELATIEF_TWEEDE * top and s[j] >= drempel}
        )
    return uit


@cache
def kies_relevantie_drempel(held_out: str) -> tuple[float, float]:
    """Inner LODO over the training documents: (relevance threshold, the plain model's threshold)."""
    train_docs = [d for d in DOCUMENTEN if d != held_out]
    drempel = lodo.kies_drempel(train_docs, held_out, met_regels=False)
    inner = {
        t: (lodo.model_scores(frozenset({held_out, t}), t), relevantie(frozenset({held_out, t}), t)) for t in train_docs
    }
    return lodo.beste_drempel(
        RELEVANTIE_DREMPELS,
        lambda dr: [lodo.scoor(t, beslis_relevantie(S, R, t, dr, drempel)) for t, (S, R) in inner.items()],
    ), drempel


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Tweetrapskoppelaar: relevantie, dan keuze (experiment naast lodo.py).")
    ap.add_argument("--document", choices=list(DOCUMENTEN), action="append", help="alleen deze weggelaten documenten")
    args = ap.parse_args(argv)

    def voorspel(doc: str) -> dict[str, tuple[list[set[int]], str]]:
        S = lodo.model_scores(frozenset({doc}), doc)
        dr, d = kies_relevantie_drempel(doc)
        R = relevantie(frozenset({doc}), doc)
        return {
            "model": (lodo.beslis(S, doc, d), f" (threshold {d:.3f})"),
            "model+relevantie": (beslis_relevantie(S, R, doc, dr, d), f" (relevance {dr:.2f})"),
        }

    lodo.rapporteer(args.document or DOCUMENTEN, voorspel)


if __name__ == "__main__":
    main()
