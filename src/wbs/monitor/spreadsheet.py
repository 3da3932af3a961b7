"""Rows as a CSV or xlsx table: the one writer behind the exports of measurements and agreements."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Literal


def write_rows(rows: Iterable[dict], columns: Sequence[str], formaat: Literal["csv", "xlsx"], sheet: str) -> bytes:
    """``rows`` in ``columns`` order with a header row: CSV (semicolons, UTF-8) or xlsx (one sheet named ``sheet``)."""
    if formaat == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue().encode("utf-8")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(columns))
    for row in rows:
        ws.append([row[k] for k in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
