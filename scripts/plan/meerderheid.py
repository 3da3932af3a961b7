"""Majority gold from three or more labellings of the same passages (Plantoets gold sets).

    python scripts/plan/meerderheid.py OUT.jsonl FIRST.jsonl SECOND.jsonl THIRD.jsonl [...]

A link counts where more than half of the labellings gave it. The strength is the most common one,
and on a tie the strength of the first file (the reference annotator). The text excerpt is taken
from the first file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from agreement import lees, zelfde_passages


def meerderheid(labellingen: list[list[dict]]) -> list[dict]:
    zelfde_passages(*labellingen)
    uit = []
    for rijen in zip(*labellingen, strict=True):
        stemmen = Counter(nr for r in rijen for nr in set(r["keuzes"]))
        sterktes = Counter(r["sterkte"] for r in rijen)
        hoogste = max(sterktes.values())
        sterkte = rijen[0]["sterkte"] if sterktes[rijen[0]["sterkte"]] == hoogste else sterktes.most_common(1)[0][0]
        rij = {k: rijen[0][k] for k in ("document", "start_line", "end_line", "tekst") if k in rijen[0]}
        rij["keuzes"] = sorted(nr for nr, n in stemmen.items() if 2 * n > len(rijen))
        rij["sterkte"] = sterkte
        uit.append(rij)
    return uit


if __name__ == "__main__":
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    rijen = meerderheid([lees(p) for p in sys.argv[2:]])
    Path(sys.argv[1]).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rijen), encoding="utf-8")
    print(f"{sys.argv[1]}: {len(rijen)} passages, {sum(len(r['keuzes']) for r in rijen)} koppelingen")
