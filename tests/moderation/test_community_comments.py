"""The development sets of customer comments (data/README.md) must not regress: the flag (negative,
toxic or spam) keeps catching their negatives at the precision they reached when the rules were
extended on them. The held-out sets are measured by `otklik eval`, never asserted here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from moderation.classifier import ModerationClassifier

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["community_comments_dev.csv", "community_comments_dev2.csv"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_flag_catches_the_development_sets_negatives(name: str, language: str) -> None:
    classifier = ModerationClassifier()
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["lang"] == language]
    hits = flagged = negatives = 0
    for row in rows:
        verdict = classifier.classify(row["text"])
        flag = verdict.flagged
        negative = row["label"] == "negative"
        hits += flag and negative
        flagged += flag
        negatives += negative
    assert hits / negatives >= 0.9
    assert hits / flagged >= 0.9
