"""The decision rules of the stop-24 LODO experiments (scripts/plan/zelftraining.py and relevantie.py)."""

from __future__ import annotations

import numpy as np
import pytest
from plan_hulp import laad_script

DOC = "overijssel"


@pytest.fixture(scope="module")
def zelf():
    return laad_script("zelftraining")


@pytest.fixture(scope="module")
def rel():
    return laad_script("relevantie")


def _vrije_passages(mod, n: int) -> tuple[list[int], int | None, int | None]:
    """n passages with no veto and no cited number, one that cites a number and one with a veto."""
    veto, genoemd = mod.lodo.structuur(DOC)
    vrij = [i for i in range(len(veto)) if not veto[i] and not genoemd[i]][:n]
    geciteerd = next((i for i in range(len(veto)) if genoemd[i] and not veto[i]), None)
    gevetood = next((i for i in range(len(veto)) if veto[i]), None)
    return vrij, geciteerd, gevetood


def test_pseudo_labels_keep_confident_links_and_clear_negatives_only(zelf):
    n = len(zelf.passages(DOC))
    (zeker, twijfel, negatief), geciteerd, _ = _vrije_passages(zelf, 3)
    S = np.full((n, len(zelf.lodo.NRS)), 0.2, dtype=np.float32)  # everything else: unsure, left out
    S[zeker, zelf.lodo.NRS.index(7)] = 0.9
    S[twijfel, zelf.lodo.NRS.index(4)] = 0.35  # decided at threshold 0.3, but under threshold + ZEKER_MARGE
    S[negatief] = 0.05  # under ONZEKER_FACTOR x threshold
    pseudo = {v.tekst: v.keuzes for v in zelf.pseudo_labels(S, DOC, 0.3)}
    ps = zelf.passages(DOC)
    assert pseudo[ps[zeker].leestekst] == {7}
    assert pseudo[ps[negatief].leestekst] == frozenset()
    assert ps[twijfel].leestekst not in pseudo
    if geciteerd is not None:  # a cited measure or keuze number is a label in the document's own wording
        assert pseudo[ps[geciteerd].leestekst] == frozenset(zelf.lodo.structuur(DOC)[1][geciteerd])
    assert ps[negatief].leestekst not in {v.tekst for v in zelf.pseudo_labels(S, DOC, 0.3, met_negatieven=False)}


def test_two_stage_decision_links_only_relevant_passages_and_their_best_keuze(rel):
    n = len(rel.passages(DOC))
    (laag, hoog), _, gevetood = _vrije_passages(rel, 2)
    S = np.zeros((n, len(rel.lodo.NRS)), dtype=np.float32)
    for i in (laag, hoog):
        S[i, rel.lodo.NRS.index(7)] = 0.20  # best keuze: linked by relevance even under the plain threshold 0.3
        S[i, rel.lodo.NRS.index(30)] = 0.18  # >= 0.7 x best but under the plain threshold: no second keuze
        S[i, rel.lodo.NRS.index(32)] = 0.10
    R = np.zeros(n)
    R[hoog] = 0.9
    R[laag] = 0.4
    uit = rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)
    assert uit[hoog] == {7} and uit[laag] == set()
    S[hoog, rel.lodo.NRS.index(7)] = 0.40
    S[hoog, rel.lodo.NRS.index(30)] = 0.35  # now it clears both: a second keuze
    assert rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)[hoog] == {7, 30}
    if gevetood is not None:
        R[gevetood] = 1.0
        S[gevetood, 0] = 1.0
        assert rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)[gevetood] == set()
