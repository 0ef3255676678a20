"""Reactions, member joins and leaves, posts and their counters: idempotent writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import (
    MemberJoined,
    MemberLeft,
    PostPublished,
    PostStats,
    ReactionChanged,
    ReactionCount,
)
from storage.models import MemberEventRow, PostRow, ReactionCountRow, ReactionRow
from storage.upsert import insert_for


async def apply_reaction(session: AsyncSession, event: ReactionChanged, current: str) -> None:
    """Store one person's current reactions (``current``: the emojis joined by spaces)."""
    if event.user_id is None:
        return
    table = ReactionRow.__table__
    statement = insert_for(session, table).values(
        community=event.community,
        platform=event.platform,
        chat_id=event.chat_id,
        message_id=event.message_id,
        user_id=event.user_id,
        emojis=current[:256],
        at=event.at,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "chat_id", "message_id", "user_id"],
            set_={"emojis": statement.excluded.emojis, "at": statement.excluded.at},
        )
    )


async def apply_reaction_count(session: AsyncSession, event: ReactionCount) -> None:
    table = ReactionCountRow.__table__
    rows = [
        {
            "community": event.community,
            "platform": event.platform,
            "chat_id": event.chat_id,
            "message_id": event.message_id,
            "emoji": emoji[:64],
            "count": count,
            "at": event.at,
        }
        for emoji, count in event.counts
    ]
    if not rows:
        return
    statement = insert_for(session, table)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "chat_id", "message_id", "emoji"],
            set_={"count": statement.excluded.count, "at": statement.excluded.at},
        ),
        rows,
    )


async def record_member(session: AsyncSession, event: MemberJoined | MemberLeft) -> bool:
    """Store a join or leave once; returns False for a replayed event."""
    kind = "join" if isinstance(event, MemberJoined) else "leave"
    key = event.event_id or f"{kind}:{event.chat_id}:{event.member.user_id}:{event.at.isoformat()}"
    table = MemberEventRow.__table__
    result = await session.execute(
        insert_for(session, table)
        .values(
            community=event.community,
            platform=event.platform,
            chat_id=event.chat_id,
            user_id=event.member.user_id,
            user_name=event.member.name[:256],
            kind=kind,
            at=event.at,
            event_key=key[:128],
        )
        .on_conflict_do_nothing(index_elements=["platform", "event_key"])
    )
    return result.rowcount == 1


async def record_post(session: AsyncSession, event: PostPublished) -> None:
    table = PostRow.__table__
    statement = insert_for(session, table).values(
        community=event.community,
        platform=event.platform,
        chat_id=event.chat_id,
        post_id=event.post_id,
        text=event.text,
        published_at=event.at,
        discussion_chat_id=event.discussion_chat_id,
        discussion_message_id=event.discussion_message_id,
        views=event.views,
    )
    # A channel post arrives first; its discussion forward arrives later and fills the thread.
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "chat_id", "post_id"],
            set_={
                "discussion_chat_id": statement.excluded.discussion_chat_id,
                "discussion_message_id": statement.excluded.discussion_message_id,
            },
            where=statement.excluded.discussion_message_id.is_not(None),
        )
    )


async def record_post_stats(session: AsyncSession, event: PostStats) -> None:
    table = PostRow.__table__
    values: dict[str, int | datetime] = {"stats_at": event.at}
    for name in ("views", "likes", "reposts", "comments"):
        value = getattr(event, name)
        if value is not None:
            values[name] = value
    statement = insert_for(session, table).values(
        community=event.community,
        platform=event.platform,
        chat_id=event.chat_id,
        post_id=event.post_id,
        text=event.text,
        published_at=event.published_at or event.at,
        **values,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["platform", "chat_id", "post_id"], set_=values
        )
    )
