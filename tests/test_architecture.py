"""The layering of docs/ARCHITECTURE.md, checked: the domain never imports its front-ends, capabilities import
only the ground floor (and the Watertoets the Locatietoets), and there is no import circle between modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "wbs"
DOMEIN = ("kader", "locatie", "plan", "monitor", "watertoets")
# what a capability may import besides itself: the ground floor, and for the Watertoets the Locatietoets
GROND = ("wbs.fouten", "wbs.config", "wbs.rapport", "wbs.bronnen", "wbs.tekst", "wbs.safety", "wbs.kader")
TOEGESTAAN = {cap: GROND for cap in DOMEIN} | {"watertoets": (*GROND, "wbs.locatie"), "kader": GROND}
VERBODEN = ("wbs.web", "wbs.cli", "fastapi", "starlette", "rich", "typer", "uvicorn")


def _module(pad: Path) -> str:
    delen = pad.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(delen[:-1] if delen[-1] == "__init__" else delen)


def _imports(pad: Path, top_level_only: bool = False) -> set[str]:
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    knopen = boom.body if top_level_only else ast.walk(boom)
    namen: set[str] = set()
    for knoop in knopen:
        if isinstance(knoop, ast.Import):
            namen |= {a.name for a in knoop.names}
        elif isinstance(knoop, ast.ImportFrom) and knoop.module and knoop.level == 0:
            namen.add(knoop.module)
            namen |= {f"{knoop.module}.{a.name}" for a in knoop.names}
    return namen


def _bestanden(cap: str) -> list[Path]:
    return sorted((SRC / cap).rglob("*.py"))


@pytest.mark.parametrize("cap", DOMEIN)
def test_domain_does_not_import_front_ends(cap):
    fout = {
        f"{_module(p)} -> {n}"
        for p in _bestanden(cap)
        for n in _imports(p)
        if any(n == v or n.startswith(v + ".") for v in VERBODEN)
    }
    assert not fout, sorted(fout)


@pytest.mark.parametrize("cap", DOMEIN)
def test_capabilities_import_only_the_ground_floor(cap):
    eigen = f"wbs.{cap}"
    fout = set()
    for p in _bestanden(cap):
        for n in _imports(p):
            if not n.startswith("wbs.") or n == eigen or n.startswith(eigen + "."):
                continue
            if not any(n == t or n.startswith(t + ".") for t in TOEGESTAAN[cap]):
                fout.add(f"{_module(p)} -> {n}")
    # testing helpers that build databases for tests are the one exception: wbs.monitor.testing uses pytest
    assert not fout, sorted(fout)


def test_no_import_circle_between_modules():
    """Module-level imports only (an import inside a function is deferred on purpose)."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    graaf = {}
    for naam, pad in modules.items():
        doelen = set()
        for n in _imports(pad, top_level_only=True):
            while n and n not in modules:
                n = n.rpartition(".")[0]
            if n and n != naam and n.startswith("wbs"):
                doelen.add(n)
        graaf[naam] = doelen
    # a package __init__ that re-exports its submodules is not a circle with them
    kleur: dict[str, int] = {}
    cirkels: list[list[str]] = []

    def bezoek(n: str, pad: list[str]) -> None:
        kleur[n] = 1
        for m in graaf.get(n, ()):
            if m.startswith(n + ".") or n.startswith(m + "."):
                continue
            if kleur.get(m) == 1:
                cirkels.append([*pad[pad.index(m) :], m] if m in pad else [n, m])
            elif not kleur.get(m):
                bezoek(m, [*pad, m])
        kleur[n] = 2

    for n in graaf:
        if not kleur.get(n):
            bezoek(n, [n])
    assert not cirkels, cirkels
