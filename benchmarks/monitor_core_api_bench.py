"""HTTP figures of the monitor API: uvicorn in a subprocess, sequential requests (prints numbers).

Usage: .venv/bin/python benchmarks/monitor_core_api_bench.py [--n 200]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from wbs.web.app import uvicorn_argv


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    from wbs.kader import KaderFout, laad_kader
    from wbs.monitor import service
    from wbs.monitor.demo import generate
    from wbs.monitor.testing import engine_url, fresh_engine

    try:
        kader = laad_kader()
    except (KaderFout, FileNotFoundError, OSError):
        kader = None
    eng = fresh_engine(Path(tempfile.mkdtemp()), kader=kader)
    with Session(eng) as s:
        generate(s)
        _, token = service.create_token(s, "demo-beheer")
        row = next(r for r in service.list_stappen(s) if r.deadline is None)
        s.commit()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "WBS_DATABASE_URL": engine_url(eng)}
    proc = subprocess.Popen(
        uvicorn_argv(port, "--log-level", "warning"),
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/monitor/info", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as c:
            for label, call in (
                ("GET /api/monitor/dashboard", lambda i: c.get("/api/monitor/dashboard")),
                (
                    "GET /api/monitor/stappen?organisatie=drenthe",
                    lambda i: c.get("/api/monitor/stappen", params={"organisatie": "drenthe"}),
                ),
                (
                    "GET /api/monitor/kpi?jaar=2025",
                    lambda i: c.get("/api/monitor/kpi", params={"jaar": 2025}),
                ),
            ):
                times = []
                for i in range(args.n // 4):
                    t = time.perf_counter()
                    assert call(i).status_code == 200
                    times.append(time.perf_counter() - t)
                print(f"{label:<48} mediaan {statistics.median(times) * 1000:7.1f} ms")
            versie, times = row.versie, []
            for i in range(args.n):
                body = {
                    "versie": versie,
                    "organisatie": row.organisatie,
                    "status": "loopt",
                    "percentage": i % 99 + 1,
                }
                t = time.perf_counter()
                r = c.patch(f"/api/monitor/stappen/{row.stap}", json=body)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, r.text
                versie = r.json()["versie"]
            print(
                f"{'PATCH /api/monitor/stappen/{id} (acknowledged)':<48} "
                f"mediaan {statistics.median(times) * 1000:7.1f} ms, {args.n / sum(times):.0f} wijzigingen/s"
            )
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
