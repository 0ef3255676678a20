"""Raw VK events of one community → the core, shared by the long poll and the Callback API."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from bot.vk.dedupe import RecentIds
from bot.vk.mapping import people_to_name, to_events
from bot.vk.names import Names
from config.settings import Community
from handlers.events import AudienceEvent
from handlers.pipeline import Pipeline

log = logging.getLogger(__name__)


class EventFeed:
    def __init__(self, community: Community, names: Names | None = None) -> None:
        assert community.vk is not None
        self.community = community
        self.group_id = community.vk.group_id
        self._configured_admins = frozenset(community.vk.admins)
        self._admins = self._configured_admins
        self._names = names
        self._seen = RecentIds()

    def set_admins(self, learned: Iterable[int]) -> None:
        """The group's managers as VK lists them now, staff with the configured admins."""
        self._admins = self._configured_admins | frozenset(learned)

    async def deliver(self, pipeline: Pipeline, raws: Sequence[dict[str, Any]]) -> int:
        """Hand a batch to the core; returns how many core events it made. Raises if the core
        failed, in which case nothing is remembered and the batch must be delivered again."""
        fresh = [r for r in self._seen.fresh(raws) if r.get("group_id") == self.group_id]
        if not fresh:
            return 0
        names = await self._names.lookup(people_to_name(fresh)) if self._names else {}
        now = pipeline.deps.clock.now()
        events: list[AudienceEvent] = []
        for raw in fresh:
            try:
                events.extend(
                    to_events(
                        raw, community=self.community.id, now=now, names=names, admins=self._admins
                    )
                )
            except ValueError as exc:
                log.warning("VK %s: skipped an event: %s", self.community.id, exc)
        if events:
            await pipeline.handle(events)
        self._seen.add(r.get("event_id") for r in fresh)
        return len(events)
