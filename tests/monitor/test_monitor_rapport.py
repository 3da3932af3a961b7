"""Yearly monitor report: HTML with inline SVG, per-keuze status and explanations; PDF."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from wbs import fouten
from wbs.monitor import rapport, service
from wbs.monitor.testing import fresh_engine


@pytest.fixture
def s(tmp_path):
    eng = fresh_engine(tmp_path)
    with Session(eng) as session:
        service.create_user(session, "b", "beheerder")
        b = service.get_user(session, "b")
        wijzigingen = [  # (step, organisation, status, day, explanation)
            ("T1", "drenthe", "vertraagd", date(2024, 10, 5), "Wacht op <de> landelijke handreiking"),
            ("T1", "utrecht", "gereed", date(2024, 9, 1), None),
            ("T4", "zeeland", "afgevallen", date(2026, 2, 1), "Vervalt door nieuwe instructieregel Rijk"),
        ]
        for stap, org, status, dag, uitleg in wijzigingen:
            moment = datetime(dag.year, dag.month, dag.day, 10)
            service.update_stap(
                session, b, stap, organisatie=org, status=status, today=dag, now=moment, toelichting=uitleg
            )
        session.commit()
        yield session


def test_html_report_has_summary_charts_and_explanations(s):
    html = rapport.render_html(s, 2025, today=date(2026, 3, 1))
    assert "Jaarmonitor borging Water en Bodem Sturend 2025" in html
    assert "Stand per 31-12-2025" in html
    assert html.count("<svg") >= 3 and "Status per thema" in html
    for k in ("Maatregelen geborgd", "Stappen op tijd gereed", "Keuzes met bindende borging per provincie"):
        assert k in html
    assert "Wacht op &lt;de&gt; landelijke handreiking" in html  # escaped, cited per keuze
    assert "uitleg ontbreekt" in html  # overdue provinces without explanation
    assert "Vervalt door nieuwe instructieregel" not in html  # dropped only in 2026
    assert re.search(r"<h3>1\. Keuze 1</h3>", html) and "<h3>33. Keuze 33</h3>" in html
    assert "wbs-borgingskalender.txt:1-2" in html
    assert "Keuzes met bindende borging per provincie</h3>" in html and "<td>Utrecht</td>" in html
    later = rapport.render_html(s, 2026, today=date(2026, 3, 1))
    assert "Vervalt door nieuwe instructieregel" in later


def test_report_rejects_bad_year(s):
    with pytest.raises(fouten.OngeldigeInvoer, match="buiten het bereik"):
        rapport.render_html(s, 2031, today=date(2026, 3, 1))


def test_pdf_report(s):
    pdf = rapport.render_pdf(s, 2025, today=date(2026, 3, 1))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert "Jaarmonitor" in text and "handreiking" in text
