"""Dutch text helpers shared by search and retrieval: normalisation and stemmed tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from bm25s.stopwords import STOPWORDS_DUTCH

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
STOPWOORDEN = frozenset(STOPWORDS_DUTCH)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def normaliseer(tekst: str) -> str:
    """Lower-case, strip accents (``geïnfiltreerd`` -> ``geinfiltreerd``), collapse whitespace."""
    tekst = unicodedata.normalize("NFKD", tekst)
    tekst = "".join(c for c in tekst if not unicodedata.combining(c))
    return " ".join(tekst.lower().split())


def stam_woorden(woorden: list[str]) -> list[str]:
    return _stemmer().stemWords(woorden)


def tokens(tekst: str) -> list[str]:
    """Stemmed Dutch tokens without stop words, for BM25."""
    woorden = [w for w in _TOKEN.findall(normaliseer(tekst)) if w not in STOPWOORDEN]
    return stam_woorden(woorden)
