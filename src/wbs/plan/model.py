"""The learned linker: a linear model per keuze over Dutch word and character features (and, where the local
embedding model is installed, its sentence vector), trained by ``scripts/plan/train_linker.py``.

Training data (see that script): the keuze texts, distant supervision from the Kader (every measure, step,
doorwerking and borging text belongs to a known keuze through its measure number) and the development gold sets.
The model file ``data/koppelmodel.npz`` holds the feature vocabulary, idf weights, coefficients and the
calibrated thresholds; it is read with numpy alone, so scikit-learn is needed only to train.

Features generalise across wordings: stemmed words and word pairs, and character 4- and 5-grams inside words, so
that a compound the seeds never printed ("regenwaterbuffering") still shares most of its parts with one they did
("waterbuffer").
"""

from __future__ import annotations

import io
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from wbs.plan.fouten import PlanFout
from wbs.tekst import STOPWOORDEN, normaliseer, stam_woorden

BESTAND = "koppelmodel.npz"
_WOORD = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
CHAR_N = (4, 5)
CHAR_MIN_WOORD = 6  # character n-grams only for words this long: compounds carry their subject in their parts


def kenmerken(tekst: str) -> list[str]:
    """The lexical features of a text: stemmed words ("w:"), pairs of adjacent stems ("b:") and character
    n-grams of long words ("c:")."""
    woorden = _WOORD.findall(normaliseer(tekst))
    inhoud = [w for w in woorden if w not in STOPWOORDEN]
    stammen = stam_woorden(inhoud)
    uit = [f"w:{s}" for s in stammen]
    uit += [f"b:{a}_{b}" for a, b in zip(stammen, stammen[1:], strict=False)]
    for w in inhoud:
        if len(w) >= CHAR_MIN_WOORD:
            g = f"<{w}>"
            for n in CHAR_N:
                uit += [f"c:{g[i:i + n]}" for i in range(len(g) - n + 1)]
    return uit


@dataclass
class KoppelModel:
    """Per keuze a logistic model: P(keuze | passage) = sigmoid(x . coef + intercept)."""

    nrs: list[int]
    vocabulaire: dict[str, int]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_keuzes, n_features) float32, lexical part
    intercept: np.ndarray  # (n_keuzes,)
    emb_coef: np.ndarray | None  # (n_keuzes, emb_dim): the embedding part, None for a lexical-only model
    emb_gewicht: float  # the embedding vector is scaled by this before the dot product
    drempels: np.ndarray  # (n_keuzes,) probability threshold per keuze
    info: dict

    def vectoren(self, teksten: list[str]) -> np.ndarray:
        """Sublinear tf-idf vectors, l2-normalised (the same as scikit-learn's TfidfVectorizer at training)."""
        x = np.zeros((len(teksten), len(self.idf)), dtype=np.float32)
        for i, t in enumerate(teksten):
            telling = Counter(j for f in kenmerken(t) if (j := self.vocabulaire.get(f)) is not None)
            if not telling:
                continue
            idx = np.fromiter(telling.keys(), dtype=np.int64)
            tf = np.fromiter(telling.values(), dtype=np.float32)
            w = (1.0 + np.log(tf)) * self.idf[idx]
            x[i, idx] = w / max(float(np.linalg.norm(w)), 1e-12)
        return x

    def kansen(self, teksten: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """P(keuze | passage) per passage and keuze (in the order of ``nrs``)."""
        if not teksten:
            return np.zeros((0, len(self.nrs)))
        z = self.vectoren(teksten) @ self.coef.T + self.intercept
        if self.emb_coef is not None:
            if embeddings is None:
                raise PlanFout("dit koppelmodel heeft het embeddingmodel nodig (extra 'embed')")
            z = z + (embeddings * self.emb_gewicht) @ self.emb_coef.T
        return 1.0 / (1.0 + np.exp(-z))

    # -- file -----------------------------------------------------------------------------------------------------
    def naar_bytes(self) -> bytes:
        buf = io.BytesIO()
        woorden = sorted(self.vocabulaire, key=self.vocabulaire.get)
        extra = {} if self.emb_coef is None else {"emb_coef": self.emb_coef.astype(np.float32)}
        np.savez_compressed(buf, nrs=np.asarray(self.nrs), woorden=np.asarray(woorden), idf=self.idf.astype(np.float32),
                            coef=self.coef.astype(np.float16), intercept=self.intercept.astype(np.float32),
                            drempels=self.drempels.astype(np.float32), emb_gewicht=np.float32(self.emb_gewicht),
                            info=np.asarray(json.dumps(self.info, ensure_ascii=False, sort_keys=True)), **extra)
        return buf.getvalue()

    @classmethod
    def van_bytes(cls, data: bytes) -> KoppelModel:
        z = np.load(io.BytesIO(data), allow_pickle=False)
        woorden = [str(w) for w in z["woorden"]]
        return cls(nrs=[int(n) for n in z["nrs"]], vocabulaire={w: i for i, w in enumerate(woorden)},
                   idf=z["idf"].astype(np.float32), coef=z["coef"].astype(np.float32),
                   intercept=z["intercept"].astype(np.float32),
                   emb_coef=z["emb_coef"].astype(np.float32) if "emb_coef" in z.files else None,
                   emb_gewicht=float(z["emb_gewicht"]), drempels=z["drempels"].astype(np.float32),
                   info=json.loads(str(z["info"])))


@lru_cache(maxsize=1)
def laad_model() -> KoppelModel | None:
    """The shipped model, or None where the package holds none (the rule linker then works alone)."""
    bestand = resources.files("wbs.plan.data").joinpath(BESTAND)
    if not bestand.is_file():
        return None
    return KoppelModel.van_bytes(bestand.read_bytes())


def logit(p: np.ndarray | float) -> np.ndarray | float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p)) if isinstance(p, np.ndarray) else math.log(p / (1 - p))
