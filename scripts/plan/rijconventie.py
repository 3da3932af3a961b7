"""Bring a strategy gold set labelled on table fragments to the row convention of stop 12.

    python scripts/plan/rijconventie.py ROWS.jsonl FRAGMENTS.jsonl OUT.jsonl [--weglaten]

Until stop 11 the splitter cut the agenda's table rows into cells, and the strategy sets label those cells one by
one (a date cell alone names no keuze). Since stop 12 a row is one passage and a cell is read through its row.
Every gold passage that overlaps a labelled row is replaced by that row (once, with the row's keuzes and strength,
e.g. from gold-strategie-rijen-meerderheid.jsonl); the passages outside the rows are kept as they are, in order.
With --weglaten the passages in a row are dropped instead: for a development set, since the row set is a test set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agreement import lees


def naar_rijen(rijen: list[dict], fragmenten: list[dict], weglaten: bool = False) -> list[dict]:
    uit: list[dict] = []
    gezien: set[int] = set()
    for f in fragmenten:
        rij = next((r for r in rijen if f["start_line"] <= r["end_line"] and r["start_line"] <= f["end_line"]), None)
        if rij is None:
            uit.append(f)
        elif not weglaten and rij["start_line"] not in gezien:
            gezien.add(rij["start_line"])
            uit.append({k: rij[k] for k in ("document", "start_line", "end_line", "tekst", "keuzes", "sterkte")})
    return uit


if __name__ == "__main__":
    argumenten = [a for a in sys.argv[1:] if a != "--weglaten"]
    if len(argumenten) != 3:
        raise SystemExit(__doc__)
    uit = naar_rijen(lees(argumenten[0]), lees(argumenten[1]), weglaten="--weglaten" in sys.argv)
    Path(argumenten[2]).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in uit), encoding="utf-8")
    print(f"{argumenten[2]}: {len(uit)} passages, {sum(len(r['keuzes']) for r in uit)} koppelingen")
