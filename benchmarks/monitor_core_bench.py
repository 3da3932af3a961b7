"""Timing figures of the Borgingsmonitor core (not a test; prints numbers).

Usage: .venv/bin/python benchmarks/monitor_core_bench.py [--postgres URL]
Uses the real Kader when kader.yaml is present, else the small test Kader.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session


def timed(label: str, fn, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(f"{label:<52} {med * 1000:9.1f} ms" + (f"  (mediaan van {repeat})" if repeat > 1 else ""))
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", help="PostgreSQL URL (a fresh schema is used)")
    args = ap.parse_args()
    import os

    from wbs.kader import KaderFout, laad_kader
    from wbs.monitor import io as mio
    from wbs.monitor import rapport, service
    from wbs.monitor.demo import generate
    from wbs.monitor.testing import drop_engine, fresh_engine, mini_kader

    try:
        kader, naam = laad_kader(), "echt kader"
    except (KaderFout, FileNotFoundError, OSError):
        kader, naam = mini_kader(), "test-kader (kader.yaml ontbreekt)"
    if args.postgres:
        os.environ["WBS_TEST_POSTGRES_URL"] = args.postgres
    tmp = Path(tempfile.mkdtemp())
    eng = timed(f"migreren + seeden ({naam})", lambda: fresh_engine(tmp, kader=kader, postgres=bool(args.postgres)))
    with Session(eng) as s:
        n = len(service.list_stappen(s))
        print(f"voortgangsregels (stap x overheid): {n}")
        written = timed("demovoortgang genereren", lambda: generate(s))
        s.commit()
        print(f"historie-items geschreven: {written}")
        today = date(2025, 12, 1)
        timed("list_stappen (alles)", lambda: service.list_stappen(s, today=today), 5)
        timed("dashboard", lambda: service.dashboard(s, today=today), 5)
        timed("roadmap per organisatie", lambda: service.roadmap(s, "organisatie", today=today), 5)
        timed("kpis 2025", lambda: service.kpis(s, 2025, today), 5)
        timed("export json", lambda: mio.export_bytes(s, "json"), 3)
        timed("export xlsx", lambda: mio.export_bytes(s, "xlsx"), 3)
        timed("jaarrapport html", lambda: rapport.render_html(s, 2025, today), 3)
        timed("jaarrapport pdf", lambda: rapport.render_pdf(s, 2025, today), 1)
        beheer = service.get_user(s, "demo-beheer")
        row = next(r for r in service.list_stappen(s, today=today) if r.deadline is None or r.deadline > today)
        t = time.perf_counter()
        k = 200
        for i in range(k):
            service.update_stap(
                s,
                beheer,
                row.stap,
                organisatie=row.organisatie,
                status="loopt",
                percentage=i % 99 + 1,
                today=today,
            )
            s.commit()
        dt = time.perf_counter() - t
        print(f"{'update_stap + commit (service)':<52} {dt / k * 1000:9.2f} ms per wijziging ({k / dt:.0f}/s)")
    drop_engine(eng)


if __name__ == "__main__":
    main()
