"""Member counts (followers for ERpost): a small port the platforms implement, and snapshots."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Community
from storage.models import MemberCountRow
from storage.upsert import insert_for

log = logging.getLogger(__name__)

ChatKey = tuple[str, int]  # (platform, chat id as the posts table stores it)


class MemberCounter(Protocol):
    async def member_counts(self, community: Community) -> Mapping[ChatKey, int]:
        """The current member count of each of the community's channels, groups, VK group.
        Chats it cannot read are left out (the digest then says followers are unknown)."""
        ...


async def record_member_counts(
    session: AsyncSession,
    community: str,
    counts: Mapping[ChatKey, int],
    day: date,
    at: datetime,
) -> None:
    """Keep one snapshot per chat and local day; a later reading that day replaces it."""
    if not counts:
        return
    statement = insert_for(session, MemberCountRow.__table__)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["community", "platform", "chat_id", "day"],
            set_={"count": statement.excluded.count, "at": statement.excluded.at},
        ),
        [
            {"community": community, "platform": p, "chat_id": c, "day": day, "count": n, "at": at}
            for (p, c), n in sorted(counts.items())
        ],
    )
