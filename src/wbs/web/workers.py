"""CPU-heavy work of web requests runs in a child process with a time budget, never on the event loop.

Parsing a hostile PDF or assessing a 300-page vision holds the GIL for seconds; in the server process that
would stall every other request. Each job here runs in its own child process (started from a forkserver that
has the heavy modules preloaded, so a start costs milliseconds), reports progress over a pipe, and is killed
when it exceeds its budget. At most ``slots`` jobs run at once; a few more may wait, beyond that the server
answers 503 with ``Retry-After`` instead of queueing without bound.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from wbs.fouten import OngeldigeInvoer, TeDruk, WbsFout

_PRELOAD = ["wbs.plan.toets", "wbs.plan.inlezen", "wbs.locatie.scan"]
_CTX: mp.context.BaseContext | None = None
_CTX_LOCK = threading.Lock()


def _context() -> mp.context.BaseContext:
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            try:
                ctx = mp.get_context("forkserver")
                ctx.set_forkserver_preload(_PRELOAD)
            except ValueError:  # platforms without forkserver
                ctx = mp.get_context("spawn")
            _CTX = ctx
        return _CTX


class BudgetExceeded(OngeldigeInvoer):
    """The job did not finish within its time budget (a document too complex to read in time)."""


def _env() -> dict[str, str]:
    """The settings part of the environment: children come from a forkserver started earlier, so they get the
    caller's current ``WBS_*`` variables explicitly (a test or a reconfigured server may have changed them)."""
    return {k: v for k, v in os.environ.items() if k.startswith("WBS_") or k == "XDG_DATA_HOME"}


def _child(conn, env: dict[str, str], fn: Callable, args: tuple, kwargs: dict) -> None:
    for k in [k for k in os.environ if k.startswith("WBS_") or k == "XDG_DATA_HOME"]:
        del os.environ[k]
    os.environ.update(env)
    os.nice(10)  # uploads yield the CPU to the server's reads (mixed_load: read p99 stays at its calm level)

    def progress(done: int, total: int) -> None:
        conn.send(("voortgang", (done, total)))

    try:
        if kwargs.pop("_met_voortgang", False):
            kwargs["voortgang"] = progress
        conn.send(("klaar", fn(*args, **kwargs)))
    except WbsFout as exc:
        conn.send(("fout", (type(exc).__name__, exc.http_status, exc.bericht)))
    except BaseException as exc:  # noqa: BLE001 - report every failure, never hang the parent
        conn.send(("crash", exc.__class__.__name__))
    finally:
        conn.close()


class Pool:
    """A bounded set of job slots; ``run`` blocks the calling (worker) thread, never the event loop."""

    def __init__(self, slots: int = 2, waiting: int = 4) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.max_waiting = waiting
        self._waiting = 0
        self._lock = threading.Lock()

    def run(
        self,
        fn: Callable,
        *args: Any,
        budget_s: float,
        progress: Callable[[int, int], None] | None = None,
        too_slow: str = "de verwerking duurde te lang",
        **kwargs: Any,
    ) -> Any:
        if not self.slots.acquire(blocking=False):
            with self._lock:
                if self._waiting >= self.max_waiting:
                    raise TeDruk(
                        "de server verwerkt al veel documenten; probeer het over een minuut opnieuw", na_seconden=30
                    )
                self._waiting += 1
            try:
                self.slots.acquire()
            finally:
                with self._lock:
                    self._waiting -= 1
        try:
            return _run_in_child(fn, args, kwargs, budget_s, progress, too_slow)
        finally:
            self.slots.release()


def _run_in_child(fn, args, kwargs, budget_s, progress, too_slow):
    ctx = _context()
    ontvang, zend = ctx.Pipe(duplex=False)
    if progress is not None:
        kwargs = {**kwargs, "_met_voortgang": True}
    proc = ctx.Process(target=_child, args=(zend, _env(), fn, args, kwargs), daemon=True)
    proc.start()
    zend.close()
    deadline = time.monotonic() + budget_s
    try:
        while True:
            over = deadline - time.monotonic()
            if over <= 0:
                raise BudgetExceeded(
                    f"{too_slow} (meer dan {budget_s:.0f} s); het document is te complex om hier te verwerken"
                )
            if not ontvang.poll(min(over, 0.5)):
                if not proc.is_alive() and not ontvang.poll():
                    raise WbsFout("de verwerking stopte onverwacht (te weinig geheugen?); probeer een kleiner bestand")
                continue
            try:
                soort, waarde = ontvang.recv()
            except EOFError as exc:
                raise WbsFout("de verwerking stopte onverwacht; probeer een kleiner bestand") from exc
            if soort == "voortgang":
                if progress is not None:
                    progress(*waarde)
            elif soort == "klaar":
                return waarde
            elif soort == "fout":
                naam, status, bericht = waarde
                fout = WbsFout(bericht)
                fout.http_status = status  # keep the kind's status (e.g. 413 for too large)
                raise fout
            else:
                raise WbsFout(f"de verwerking mislukte onverwacht ({waarde})")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        ontvang.close()


_POOL: Pool | None = None


def pool() -> Pool:
    """The server's shared job pool, sized from the settings."""
    global _POOL
    if _POOL is None:
        from wbs.config import settings

        s = settings()
        _POOL = Pool(slots=s.werk_slots, waiting=s.werk_wachtrij)
    return _POOL
