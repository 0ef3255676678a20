"""What a classifier says about one text: the only thing the core knows of moderation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Label = Literal["negative", "neutral", "positive"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Sentiment label with a calibrated score, plus separate toxicity and spam flags.

    ``score`` is the probability of ``label``; ``negative_score`` is always the probability that
    the text is negative, so a community can apply its own threshold without re-classifying.
    ``reasons`` are short phrases a manager can read ("complaint: waiting for an order", "мат").
    """

    label: Label
    score: float
    language: str
    negative_score: float
    reasons: tuple[str, ...] = ()
    toxic: bool = False
    spam: bool = False
    spam_reasons: tuple[str, ...] = field(default=())

    @property
    def is_negative(self) -> bool:
        return self.label == "negative"

    @property
    def flagged(self) -> bool:
        """Whether a manager gets a card for it (staff and bots aside): negative, toxic or spam."""
        return self.is_negative or self.toxic or self.spam
