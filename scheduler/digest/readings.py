"""What the platforms are asked just before a digest is built: member counts (followers, for
ERpost) and the counters of recent posts (VK's likes, reposts, views and comments, which come
with no event of their own).

Each platform answers for itself; one that cannot answer is left out and the digest goes out
without its figures, never not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from handlers.events import PostStats
from scheduler.digest.members import ChatKey, MemberCounter, record_member_counts
from scheduler.digest.week import Week
from storage.activity import record_post_stats

log = logging.getLogger(__name__)

# A reading taken now says nothing about a week older than this.
FRESH_FOR = timedelta(days=7)


class PostStatsReader(Protocol):
    async def post_stats(
        self, community: Community, since: datetime, now: datetime
    ) -> Sequence[PostStats]:
        """The counters of the community's posts published since ``since``, read ``now``."""
        ...


class MemberCounters:
    """Several platforms' counters asked as one; a platform that fails is left out."""

    def __init__(self, *counters: MemberCounter) -> None:
        self._counters = counters

    async def member_counts(self, community: Community) -> Mapping[ChatKey, int]:
        counts: dict[ChatKey, int] = {}
        for counter in self._counters:
            try:
                counts.update(await counter.member_counts(community))
            except Exception as exc:
                log.warning("member counts for %s unavailable: %s", community.id, exc)
        return counts


@dataclass(frozen=True)
class Readings:
    members: MemberCounter | None = None
    posts: PostStatsReader | None = None

    async def refresh(
        self,
        sessions: async_sessionmaker[AsyncSession],
        community: Community,
        week: Week,
        now: datetime,
    ) -> None:
        """Record what the platforms say now, if it can still describe ``week``."""
        today = now.astimezone(community.tz).date()
        if today - week.days[-1] > FRESH_FOR:
            return  # an old week: today's counts say nothing about it
        if self.members is not None:
            # Read just after the week: recorded as the count at the week's end.
            day = min(today, week.days[-1])
            await _record_members(sessions, community, self.members, day, now)
        if self.posts is not None:
            # The week before too: the digest compares the two.
            since = week.start - timedelta(days=7)
            await _record_posts(sessions, community, self.posts, since, now)


async def _record_members(
    sessions: async_sessionmaker[AsyncSession],
    community: Community,
    counter: MemberCounter,
    day: date,
    now: datetime,
) -> None:
    try:
        counts = await counter.member_counts(community)
    except Exception as exc:
        log.warning("member counts for %s unavailable: %s", community.id, exc)
        return
    async with sessions() as session, session.begin():
        await record_member_counts(session, community.id, counts, day, now)


async def _record_posts(
    sessions: async_sessionmaker[AsyncSession],
    community: Community,
    reader: PostStatsReader,
    since: datetime,
    now: datetime,
) -> None:
    try:
        stats = await reader.post_stats(community, since, now)
    except Exception as exc:
        log.warning("post counters for %s unavailable: %s", community.id, exc)
        return
    async with sessions() as session, session.begin():
        for reading in stats:
            await record_post_stats(session, reading)
