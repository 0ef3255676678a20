"""Per-class precision/recall/F1 and macro-F1, overall and per language, and the flag's reach.

The label answers "what is this comment"; the flag (negative, toxic or spam) answers "does a
manager get a card", which is what the held-out goal counts: negatives caught, and how many
cards were worth sending."""

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


def _precision_recall_f1(hits: int, guessed: int, actual: int) -> dict[str, float]:
    precision = hits / guessed if guessed else 0.0
    recall = hits / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for label in LABELS:
        hits = sum(1 for truth, guess in pairs if truth == guess == label)
        guessed = sum(1 for _, guess in pairs if guess == label)
        actual = sum(1 for truth, _ in pairs if truth == label)
        result[label] = {**_precision_recall_f1(hits, guessed, actual), "support": actual}
    result["macro_f1"] = round(sum(result[label]["f1"] for label in LABELS) / len(LABELS), 4)
    result["n"] = len(pairs)
    return result


def _flag_scores(judged: list[tuple[str, bool]]) -> dict[str, Any]:
    """How many negatives got a card (recall), and how many cards were for negatives (precision)."""
    negatives = sum(1 for truth, _ in judged if truth == "negative")
    flagged = sum(1 for _, flag in judged if flag)
    caught = sum(1 for truth, flag in judged if flag and truth == "negative")
    return {
        **_precision_recall_f1(caught, flagged, negatives),
        "caught": caught,
        "negatives": negatives,
        "flagged": flagged,
    }


def evaluate(rows: Iterable[Mapping[str, str]], classifier: Classifier) -> dict[str, Any]:
    """{"overall": {...}, "ru": {...}, "en": {...}}; each holds per-label P/R/F1, macro_f1, n,
    and "flag": the precision and recall of flagging the negatives (see the module's note).

    A row's language is its ``lang`` column when given, else detected (Ukrainian counts as ru,
    anything else as en, matching the model's two vocabularies).
    """
    by_language: dict[str, list[tuple[str, str, bool]]] = {"ru": [], "en": []}
    everything: list[tuple[str, str, bool]] = []
    for row in rows:
        text = row.get("text") or ""
        truth = (row.get("label") or "").strip().lower()
        language = (row.get("lang") or "").strip().lower() or detect_language(text)
        verdict = classifier.classify(text)
        judged = (truth, verdict.label, verdict.flagged)
        everything.append(judged)
        by_language[model_language(language)].append(judged)
    return {
        scope: _scope(judged) for scope, judged in (("overall", everything), *by_language.items())
    }


def _scope(judged: list[tuple[str, str, bool]]) -> dict[str, Any]:
    scores = _scores([(truth, label) for truth, label, _ in judged])
    scores["flag"] = _flag_scores([(truth, flag) for truth, _, flag in judged])
    return scores
