"""Everything the core's handlers need, injected once by the composition root (bot.bootstrap)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from handlers.ports import (
    Classifier,
    Clock,
    ManagerDesk,
    Outbox,
    SilentTimeline,
    SpamWatch,
    SystemClock,
    Timeline,
)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    communities: Mapping[str, Community]
    classifier_for: Callable[[Community], Classifier]
    desk: ManagerDesk
    outboxes: Mapping[str, Outbox]
    clock: Clock = field(default_factory=SystemClock)
    spam_watch: SpamWatch | None = None
    timeline: Timeline = field(default_factory=SilentTimeline)

    def outbox(self, platform: str) -> Outbox:
        try:
            return self.outboxes[platform]
        except KeyError:
            raise LookupError(f"no outbox for platform {platform!r}") from None
