"""Per-class precision/recall/F1 and macro-F1, overall and per language."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from handlers.verdict import Verdict
from moderation.model import LABELS
from moderation.text import detect_language, model_language


class Classifier(Protocol):
    def classify(self, text: str) -> Verdict: ...


def read_eval_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: expected columns text,label[,lang]; got {reader.fieldnames}")
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        if (row.get("label") or "").strip().lower() not in LABELS:
            raise ValueError(f"{path}:{line}: label {row.get('label')!r} is not one of {LABELS}")
    return rows


def _scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for label in LABELS:
        hits = sum(1 for truth, guess in pairs if truth == guess == label)
        guessed = sum(1 for _, guess in pairs if guess == label)
        actual = sum(1 for truth, _ in pairs if truth == label)
        precision = hits / guessed if guessed else 0.0
        recall = hits / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        result[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": actual,
        }
    result["macro_f1"] = round(sum(result[label]["f1"] for label in LABELS) / len(LABELS), 4)
    result["n"] = len(pairs)
    return result


def evaluate(rows: Iterable[Mapping[str, str]], classifier: Classifier) -> dict[str, Any]:
    """{"overall": {...}, "ru": {...}, "en": {...}}; each holds per-label P/R/F1, macro_f1, n.

    A row's language is its ``lang`` column when given, else detected (Ukrainian counts as ru,
    anything else as en, matching the model's two vocabularies).
    """
    by_language: dict[str, list[tuple[str, str]]] = {"ru": [], "en": []}
    everything: list[tuple[str, str]] = []
    for row in rows:
        text = row.get("text") or ""
        truth = (row.get("label") or "").strip().lower()
        language = (row.get("lang") or "").strip().lower() or detect_language(text)
        pair = (truth, classifier.classify(text).label)
        everything.append(pair)
        by_language[model_language(language)].append(pair)
    return {
        "overall": _scores(everything),
        "ru": _scores(by_language["ru"]),
        "en": _scores(by_language["en"]),
    }
