"""Kader: the 33 structurerende keuzes, measures and steps as validated, cited data."""

from wbs.kader.loader import KaderFout, load_kader, load_kader_file, parse_kader
from wbs.kader.models import Bron, Kader, Keuze, Maatregel, Stap

__all__ = ["Bron", "Kader", "KaderFout", "Keuze", "Maatregel", "Stap", "load_kader", "load_kader_file", "parse_kader"]
