"""Self-training on the held-out document (an experiment beside lodo.py): does the learned linker carry over
better when it may read the unlabelled text of the document it is asked to link?

    python scripts/plan/zelftraining.py            # the table of tests/data/plan/README.md, stop 24 (minutes)

A user's plan is in hand when it is assessed, so its own wording is free to learn from; only its labels are not.
``model+zelf`` does one round of self-training per held-out document:

1. the ``model`` of lodo.py (trained without the held-out document, threshold by inner LODO) scores its passages;
2. pseudo-labels in the document's own wording: a passage that cites a measure or keuze number gets those keuzes;
   a passage whose decided links all score at least threshold + ZEKER_MARGE keeps them; a passage whose best
   keuze scores below ONZEKER_FACTOR x threshold gets none (a negative); the rest stays unlabelled;
3. vectorizer and ridge model are fitted again on the training examples plus these pseudo-labelled passages (each
   with weight PSEUDO_GEWICHT), so words only this document uses can enter the model through the passages they
   share with confident ones;
4. the threshold of the refitted model is chosen by an inner LODO that repeats steps 1-3 on each training document.

The four settings below were fixed before any outer figure was seen; nothing in the method reads a label of the
held-out document. No test set is read (see leerdata.py).
"""

from __future__ import annotations

import argparse
from functools import cache

import lodo
import numpy as np
from leerdata import DOCUMENTEN, Voorbeeld, passages

ZEKER_MARGE = 0.1  # a decided link is a confident pseudo-label from threshold + this on
ONZEKER_FACTOR = 0.5  # a passage whose best keuze scores below this fraction of the threshold is a pseudo-negative
PSEUDO_GEWICHT = 1.0  # weight of a pseudo-labelled passage against a labelled one
RONDES = 1


def pseudo_labels(S: np.ndarray, doc: str, drempel: float, met_negatieven: bool = True) -> list[Voorbeeld]:
    """Confident positives and (``met_negatieven``) negatives of ``doc`` from its scores ``S`` (no label of ``doc``
    is read). Round 2, added after round 1's outer figures were seen: positives only."""
    veto, genoemd = lodo.structuur(doc)
    besluit = lodo.beslis(S, doc, drempel)
    uit = []
    for i, p in enumerate(passages(doc)):
        if veto[i]:
            continue
        ks: frozenset[int] | None = None
        if genoemd[i]:
            ks = frozenset(genoemd[i])
        elif besluit[i] and all(S[i][lodo.NRS.index(nr)] >= drempel + ZEKER_MARGE for nr in besluit[i]):
            ks = frozenset(besluit[i])
        elif met_negatieven and S[i].max() < ONZEKER_FACTOR * drempel:
            ks = frozenset()
        if ks is not None:
            uit.append(Voorbeeld(p.leestekst, ks, None, doc, "pseudo"))
    return uit


def fit(voorbeelden: list[Voorbeeld], gewichten: np.ndarray):
    from sklearn.linear_model import Ridge

    vec = lodo.vectorizer()
    X = vec.fit_transform([v.tekst for v in voorbeelden])
    return vec, Ridge(alpha=1.0).fit(X, lodo.doelen(voorbeelden), sample_weight=gewichten)


@cache
def zelf_scores(uitgesloten: frozenset[str], doc: str, drempel: float, met_negatieven: bool = True) -> np.ndarray:
    """Scores of ``doc`` after self-training on it, starting from the model trained without ``uitgesloten``."""
    basis = [v for v in lodo._voorbeelden() if v.document not in uitgesloten]
    S = lodo.model_scores(uitgesloten, doc)
    for _ in range(RONDES):
        pseudo = pseudo_labels(S, doc, drempel, met_negatieven)
        vb = basis + pseudo
        gewichten = np.array([1.0] * len(basis) + [PSEUDO_GEWICHT] * len(pseudo))
        vec, m = fit(vb, gewichten)
        S = m.predict(vec.transform([p.leestekst for p in passages(doc)]))
    return S


@cache
def kies_zelf_drempel(held_out: str, d_model: float, met_negatieven: bool = True) -> float:
    """Inner LODO: self-train on each training document (pseudo-labels at ``d_model``, the plain model's inner-LODO
    threshold, which no label of ``held_out`` touches), then pick the threshold of the refitted scores with the best
    pooled micro-F1."""
    train_docs = [d for d in DOCUMENTEN if d != held_out]
    inner = {t: zelf_scores(frozenset({held_out, t}), t, d_model, met_negatieven) for t in train_docs}
    return lodo.beste_drempel(lodo.DREMPELS, lambda d: [lodo.scoor(t, lodo.beslis(inner[t], t, d)) for t in train_docs])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Zelftraining op het weggelaten document (experiment naast lodo.py).")
    ap.add_argument("--document", choices=list(DOCUMENTEN), action="append", help="alleen deze weggelaten documenten")
    ap.add_argument("--zonder-negatieven", action="store_true", help="ronde 2: alleen zekere positieve pseudo-labels")
    args = ap.parse_args(argv)
    met_negatieven = not args.zonder_negatieven

    def voorspel(doc: str) -> dict[str, tuple[list[set[int]], str]]:
        d_model = lodo.kies_drempel([d for d in DOCUMENTEN if d != doc], doc, met_regels=False)
        d_zelf = kies_zelf_drempel(doc, d_model, met_negatieven)
        return {
            "model": (
                lodo.beslis(lodo.model_scores(frozenset({doc}), doc), doc, d_model),
                f" (threshold {d_model:.3f})",
            ),
            "model+zelf": (
                lodo.beslis(zelf_scores(frozenset({doc}), doc, d_model, met_negatieven), doc, d_zelf),
                f" (threshold {d_zelf:.3f})",
            ),
        }

    lodo.rapporteer(args.document or DOCUMENTEN, voorspel)


if __name__ == "__main__":
    main()
