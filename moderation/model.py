"""The linear sentiment model: a hashed weight table, one sparse dot product per text.

Stored as two files side by side (no pickle): ``<name>.npy.gz`` holds the float16 weight table
(gzip, so the mostly-zero table stays small) and ``<name>.json`` holds biases, calibration and
provenance (training-input hash, metrics).
"""

from __future__ import annotations

import gzip
import io
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

LABELS: tuple[str, str, str] = ("negative", "neutral", "positive")
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "sentiment.json"


class ModelFileError(RuntimeError):
    """The model files are missing, truncated or of another format version."""


class SentimentModel:
    """Calibrated 3-class log-linear model over hashed feature indices."""

    FORMAT = 1

    def __init__(self, weights: np.ndarray, bias: np.ndarray, meta: dict[str, Any]) -> None:
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.temperature = float(meta.get("temperature", 1.0))
        # Shifts the negative logit so that 0.5 is the flagging point that balances precision
        # and recall on held-out training data (see train.calibrate).
        self.negative_shift = float(meta.get("negative_shift", 0.0))
        self.meta = meta

    def logits(self, indices: list[int]) -> list[float]:
        """Calibrated log-scores per label in LABELS order."""
        if indices:
            # take() is the cheaper way to gather rows from a list of ints; same float32 sums.
            rows = self.weights.take(indices, axis=0)
            raw = np.add.reduce(rows, axis=0) * (1.0 / math.sqrt(len(indices))) + self.bias
        else:
            raw = self.bias
        negative, neutral, positive = raw.tolist()
        t = self.temperature
        return [negative / t + self.negative_shift, neutral / t, positive / t]

    def save(self, json_path: Path) -> None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        np.save(buffer, self.weights.astype(np.float16), allow_pickle=False)
        # mtime=0 keeps the gzip bytes identical between identical trainings.
        with (
            open(_weights_path(json_path), "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz,
        ):
            gz.write(buffer.getvalue())
        meta = dict(self.meta, format=self.FORMAT, bias=[float(b) for b in self.bias])
        json_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True))

    @classmethod
    def load(cls, json_path: Path) -> SentimentModel:
        try:
            meta = json.loads(Path(json_path).read_text(encoding="utf-8"))
            with gzip.open(_weights_path(Path(json_path)), "rb") as gz:
                weights = np.load(io.BytesIO(gz.read()), allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise ModelFileError(f"cannot load sentiment model {json_path}: {exc}") from exc
        if meta.get("format") != cls.FORMAT or weights.ndim != 2 or weights.shape[1] != 3:
            raise ModelFileError(f"{json_path}: unsupported model format")
        return cls(weights, np.asarray(meta["bias"]), meta)


def _weights_path(json_path: Path) -> Path:
    return json_path.with_name(json_path.stem + ".npy.gz")


def softmax(logits: list[float]) -> list[float]:
    top = max(logits)
    exps = [math.exp(z - top) for z in logits]
    total = sum(exps)
    return [e / total for e in exps]


@lru_cache(maxsize=1)
def load_default_model() -> SentimentModel:
    """The shipped model, loaded once per process and shared by every classifier."""
    return SentimentModel.load(DEFAULT_MODEL_PATH)
