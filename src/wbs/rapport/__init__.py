"""The ground floor for every report: one Jinja environment, the shared stylesheet and HTML-to-PDF.

Capabilities render their reports (locatieadvies, toetsadvies, jaarmonitor) with :func:`render`; the web
adds its page templates to the same environment (:func:`voeg_sjabloonmap_toe`), so filters and macros are
shared and there is one place to configure escaping. Nothing here knows the web or the CLI.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from wbs.rapport.opmaak import aantal, bronlink, getal, getal_kort, markeer

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

env = Environment(
    loader=ChoiceLoader([FileSystemLoader(str(TEMPLATE_DIR))]), autoescape=select_autoescape(["html", "xml"])
)
env.filters["getal"] = getal
env.filters["getal_kort"] = getal_kort
env.filters["markeer"] = markeer
env.filters["bronlink"] = bronlink
env.globals["aantal"] = aantal


def voeg_sjabloonmap_toe(path: str | Path) -> None:
    """Let a front-end add its own templates (searched before the report templates)."""
    loader = env.loader
    assert isinstance(loader, ChoiceLoader)
    if not any(isinstance(x, FileSystemLoader) and str(path) in x.searchpath for x in loader.loaders):
        loader.loaders.insert(0, FileSystemLoader(str(path)))


def css() -> str:
    """The shared stylesheet, inlined in standalone reports (so an HTML report is one sendable file)."""
    return (STATIC_DIR / "wbs.css").read_text(encoding="utf-8")


def vul_sjabloon(template: str, **context) -> str:
    return env.get_template(template).render(**context)


def html_naar_pdf(html: str, base_url: str | Path | None = None) -> bytes:
    """Render an HTML report to PDF bytes. ``base_url`` resolves relative links (images, CSS)."""
    from weasyprint import HTML  # imported lazily: loading pango costs ~0.5 s

    return HTML(string=html, base_url=str(base_url) if base_url else None).write_pdf()
