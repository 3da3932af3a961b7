"""Test helpers for `wbs lagen`: a real pygeoapi OGC API Features server on loopback and a small proxy
in front of it that can fail on purpose (5xx, slow answers, broken JSON, cut-off files).

pygeoapi (the OGC reference implementation, from PyPI) serves fixture layers through its GeoJSON provider:
its SQLiteGPKG provider needs the SpatiaLite system module and its OGR provider GDAL's Python bindings,
neither of which installs from PyPI, while the GeoJSON provider is pure Python. The fixtures are made
with geopandas and written as GeoJSON files (one in EPSG:28992 as storage CRS, others in CRS84).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import yaml

RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992"
CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

_START = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from pygeoapi.openapi import generate_openapi_document
    from pygeoapi.models.openapi import OAPIFormat
    cfg, oas, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    Path(oas).write_text(generate_openapi_document(Path(cfg), OAPIFormat(root='yaml')), encoding='utf-8')
    os.environ['PYGEOAPI_CONFIG'], os.environ['PYGEOAPI_OPENAPI'] = cfg, oas
    from werkzeug.serving import run_simple
    from pygeoapi.flask_app import APP
    run_simple('127.0.0.1', port, APP, threaded=True)
""")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pygeoapi_config(poort: int, collecties: dict[str, dict]) -> dict:
    """A minimal pygeoapi configuration: ``collecties`` maps id -> {pad, rd: bool}."""
    bronnen = {}
    for cid, c in collecties.items():
        provider = {"type": "feature", "name": "GeoJSON", "data": str(c["pad"]), "id_field": "id"}
        if c.get("rd"):
            provider["storage_crs"] = RD_URI
            provider["crs"] = [RD_URI, CRS84_URI]
        bronnen[cid] = {
            "type": "collection",
            "title": cid,
            "description": f"testcollectie {cid}",
            "keywords": ["test"],
            "extents": {"spatial": {"bbox": [3.0, 50.5, 7.5, 53.7], "crs": CRS84_URI}},
            "providers": [provider],
        }
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": poort},
            "url": f"http://127.0.0.1:{poort}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "language": "en-US",
            "pretty_print": False,
            "limits": {"default_items": 10, "max_items": 1000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "test"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "wbs test",
                "description": "wbs test",
                "keywords": ["test"],
                "keywords_type": "theme",
                "terms_of_service": "test",
                "url": "http://127.0.0.1",
            },
            "license": {"name": "CC0", "url": "http://127.0.0.1"},
            "provider": {"name": "test", "url": "http://127.0.0.1"},
            "contact": {"name": "test"},
        },
        "resources": bronnen,
    }


class Pygeoapi:
    """pygeoapi in a subprocess on a free loopback port."""

    def __init__(self, map_: Path, collecties: dict[str, dict]) -> None:
        self.map = map_
        self.poort = vrije_poort()
        self.url = f"http://127.0.0.1:{self.poort}"
        cfg = map_ / "pygeoapi.yml"
        cfg.write_text(yaml.safe_dump(pygeoapi_config(self.poort, collecties)), encoding="utf-8")
        self.log = open(map_ / "pygeoapi.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proces = subprocess.Popen(
            [sys.executable, "-c", _START, str(cfg), str(map_ / "openapi.yml"), str(self.poort)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        einde = time.monotonic() + 60
        while time.monotonic() < einde:
            if self.proces.poll() is not None:
                raise RuntimeError(f"pygeoapi stopte: {(map_ / 'pygeoapi.log').read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/collections?f=json", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("pygeoapi startte niet binnen 60 s")

    def stop(self) -> None:
        self.proces.terminate()
        try:
            self.proces.wait(10)
        except subprocess.TimeoutExpired:
            self.proces.kill()
        self.log.close()


class Proxy:
    """A loopback proxy in front of ``upstream`` that rewrites the upstream's own URLs in answers and
    misbehaves on purpose: ``plan`` is a list of (path fragment, action) consumed in order by the first
    request whose path+query contains the fragment. Actions: 503, 'traag' (sleep then forward),
    'kapot' (invalid JSON), 'geen-fc' (JSON that is no FeatureCollection), 'html' (an HTML page),
    'afgebroken' (half a file, then close).
    ``bestanden`` maps /bestanden/NAME to bytes (served with HTTP Range support)."""

    def __init__(self, upstream: str | None = None, traag_s: float = 1.5) -> None:
        self.upstream = upstream
        self.plan: list[tuple[str, object]] = []
        self.bestanden: dict[str, bytes] = {}
        self.verzoeken: list[str] = []
        self.traag_s = traag_s
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server API
                proxy._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _actie(self, pad: str):
        with self._lock:
            self.verzoeken.append(pad)
            for i, (fragment, actie) in enumerate(self.plan):
                if fragment in pad:
                    del self.plan[i]
                    return actie
        return None

    def _stuur(self, h: BaseHTTPRequestHandler, status: int, body: bytes, soort: str, extra: dict | None = None):
        h.send_response(status)
        h.send_header("Content-Type", soort)
        h.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        actie = self._actie(h.path)
        if actie == 503:
            return self._stuur(h, 503, b"tijdelijk niet beschikbaar", "text/plain")
        if actie == "kapot":
            return self._stuur(h, 200, b'{"type": "FeatureCollection", "features": [{"type": "Fea', "application/json")
        if actie == "geen-fc":
            return self._stuur(h, 200, b'{"type": "Feature", "properties": {}}', "application/geo+json")
        if actie == "html":
            return self._stuur(h, 200, b"<html><body>Onderhoud</body></html>", "text/html")
        if actie == "traag":
            time.sleep(self.traag_s)
        if h.path.startswith("/bestanden/"):
            return self._bestand(h, actie)
        r = httpx.get(self.upstream + h.path, headers={"Accept": h.headers.get("Accept", "*/*")}, timeout=30)
        body = r.content.replace(self.upstream.encode(), self.url.encode())
        extra = {k: v for k, v in r.headers.items() if k.lower() == "content-crs"}
        self._stuur(h, r.status_code, body, r.headers.get("content-type", "application/octet-stream"), extra)

    def _bestand(self, h: BaseHTTPRequestHandler, actie) -> None:
        data = self.bestanden.get(h.path.split("?")[0].removeprefix("/bestanden/"))
        if data is None:
            return self._stuur(h, 404, b"niet gevonden", "text/plain")
        begin = 0
        bereik = h.headers.get("Range")
        if bereik and bereik.startswith("bytes="):
            begin = int(bereik[6:].split("-")[0])
        deel = data[begin:]
        h.send_response(206 if begin else 200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Content-Length", str(len(deel)))
        if begin:
            h.send_header("Content-Range", f"bytes {begin}-{len(data) - 1}/{len(data)}")
        h.end_headers()
        if actie == "afgebroken":
            h.wfile.write(deel[: len(deel) // 2])
            h.wfile.flush()
            h.close_connection = True
            return
        h.wfile.write(deel)
