"""Web front-end (FastAPI + Jinja2, Dutch UI)."""
