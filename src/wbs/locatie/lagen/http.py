"""HTTP with retries: JSON requests and resumable file downloads, Dutch errors after the last try."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from wbs.locatie.lagen.fouten import LagenFout

GEOJSON_ACCEPT = "application/geo+json, application/json;q=0.9"
USER_AGENT = "wbs-lagen (Water en Bodem Sturend; https://github.com/)"
OPNIEUW_STATUS = {408, 425, 429, 500, 502, 503, 504}


def _kort(tekst: str, n: int = 160) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= n else tekst[: n - 1] + "…"


class Client:
    """A small httpx wrapper: retries with exponential backoff on timeouts, connection errors, 429 and 5xx."""

    def __init__(
        self,
        timeout: float = 60.0,
        pogingen: int = 5,
        wacht: float = 1.0,
        slaap: Callable[[float], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if pogingen < 1:
            raise LagenFout("het aantal pogingen moet minstens 1 zijn")
        if timeout <= 0 or wacht < 0:
            raise LagenFout("timeout moet positief zijn en de wachttijd niet negatief")
        self.pogingen = pogingen
        self.wacht = wacht
        self._slaap = slaap or time.sleep
        self._http = httpx.Client(
            timeout=timeout, follow_redirects=True, transport=transport, headers={"User-Agent": USER_AGENT}
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _met_pogingen(self, url: str, doe: Callable[[int], object]):
        laatste = ""
        for poging in range(1, self.pogingen + 1):
            try:
                return doe(poging)
            except httpx.TimeoutException:
                laatste = "geen antwoord binnen de tijdslimiet"
            except httpx.TransportError as exc:
                laatste = f"verbinding mislukt ({type(exc).__name__}: {exc})"
            except _Opnieuw as exc:
                laatste = str(exc)
            if poging < self.pogingen:
                self._slaap(self.wacht * 2 ** (poging - 1))
        raise LagenFout(
            f"dienst niet bereikbaar na {self.pogingen} poging(en): {url} - {laatste}. Controleer de "
            "verbinding en de URL in het bronnenbestand en probeer het later opnieuw; wat al binnen is, "
            "wordt dan niet opnieuw opgehaald"
        )

    def haal_json(self, url: str, params: dict | None = None) -> tuple[object, httpx.Headers, str]:
        """GET a JSON document; returns (data, headers, final URL)."""

        def doe(_poging: int):
            r = self._http.get(url, params=params, headers={"Accept": GEOJSON_ACCEPT})
            _controleer_status(r)
            return r

        r = self._met_pogingen(url, doe)
        try:
            data = json.loads(r.content)
        except (ValueError, UnicodeDecodeError):
            soort = r.headers.get("content-type", "onbekend")
            raise LagenFout(
                f"ongeldig antwoord van {r.url}: geen geldige JSON (content-type {soort}; begint met "
                f"{_kort(r.text, 80)!r})"
            ) from None
        return data, r.headers, str(r.url)

    def download(self, url: str, doel: Path, voortgang: Callable[[int, int | None], None] | None = None) -> Path:
        """Download ``url`` to ``doel``; a ``doel.part`` left by an earlier run is resumed with an HTTP Range request
        (when the server does not honour it, the download restarts). The file appears under ``doel`` only when
        complete."""
        deel = doel.with_name(doel.name + ".part")

        def doe(_poging: int):
            begin = deel.stat().st_size if deel.exists() else 0
            headers = {"Range": f"bytes={begin}-"} if begin else {}
            with self._http.stream("GET", url, headers=headers) as r:
                if r.status_code == 416 and begin:  # the part file is already complete
                    return None
                _controleer_status(r)
                if begin and r.status_code != 206:
                    begin = 0  # no range support: start over
                totaal = r.headers.get("content-length")
                totaal = int(totaal) + begin if totaal and totaal.isdigit() else None
                with open(deel, "ab" if begin else "wb") as f:
                    n = begin
                    for blok in r.iter_bytes(1 << 16):
                        f.write(blok)
                        n += len(blok)
                        if voortgang:
                            voortgang(n, totaal)
                if totaal is not None and n < totaal:
                    raise _Opnieuw(f"verbinding verbroken na {n} van {totaal} bytes")
            return None

        self._met_pogingen(url, doe)
        os.replace(deel, doel)
        return doel


class _Opnieuw(Exception):
    """A response worth retrying (429/5xx, truncated body)."""


def _controleer_status(r: httpx.Response) -> None:
    if r.status_code in OPNIEUW_STATUS:
        raise _Opnieuw(f"HTTP {r.status_code}")
    if r.status_code >= 400:
        tekst = r.read().decode("utf-8", "replace")
        raise LagenFout(f"de dienst weigert het verzoek {r.url}: HTTP {r.status_code} {_kort(tekst)}".rstrip())
