"""Previews in the managers' chat before a post goes out, for communities that ask for them.

Once per occurrence: the claim is a row in bot_state inserted with ON CONFLICT DO NOTHING, so
two instances never both preview it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from handlers.ports import Clock, DeliveryError, ManagerDesk
from scheduler import store
from scheduler.notices import notice, where
from scheduler.ports import Publisher
from storage.models import PublicationRow, StateRow
from storage.upsert import insert_for

log = logging.getLogger(__name__)


class Previews:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        communities: Mapping[str, Community],
        publishers: Mapping[str, Publisher],
        desk: ManagerDesk,
        clock: Clock,
    ) -> None:
        self.sessions = sessions
        self.communities = communities
        self.publishers = publishers
        self.desk = desk
        self.clock = clock

    async def send_due(self, now: datetime, lead: timedelta) -> int:
        wanted = [c.id for c in self.communities.values() if c.preview_before_publish]
        if not wanted:
            return 0
        async with self.sessions() as session:
            rows = await session.scalars(
                select(PublicationRow)
                .where(
                    PublicationRow.state == "planned",
                    PublicationRow.community.in_(wanted),
                    PublicationRow.due_at <= now + lead,
                    PublicationRow.due_at > now,
                )
                .order_by(PublicationRow.due_at)
            )
            found = rows.all()
        sent = 0
        seen: set[tuple[int, datetime]] = set()
        for row in found:
            occurrence = (row.scheduled_post_id, row.due_at)
            if occurrence in seen:
                continue
            seen.add(occurrence)
            if await self._claim(row.scheduled_post_id, row.due_at):
                await self.show(row.scheduled_post_id, row.due_at)
                sent += 1
        return sent

    async def _claim(self, post_id: int, due_at: datetime) -> bool:
        key = f"preview:{post_id}:{due_at.astimezone(UTC).isoformat()}"
        async with self.sessions() as session, session.begin():
            result = await session.execute(
                insert_for(session, StateRow.__table__)
                .values(key=key, value="sent", updated_at=self.clock.now())
                .on_conflict_do_nothing(index_elements=["key"])
            )
        return result.rowcount == 1

    async def show(self, post_id: int, due_at: datetime | None = None) -> bool:
        """Send the post as it will look to the managers' chat (also the /queue button)."""
        async with self.sessions() as session:
            post = await store.get_post(session, post_id)
        if post is None or post.community not in self.communities:
            return False
        community = self.communities[post.community]
        due_at = due_at or store.next_due(post, self.clock.now())
        targets = ", ".join(where(*store.parse_target(t)) for t in _targets(post.targets))
        due = due_at.astimezone(community.tz).strftime("%Y-%m-%d %H:%M") if due_at else "—"
        header = notice(community.language, "preview", post=post_id, due=due, where=targets)
        try:
            await self.desk.tell(community, header)
            telegram = self.publishers.get("telegram")
            if telegram is not None:
                content = replace(store.content_of(post), pin=False)
                await telegram.publish(
                    content, community.managers_chat_id, key=f"preview-{post_id}"
                )
        except DeliveryError as exc:
            log.warning("preview of post %d failed: %s", post_id, exc.reason)
            return False
        return True


def _targets(raw: str) -> list[str]:
    return list(json.loads(raw))
