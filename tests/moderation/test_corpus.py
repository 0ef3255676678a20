"""The project's training comments (moderation/corpus/README.md) stay apart from every set the
classifier is measured on, and are well-formed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from moderation.model import LABELS
from moderation.text import detect_language, model_language
from moderation.train import CORPUS, CORPUS_WEIGHT

HERE = Path(__file__).resolve().parent
MEASURED = [
    HERE / "data" / "community_comments_dev.csv",
    HERE / "data" / "community_comments_dev2.csv",
    HERE / "data" / "community_comments_holdout.csv",
    HERE / "data" / "community_comments_holdout2.csv",
    HERE / "data" / "community_comments_holdout3.csv",
    HERE / "data" / "community_comments_holdout4.csv",
    HERE / "data" / "community_comments_holdout5.csv",
    HERE / "data" / "community_comments_holdout6.csv",
    HERE / "data" / "community_comments_holdout7.csv",
    HERE / "data" / "community_comments_holdout8.csv",
    HERE.parents[2] / "shared" / "data" / "sentiment" / "eval" / "community_dev.csv",
]
FILES = sorted(CORPUS.glob("*.csv"))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def test_the_corpus_is_there() -> None:
    assert {path.name.split("_", 1)[0] for path in FILES} == set(CORPUS_WEIGHT)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rows_are_labelled_in_their_files_language(path: Path) -> None:
    rows = _rows(path)
    language = path.name.split("_", 1)[0]
    assert rows and all(row["label"] in LABELS for row in rows)
    assert all(row["lang"] == language for row in rows)
    # The router must agree with the file on nearly every row (emoji-only rows have no letters).
    agree = sum(model_language(detect_language(row["text"])) == language for row in rows)
    assert agree >= 0.97 * len(rows)


def test_no_text_is_in_two_places() -> None:
    seen: set[str] = set()
    for path in FILES:
        for row in _rows(path):
            key = row["text"].strip().lower()
            assert key not in seen, f"{path.name}: {row['text']!r} appears twice"
            seen.add(key)


def test_no_row_repeats_a_row_the_classifier_is_measured_on() -> None:
    measured = {_letters(row["text"]) for path in MEASURED if path.exists() for row in _rows(path)}
    measured.discard("")
    leaks = [
        (path.name, row["text"])
        for path in FILES
        for row in _rows(path)
        if _letters(row["text"]) in measured
    ]
    assert not leaks
