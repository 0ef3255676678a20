"""What VK tells the digest on request: a community's member count, and the counters of its
recent wall posts (likes, reposts, views, comments), which no long poll event carries.

Read through the community's own client, so the calls share its 20-a-second pacing with the
long poll and the replies.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.vk.client import VKClient
from config.settings import Community
from handlers.events import PostStats
from scheduler.digest.members import ChatKey

log = logging.getLogger(__name__)

PAGE = 100  # wall.get's largest page
MAX_PAGES = 10  # a thousand posts a fortnight is more than any community we know posts


class VKReadings:
    def __init__(self, clients: Mapping[int, VKClient]) -> None:
        self._clients = clients  # group id → that community's client

    def _client(self, community: Community) -> tuple[int, VKClient] | None:
        if community.vk is None:
            return None
        client = self._clients.get(community.vk.group_id)
        return None if client is None else (community.vk.group_id, client)

    async def member_counts(self, community: Community) -> Mapping[ChatKey, int]:
        found = self._client(community)
        if found is None:
            return {}
        group_id, client = found
        answer = await client.call("groups.getById", group_id=group_id, fields="members_count")
        groups = answer.get("groups", []) if isinstance(answer, dict) else answer
        count = groups[0].get("members_count") if groups else None
        return {} if count is None else {("vk", -group_id): int(count)}

    async def post_stats(
        self, community: Community, since: datetime, now: datetime
    ) -> list[PostStats]:
        """The community's own wall posts published since ``since``, newest first."""
        found = self._client(community)
        if found is None:
            return []
        group_id, client = found
        readings: list[PostStats] = []
        for number in range(MAX_PAGES):
            page = await client.call(
                "wall.get", owner_id=-group_id, count=PAGE, offset=number * PAGE, filter="owner"
            )
            items = page.get("items", [])
            for item in items:
                published = datetime.fromtimestamp(int(item.get("date", 0)), UTC)
                if published >= since:
                    readings.append(_reading(community.id, -group_id, item, published, now))
            # Newest first, but a pinned post leads whatever its age: only the others tell.
            dated = [item for item in items if not item.get("is_pinned")]
            older = dated and datetime.fromtimestamp(int(dated[-1].get("date", 0)), UTC) < since
            if len(items) < PAGE or older:
                break
        else:
            log.warning("VK %s: more than %d posts since %s; read the newest only",
                        community.id, MAX_PAGES * PAGE, since.date())  # fmt: skip
        return readings


def _reading(
    community: str, owner_id: int, item: dict[str, Any], published: datetime, now: datetime
) -> PostStats:
    def count(key: str) -> int | None:
        value = item.get(key)
        return int(value["count"]) if isinstance(value, dict) and "count" in value else None

    return PostStats(
        community=community,
        platform="vk",
        chat_id=owner_id,
        post_id=int(item["id"]),
        at=now,
        views=count("views"),
        likes=count("likes"),
        reposts=count("reposts"),
        comments=count("comments"),
        published_at=published,
        text=str(item.get("text", "")),
    )
