"""Single plan test latency over HTTP: POST /api/locatie/toets on the demo data.

Run by hand: `.venv/bin/python benchmarks/locatie_api_latency.py [--n 200]`. Starts uvicorn on a free
loopback port with a temporary data folder, warms up, then sends sequential requests for the
demo plans and prints p50/p95/p99. Target (issue 3): under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import tempfile
import time

import httpx
import numpy as np
from pyproj import Transformer
from shapely import transform
from shapely.geometry import mapping

from wbs.web.app import uvicorn_argv


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    from wbs.locatie.demo_data import DEMO_PLANNEN

    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    plannen = [
        mapping(transform(g, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))))
        for g in DEMO_PLANNEN.values()
    ]
    functies = ["woningbouw", "bedrijventerrein", "datacenter", "grondwateronttrekking"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WBS_DATA_DIR": tmp}
        proc = subprocess.Popen(
            uvicorn_argv(poort, "--log-level", "warning"),
            env=env,
        )
        basis = f"http://127.0.0.1:{poort}"
        try:
            with httpx.Client(base_url=basis, timeout=30) as c:
                for _ in range(100):
                    try:
                        c.get("/")
                        break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                c.post("/api/locatie/toets", json={"geometrie": plannen[0], "functie": "woningbouw"})  # warm-up
                tijden = []
                for i in range(args.n):
                    body = {"geometrie": plannen[i % len(plannen)], "functie": functies[i % len(functies)]}
                    t0 = time.perf_counter()
                    r = c.post("/api/locatie/toets", json=body)
                    tijden.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200, r.text
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    p50, p95, p99 = np.percentile(tijden, [50, 95, 99])
    print(
        f"{args.n} verzoeken POST /api/locatie/toets: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
        f"max {max(tijden):.1f} ms"
    )


if __name__ == "__main__":
    main()
