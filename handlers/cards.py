"""A flag card's content, independent of how a platform draws it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

FlagStatus = Literal["open", "replied", "resolved", "not_negative", "deleted"]
FLAG_STATUSES: tuple[FlagStatus, ...] = ("open", "replied", "resolved", "not_negative", "deleted")


@dataclass(frozen=True, slots=True)
class Card:
    flag_id: int
    community: str
    platform: str
    source: str
    chat_title: str | None
    author_name: str
    author_id: int
    text: str
    link: str | None
    label: str
    score: float
    reasons: tuple[str, ...]
    toxic: bool
    spam: bool
    status: FlagStatus
    created_at: datetime
    acted_by: str | None = None
    acted_at: datetime | None = None
    reply_text: str | None = None
    response_seconds: float | None = None
    ack_sent: bool = False

    @property
    def urgent(self) -> bool:
        """A person's comment still waiting for a manager. Behind the managers' chat's 20
        messages a minute, its card goes before spam and before what otklik already deleted."""
        return not self.spam and self.status == "open"
