"""A bounded memory of event ids already handled by this process.

Only a fast path: the database's unique keys are what make a replayed event harmless.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable


class RecentIds:
    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._ids

    def add(self, ids: Iterable[str | None]) -> None:
        for event_id in ids:
            if not event_id:
                continue
            self._ids[event_id] = None
            self._ids.move_to_end(event_id)
        while len(self._ids) > self._size:
            self._ids.popitem(last=False)

    def fresh(self, events: Iterable[dict]) -> list[dict]:
        """The events not handled before, each event id once (VK may repeat within a batch)."""
        seen: set[str] = set()
        result = []
        for event in events:
            event_id = event.get("event_id")
            if event_id and (event_id in self._ids or event_id in seen):
                continue
            if event_id:
                seen.add(event_id)
            result.append(event)
        return result
