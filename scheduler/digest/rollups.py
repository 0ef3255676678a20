"""Rollups the digest reads instead of every comment, kept up to date as comments arrive.

The live path (an after-store hook, or ``update_rollups`` inside the comments transaction) only
sees comments that were new, so a replayed update never counts twice. ``rebuild_rollups``
recomputes the weeks holding a range of local days from the comments table (imported data, or
a crash between the comments' commit and the hook). Staff comments are not audience
activity: never counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Community
from scheduler.digest.week import Week
from storage.comments import Stored
from storage.models import (
    ActivityRollupRow,
    AuthorSeenRow,
    AuthorWeekRow,
    CommentRow,
    PostCommentRollupRow,
)
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class CommentFacts:
    """What the rollups need from one comment."""

    community: str
    platform: str
    chat_id: int
    source: str
    post_id: int | None
    author_id: int
    author_name: str
    at: datetime
    label: str


@dataclass
class Tally:
    """Counts for a batch of comments, ready to add to the rollup tables."""

    hours: Counter[tuple[str, datetime, str, str, str]] = field(default_factory=Counter)
    author_weeks: Counter[tuple[str, str, str, int]] = field(default_factory=Counter)
    first_seen: dict[tuple[str, str, int], tuple[datetime, str]] = field(default_factory=dict)
    posts: Counter[tuple[str, str, int, int]] = field(default_factory=Counter)

    def add(self, facts: CommentFacts, tz: ZoneInfo) -> None:
        hour = facts.at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        self.hours[(facts.community, hour, facts.platform, facts.source, facts.label)] += 1
        iso = facts.at.astimezone(tz).isocalendar()
        week = f"{iso.year}-W{iso.week:02d}"
        self.author_weeks[(facts.community, week, facts.platform, facts.author_id)] += 1
        key = (facts.community, facts.platform, facts.author_id)
        seen = self.first_seen.get(key)
        if seen is None or facts.at < seen[0]:
            self.first_seen[key] = (facts.at, facts.author_name[:256])
        if facts.post_id is not None:
            self.posts[(facts.community, facts.platform, facts.chat_id, facts.post_id)] += 1


def facts_of(stored: Stored) -> CommentFacts | None:
    comment = stored.comment
    if comment.from_staff:
        return None
    return CommentFacts(
        comment.community,
        comment.platform,
        comment.chat_id,
        comment.source,
        comment.post_id,
        comment.author.user_id,
        comment.author.name,
        comment.at,
        stored.verdict.label,
    )


def tally_of(facts: Iterable[CommentFacts], tz_for: Callable[[str], ZoneInfo]) -> Tally:
    tally = Tally()
    for item in facts:
        tally.add(item, tz_for(item.community))
    return tally


async def write_tally(session: AsyncSession, tally: Tally, *, posts: bool = True) -> None:
    """Add the tally to the rollups: one upsert statement per table for the whole batch."""
    await _add_counts(
        session,
        ActivityRollupRow.__table__,
        ["community", "hour", "platform", "source", "label"],
        tally.hours,
    )
    await _add_counts(
        session,
        AuthorWeekRow.__table__,
        ["community", "week", "platform", "author_id"],
        tally.author_weeks,
    )
    if posts:
        await _add_counts(
            session,
            PostCommentRollupRow.__table__,
            ["community", "platform", "chat_id", "post_id"],
            tally.posts,
            conflict=["platform", "chat_id", "post_id"],
        )
    if tally.first_seen:
        table = AuthorSeenRow.__table__
        statement = insert_for(session, table)
        earlier = statement.excluded.first_seen_at < table.c.first_seen_at
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["community", "platform", "author_id"],
                set_={
                    "first_seen_at": case(
                        (earlier, statement.excluded.first_seen_at), else_=table.c.first_seen_at
                    ),
                    "name": statement.excluded.name,
                },
            ),
            [
                {
                    "community": c,
                    "platform": p,
                    "author_id": a,
                    "first_seen_at": at,
                    "name": name,
                }
                for (c, p, a), (at, name) in sorted(tally.first_seen.items())
            ],
        )


async def _add_counts(
    session: AsyncSession,
    table: object,
    columns: list[str],
    counts: Mapping[tuple, int],
    conflict: list[str] | None = None,
) -> None:
    if not counts:
        return
    statement = insert_for(session, table)  # type: ignore[arg-type]
    # Sorted keys: two writers upserting overlapping rows lock them in the same order.
    rows = [dict(zip(columns, key, strict=True), n=n) for key, n in sorted(counts.items())]
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=conflict or columns,
            set_={"n": table.c.n + statement.excluded.n},  # type: ignore[attr-defined]
        ),
        rows,
    )


async def update_rollups(
    session: AsyncSession, stored: Sequence[Stored], tz_for: Callable[[str], ZoneInfo]
) -> None:
    """Count newly stored comments; callable inside the transaction that stored them."""
    facts = [f for f in map(facts_of, stored) if f is not None]
    if facts:
        await write_tally(session, tally_of(facts, tz_for))


def zones(communities: Mapping[str, Community]) -> Callable[[str], ZoneInfo]:
    def tz_for(community_id: str) -> ZoneInfo:
        community = communities.get(community_id)
        return community.tz if community is not None else ZoneInfo("UTC")

    return tz_for


def in_store_hook(
    communities: Mapping[str, Community],
) -> Callable[[AsyncSession, Sequence[Stored]], Awaitable[None]]:
    """Counts comments inside the transaction that stores them:
    ``pipeline.intake.add_in_store(in_store_hook(communities))``."""
    tz_for = zones(communities)

    async def hook(session: AsyncSession, stored: Sequence[Stored]) -> None:
        await update_rollups(session, stored, tz_for)

    return hook


async def rebuild_rollups(
    session: AsyncSession, community: str, tz: ZoneInfo, first_day: date, last_day: date
) -> int:
    """Recompute the rollups of the local weeks holding first_day..last_day from the comments
    table; replaces, never adds, so running it twice is harmless. Returns the comments read.

    Whole weeks, because author counts are per ISO week; hour buckets are UTC hours, so the
    comments read are widened to whole hours (zones with half-hour offsets).
    """
    if last_day < first_day:
        raise ValueError(f"empty range: {first_day} is after {last_day}")
    first = Week.containing(first_day, tz)
    last = Week.containing(last_day, tz)
    weeks = [first]
    while weeks[-1] != last:
        weeks.append(Week.containing(weeks[-1].monday + timedelta(days=7), tz))
    start, end = first.start, last.end
    q_start = start.replace(minute=0, second=0, microsecond=0)
    q_end = end.replace(minute=0, second=0, microsecond=0)
    if q_end < end:
        q_end += timedelta(hours=1)
    c = CommentRow
    query = select(
        c.platform, c.chat_id, c.source, c.post_id, c.author_id, c.author_name,
        c.created_at, c.label,
    ).where(
        c.community == community,
        c.created_at >= q_start,
        c.created_at < q_end,
        c.from_staff.is_(False),
    )  # fmt: skip
    tally = Tally()
    read = 0
    labels = {w.label for w in weeks}
    for row in await session.execute(query):
        read += 1
        tally.add(CommentFacts(community, *row), tz)
    tally.author_weeks = Counter({k: n for k, n in tally.author_weeks.items() if k[1] in labels})
    a, w = ActivityRollupRow, AuthorWeekRow
    await session.execute(
        delete(a).where(a.community == community, a.hour >= q_start, a.hour < q_end)
    )
    await session.execute(delete(w).where(w.community == community, w.week.in_(labels)))
    await write_tally(session, tally, posts=False)
    await _rebuild_post_counts(session, community)
    return read


async def _rebuild_post_counts(session: AsyncSession, community: str) -> None:
    """Per-post totals span any range, so they are recounted whole for the community."""
    p, c = PostCommentRollupRow, CommentRow
    await session.execute(delete(p).where(p.community == community))
    counted = (
        select(c.community, c.platform, c.chat_id, c.post_id, func.count())
        .where(c.community == community, c.post_id.is_not(None), c.from_staff.is_(False))
        .group_by(c.community, c.platform, c.chat_id, c.post_id)
    )
    await session.execute(
        p.__table__.insert().from_select(
            ["community", "platform", "chat_id", "post_id", "n"], counted
        )
    )
