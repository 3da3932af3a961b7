"""How binding a passage is: bindend / afspraak / intentie, from cue patterns in data/sterkte.yaml."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

Sterkte = Literal["bindend", "afspraak", "intentie"]
NIVEAUS: tuple[Sterkte, ...] = ("bindend", "afspraak", "intentie")
_ZIN = re.compile(r"(?<=[a-z\u00e0-\u00ff)][.!?])\s+(?=[A-Z\u00c0-\u00de])")  # a sentence end: "gebracht. Uitgesloten"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(resources.files("wbs.plan.data").joinpath("sterkte.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[re.Pattern]]:
    return {niveau: [re.compile(p, re.IGNORECASE) for p in _data().get(niveau, [])] for niveau in NIVEAUS[:2]}


@lru_cache(maxsize=1)
def _structuur() -> dict[str, list[re.Pattern]]:
    data = _data().get("structuur") or {}
    return {niveau: [re.compile(p, re.IGNORECASE) for p in data.get(niveau, [])] for niveau in NIVEAUS[:2]}


def bepaal_sterkte(tekst: str, inleiding: str | None = None, kop: str | None = None) -> tuple[Sterkte, str | None]:
    """The strength and the cue that decided it (None for the default ``intentie``).

    The passage's own words decide first. Where they carry no cue, the structure it stands in does: a list item
    under a lead-in in which actors agree ("Rijk en provincie spreken af:") is an agreement, one under a lead-in or
    heading that lays down rules ("Artikel 3.2", "... de volgende regels:") is binding; the cue then names it
    ("inleiding: spreken af").
    """
    zinnen = _ZIN.split(tekst)
    for niveau, patronen in _cues().items():
        for p in patronen:
            # within one sentence: "... worden gebracht. Uitgesloten hiervan ..." is no "worden ... uitgesloten"
            if m := next((m for z in zinnen if (m := p.search(z))), None):
                return niveau, m.group(0)
    for waar, omgeving in (("inleiding", inleiding), ("kop", kop)):
        if not omgeving:
            continue
        for niveau, patronen in _structuur().items():
            for p in patronen:
                if m := p.search(omgeving):
                    return niveau, f"{waar}: {m.group(0).strip()}"
    return "intentie", None
