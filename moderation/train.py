"""Train the shipped sentiment model from the shared data (deterministic, numpy only).

Usage: ``otklik train`` or ``python -m moderation.train [DATA_DIR] [OUT.json]``.
The committed model is exactly what ``train(DATA_DIR, DEFAULT_MODEL_PATH)`` writes; its
metadata records a hash of every training input and of this package's feature code, so a
changed input or feature shows up as a different ``inputs_sha256``.
"""

from __future__ import annotations

import csv
import hashlib
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from moderation import lexicons
from moderation.analysis import analyze
from moderation.calibration import calibrate, negative_prf
from moderation.features import DIMENSION
from moderation.model import DEFAULT_MODEL_PATH, LABELS, SentimentModel
from moderation.optimizer import fit_softmax_regression

FEEDBACK_WEIGHT = 3.0  # a manager's correction outweighs one crowd-labelled sentence
_CODE_FILES = (
    "text.py",
    "cues.py",
    "features.py",
    "lemmas.py",
    "analysis.py",
    "lexicons.py",
    "optimizer.py",
    "calibration.py",
    "train.py",
)


def read_labelled_csv(path: Path) -> list[tuple[str, str]]:
    """(text, label) rows of a CSV with `text` and `label` columns; bad labels are an error."""
    rows: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: expected columns text,label; got {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            label = (row["label"] or "").strip().lower()
            if label not in LABELS:
                raise ValueError(f"{path}:{line}: label {label!r} is not one of {LABELS}")
            rows.append((row["text"] or "", label))
    return rows


def training_files(data_dir: Path) -> list[Path]:
    """Every input file train() reads from ``data_dir``, in a fixed order."""
    data_dir = Path(data_dir)
    return sorted((data_dir / "train").glob("*.csv")) + sorted(
        (data_dir / "lexicons").glob("PolSentiLex-raw.csv")
    )


def inputs_hash(data_dir: Path, feedback: Iterable[tuple[str, str]] = ()) -> str:
    """What the shipped model's ``inputs_sha256`` must equal if it was trained from these
    inputs with this code (a cheap check; a full check retrains and compares bytes)."""
    return _inputs_hash(training_files(data_dir), list(feedback))


def _inputs_hash(files: list[Path], feedback: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for text, label in feedback:
        digest.update(f"{label}\t{text}\n".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _featurize(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """CSR parts (row starts, columns, values) and each row's model language."""
    starts, columns, values, languages = [0], [], [], []
    for text in texts:
        analysis = analyze(text)
        columns.extend(analysis.indices)
        values.extend([1.0 / np.sqrt(len(analysis.indices))] * len(analysis.indices))
        starts.append(len(columns))
        languages.append(analysis.model_language)
    return (
        np.asarray(starts, dtype=np.int64),
        np.asarray(columns, dtype=np.int64),
        np.asarray(values, dtype=np.float32),
        languages,
    )


def train(
    data_dir: Path, out: Path = DEFAULT_MODEL_PATH, feedback: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Train on data_dir/train/*.csv + lexicons + feedback rows; write ``out``; return metrics."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    files = [path for path in training_files(data_dir) if path.parent.name == "train"]
    if not files:
        raise FileNotFoundError(f"no training CSVs in {data_dir / 'train'}")
    feedback = [(text, label.strip().lower()) for text, label in feedback]
    for _, label in feedback:
        if label not in LABELS:
            raise ValueError(f"feedback label {label!r} is not one of {LABELS}")
    rows = [(text, label, 1.0) for path in files for text, label in read_labelled_csv(path)]
    lexicon_files = [path for path in training_files(data_dir) if path.parent.name != "train"]
    rows += lexicons.pseudo_rows(lexicon_files)
    rows += [(text, label, FEEDBACK_WEIGHT) for text, label in feedback]

    texts = [text for text, _, _ in rows]
    targets = np.asarray([LABELS.index(label) for _, label, _ in rows], dtype=np.int64)
    weights = np.asarray([w for _, _, w in rows], dtype=np.float32)
    # A fixed tenth (by text hash, so it is stable) is held out for calibration only;
    # lexicon and feedback rows always train.
    held = np.asarray([w == 1.0 and zlib.crc32(t.encode()) % 10 == 0 for t, _, w in rows])
    starts, columns, values, languages = _featurize(texts)
    featurized_s = time.perf_counter() - started

    weight_table, bias = fit_softmax_regression(
        starts, columns, values, targets, weights * ~held, DIMENSION
    )
    held_rows = np.flatnonzero(held)
    ru_held = np.asarray([i for i in held_rows if languages[i] == "ru"], dtype=np.int64)
    model = SentimentModel(weight_table, bias, {})
    temperature, shift = calibrate(model, starts, columns, targets, held_rows, ru_held)
    metrics = {
        "rows": len(rows),
        "train_rows": int((~held).sum()),
        "held_out_rows": len(held_rows),
        "temperature": temperature,
        "negative_shift": shift,
        "held_out_negative_ru": negative_prf(model, starts, columns, targets, ru_held),
        "held_out_negative_all": negative_prf(model, starts, columns, targets, held_rows),
        "featurize_s": round(featurized_s, 1),
        "total_s": round(time.perf_counter() - started, 1),
    }
    model.meta = {
        "temperature": temperature,
        "negative_shift": shift,
        "hash_bits": int(np.log2(DIMENSION)),
        "inputs_sha256": _inputs_hash(files + lexicon_files, feedback),
        "training_files": [p.name for p in files + lexicon_files],
        "feedback_rows": len(feedback),
        "metrics": {k: v for k, v in metrics.items() if not k.endswith("_s")},
    }
    model.save(Path(out))
    return metrics


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared/data/sentiment"
    out = Path(args[1]) if len(args) > 1 else DEFAULT_MODEL_PATH
    print(train(data, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
