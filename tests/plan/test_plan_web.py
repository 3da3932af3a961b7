"""Plantoets in the web app: upload with progress, the matrix and downloads, the shipped example documents."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient
from plan_hulp import ALINEAS


def _wacht_op_resultaat(c, antwoord, pogingen: int = 600):
    """Follow the progress fragment of a background assessment until the result fragment is there (at most
    60 s: the assessment runs in a worker process, which a loaded machine can make slow)."""
    assert antwoord.status_code == 200 and "/plan/taak/" in antwoord.text
    taak = antwoord.text.split("/plan/taak/")[1].split('"')[0]
    for _ in range(pogingen):
        r = c.get(f"/plan/taak/{taak}")
        if "planresultaat" in r.text:
            return taak, r
        time.sleep(0.1)
    raise AssertionError("de plantoets werd niet op tijd klaar")


def test_web_upload_progress_matrix_and_downloads():
    from wbs.web.app import create_app

    c = TestClient(create_app())
    assert c.get("/plan").status_code == 200
    tekst = "\n\n".join(ALINEAS).encode()
    taak, r = _wacht_op_resultaat(c, c.post("/plan/upload", files={"bestand": ("visie.txt", tekst)}))
    assert r.text.count("data-keuze=") == 33
    assert c.get(f"/plan/taak/{taak}/toetsadvies.pdf").content.startswith(b"%PDF")
    assert json.loads(c.get(f"/plan/taak/{taak}/toetsadvies.json").text)["dekking"]
    assert c.get("/plan/taak/onbekend").status_code == 404
    api = c.post("/api/plan/toets", files={"bestand": ("visie.txt", tekst)})
    assert api.status_code == 200 and len(api.json()["dekking"]) == 33
    fout = c.post("/api/plan/toets", files={"bestand": ("leeg.pdf", b"")})
    assert fout.status_code == 422 and "leeg" in fout.json()["detail"]
    fout = c.post("/plan/upload", files={"bestand": ("x.exe", b"MZ")})
    assert fout.status_code == 422 and "Onbekend bestandsformaat" in fout.text


def test_web_example_document_is_assessed_without_upload():
    from wbs.web.app import create_app

    c = TestClient(create_app())
    pagina = c.get("/plan").text
    assert 'value="omgevingsvisie-drenthe.txt"' in pagina
    taak, r = _wacht_op_resultaat(c, c.post("/plan/voorbeeld", data={"bestand": "omgevingsvisie-drenthe.txt"}))
    assert r.text.count("data-keuze=") == 33
    res = json.loads(c.get(f"/plan/taak/{taak}/toetsadvies.json").text)
    assert res["document"]["regio"] == "Drenthe"
    assert any(d["nr"] == 32 and d["status"] != "ontbreekt" for d in res["dekking"])  # beekdalen
    # citations of a shipped document open the source at the cited lines
    assert 'href="/bronnen/omgevingsvisie-drenthe.txt?van=' in r.text
    assert "onder &ldquo;6.2.2 Beekdalen&rdquo;" in r.text  # and name the section they stand under
    assert "sterkte: &ldquo;" in r.text  # and the cue that decided a passage's strength, as the toetsadvies does
    assert "<mark>" in r.text  # the words that made a link are marked
    # an upload that only borrows the name does not link to the shipped text
    _, nep = _wacht_op_resultaat(
        c, c.post("/plan/upload", files={"bestand": ("omgevingsvisie-drenthe.txt", "\n\n".join(ALINEAS).encode())})
    )
    assert "/bronnen/" not in nep.text
    # only the shipped documents: no path tricks
    fout = c.post("/plan/voorbeeld", data={"bestand": "../../etc/passwd"})
    assert fout.status_code == 422 and "Onbekend voorbeelddocument" in fout.text
