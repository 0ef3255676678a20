"""The message bus: routes each event type to its handler.

Comments come first in a batch, then everything else in arrival order, so an edit or a
reaction that arrives in the same batch as its comment finds the comment stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from handlers.activity import Activity
from handlers.courier import CardCourier
from handlers.deps import Deps
from handlers.events import (
    AudienceEvent,
    Comment,
    CommentDeleted,
    CommentEdited,
    ManagerActed,
    ManagerEvent,
    ManagerReplied,
    MemberJoined,
    MemberLeft,
    MissedNegative,
    PostPublished,
    PostStats,
    ReactionChanged,
    ReactionCount,
)
from handlers.intake import CLAIM_STALE_AFTER, AfterStore, Intake
from handlers.managers import Managers, Outcome
from storage.comments import Stored


class Pipeline:
    def __init__(self, deps: Deps, after_store: Sequence[AfterStore] = ()) -> None:
        self.deps = deps
        self.intake = Intake(deps, after_store)
        self.activity = Activity(deps, self.intake)
        self.managers = Managers(deps)
        self._audience: dict[type, Callable[[Any], Awaitable[None]]] = {
            CommentEdited: self.activity.comment_edited,
            CommentDeleted: self.activity.comment_deleted,
            ReactionChanged: self.activity.reaction_changed,
            ReactionCount: self.activity.reaction_count,
            MemberJoined: self.activity.member_joined,
            MemberLeft: self.activity.member_left,
            PostPublished: self.activity.post_published,
            PostStats: self.activity.post_stats,
        }
        self._managers: dict[type, Callable[[Any], Awaitable[Outcome]]] = {
            ManagerActed: self.managers.act,
            ManagerReplied: self.managers.reply,
            MissedNegative: self.managers.missed,
        }

    async def handle(self, events: Sequence[AudienceEvent]) -> list[Stored]:
        """Process one batch; returns the comments that were new."""
        comments = [e for e in events if isinstance(e, Comment)]
        stored = await self.intake.handle(comments) if comments else []
        for event in events:
            if not isinstance(event, Comment):
                await self._audience[type(event)](event)
        return stored

    async def command(self, event: ManagerEvent) -> Outcome:
        return await self._managers[type(event)](event)

    def start_courier(self) -> asyncio.Task[None]:
        """Send cards in the background from now on (the running bot does this)."""
        courier = CardCourier(
            self.intake.deliver_cards,
            refill=self.intake.claim_parked,
            release=self.intake.release_cards,
        )
        self.intake.courier = courier
        return asyncio.create_task(courier.run(), name="card-courier")

    async def recover(self, stale_after: timedelta = CLAIM_STALE_AFTER) -> int:
        """Work a crash left half done: cards of stored flags that were never sent."""
        return await self.intake.resend_missing_cards(stale_after)
