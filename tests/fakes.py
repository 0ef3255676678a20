"""Fakes of the core's ports, for tests that exercise the core without a platform."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from config.settings import Community, TelegramChat
from handlers.cards import Card
from handlers.events import Author, Comment
from handlers.ports import DeliveryError, Target
from handlers.verdict import Verdict

NEGATIVE_WORDS = ("ужас", "плохо", "awful", "terrible", "жду", "верните")


class KeywordClassifier:
    """Deterministic stand-in: negative if a known word occurs."""

    def classify(self, text: str) -> Verdict:
        lowered = text.lower()
        hit = next((w for w in NEGATIVE_WORDS if w in lowered), None)
        if hit:
            return Verdict("negative", 0.9, "ru", 0.9, (f"word: {hit}",))
        return Verdict("neutral", 0.8, "ru", 0.1)


class SpamClassifier(KeywordClassifier):
    """Says every text is spam (a link to another channel)."""

    def classify(self, text: str) -> Verdict:
        verdict = super().classify(text)
        return replace(verdict, spam=True, spam_reasons=("link to another channel",))


class LinkSpamClassifier(KeywordClassifier):
    """Spam when the text links to a Telegram channel; otherwise as KeywordClassifier."""

    def classify(self, text: str) -> Verdict:
        verdict = super().classify(text)
        if "t.me/" not in text:
            return verdict
        return replace(verdict, spam=True, spam_reasons=("link to another channel",))


class FixedClock:
    def __init__(self, at: datetime | None = None) -> None:
        self.at = at or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class FakeOutbox:
    platform: str = "telegram"
    replies: list[tuple[Target, str, str]] = field(default_factory=list)
    deleted: list[Target] = field(default_factory=list)
    banned: list[Target] = field(default_factory=list)
    muted: list[tuple[Target, int]] = field(default_factory=list)
    fail_with: DeliveryError | None = None

    async def reply(self, target: Target, text: str, *, idempotency_key: str) -> int:
        if self.fail_with:
            raise self.fail_with
        self.replies.append((target, text, idempotency_key))
        return 1000 + len(self.replies)

    async def delete(self, target: Target) -> None:
        if self.fail_with:
            raise self.fail_with
        self.deleted.append(target)

    async def ban(self, target: Target) -> None:
        self.banned.append(target)

    async def mute(self, target: Target, minutes: int) -> None:
        self.muted.append((target, minutes))


@dataclass
class FakeDesk:
    cards: dict[int, Card] = field(default_factory=dict)  # message id → latest card
    shown: list[Card] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    async def show_card(self, community: Community, card: Card) -> int:
        self.shown.append(card)
        message_id = len(self.shown)
        self.cards[message_id] = card
        return message_id

    async def update_card(self, community: Community, message_id: int, card: Card) -> None:
        self.cards[message_id] = card

    async def tell(self, community: Community, text: str) -> None:
        self.notices.append(text)


MANAGER = Author(7, "Мария")
STRANGER = Author(8, "Someone")


def community(**changes: object) -> Community:
    values: dict[str, object] = {
        "id": "cafe",
        "name": "Cafe",
        "managers": (7,),
        "owners": (9,),
        "managers_chat_id": -500,
        "telegram_chats": (TelegramChat(id=-100, kind="group"),),
    }
    values.update(changes)
    return Community.model_validate(values)


def comment(message_id: int, text: str, **changes: object) -> Comment:
    values: dict[str, object] = {
        "community": "cafe",
        "platform": "telegram",
        "chat_id": -100,
        "message_id": message_id,
        "author": Author(42, "Пётр"),
        "text": text,
        "at": datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Comment(**values)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running(work: Coroutine[object, object, object]) -> AsyncIterator[asyncio.Task[object]]:
    """Run ``work`` as a task for the block, then cancel it and wait until it has stopped.

    Waiting matters: a task cancelled but never awaited can still be closing a database
    session when the test's engine is disposed, and then the event loop never closes.
    """
    task = asyncio.ensure_future(work)
    try:
        yield task
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
