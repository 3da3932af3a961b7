"""The web server as ``benchmarks/mixed_load.py`` starts it: uvicorn with two measuring aids around the app.

- ``SIGUSR1`` writes a stack dump of every thread to stderr (faulthandler), so a stall can be explained.
- Every HTTP request's server-side time (ASGI call until the response is complete), method, path and status are
  written as JSON lines to the file named by ``MIXED_LOAD_TIJDEN`` when the server stops (send SIGINT). Set against the
  client-side times, they tell the server's own latency apart from time spent waiting in the load generator,
  which shares the machine.

Usage: ``python benchmarks/mixed_load_server.py --host 127.0.0.1 --port N [other uvicorn options]`` (one worker:
the timings are kept in this process).
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys
import time

faulthandler.register(signal.SIGUSR1, all_threads=True)
_TIJDEN: list[tuple[float, str, str, int, float]] = []


def create_app():
    from wbs.web.app import create_app as wbs_app

    app = wbs_app()

    async def timed(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        begin, t0, status = time.time(), time.perf_counter(), [0]

        async def send_status(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await app(scope, receive, send_status)
        finally:
            _TIJDEN.append((begin, scope["method"], scope["path"], status[0], time.perf_counter() - t0))

    return timed


def main() -> None:
    from uvicorn.main import main as uvicorn_main

    # "__main__": this very module (run as a script), whose _TIJDEN is written below
    sys.argv = ["uvicorn", "__main__:create_app", "--factory", *sys.argv[1:]]
    try:
        uvicorn_main()
    except (SystemExit, KeyboardInterrupt):  # stop with SIGINT: uvicorn re-raises it after a graceful shutdown
        pass
    finally:
        pad = os.environ.get("MIXED_LOAD_TIJDEN")
        if pad:
            with open(pad, "w") as f:
                for rij in _TIJDEN:
                    f.write(json.dumps(rij) + "\n")


if __name__ == "__main__":
    main()
