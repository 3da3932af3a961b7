"""The watertoets as HTML section, standalone HTML report and PDF (own Jinja2 templates in this package)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from wbs.watertoets.engine import getal
from wbs.watertoets.models import Watertoetsuitslag


@lru_cache(maxsize=1)
def omgeving() -> Environment:
    env = Environment(loader=PackageLoader("wbs.watertoets", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["getal"] = getal
    return env


def css() -> str:
    return resources.files("wbs.watertoets").joinpath("templates/stijl.css").read_text(encoding="utf-8")


def sectie_html(uitslag: Watertoetsuitslag, met_stijl: bool = False) -> str:
    """The result as one ``<section>``, for the web page and (``met_stijl``: with its own CSS) other reports."""
    html = omgeving().get_template("_sectie.html").render(u=uitslag)
    return f"<style>{css()}</style>\n{html}" if met_stijl else html


def naar_html(uitslag: Watertoetsuitslag) -> str:
    return omgeving().get_template("rapport.html").render(u=uitslag, css=css(), datum=date.today().strftime("%d-%m-%Y"))


def naar_pdf(uitslag: Watertoetsuitslag) -> bytes:
    from wbs.rapport import html_naar_pdf

    return html_naar_pdf(naar_html(uitslag))
