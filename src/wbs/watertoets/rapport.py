"""The watertoets as HTML section, standalone report and PDF (templates in wbs/rapport/templates/watertoets)."""

from __future__ import annotations

from datetime import date

from wbs import rapport
from wbs.watertoets.models import Watertoetsuitslag


def css() -> str:
    """The section's own styles (badges, tables), added to the shared stylesheet where the section is shown."""
    return (rapport.STATIC_DIR / "watertoets.css").read_text(encoding="utf-8")


def sectie_html(uitslag: Watertoetsuitslag, met_stijl: bool = False) -> str:
    """The result as one ``<section>``, for the web page and (``met_stijl``: with its own CSS) other reports."""
    html = rapport.vul_sjabloon("watertoets/_sectie.html", u=uitslag)
    return f"<style>{css()}</style>\n{html}" if met_stijl else html


def naar_html(uitslag: Watertoetsuitslag) -> str:
    return rapport.vul_sjabloon(
        "watertoets/rapport.html", u=uitslag, css=rapport.css() + "\n" + css(), datum=date.today().strftime("%d-%m-%Y")
    )


def naar_pdf(uitslag: Watertoetsuitslag) -> bytes:
    return rapport.html_naar_pdf(naar_html(uitslag))
