"""Shared report output: HTML to PDF with WeasyPrint (offline, fonts from the system)."""

from __future__ import annotations

from pathlib import Path


def html_naar_pdf(html: str, base_url: str | Path | None = None) -> bytes:
    """Render an HTML report to PDF bytes. ``base_url`` resolves relative links (images, CSS)."""
    from weasyprint import HTML  # imported lazily: loading pango costs ~0.5 s

    return HTML(string=html, base_url=str(base_url) if base_url else None).write_pdf()
