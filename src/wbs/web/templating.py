"""The web's templates: the page templates in ``web/templates`` on top of the one report environment."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from wbs import rapport

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

rapport.voeg_sjabloonmap_toe(TEMPLATE_DIR)
templates = Jinja2Templates(env=rapport.env)
