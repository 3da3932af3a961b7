"""Mixed-load benchmark (issue 15, Hardening): step writers and readers while heavy plan uploads run.

Run by hand (bounded, loopback only):
  .venv/bin/python benchmarks/mixed_load.py --budget 5                       # SQLite in a temporary data folder
  .venv/bin/python benchmarks/mixed_load.py --budget 5 \\
      --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test          # PostgreSQL, private schema

It starts ``uvicorn wbs.web.app:create_app`` (as ``wbs serve`` does) on a free 127.0.0.1 port with a fresh
monitor database (demo progress of the real Kader; on PostgreSQL a uniquely named schema that is dropped at
the end), creates one invoerder + API token per province and runs three phases:

A. Same-version burst: ``--schrijvers`` writers PATCH the same step with the same ``versie`` at once. Expected:
   exactly one 200, the rest 409 (version conflict) or a Dutch 503 with ``Retry-After``; never a 500.
0. Calm: the mixed load below without uploads for ``--rust`` seconds (the reference for read latency).
B. Mixed: ``--schrijvers`` writers (read-then-PATCH a step of their own province) and ``--lezers`` readers
   (``GET /api/kader/overzicht``, ``/api/monitor/dashboard``, ``/monitor``) while ``--uploads`` heavy plan
   documents (a generated one-page PDF with ``--operatoren`` text operators, ~57 KB) and one normal document
   are posted to ``POST /api/plan/toets``. The phase ends when every upload has an answer, at the latest
   after ``--max-duur`` seconds (an upload without an answer by then is reported as a stall).
C. Calm again for ``--rust`` seconds: with phase 0 it brackets phase B, so a noisy shared machine shows.

It prints status codes per endpoint and phase, p50/p95/p99/max of the reads (calm, and while uploads ran;
target p99 < 300 ms), each upload's status, time and Dutch message (an over-budget document gets a 422;
``--budget`` sets ``WBS_PLAN_BUDGET_S`` of the server), the peak RSS of the server's process tree (server,
forkserver and its job children, sampled with psutil) and the machine's load average, and checks that every
acknowledged step update left exactly one history entry. Exit code 1 when any request got a 500 or no answer,
a 503 lacked ``Retry-After`` or a Dutch message, the burst acknowledged more than one update, or history does not
match; the p99 target is reported, not enforced (it depends on the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import httpx
import numpy as np
import psutil
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wbs.monitor.seed import provincie_codes

PROVINCIES = list(provincie_codes())
LEZEN = ["GET /api/kader/overzicht", "GET /api/monitor/dashboard", "GET /monitor"]
PATCH = "PATCH /api/monitor/stappen/{id}"
UPLOAD = "POST /api/plan/toets"
TRAAG_S = 5.0  # a read slower than this counts as a stall
_NL_WOORDEN = re.compile(r"\b(de|het|een|is|te|niet|van|kon|probeer|opnieuw|over|server|bestand|dit|deze)\b", re.I)


# --- documents --------------------------------------------------------------------------------------------


def pdf_bytes(inhoud: bytes) -> bytes:
    """A valid one-page PDF (Helvetica, Flate-compressed content stream ``inhoud``) with a correct xref."""
    stroom = zlib.compress(inhoud, 9)
    objecten = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stroom) + stroom + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    uit = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posities = []
    for nr, obj in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += b"%d 0 obj\n" % nr + obj + b"\nendobj\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    for p in posities:
        uit += b"%010d 00000 n \n" % p
    uit += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objecten) + 1, xref)
    return bytes(uit)


def heavy_pdf(operatoren: int = 500_000, seed: int = 15) -> bytes:
    """One page whose content stream holds ``operatoren`` ``Tj`` text operators (500k: ~57 KB compressed).

    Mostly the same word, 4.3% another one: that keeps the file small while the text extraction has to
    walk every operator (the hostile document of issue 15: 10-34 s per upload on an idle machine)."""
    woorden = [
        b"bodem",
        b"sturend",
        b"peil",
        b"berging",
        b"kering",
        b"grondwater",
        b"polder",
        b"dijk",
        b"sloot",
        b"veen",
        b"klei",
        b"zand",
        b"beek",
        b"rivier",
        b"droogte",
    ]
    rng = random.Random(seed)
    delen = [b"BT /F1 1 Tf 20 820 Td 1 TL\n"]
    delen += [b"(%s) Tj\n" % (rng.choice(woorden) if rng.random() < 0.043 else b"water") for _ in range(operatoren)]
    delen.append(b"ET\n")
    return pdf_bytes(b"".join(delen))


def normal_pdf(regels: int = 45) -> bytes:
    """A normal one-page PDF: the first lines of the shipped Omgevingsvisie Drenthe, one text line each."""
    tekst = resources.files("wbs.bronnen").joinpath("omgevingsvisie-drenthe.txt").read_text(encoding="utf-8")
    zinnen = [r.strip() for r in tekst.splitlines() if r.strip()][:regels]
    inhoud = [b"BT /F1 9 Tf 40 800 Td 11 TL\n"]
    for zin in zinnen:
        veilig = zin[:110].encode("cp1252", "replace")
        veilig = veilig.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        inhoud.append(b"(%s) Tj T*\n" % veilig)
    inhoud.append(b"ET\n")
    return pdf_bytes(b"".join(inhoud))


# --- measurements ------------------------------------------------------------------------------------------


@dataclass
class Antwoord:
    fase: str
    soort: str
    status: str  # "200", "409", ... or "geen antwoord (ReadTimeout)"
    start: float
    duur: float
    detail: str = ""
    retry_after: str | None = None
    reden: str | None = None  # the toelichting a PATCH sent (unique per request, to check history)


@dataclass
class Metingen:
    antwoorden: list[Antwoord] = field(default_factory=list)
    bevestigd: int = 0  # PATCHes answered 200
    lopend: dict[int, tuple[float, str]] = field(default_factory=dict)  # requests in flight: start, soort

    async def call(self, fase: str, soort: str, verzoek) -> tuple[Antwoord, httpx.Response | None]:
        """Await one request (a coroutine of the client), record its answer or the lack of one."""
        t0 = time.perf_counter()
        sleutel = id(verzoek)
        self.lopend[sleutel] = (t0, soort)
        try:
            r = await verzoek
        except httpx.HTTPError as exc:
            return self.add(fase, soort, t0, fout=exc), None
        finally:
            self.lopend.pop(sleutel, None)
        return self.add(fase, soort, t0, r), r

    def add(
        self, fase: str, soort: str, start: float, r: httpx.Response | None = None, fout: Exception | None = None
    ) -> Antwoord:
        eind = time.perf_counter()
        if r is None:
            a = Antwoord(fase, soort, f"geen antwoord ({type(fout).__name__})", start, eind - start)
        else:
            detail = ""
            if r.status_code >= 400:
                try:
                    detail = (
                        str(r.json().get("detail", ""))
                        if r.headers.get("content-type", "").startswith("application/json")
                        else _html_melding(r.text)
                    )
                except ValueError:
                    detail = r.text[:200]
            a = Antwoord(fase, soort, str(r.status_code), start, eind - start, detail, r.headers.get("retry-after"))
            if soort == PATCH and r.status_code == 200:
                self.bevestigd += 1
        self.antwoorden.append(a)
        return a


def _html_melding(html: str) -> str:
    m = re.search(r'class="fout[^"]*"[^>]*>(.*?)<', html, re.S)
    return (m.group(1) if m else re.sub(r"<[^>]+>", " ", html))[:200].strip()


def nederlands(tekst: str) -> bool:
    return len(_NL_WOORDEN.findall(tekst or "")) >= 2


class RssSampler(threading.Thread):
    """Peak resident memory of the server process and all its descendants (forkserver, job children)."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.stop = threading.Event()
        self.piek_totaal = 0
        self.piek_server = 0
        self.max_kinderen = 0
        self.cpu: dict[int, float] = {}  # pid -> user+system CPU seconds last seen (children that ended keep theirs)

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU seconds so far: (server process, all its descendants together)."""
        server = self.cpu.get(self.proc.pid, 0.0)
        return server, sum(self.cpu.values()) - server

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                kinderen = self.proc.children(recursive=True)
                server = self.proc.memory_info().rss
            except psutil.Error:
                return
            totaal = server
            for p in [self.proc, *kinderen]:
                try:
                    if p is not self.proc:
                        totaal += p.memory_info().rss
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.piek_server = max(self.piek_server, server)
            self.piek_totaal = max(self.piek_totaal, totaal)
            self.max_kinderen = max(self.max_kinderen, len(kinderen))
            self.stop.wait(self.interval)


# --- set-up ------------------------------------------------------------------------------------------------


def prepare(postgres: bool):
    from wbs.kader import laad_kader
    from wbs.monitor.demo import generate
    from wbs.monitor.models import Historie
    from wbs.monitor.testing import create_provincie_writers, engine_url, fresh_engine

    eng = fresh_engine(Path(tempfile.mkdtemp(prefix="wbs-mixed-")), kader=laad_kader(), postgres=postgres)
    with Session(eng) as s:
        generate(s, wachtwoord="last-test-wachtwoord")
        tokens, stappen = create_provincie_writers(s, "mixed-load")
        s.commit()
        historie_voor = s.scalar(select(func.count()).select_from(Historie))
    return eng, engine_url(eng), tokens, stappen, historie_voor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- load --------------------------------------------------------------------------------------------------

_VOLGNUMMER = iter(range(1, 10**9))


async def patch_step(
    c, m: Metingen, fase: str, prov: str, token: str, stap: str, versie: int, nr: int, percentage: int
) -> Antwoord:
    reden = f"gemengde lasttest {fase}, schrijver {nr}, verzoek {next(_VOLGNUMMER)}"
    a, _ = await m.call(
        fase,
        PATCH,
        c.patch(
            f"/api/monitor/stappen/{stap}",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "versie": versie,
                "organisatie": prov,
                "status": "loopt",
                "percentage": percentage,
                "toelichting": reden,
            },
        ),
    )
    a.reden = reden
    return a


async def burst(c, m: Metingen, n: int, tokens, stappen) -> tuple[str, int]:
    """Phase A: ``n`` writers send the same version of one step at the same moment."""
    prov = PROVINCIES[0]
    stap = stappen[prov][0]
    eigen = next(
        v for v in (await c.get(f"/api/monitor/stappen/{stap}")).json()["voortgang"] if v["organisatie"] == prov
    )
    nieuw = 1 + (eigen["percentage"] or 0) % 98
    start = asyncio.Event()

    async def schrijver(nr: int) -> None:
        await start.wait()
        await patch_step(c, m, "A", prov, tokens[prov], stap, eigen["versie"], nr, nieuw)

    taken = [asyncio.create_task(schrijver(i)) for i in range(n)]
    await asyncio.sleep(0.05)
    start.set()
    await asyncio.gather(*taken)
    return stap, eigen["versie"]


def user_client(basis: str) -> httpx.AsyncClient:
    """One client per simulated user, as a browser has: a shared client with 150 pooled connections costs the load
    generator (on the same machine as the server) more CPU than the requests themselves."""
    # keep-alive shorter than uvicorn's 5 s: a request on a connection the server is just closing gets a ReadError
    return httpx.AsyncClient(base_url=basis, timeout=60, limits=httpx.Limits(max_connections=2, keepalive_expiry=2))


async def schrijver(basis: str, m: Metingen, fase: str, nr: int, stop: asyncio.Event, tokens, stappen, denktijd: float):
    rng = random.Random(nr)
    prov = PROVINCIES[nr % len(PROVINCIES)]
    await asyncio.sleep(rng.uniform(0, denktijd))
    async with user_client(basis) as c:
        await _schrijf(c, m, fase, nr, prov, rng, stop, tokens, stappen, denktijd)


async def _schrijf(
    c,
    m: Metingen,
    fase: str,
    nr: int,
    prov: str,
    rng: random.Random,
    stop: asyncio.Event,
    tokens,
    stappen,
    denktijd: float,
):
    while not stop.is_set():
        stap = rng.choice(stappen[prov])
        _, lees = await m.call(fase, "GET /api/monitor/stappen/{id}", c.get(f"/api/monitor/stappen/{stap}"))
        if lees is not None and lees.status_code == 200:
            eigen = next(v for v in lees.json()["voortgang"] if v["organisatie"] == prov)
            nieuw = rng.choice([p for p in range(1, 100) if p != eigen["percentage"]])  # a real change
            await patch_step(c, m, fase, prov, tokens[prov], stap, eigen["versie"], nr, nieuw)
        await asyncio.sleep(rng.uniform(0.5 * denktijd, 1.5 * denktijd))


async def lezer(basis: str, m: Metingen, fase: str, nr: int, stop: asyncio.Event, denktijd: float):
    rng = random.Random(10_000 + nr)
    await asyncio.sleep(rng.uniform(0, denktijd))
    async with user_client(basis) as c:
        while not stop.is_set():
            soort = LEZEN[rng.randrange(len(LEZEN))]
            await m.call(fase, soort, c.get(soort.split(" ", 1)[1]))
            await asyncio.sleep(rng.uniform(0.5 * denktijd, 1.5 * denktijd))


async def upload(c, m: Metingen, fase: str, naam: str, data: bytes, timeout: float, vertraging: float = 0.0):
    await asyncio.sleep(vertraging)
    a, _ = await m.call(
        fase, UPLOAD, c.post("/api/plan/toets", files={"bestand": (naam, data, "application/pdf")}, timeout=timeout)
    )
    a.detail = f"{naam}: {a.detail}" if a.detail else naam
    return a


async def mixed(
    c,
    m: Metingen,
    fase: str,
    args,
    tokens,
    stappen,
    documenten: list[tuple[str, bytes]],
    duur: float,
    upload_timeout: float,
) -> tuple[float, float, bool]:
    """Writers and readers run until the uploads are answered (or for ``duur`` s when there are none)."""
    stop = asyncio.Event()
    basis = str(c.base_url)
    clients = [
        asyncio.create_task(schrijver(basis, m, fase, i, stop, tokens, stappen, args.denktijd))
        for i in range(args.schrijvers)
    ]
    clients += [asyncio.create_task(lezer(basis, m, fase, i, stop, args.denktijd)) for i in range(args.lezers)]
    await asyncio.sleep(min(2.0, duur / 4))  # let the load settle before the uploads start
    t_start = time.perf_counter()
    op_tijd = True
    if documenten:
        uploads = [
            asyncio.create_task(upload(c, m, fase, naam, data, upload_timeout, vertraging=0.5 * i))
            for i, (naam, data) in enumerate(documenten)
        ]
        done, pending = await asyncio.wait(uploads, timeout=duur)
        op_tijd = not pending
        for t in pending:
            t.cancel()
            m.add(fase, UPLOAD, t_start, fout=TimeoutError(f"geen antwoord binnen --max-duur {duur:.0f} s"))
    else:
        await asyncio.sleep(duur)
    t_eind = time.perf_counter()
    stop.set()
    await asyncio.wait(clients, timeout=90)
    for t in clients:
        t.cancel()
    return t_start, t_eind, op_tijd


async def watchdog(m: Metingen, pid: int, log: Path, dumps: list[tuple[float, int, str, int]], max_dumps: int = 3):
    """When a request (not an upload) waits longer than 2 x TRAAG_S, ask the server for a stack dump of all its
    threads (SIGUSR1 -> faulthandler, into the server log): that shows what everyone is waiting for."""
    laatste = -1e9
    while len(dumps) < max_dumps:
        await asyncio.sleep(1.0)
        nu = time.perf_counter()
        wachtend = [(nu - t0, soort) for t0, soort in m.lopend.values() if soort != UPLOAD]
        if wachtend and max(wachtend)[0] > 2 * TRAAG_S and nu - laatste > 20:
            laatste = nu
            dumps.append((max(wachtend)[0], len(wachtend), max(wachtend)[1], log.stat().st_size))
            os.kill(pid, signal.SIGUSR1)


async def run_load(basis: str, args, tokens, stappen, m: Metingen, rss: RssSampler, log: Path):
    heavy = heavy_pdf(args.operatoren)
    normaal = normal_pdf()
    documenten = [(f"zwaar-{i + 1}.pdf", heavy) for i in range(args.uploads)] + [("normaal.pdf", normaal)]
    gelijktijdig = args.schrijvers + args.lezers + len(documenten) + 10
    limits = httpx.Limits(max_connections=gelijktijdig, max_keepalive_connections=gelijktijdig, keepalive_expiry=2.0)
    upload_timeout = args.max_duur + 30
    info: dict = {
        "heavy_kb": len(heavy) / 1024,
        "normaal_kb": len(normaal) / 1024,
        "dumps": [],
        "klok": time.time() - time.perf_counter(),
    }
    waakhond = asyncio.create_task(watchdog(m, rss.proc.pid, log, info["dumps"]))
    async with httpx.AsyncClient(base_url=basis, timeout=60, limits=limits) as c:
        print(f"fase A: {args.schrijvers} schrijvers, dezelfde stap en versie tegelijk ...", flush=True)
        info["burst"] = await burst(c, m, args.schrijvers, tokens, stappen)
        print(
            f"fase 0: {args.schrijvers} schrijvers + {args.lezers} lezers, {args.rust:.0f} s zonder uploads, "
            "daarna het normale document alleen ...",
            flush=True,
        )
        info["rust"] = await mixed(c, m, "0", args, tokens, stappen, [], args.rust, upload_timeout)
        info["normaal_alleen"] = await upload(c, m, "0", "normaal.pdf", normaal, upload_timeout)
        print(
            f"fase B: idem, met {args.uploads} zware uploads ({info['heavy_kb']:.0f} KB, {args.operatoren} "
            f"tekstoperatoren) + 1 normaal document (max {args.max_duur:.0f} s) ...",
            flush=True,
        )
        rss.piek_totaal = rss.piek_server = 0  # the peak of phase B
        info["load_voor"] = os.getloadavg()
        cpu_voor = rss.cpu_seconds()
        info["b"] = await mixed(c, m, "B", args, tokens, stappen, documenten, args.max_duur, upload_timeout)
        cpu_na = rss.cpu_seconds()
        info["cpu_b"] = (cpu_na[0] - cpu_voor[0], cpu_na[1] - cpu_voor[1])
        info["load_na"] = os.getloadavg()
        info["rss_b"] = (rss.piek_totaal, rss.piek_server, rss.max_kinderen)
        print(f"fase C: {args.rust:.0f} s zonder uploads (na fase B) ...", flush=True)
        info["rust_na"] = await mixed(c, m, "C", args, tokens, stappen, [], args.rust, upload_timeout)
    waakhond.cancel()
    return info


# --- report ------------------------------------------------------------------------------------------------


def percentielen(tijden: list[float]) -> str:
    if not tijden:
        return "n=0"
    p50, p95, p99 = np.percentile(np.array(tijden) * 1000, [50, 95, 99])
    return f"n={len(tijden):<5} p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f}  max {max(tijden) * 1000:7.1f} ms"


def stack_summary(tekst: str) -> Counter:
    """Threads of one faulthandler dump, grouped by what they are doing (innermost frame + innermost wbs frame)."""
    groepen: Counter = Counter()
    for blok in re.split(r"\n(?=(?:Current thread|Thread) 0x)", tekst):
        if not re.match(r"(Current thread|Thread) 0x", blok):
            continue
        frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', blok)
        if not frames:
            continue

        def kort(f: tuple[str, str, str]) -> str:
            pad = f[0].split("site-packages/")[-1].split("/src/")[-1]
            return f"{pad}:{f[1]} {f[2]}"

        eigen = next((f for f in frames if "/wbs/" in f[0]), None)
        groepen[kort(frames[0]) + (f"  <- {kort(eigen)}" if eigen and eigen != frames[0] else "")] += 1
    return groepen


def report(
    m: Metingen, info: dict, args, db: str, historie_nieuw: int, redenen: Counter, serverlog: str, servertijden: list
) -> int:
    fouten: list[str] = []
    print()
    print(
        f"== {db}: {args.schrijvers} schrijvers, {args.lezers} lezers, {args.uploads} zware uploads, "
        f"denktijd {args.denktijd} s, 1 uvicorn-worker (als wbs serve), WBS_PLAN_BUDGET_S="
        f"{args.budget if args.budget is not None else 'standaard (120)'}, {os.cpu_count()} CPU's"
    )
    print(f"   load average voor/na fase B: {info['load_voor'][0]:.1f} / {info['load_na'][0]:.1f}")

    # status codes per phase and endpoint
    tabel: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for a in m.antwoorden:
        tabel[(a.fase, a.soort)][a.status] += 1
    codes = sorted({s for c in tabel.values() for s in c}, key=lambda s: (not s.isdigit(), s))
    print("\nStatuscodes per fase en endpoint")
    kop = f"  {'fase':<4} {'endpoint':<36}" + "".join(f"{s[:14]:>15}" for s in codes)
    print(kop)
    for (fase, soort), teller in sorted(tabel.items()):
        print(f"  {fase:<4} {soort:<36}" + "".join(f"{teller.get(s, 0):>15}" for s in codes))

    # phase A
    a_codes = tabel[("A", PATCH)]
    stap, versie = info["burst"]
    print(f"\nFase A (stap {stap}, versie {versie}): " + ", ".join(f"{k}: {v}" for k, v in sorted(a_codes.items())))
    if a_codes.get("200", 0) != 1:
        fouten.append(f"fase A: {a_codes.get('200', 0)} keer 200 bij dezelfde versie (verwacht precies 1)")
    onverwacht = {k: v for k, v in a_codes.items() if k not in ("200", "409", "503")}
    if onverwacht:
        fouten.append(f"fase A: onverwachte antwoorden {onverwacht}")

    # 503s must carry Retry-After and a Dutch message; every error body must be Dutch
    for a in m.antwoorden:
        if a.status == "503" and (not a.retry_after or not nederlands(a.detail)):
            fouten.append(f"503 zonder Retry-After of Nederlandse melding: {a.soort} {a.detail!r}")
            break
    for a in m.antwoorden:
        if a.status.isdigit() and int(a.status) >= 400 and not nederlands(a.detail):
            fouten.append(f"{a.status} zonder Nederlandse melding: {a.soort} {a.detail[:100]!r}")
            break

    # latency
    t_start, t_eind, op_tijd = info["b"]
    print("\nLeestijden (client-side, incl. wachtrij) — doel p99 < 300 ms tijdens de uploads")
    for label, fase, venster in (
        ("rust voor (fase 0)", "0", None),
        ("tijdens uploads (B)", "B", (t_start, t_eind)),
        ("rust na (fase C)", "C", None),
    ):
        for soort in LEZEN + ["GET /api/monitor/stappen/{id}", PATCH]:
            tijden = [
                a.duur
                for a in m.antwoorden
                if a.fase == fase
                and a.soort == soort
                and a.status.isdigit()
                and (venster is None or venster[0] <= a.start <= venster[1])
            ]
            print(f"  {label:<20} {soort:<36} {percentielen(tijden)}")
        alle = [
            a.duur
            for a in m.antwoorden
            if a.fase == fase
            and a.soort in LEZEN
            and a.status.isdigit()
            and (venster is None or venster[0] <= a.start <= venster[1])
        ]
        p99 = float(np.percentile(alle, 99)) * 1000 if alle else float("nan")
        print(
            f"  {label:<20} {'alle lezingen (3 endpoints)':<36} {percentielen(alle)}"
            + (f"  -> {'OK' if p99 < 300 else 'BOVEN DOEL'}" if fase == "B" else "")
        )
    if servertijden:
        print(
            "  serverzijde (van ASGI-aanroep tot compleet antwoord; het verschil met hierboven is wachten in de "
            "kernel of in de lastgenerator):"
        )
        paden = {s.split(" ", 1)[1] for s in LEZEN}
        for label, (w0, w1, *_) in (
            ("rust voor (fase 0)", info["rust"]),
            ("tijdens uploads (B)", info["b"]),
            ("rust na (fase C)", info["rust_na"]),
        ):
            tijden = [r[4] for r in servertijden if r[2] in paden and w0 + info["klok"] <= r[0] <= w1 + info["klok"]]
            print(f"  {label:<20} {'alle lezingen (3 endpoints)':<36} {percentielen(tijden)}")
    traag = [a for a in m.antwoorden if a.soort in LEZEN and a.duur > TRAAG_S]
    if traag:
        print(
            f"  haperingen: {len(traag)} lezingen duurden langer dan {TRAAG_S:.0f} s (max "
            f"{max(a.duur for a in traag):.1f} s)"
        )

    # uploads
    print(
        f"\nUploads in fase B ({info['heavy_kb']:.1f} KB zwaar, {info['normaal_kb']:.1f} KB normaal; "
        f"venster {t_eind - t_start:.1f} s)"
    )
    n0 = info["normaal_alleen"]
    print(f"  normaal.pdf alleen (fase 0): {n0.status} in {n0.duur:.1f} s")
    for a in [a for a in m.antwoorden if a.fase == "B" and a.soort == UPLOAD]:
        print(f"  {a.status:<4} in {a.duur:6.1f} s  {a.detail[:150]}")
    if not op_tijd:
        fouten.append(f"fase B: niet elke upload had binnen {args.max_duur:.0f} s een antwoord")

    # memory, history
    totaal, server, kinderen = info["rss_b"]
    cpu_server, cpu_kinderen = info["cpu_b"]
    print(
        f"\nCPU-tijd in fase B ({t_eind - t_start:.0f} s venster): serverproces {cpu_server:.1f} s, "
        f"kindprocessen (forkserver + taken) {cpu_kinderen:.1f} s"
    )
    print(
        f"Piek-RSS in fase B: serverprocesboom {totaal / 2**20:.0f} MiB (serverproces {server / 2**20:.0f} MiB, "
        f"tot {kinderen} kindprocessen; RSS opgeteld, gedeelde pagina's tellen per proces)"
    )
    # history: every 200 exactly one entry, every refused PATCH none, an unanswered one 0 or 1
    patches = [a for a in m.antwoorden if a.soort == PATCH and a.reden]
    onbeantwoord_geschreven = sum(1 for a in patches if not a.status.isdigit() and redenen[a.reden])
    afwijkend = [a for a in patches if a.status.isdigit() and redenen[a.reden] != (1 if a.status == "200" else 0)]
    dubbel = [r for r, n in redenen.items() if n > 1]
    print(
        f"Bevestigde wijzigingen: {m.bevestigd}; nieuwe historieregels: {historie_nieuw} (waarvan "
        f"{onbeantwoord_geschreven} van verzoeken die de client niet op tijd beantwoord kreeg) -> "
        + ("OK" if not afwijkend and not dubbel else "FOUT")
    )
    for a in afwijkend[:5]:
        fouten.append(f"historie: {a.fase} PATCH met antwoord {a.status} heeft {redenen[a.reden]} historieregels")
    if dubbel:
        fouten.append(f"historie: {len(dubbel)} wijzigingen staan dubbel in de historie")
    if historie_nieuw != sum(redenen.values()):
        fouten.append(f"historie: {historie_nieuw - sum(redenen.values())} onverklaarde nieuwe regels")

    # stack dumps taken while a request waited long
    for nr, (wacht, n_wachtend, soort, offset) in enumerate(info["dumps"]):
        eind = info["dumps"][nr + 1][3] if nr + 1 < len(info["dumps"]) else None
        groepen = stack_summary(serverlog.encode()[offset:eind].decode(errors="replace"))
        print(
            f"\nStackdump {nr + 1} van de server: {n_wachtend} verzoeken wachtten, het oudste ({soort}) "
            f"{wacht:.0f} s; {sum(groepen.values())} threads:"
        )
        for sig, n in groepen.most_common(6):
            print(f"  {n:>3} x {sig}")

    vijfhonderd = [a for a in m.antwoorden if a.status == "500"]
    geen = [a for a in m.antwoorden if a.status.startswith("geen antwoord")]
    if vijfhonderd:
        fouten.append(f"{len(vijfhonderd)} keer 500: " + ", ".join(sorted({a.soort for a in vijfhonderd})))
    if geen:
        soorten = Counter(f"{a.soort} {a.status}" for a in geen)
        fouten.append(f"{len(geen)} verzoeken zonder antwoord: " + ", ".join(f"{n} x {k}" for k, n in soorten.items()))
    sporen = [blok for blok in serverlog.split("\n\n") if "Traceback" in blok or "onverwachte fout" in blok]
    if sporen:
        print(f"\nServerlog: {len(sporen)} fout(en); de eerste:\n" + "\n".join(sporen[0].splitlines()[-40:]))
    print()
    if fouten:
        print("MISLUKT:\n  " + "\n  ".join(fouten))
        return 1
    print("OK: geen 500, elk verzoek beantwoord, 503's met Retry-After en Nederlandse melding, historie klopt.")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description="Gemengde belasting: schrijvers en lezers tijdens zware uploads.")
    ap.add_argument("--postgres", default=None, help="PostgreSQL-URL (eigen schema per run); anders SQLite")
    ap.add_argument("--schrijvers", type=int, default=100)
    ap.add_argument("--lezers", type=int, default=50)
    ap.add_argument("--uploads", type=int, default=4, help="aantal zware uploads tegelijk")
    ap.add_argument("--operatoren", type=int, default=500_000, help="tekstoperatoren in de zware PDF")
    ap.add_argument("--budget", type=float, default=None, help="WBS_PLAN_BUDGET_S van de server (s)")
    ap.add_argument("--rust", type=float, default=10.0, help="duur van fase 0 zonder uploads (s)")
    ap.add_argument("--max-duur", type=float, default=240.0, help="fase B duurt hoogstens zo lang (s)")
    ap.add_argument("--denktijd", type=float, default=1.0, help="gemiddelde denktijd tussen verzoeken (s)")
    args = ap.parse_args()
    if args.postgres:
        os.environ["WBS_TEST_POSTGRES_URL"] = args.postgres
    from wbs.monitor.models import Historie
    from wbs.monitor.testing import drop_engine

    eng, url, tokens, stappen, historie_voor = prepare(bool(args.postgres))
    poort = free_port()
    basis = f"http://127.0.0.1:{poort}"
    m = Metingen()
    try:
        with tempfile.TemporaryDirectory(prefix="wbs-mixed-data-") as tmp:
            tijden_pad = Path(tmp) / "server-tijden.jsonl"
            env = {
                **os.environ,
                "WBS_DATABASE_URL": url,
                "WBS_DATA_DIR": tmp,
                "WBS_SECRET_KEY": "mixed-load",
                "MIXED_LOAD_TIJDEN": str(tijden_pad),
            }
            if args.budget is not None:
                env["WBS_PLAN_BUDGET_S"] = str(args.budget)
            log = Path(tmp) / "server.log"
            with open(log, "w") as logf:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        str(Path(__file__).with_name("mixed_load_server.py")),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(poort),
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    stdout=logf,
                    stderr=subprocess.STDOUT,
                )
            rss = RssSampler(proc.pid)
            try:
                for _ in range(300):
                    try:
                        if httpx.get(basis + "/api/monitor/info", timeout=2).status_code == 200:
                            break
                    except httpx.HTTPError:
                        time.sleep(0.2)
                    if proc.poll() is not None:
                        raise SystemExit("server startte niet:\n" + log.read_text())
                for pad in ("/monitor", "/api/monitor/dashboard", "/api/kader/overzicht"):  # warm caches
                    httpx.get(basis + pad, timeout=60)
                rss.start()
                info = asyncio.run(run_load(basis, args, tokens, stappen, m, rss, log))
            finally:
                rss.stop.set()
                proc.send_signal(signal.SIGINT)  # graceful: the server writes its request timings
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
            serverlog = log.read_text(errors="replace")
            servertijden = [json.loads(r) for r in tijden_pad.read_text().splitlines()] if tijden_pad.exists() else []
        with Session(eng) as s:
            historie_nieuw = s.scalar(select(func.count()).select_from(Historie)) - historie_voor
            redenen = Counter(s.scalars(select(Historie.reden).where(Historie.reden.like("gemengde lasttest%"))))
    finally:
        if args.postgres:
            drop_engine(eng)
        else:
            eng.dispose()
    return report(
        m, info, args, "PostgreSQL" if args.postgres else "SQLite", historie_nieuw, redenen, serverlog, servertijden
    )


if __name__ == "__main__":
    sys.exit(main())
