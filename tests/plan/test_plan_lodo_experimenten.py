"""The decision rules of the stop-24 LODO experiments (scripts/plan/zelftraining.py and relevantie.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

MAP = Path(__file__).resolve().parents[2] / "scripts" / "plan"
DOC = "overijssel"


def _script(naam: str):
    sys.path.insert(0, str(MAP))  # the scripts import their siblings leerdata.py and lodo.py
    try:
        spec = importlib.util.spec_from_file_location(naam, MAP / f"{naam}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(MAP))
    return mod


@pytest.fixture(scope="module")
def zelf():
    return _script("zelftraining")


@pytest.fixture(scope="module")
def rel():
    return _script("relevantie")


def _vrije_passages(mod, n: int) -> tuple[list[int], int | None, int | None]:
    """n passages with no veto and no cited number, one that cites a number and one with a veto."""
    veto, genoemd = mod.structuur(DOC)
    vrij = [i for i in range(len(veto)) if not veto[i] and not genoemd[i]][:n]
    geciteerd = next((i for i in range(len(veto)) if genoemd[i] and not veto[i]), None)
    gevetood = next((i for i in range(len(veto)) if veto[i]), None)
    return vrij, geciteerd, gevetood


def test_pseudo_labels_keep_confident_links_and_clear_negatives_only(zelf):
    n = len(zelf.passages(DOC))
    (zeker, twijfel, negatief), geciteerd, _ = _vrije_passages(zelf, 3)
    S = np.full((n, len(zelf.NRS)), 0.2, dtype=np.float32)  # everything else: unsure, left out
    S[zeker, zelf.NRS.index(7)] = 0.9
    S[twijfel, zelf.NRS.index(4)] = 0.35  # decided at threshold 0.3, but under threshold + ZEKER_MARGE
    S[negatief] = 0.05  # under ONZEKER_FACTOR x threshold
    pseudo = {v.tekst: v.keuzes for v in zelf.pseudo_labels(S, DOC, 0.3)}
    ps = zelf.passages(DOC)
    assert pseudo[ps[zeker].leestekst] == {7}
    assert pseudo[ps[negatief].leestekst] == frozenset()
    assert ps[twijfel].leestekst not in pseudo
    if geciteerd is not None:  # a cited measure or keuze number is a label in the document's own wording
        assert pseudo[ps[geciteerd].leestekst] == frozenset(zelf.structuur(DOC)[1][geciteerd])
    zelf.MET_NEGATIEVEN = False
    try:
        assert ps[negatief].leestekst not in {v.tekst for v in zelf.pseudo_labels(S, DOC, 0.3)}
    finally:
        zelf.MET_NEGATIEVEN = True


def test_two_stage_decision_links_only_relevant_passages_and_their_best_keuze(rel):
    n = len(rel.passages(DOC))
    (laag, hoog), _, gevetood = _vrije_passages(rel, 2)
    S = np.zeros((n, len(rel.NRS)), dtype=np.float32)
    for i in (laag, hoog):
        S[i, rel.NRS.index(7)] = 0.20  # best keuze: linked by relevance even under the plain threshold 0.3
        S[i, rel.NRS.index(30)] = 0.18  # >= 0.7 x best but under the plain threshold: no second keuze
        S[i, rel.NRS.index(32)] = 0.10
    R = np.zeros(n)
    R[hoog] = 0.9
    R[laag] = 0.4
    uit = rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)
    assert uit[hoog] == {7} and uit[laag] == set()
    S[hoog, rel.NRS.index(7)] = 0.40
    S[hoog, rel.NRS.index(30)] = 0.35  # now it clears both: a second keuze
    assert rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)[hoog] == {7, 30}
    if gevetood is not None:
        R[gevetood] = 1.0
        S[gevetood, 0] = 1.0
        assert rel.beslis_relevantie(S, R, DOC, 0.5, 0.3)[gevetood] == set()
