"""Scheduled posts in our tables: add, cancel, list, and turn rules into publications rows.

The tables are the source of truth; APScheduler only wakes the publisher. Turning a rule into
rows is idempotent (a unique key per occurrence and target), so any number of instances may
run it at once.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.ports import PostContent
from scheduler.recurrence import next_times
from storage.models import PublicationRow, ScheduledPostRow
from storage.upsert import insert_for

# Occurrences missed while otklik was down are recorded (and reported) at most this many.
MAX_BACKLOG = 20


@dataclass(frozen=True, slots=True)
class NewPost:
    """A validated post, ready to store. Targets read "telegram:<chat id>" or "vk:<owner id>"."""

    community: str
    content: PostContent
    targets: tuple[str, ...]
    timezone: str
    run_at: datetime | None = None
    cron: str | None = None
    until: datetime | None = None
    created_by: str | None = None


def parse_target(target: str) -> tuple[str, int]:
    platform, _, chat = target.partition(":")
    return platform, int(chat)


def content_of(row: ScheduledPostRow) -> PostContent:
    return PostContent(row.text, tuple(json.loads(row.photos)), row.pin, row.link_preview)


async def add_posts(session: AsyncSession, posts: Sequence[NewPost], now: datetime) -> list[int]:
    rows = [
        ScheduledPostRow(
            community=post.community,
            text=post.content.text,
            photos=json.dumps(list(post.content.photos), ensure_ascii=False),
            targets=json.dumps(list(post.targets)),
            pin=post.content.pin,
            link_preview=post.content.link_preview,
            run_at=post.run_at,
            cron=post.cron,
            timezone=post.timezone,
            until=post.until,
            state="active",
            created_at=now,
            created_by=post.created_by,
        )
        for post in posts
    ]
    session.add_all(rows)
    await session.flush()
    return [row.id for row in rows]


async def cancel_post(session: AsyncSession, post_id: int, community: str | None = None) -> bool:
    """Stop a post: no new occurrences, and every one not yet claimed is cancelled."""
    query = update(ScheduledPostRow).where(
        ScheduledPostRow.id == post_id, ScheduledPostRow.state != "cancelled"
    )
    if community is not None:
        query = query.where(ScheduledPostRow.community == community)
    result = await session.execute(query.values(state="cancelled"))
    if result.rowcount != 1:
        return False
    await session.execute(
        update(PublicationRow)
        .where(PublicationRow.scheduled_post_id == post_id, PublicationRow.state == "planned")
        .values(state="cancelled")
    )
    return True


async def get_post(session: AsyncSession, post_id: int) -> ScheduledPostRow | None:
    return await session.get(ScheduledPostRow, post_id)


async def list_posts(
    session: AsyncSession, community: str | None = None, *, include_finished: bool = False
) -> list[ScheduledPostRow]:
    query = select(ScheduledPostRow).order_by(ScheduledPostRow.id)
    if community is not None:
        query = query.where(ScheduledPostRow.community == community)
    if not include_finished:
        query = query.where(ScheduledPostRow.state == "active")
    return list((await session.scalars(query)).all())


def next_due(row: ScheduledPostRow, now: datetime) -> datetime | None:
    """When the post goes out next (for lists), None when it never will again."""
    if row.state != "active":
        return None
    if row.cron is None:
        return row.run_at
    starts = (row.run_at or now) - timedelta(microseconds=1)
    after = max(now, row.materialized_until or now, starts)
    found = next_times(row.cron, ZoneInfo(row.timezone), after, until=row.until, limit=1)
    return found[0] if found else None


async def materialize(
    session: AsyncSession,
    now: datetime,
    communities: Collection[str],
    *,
    lookahead: timedelta = timedelta(minutes=5),
) -> int:
    """Create publications rows for every occurrence due by ``now + lookahead``."""
    horizon = now + lookahead
    rows = await session.scalars(
        select(ScheduledPostRow).where(
            ScheduledPostRow.state == "active", ScheduledPostRow.community.in_(communities)
        )
    )
    created = 0
    for post in rows.all():
        due, finished = _occurrences(post, horizon)
        if due:
            created += await _insert_occurrences(session, post, due)
        values: dict[str, object] = {}
        if due:
            values["materialized_until"] = due[-1]
        if finished:
            values["state"] = "done"
        if values:
            await session.execute(
                update(ScheduledPostRow)
                .where(ScheduledPostRow.id == post.id, ScheduledPostRow.state == "active")
                .values(**values)
            )
    return created


def _occurrences(post: ScheduledPostRow, horizon: datetime) -> tuple[list[datetime], bool]:
    """(occurrences to create up to ``horizon``, whether the post has no more after them)."""
    if post.cron is None:
        assert post.run_at is not None
        if post.run_at > horizon:
            return [], False
        return [post.run_at], True
    # Never from before the post was planned: a rule starting in the past is not a backlog.
    first = max(post.run_at or post.created_at, post.created_at)
    start = post.materialized_until or first - timedelta(microseconds=1)
    end = horizon if post.until is None else min(horizon, post.until)
    due = next_times(post.cron, ZoneInfo(post.timezone), start, until=end, limit=10_000)
    due = due[-MAX_BACKLOG:]
    finished = post.until is not None and (
        not next_times(
            post.cron, ZoneInfo(post.timezone), due[-1] if due else start, until=post.until, limit=1
        )
    )
    return due, finished


async def _insert_occurrences(
    session: AsyncSession, post: ScheduledPostRow, due: Sequence[datetime]
) -> int:
    rows = []
    for target in json.loads(post.targets):
        platform, chat_id = parse_target(target)
        rows.extend(
            {
                "scheduled_post_id": post.id,
                "community": post.community,
                "platform": platform,
                "chat_id": chat_id,
                "due_at": at,
                "state": "planned",
                "attempts": 0,
            }
            for at in due
        )
    statement = insert_for(session, PublicationRow.__table__).on_conflict_do_nothing(
        index_elements=["scheduled_post_id", "due_at", "platform", "chat_id"]
    )
    result = await session.execute(statement, rows)
    return max(result.rowcount or 0, 0)


async def count_published(session: AsyncSession, community: str | None = None) -> dict[str, int]:
    """Published publications per platform (the demo's summary.json)."""
    query = (
        select(PublicationRow.platform, func.count())
        .where(PublicationRow.state == "published")
        .group_by(PublicationRow.platform)
    )
    if community is not None:
        query = query.where(PublicationRow.community == community)
    return {platform: count for platform, count in (await session.execute(query)).all()}
