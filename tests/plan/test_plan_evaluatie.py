"""Plantoets metrics: micro-F1 and strength by hand, bootstrap interval, gold file errors, wbs plan evalueer."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_hulp import BRONNEN, runner

from wbs.cli.main import app as cli
from wbs.plan.evaluatie import GoldPassage, bootstrap_interval, evalueer, lees_gold
from wbs.plan.fouten import PlanFout
from wbs.plan.toets import DocumentInfo, KeuzeLink, PassageUit, Toetsresultaat


def _res(passages: list[tuple[int, int, list[int], str]]) -> Toetsresultaat:
    return Toetsresultaat(
        document=DocumentInfo(pad="x", sha256="0", paginas=None, formaat="txt"),
        passages=[
            PassageUit(
                id=f"p{i}",
                pagina=None,
                start_line=a,
                end_line=b,
                tekst="t",
                keuzes=[KeuzeLink(nr=n, score=0.9) for n in ks],
                sterkte=s,
            )
            for i, (a, b, ks, s) in enumerate(passages)
        ],
        dekking=[],
    )


def test_metrics_by_hand():
    gold = [
        GoldPassage(1, 2, frozenset({10}), "bindend"),
        GoldPassage(4, 5, frozenset({25, 32}), "intentie"),
        GoldPassage(7, 8, frozenset(), "intentie"),
    ]
    # predictions: p0 correct (TP 10); p1 finds 25 (TP) misses 32 (FN) adds 7 (FP); p2 adds 5 (FP)
    res = _res([(1, 2, [10], "bindend"), (4, 5, [25, 7], "afspraak"), (7, 8, [5], "intentie")])
    s = evalueer(gold, res)
    assert (s.micro_p, s.micro_r) == (pytest.approx(2 / 4), pytest.approx(2 / 3))
    assert s.micro_f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    # macro over keuzes present in gold: 10 -> F1 1, 25 -> F1 1, 32 -> F1 0
    assert s.macro_f1 == pytest.approx(2 / 3)
    assert s.sterkte_accuratesse == pytest.approx(2 / 3)
    laag, hoog = s.micro_f1_interval
    assert 0.0 <= laag <= s.micro_f1 <= hoog <= 1.0


def test_the_bootstrap_interval_shows_the_sampling_error():
    tellingen = [(1, 0, 0)] * 30 + [(0, 1, 0)] * 10 + [(0, 0, 1)] * 10 + [(0, 0, 0)] * 50  # micro-F1 0.75
    laag, hoog = bootstrap_interval(tellingen)
    assert laag < 0.75 < hoog and hoog - laag > 0.1
    # ten times as many passages with the same errors: a narrower interval around the same figure
    laag10, hoog10 = bootstrap_interval(tellingen * 10)
    assert laag < laag10 < 0.75 < hoog10 < hoog
    assert bootstrap_interval(tellingen) == (laag, hoog)  # seeded: the same figures on every run
    assert bootstrap_interval([(2, 0, 0)] * 5) == (1.0, 1.0)
    assert bootstrap_interval([]) == (0.0, 0.0)


def test_malformed_gold_names_the_line(tmp_path):
    pad = tmp_path / "gold.jsonl"
    pad.write_text('{"start_line": 1, "end_line": 2, "keuzes": [1], "sterkte": "intentie"}\n{kapot\n')
    with pytest.raises(PlanFout, match="regel 2"):
        lees_gold(pad)


def test_evalueer_prints_the_figures_with_their_interval():
    import re

    gold = Path(__file__).parents[1] / "data" / "plan" / "gold-overijssel.jsonl"
    res = runner.invoke(cli, ["plan", "evalueer", str(gold), str(BRONNEN / "overijssel-water-bodem-acties.txt")])
    assert res.exit_code == 0, res.output
    f1 = float(re.search(r"micro-F1 (\d\.\d+)", res.output).group(1))
    laag, hoog = map(float, re.search(r"95%-interval micro-F1 .*?(\d\.\d+) – (\d\.\d+)", res.output).groups())
    assert laag < f1 < hoog
