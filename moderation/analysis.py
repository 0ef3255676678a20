"""One pass over a text that training and classification share, so they see the same features."""

from __future__ import annotations

from dataclasses import dataclass

from moderation import features
from moderation.cues import Cues, find_cues
from moderation.text import detect_language, model_language, normalize, symbol_runs, words


@dataclass(slots=True)
class Analysis:
    normalized: str
    language: str
    model_language: str
    tokens: list[str]
    cues: Cues
    indices: list[int]


def analyze(text: str) -> Analysis:
    normalized = normalize(text)
    language = detect_language(text)
    vocabulary = model_language(language)
    tokens = words(normalized)
    cues = find_cues(text, normalized)
    indices = features.extract(tokens, vocabulary, cues.features, symbol_runs(normalized))
    return Analysis(normalized, language, vocabulary, tokens, cues, indices)
