"""Sentiment lexicons turned into one-word training rows, so they end up in the weights.

PolSentiLex (Russian, CC BY 4.0) crowd ratings are averaged per word; TextBlob's English
lexicon (PDDL, shipped with textblob) gives polarity per word. A word clearly rated negative or
positive becomes a short labelled row with a small weight: the model learns its sign without
the lexicon being shipped or looked up at prediction time.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

LEXICON_WEIGHT = 0.5
_POLSENTILEX_CUTOFF = 0.9  # mean rating on -2..2
_TEXTBLOB_CUTOFF = 0.5  # polarity on -1..1


def _polsentilex(path: Path) -> list[tuple[str, str, float]]:
    ratings: dict[str, list[float]] = defaultdict(list)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2:
                try:
                    ratings[row[0].strip().lower()].append(float(row[1]))
                except ValueError:
                    continue  # a header or a damaged line
    rows = []
    for word in sorted(ratings):
        mean = sum(ratings[word]) / len(ratings[word])
        if mean <= -_POLSENTILEX_CUTOFF:
            rows.append((word, "negative", LEXICON_WEIGHT))
        elif mean >= _POLSENTILEX_CUTOFF:
            rows.append((word, "positive", LEXICON_WEIGHT))
    return rows


def _textblob() -> list[tuple[str, str, float]]:
    try:
        import textblob
    except ImportError:
        return []
    path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    if not path.exists():
        return []
    polarity: dict[str, list[float]] = defaultdict(list)
    for node in ET.parse(path).getroot().iter("word"):
        form = (node.get("form") or "").lower()
        if form.isalpha():
            polarity[form].append(float(node.get("polarity") or 0.0))
    rows = []
    for word in sorted(polarity):
        mean = sum(polarity[word]) / len(polarity[word])
        if mean <= -_TEXTBLOB_CUTOFF:
            rows.append((word, "negative", LEXICON_WEIGHT))
        elif mean >= _TEXTBLOB_CUTOFF:
            rows.append((word, "positive", LEXICON_WEIGHT))
    return rows


def pseudo_rows(polsentilex_files: list[Path]) -> list[tuple[str, str, float]]:
    rows = _textblob()
    for path in polsentilex_files:
        rows += _polsentilex(path)
    return rows
