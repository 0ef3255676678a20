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
from moderation.classifier import rule_nudges
from moderation.features import DIMENSION
from moderation.model import DEFAULT_MODEL_PATH, LABELS, SentimentModel
from moderation.optimizer import fit_softmax_regression
from moderation.toxicity import ToxicityChecker

FEEDBACK_WEIGHT = 3.0  # a manager's correction outweighs one crowd-labelled sentence
# Comments written for the project (corpus/README.md), the only customer comments in Russian
# the model gets to see: a row of them outweighs a row of emotion data. Weights chosen on the
# development sets and held-out training rows (corpus/README.md gives the figures).
CORPUS = Path(__file__).resolve().parent / "corpus"
CORPUS_WEIGHT = {"ru": 3.0, "en": 10.0}
_CODE_FILES = (
    "text.py",
    "cues.py",
    "features.py",
    "lemmas.py",
    "memo.py",
    "analysis.py",
    "lexicons.py",
    "optimizer.py",
    "calibration.py",
    "train.py",
    # The flagging point is calibrated with the rules' nudges (calibration.py), so the rules
    # are training code too.
    "classifier.py",
    "complaints.py",
    "complaint_context.py",
    "complaint_lemmas.py",
    "patterns.py",
    "toxicity.py",
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


def _sources(path: Path) -> list[str]:
    """Each row's corpus: the file's `source` column where it has one, else the file name."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [f"{path.name}:{row.get('source') or ''}" for row in csv.DictReader(handle)]


def source_balanced(labels: list[str], sources: list[str]) -> list[float]:
    """Row weights giving every class the same total weight within each source corpus.

    The corpora's class mixes differ wildly (CEDR's Twitter part is 55% negative, its Lenta
    part 8%), so unweighted, a model learns "informal, tweet-like text is negative" and
    over-flags informal VK posts. Balanced within a source, style says nothing about the label.
    """
    counts: dict[tuple[str, str], int] = {}
    for label, source in zip(labels, sources, strict=True):
        counts[source, label] = counts.get((source, label), 0) + 1
    size: dict[str, int] = {}
    classes: dict[str, int] = {}
    for source, _ in counts:
        classes[source] = classes.get(source, 0) + 1
    for (source, _), n in counts.items():
        size[source] = size.get(source, 0) + n
    return [
        size[source] / (classes[source] * counts[source, label])
        for label, source in zip(labels, sources, strict=True)
    ]


def training_files(data_dir: Path) -> list[Path]:
    """Every input file train() reads, in a fixed order: ``data_dir``'s corpora, the project's
    own (CORPUS), then the lexicon."""
    data_dir = Path(data_dir)
    return (
        sorted((data_dir / "train").glob("*.csv"))
        + sorted(CORPUS.glob("*.csv"))
        + _lexicon_files(data_dir)
    )


def _lexicon_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "lexicons").glob("PolSentiLex-raw.csv"))


def _corpus_weight(path: Path) -> float:
    """The project's files are named by language (ru_*.csv, en_*.csv); others weigh 1."""
    if path.parent != CORPUS:
        return 1.0
    return CORPUS_WEIGHT[path.name.split("_", 1)[0]]


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


def _rule_nudges(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The classifier's rule nudges per text (rows x labels) and its positive-cap flags."""
    checker = ToxicityChecker()
    nudges = np.zeros((len(texts), 3), dtype=np.float64)
    capped = np.zeros(len(texts), dtype=bool)
    for row, text in enumerate(texts):
        analysis = analyze(text)
        if analysis.normalized.strip():
            found = rule_nudges(analysis, checker)
            nudges[row] = (found.negative, found.neutral, found.positive)
            capped[row] = found.cap_positive
    return nudges, capped


def train(
    data_dir: Path, out: Path = DEFAULT_MODEL_PATH, feedback: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Train on data_dir/train/*.csv + the project's corpus + lexicons + feedback rows; write
    ``out``; return metrics."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    lexicon_files = _lexicon_files(data_dir)
    files = [path for path in training_files(data_dir) if path not in lexicon_files]
    if not any(path.parent == data_dir / "train" for path in files):
        raise FileNotFoundError(f"no training CSVs in {data_dir / 'train'}")
    feedback = [(text, label.strip().lower()) for text, label in feedback]
    for _, label in feedback:
        if label not in LABELS:
            raise ValueError(f"feedback label {label!r} is not one of {LABELS}")
    rows = []
    sources: list[str] = []
    for path in files:
        labelled = read_labelled_csv(path)
        corpus = _sources(path)
        sources += corpus
        balanced = source_balanced([label for _, label in labelled], corpus)
        scale = _corpus_weight(path)
        rows += [
            (text, label, w * scale) for (text, label), w in zip(labelled, balanced, strict=True)
        ]
    lexicon_rows = lexicons.pseudo_rows(lexicon_files)
    rows += lexicon_rows
    rows += [(text, label, FEEDBACK_WEIGHT) for text, label in feedback]

    texts = [text for text, _, _ in rows]
    targets = np.asarray([LABELS.index(label) for _, label, _ in rows], dtype=np.int64)
    weights = np.asarray([w for _, _, w in rows], dtype=np.float32)
    # A fixed tenth of the corpus rows (by text hash, so it is stable) is held out for
    # calibration only; lexicon and feedback rows always train.
    corpus_rows = len(rows) - len(feedback) - len(lexicon_rows)
    held = np.asarray(
        [i < corpus_rows and zlib.crc32(t.encode()) % 10 == 0 for i, (t, _, _) in enumerate(rows)]
    )
    starts, columns, values, languages = _featurize(texts)
    featurized_s = time.perf_counter() - started

    weight_table, bias = fit_softmax_regression(
        starts, columns, values, targets, weights * ~held, DIMENSION
    )
    held_rows = np.flatnonzero(held)
    ru_held = np.asarray([i for i in held_rows if languages[i] == "ru"], dtype=np.int64)
    nudges, capped = _rule_nudges([texts[i] for i in ru_held])
    model = SentimentModel(weight_table, bias, {})
    ru_sources = np.asarray([sources[i] for i in ru_held])  # held rows are all corpus rows
    temperature, shift = calibrate(
        model, starts, columns, targets, held_rows, ru_held, nudges, capped, ru_sources
    )
    metrics = {
        "rows": len(rows),
        "train_rows": int((~held).sum()),
        "held_out_rows": len(held_rows),
        "temperature": temperature,
        "negative_shift": shift,
        "held_out_negative_ru": negative_prf(model, starts, columns, targets, ru_held),
        "held_out_negative_ru_with_rules": negative_prf(
            model, starts, columns, targets, ru_held, nudges, capped
        ),
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
