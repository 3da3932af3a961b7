"""How binding a passage is: bindend / afspraak / intentie, from cue patterns in data/sterkte.yaml."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

Sterkte = Literal["bindend", "afspraak", "intentie"]
NIVEAUS: tuple[Sterkte, ...] = ("bindend", "afspraak", "intentie")


@lru_cache(maxsize=1)
def _cues() -> dict[str, list[re.Pattern]]:
    data = yaml.safe_load(resources.files("wbs.plan.data").joinpath("sterkte.yaml").read_text(encoding="utf-8"))
    return {niveau: [re.compile(p, re.IGNORECASE) for p in data.get(niveau, [])] for niveau in NIVEAUS[:2]}


def bepaal_sterkte(tekst: str) -> tuple[Sterkte, str | None]:
    """The strength and the cue that decided it (None for the default ``intentie``)."""
    for niveau, patronen in _cues().items():
        for p in patronen:
            if m := p.search(tekst):
                return niveau, m.group(0)
    return "intentie", None
