"""A small content plan for the demo's simulated community."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from scheduler.plan import PlanRow, build_post
from scheduler.store import NewPost, add_posts


def demo_plan(community: Community, now: datetime) -> list[NewPost]:
    """Two posts due right away (to every configured target; one pinned on Telegram) and a
    weekly one that stays in the queue."""
    rows = [
        PlanRow(
            text="<b>This week in the community</b>: new topics, a Q&amp;A on Thursday and "
            'our <a href="https://example.org/guide">guide</a>.',
            at=now,
            link_preview=False,
        ),
        PlanRow(
            text="📌 Rules reminder: be kind, stay on topic.",
            at=now,
            targets=["telegram"] if community.telegram_chats else [],
            pin=bool(community.telegram_chats),
        ),
        PlanRow(text="Monday hello! What are your plans for the week?", every="every Monday 10:00"),
    ]
    return [
        build_post(row, {community.id: community}, now, community.id, source=f"demo:{n}")
        for n, row in enumerate(rows, 1)
    ]


async def import_demo_plan(
    sessions: async_sessionmaker[AsyncSession], community: Community, now: datetime
) -> list[int]:
    async with sessions() as session, session.begin():
        return await add_posts(session, demo_plan(community, now), now)
