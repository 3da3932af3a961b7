"""Kader: the 33 structurerende keuzes, measures and steps as validated, cited data."""

from wbs.kader.laden import KaderFout, laad_kader, laad_kaderbestand, lees_kader
from wbs.kader.models import Bron, Kader, Keuze, Maatregel, Stap

__all__ = ["Bron", "Kader", "KaderFout", "Keuze", "Maatregel", "Stap", "laad_kader", "laad_kaderbestand", "lees_kader"]
