"""The ports the core talks through. Adapters implement them; tests fake them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from config.settings import Community
from handlers.cards import Card
from handlers.events import Comment, Platform, Source
from handlers.verdict import Verdict


class DeliveryError(Exception):
    """The platform refused an action. ``permanent`` errors must not be retried."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Target:
    """Where a comment lives, enough to answer it, delete it or ban its author."""

    chat_id: int
    message_id: int
    source: Source
    post_id: int | None = None
    author_id: int | None = None

    @classmethod
    def of(cls, comment: Comment) -> Target:
        return cls(
            comment.chat_id,
            comment.message_id,
            comment.source,
            comment.post_id,
            comment.author.user_id,
        )


class Outbox(Protocol):
    """Acting on one platform. Every call is safe to retry: adapters make it idempotent or
    document why it cannot be (Telegram's sendMessage)."""

    platform: Platform

    async def reply(self, target: Target, text: str, *, idempotency_key: str) -> int:
        """Post ``text`` as an answer to the comment; returns the new message/comment id."""
        ...

    async def delete(self, target: Target) -> None: ...

    async def ban(self, target: Target) -> None: ...

    async def mute(self, target: Target, minutes: int) -> None: ...


class ManagerDesk(Protocol):
    """The managers' Telegram chat of a community: cards and notices."""

    async def show_card(self, community: Community, card: Card) -> int:
        """Send a card; return its message id in the managers' chat."""
        ...

    async def update_card(self, community: Community, message_id: int, card: Card) -> None: ...

    async def tell(self, community: Community, text: str) -> None: ...


class Classifier(Protocol):
    def classify(self, text: str) -> Verdict: ...


@dataclass(frozen=True, slots=True)
class Said:
    """One message as the spam watch sees it: who wrote what, where and when."""

    community: str
    author_id: int
    text: str
    at: datetime


class SpamWatch(Protocol):
    """Behavioural spam signals that need memory: repeats, floods, join-post-leave. The memory
    is one process's (moderation.spam_guard) or shared by every instance (Redis)."""

    async def check(self, messages: Sequence[Said]) -> list[tuple[str, ...]]:
        """Record ``messages`` in order; return each one's behaviour reasons."""
        ...

    async def note_join(self, community: str, author_id: int, at: datetime) -> None: ...

    async def note_leave(self, community: str, author_id: int, at: datetime) -> bool:
        """True when the author joined, posted and left within the join-leave window."""
        ...

    async def close(self) -> None: ...


class Timeline(Protocol):
    """Something that wants to hear what the core did (the demo's printed timeline, metrics)."""

    def record(self, kind: str, community: str, platform: str, detail: str) -> None: ...


class SilentTimeline:
    def record(self, kind: str, community: str, platform: str, detail: str) -> None:
        return None


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
