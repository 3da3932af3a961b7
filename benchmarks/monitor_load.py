"""Load test of the Borgingsmonitor: 100 concurrent users mixing dashboard reads and step updates.

Run by hand:
  .venv/bin/python benchmarks/monitor_load.py                      # SQLite
  .venv/bin/python benchmarks/monitor_load.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
Starts uvicorn on a free loopback port, creates one invoerder + API token per province, then runs a
bounded number of requests from 100 concurrent users (httpx.AsyncClient): GET /monitor (HTML),
GET /api/monitor/dashboard, and read-then-PATCH of a step of the user's own province. Reports
p50/p95/p99 per endpoint, errors (409 conflicts counted apart: they are the version check working),
and checks that every acknowledged update left exactly one new history entry. Target: p99 < 300 ms for
the dashboard pages on both databases.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wbs.monitor.seed import provincie_codes
from wbs.web.app import uvicorn_argv

PROVINCIES = list(provincie_codes())


def voorbereiden(postgres: str | None):
    from wbs.kader import laad_kader
    from wbs.monitor.demo import generate
    from wbs.monitor.models import Historie
    from wbs.monitor.testing import create_provincie_writers, engine_url, fresh_engine

    eng = fresh_engine(Path(tempfile.mkdtemp()), kader=laad_kader(), postgres=bool(postgres))
    with Session(eng) as s:
        generate(s)
        tokens, stappen = create_provincie_writers(s, "load")
        s.commit()
        historie_voor = s.scalar(select(func.count()).select_from(Historie))
    return eng, engine_url(eng), tokens, stappen, historie_voor


async def gebruiker(c: httpx.AsyncClient, nr: int, n: int, tokens, stappen, tijden, fouten, bevestigd, denktijd: float):
    rng = random.Random(nr)
    prov = PROVINCIES[nr % len(PROVINCIES)]
    kop = {"Authorization": f"Bearer {tokens[prov]}"}
    await asyncio.sleep(rng.uniform(0, denktijd))  # users do not all start in the same millisecond
    for _ in range(n):
        if denktijd:
            await asyncio.sleep(rng.uniform(0.5 * denktijd, 1.5 * denktijd))  # a person reads before clicking
        keuze = rng.random()
        t0 = time.perf_counter()
        try:
            if keuze < 0.4:
                r = await c.get("/monitor")
                soort = "GET /monitor"
            elif keuze < 0.7:
                r = await c.get("/api/monitor/dashboard")
                soort = "GET /api/monitor/dashboard"
            else:
                stap = rng.choice(stappen[prov])
                lees = await c.get(f"/api/monitor/stappen/{stap}")
                eigen = next(v for v in lees.json()["voortgang"] if v["organisatie"] == prov)
                nieuw = rng.choice([p for p in range(1, 100) if p != eigen["percentage"]])  # always a real change
                t0 = time.perf_counter()
                r = await c.patch(
                    f"/api/monitor/stappen/{stap}",
                    headers=kop,
                    json={
                        "versie": eigen["versie"],
                        "organisatie": prov,
                        "status": "loopt",
                        "percentage": nieuw,
                        "toelichting": f"lasttest {nr}",
                    },
                )
                soort = "PATCH /api/monitor/stappen/{id}"
                if r.status_code == 200:
                    bevestigd.append(1)
                elif r.status_code == 409:
                    fouten["409 (versieconflict, verwacht)"] += 1
                    tijden[soort].append((time.perf_counter() - t0) * 1000)
                    continue
            tijden[soort].append((time.perf_counter() - t0) * 1000)
            if r.status_code >= 400:
                fouten[f"{soort} {r.status_code}: {r.json().get('detail', '')[:70]}"] += 1
        except httpx.HTTPError as exc:
            fouten[type(exc).__name__] += 1


async def draai(basis, gebruikers, per_gebruiker, tokens, stappen, denktijd):
    tijden, fouten, bevestigd = defaultdict(list), defaultdict(int), []
    limits = httpx.Limits(max_connections=gebruikers, max_keepalive_connections=gebruikers)
    async with httpx.AsyncClient(base_url=basis, timeout=60, limits=limits) as c:
        t0 = time.perf_counter()
        await asyncio.gather(
            *(
                gebruiker(c, i, per_gebruiker, tokens, stappen, tijden, fouten, bevestigd, denktijd)
                for i in range(gebruikers)
            )
        )
        duur = time.perf_counter() - t0
    return tijden, fouten, len(bevestigd), duur


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", default=None)
    ap.add_argument("--gebruikers", type=int, default=100)
    ap.add_argument("--verzoeken", type=int, default=20, help="verzoeken per gebruiker")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--denktijd",
        type=float,
        default=1.0,
        help="gemiddelde denktijd per gebruiker tussen verzoeken in seconden (0 = stresstest)",
    )
    args = ap.parse_args()
    if args.postgres:
        os.environ["WBS_TEST_POSTGRES_URL"] = args.postgres
    from wbs.monitor.models import Historie
    from wbs.monitor.testing import drop_engine

    eng, url, tokens, stappen, historie_voor = voorbereiden(args.postgres)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WBS_DATABASE_URL": url, "WBS_DATA_DIR": tmp, "WBS_SECRET_KEY": "load"}
        proc = subprocess.Popen(
            uvicorn_argv(poort, "--workers", str(args.workers), "--log-level", "warning"),
            env=env,
        )
        basis = f"http://127.0.0.1:{poort}"
        try:
            for _ in range(150):
                try:
                    if httpx.get(basis + "/api/monitor/info", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            httpx.get(basis + "/monitor", timeout=30)
            tijden, fouten, bevestigd, duur = asyncio.run(
                draai(basis, args.gebruikers, args.verzoeken, tokens, stappen, args.denktijd)
            )
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    with Session(eng) as s:
        historie_na = s.scalar(select(func.count()).select_from(Historie))
    db = "PostgreSQL" if args.postgres else "SQLite"
    totaal = sum(len(v) for v in tijden.values())
    print(
        f"{db}: {args.gebruikers} gelijktijdige gebruikers, {totaal} verzoeken in {duur:.1f} s "
        f"({totaal / duur:.0f}/s), {args.workers} uvicorn-workers, denktijd {args.denktijd} s"
    )
    for soort, t in sorted(tijden.items()):
        p50, p95, p99 = np.percentile(t, [50, 95, 99])
        print(f"  {soort:<38} n={len(t):<5} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms")
    print(f"  fouten: {dict(fouten) or 'geen'}")
    nieuw = historie_na - historie_voor
    print(
        f"  bevestigde wijzigingen: {bevestigd}; nieuwe historieregels: {nieuw} -> "
        f"{'OK: niets verloren of dubbel' if nieuw == bevestigd else 'FOUT: verschil!'}"
    )
    if args.postgres:
        drop_engine(eng)


if __name__ == "__main__":
    main()
