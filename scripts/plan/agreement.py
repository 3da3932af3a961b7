"""Inter-annotator agreement between two labellings of the same passages (Plantoets gold sets).

    python scripts/plan/agreement.py tests/data/plan/gold-drenthe.jsonl tests/data/plan/gold-drenthe-annotator2.jsonl

Treats the first file as reference and prints micro-F1 of the second's passage->keuze links and
the share of passages with the same strength: the human ceiling for ``wbs plan evalueer``.
"""

from __future__ import annotations

import json
import sys


def lees(pad: str) -> list[dict]:
    with open(pad, encoding="utf-8") as f:
        return [json.loads(regel) for regel in f if regel.strip()]


def zelfde_passages(*labellingen: list[dict]) -> None:
    """Stop unless every labelling covers the same line ranges in the same order."""
    sleutel = [(x["start_line"], x["end_line"]) for x in labellingen[0]]
    if any([(x["start_line"], x["end_line"]) for x in andere] != sleutel for andere in labellingen[1:]):
        raise SystemExit("De bestanden labelen niet dezelfde passages (start_line/end_line verschillen).")


def overeenstemming(a: list[dict], b: list[dict]) -> tuple[float, float, int, int, int]:
    zelfde_passages(a, b)
    tp = fp = fn = gelijk = 0
    for x, y in zip(a, b, strict=True):
        ka, kb = set(x["keuzes"]), set(y["keuzes"])
        tp, fp, fn = tp + len(ka & kb), fp + len(kb - ka), fn + len(ka - kb)
        gelijk += x["sterkte"] == y["sterkte"]
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return f1, gelijk / len(a), tp + fn, tp + fp, tp


if __name__ == "__main__":
    f1, sterkte, n_a, n_b, samen = overeenstemming(lees(sys.argv[1]), lees(sys.argv[2]))
    print(f"Koppelingen: {n_a} (A) en {n_b} (B), {samen} gelijk; micro-F1 {f1:.3f}; sterkte gelijk {sterkte:.3f}")
