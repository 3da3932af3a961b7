"""Shared Playwright fixtures: the real app under uvicorn (own port, own data folder) and a chromium page.

Used by the browser tests in this folder. The server fixture is session-scoped: one demo data set and
one uvicorn process per test worker. Chromium is Debian's (``WBS_CHROMIUM`` overrides); it is never
downloaded.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from wbs.config import chromium_path
from wbs.web.app import uvicorn_argv

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_WACHTWOORD = "browsertest-wachtwoord"  # demo users get random passwords; the tests set one


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chromium() -> str | None:
    """The chromium to drive: ``WBS_CHROMIUM`` when set (also when it points nowhere: then there is none), else
    Debian's /usr/bin/chromium or whatever ``chromium`` is on the PATH."""
    if os.environ.get("WBS_CHROMIUM"):
        return chromium_path() if Path(chromium_path()).exists() else None
    if Path(chromium_path()).exists():
        return chromium_path()
    return shutil.which("chromium")


def _need_chromium() -> str:
    pad = _chromium()
    if pad is None:
        pytest.skip(
            f"browsertests overgeslagen: chromium ontbreekt op {chromium_path()}; installeer Debian's pakket "
            "'chromium' of zet WBS_CHROMIUM (.ci/run installeert het, zodat CI ze altijd draait)"
        )
    return pad


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> str:
    """Base URL of a uvicorn server on a free loopback port with demo data in a temporary WBS_DATA_DIR."""
    _need_chromium()
    data = tmp_path_factory.mktemp("wbs-browser")
    env = {**os.environ, "WBS_DATA_DIR": str(data), "WBS_SECRET_KEY": "browsertest"}
    env.pop("WBS_DATABASE_URL", None)  # always a private SQLite file, never a shared database
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from rich.console import Console; from pathlib import Path; "
            "from wbs.cli.demo import run_monitor_demo; from wbs.locatie.service import demo_config; "
            f"run_monitor_demo(Console(quiet=True), Path({str(data)!r}), {DEMO_WACHTWOORD!r}); "
            "demo_config()",
        ],
        env=env,
        check=True,
        timeout=120,
    )
    poort = _vrije_poort()
    log = (data / "uvicorn.log").open("wb")
    proc = subprocess.Popen(
        uvicorn_argv(poort),
        env=env,
        stdout=log,
        stderr=log,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(150):
            if proc.poll() is not None:
                pytest.fail(f"uvicorn stopte meteen: {(data / 'uvicorn.log').read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(basis + "/monitor", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("uvicorn kwam niet binnen 30 s op")
        yield basis
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    pad = _need_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pad, args=ARGS, headless=True)
        yield b
        b.close()


def _lokaal(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))


def _nieuwe_pagina(chromium, **context_opties):
    ctx = chromium.new_context(**context_opties)
    ctx.route("**/*", lambda route: route.continue_() if _lokaal(route.request.url) else route.abort())
    pg = ctx.new_page()
    pg.fouten = []

    def console(m) -> None:
        if m.type != "error":
            return
        if "Failed to load resource" in m.text and not _lokaal(m.location.get("url", "")):
            return
        pg.fouten.append(m.text)

    pg.on("console", console)
    pg.on("pageerror", lambda e: pg.fouten.append(str(e)))
    return ctx, pg


@pytest.fixture
def pagina(chromium):
    """A fresh browser context (no cookies) and page; console errors and page errors land in ``.fouten``.

    Tests never need the internet: every request to another host is blocked (as on a machine without
    network), so pages must degrade gracefully. The failed loads of blocked external resources (e.g.
    background map tiles) are expected and not counted as console errors; everything else is.
    Tests may add their own ``context.route`` handlers first (they take precedence).
    """
    ctx, pg = _nieuwe_pagina(chromium)
    yield pg
    ctx.close()


@pytest.fixture
def telefoon(chromium):
    """Like ``pagina``, on a phone-sized screen: 390 x 844 CSS pixels (an iPhone 12-15), touch."""
    ctx, pg = _nieuwe_pagina(chromium, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield pg
    ctx.close()


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


def axe_overtredingen(pg, ernst: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (vendored, see vendor/axe-core/README.md) on the page as it is now; the violations of the
    given impact, each with rule id, impact, help text and the first three offending elements. axe is injected
    through the DevTools protocol (``evaluate``), which the page's Content-Security-Policy does not block."""
    if not pg.evaluate("typeof window.axe !== 'undefined'"):
        pg.evaluate(AXE.read_text(encoding="utf-8"))
    uitkomst = pg.evaluate(
        """async () => {
            const r = await axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")) }));
        }"""
    )
    return [v for v in uitkomst if v["impact"] in ernst]


@pytest.fixture
def demo_wachtwoord() -> str:
    """The password the test server's demo users got (a normal install gives each a random one)."""
    return DEMO_WACHTWOORD


@pytest.fixture
def inloggen(app_server):
    """``inloggen(pagina, 'demo-drenthe')``: log in through the real form."""

    def _inloggen(pg, naam: str, wachtwoord: str = DEMO_WACHTWOORD) -> None:
        pg.goto(app_server + "/monitor/login")
        pg.fill("input[name=gebruikersnaam]", naam)
        pg.fill("input[name=wachtwoord]", wachtwoord)
        pg.click("button[type=submit]")
        pg.wait_for_url(app_server + "/monitor")

    return _inloggen


@pytest.fixture
def axe():
    """``axe(pagina)``: the serious and critical accessibility violations on the page as it is now."""
    return axe_overtredingen
