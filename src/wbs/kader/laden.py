"""Load and validate the Kader YAML shipped inside the package."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from wbs.fouten import OngeldigeInvoer
from wbs.kader.models import Kader

DATA_PACKAGE = "wbs.kader.data"
KADER_FILE = "kader.yaml"


class KaderFout(OngeldigeInvoer, ValueError):
    """The Kader data file is malformed; the message names file, item and field."""


def _beschrijf_plek(data: object, loc: tuple) -> str:
    """Turn a pydantic error location into 'keuze 12 > maatregel 1.1.20 > stappen[0].tekst'."""
    parts: list[str] = []
    node = data
    for key in loc:
        label = None
        if isinstance(node, dict):
            node = node.get(key) if isinstance(key, str) else None
            label = str(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
            ident = node.get("id", node.get("nr")) if isinstance(node, dict) else None
            label = f"[{key}]" + (f" ({ident})" if ident is not None else "")
        else:
            label = str(key)
        if label.startswith("[") and parts:
            parts[-1] += label
        else:
            parts.append(label)
    return " > ".join(parts) or "(bestand)"


def lees_kader(text: str, bestand: str = KADER_FILE) -> Kader:
    """Parse YAML text into a validated :class:`Kader`, raising :class:`KaderFout` in Dutch."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KaderFout(f"{bestand}: geen geldige YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise KaderFout(f"{bestand}: verwacht een mapping met 'keuzes', 'uitgangspunten', 'schillen'")
    try:
        return Kader.model_validate(data)
    except ValidationError as exc:
        lines = [f"{bestand}: {exc.error_count()} fout(en) in het kader:"]
        for err in exc.errors():
            lines.append(f"  - {_beschrijf_plek(data, err['loc'])}: {err['msg']}")
        raise KaderFout("\n".join(lines)) from exc


def laad_kaderbestand(path: str | Path) -> Kader:
    path = Path(path)
    return lees_kader(path.read_text(encoding="utf-8"), bestand=str(path))


@lru_cache(maxsize=1)
def laad_kader() -> Kader:
    """The built-in Kader (cached: it is immutable)."""
    text = resources.files(DATA_PACKAGE).joinpath(KADER_FILE).read_text(encoding="utf-8")
    return lees_kader(text, bestand=KADER_FILE)
