"""Per-group Bots Long Poll event history with ts numbering, key rotation and retention."""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulators.notify import ChangeNotifier

API_VERSION = "5.199"


@dataclass
class _GroupLog:
    key: str
    next_ts: int = 1
    # (ts, monotonic time, event); kept so a client resuming with an old ts misses nothing.
    events: deque[tuple[int, float, dict[str, Any]]] = field(default_factory=deque)


class EventLog:
    def __init__(
        self,
        notifier: ChangeNotifier,
        *,
        max_events: int = 10_000,
        max_age: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._notifier = notifier
        self._max_events = max_events
        self._max_age = max_age
        self._monotonic = monotonic
        self._groups: dict[int, _GroupLog] = {}

    def _log(self, group_id: int) -> _GroupLog:
        if group_id not in self._groups:
            self._groups[group_id] = _GroupLog(key=secrets.token_hex(20))
        return self._groups[group_id]

    def emit(self, group_id: int, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        log = self._log(group_id)
        event = {
            "group_id": group_id,
            "type": event_type,
            "event_id": secrets.token_hex(20),
            "v": API_VERSION,
            "object": obj,
        }
        now = self._monotonic()
        log.events.append((log.next_ts, now, event))
        log.next_ts += 1
        while log.events and (
            len(log.events) > self._max_events or now - log.events[0][1] > self._max_age
        ):
            log.events.popleft()
        self._notifier.notify()
        return event

    def current_ts(self, group_id: int) -> int:
        return self._log(group_id).next_ts

    def key(self, group_id: int) -> str:
        return self._log(group_id).key

    def rotate_key(self, group_id: int) -> str:
        log = self._log(group_id)
        log.key = secrets.token_hex(20)
        return log.key

    def since(self, group_id: int, ts: int, limit: int = 1000) -> list[tuple[int, dict]] | None:
        """Events numbered >= ts, or None when ts is outside the kept history."""
        log = self._log(group_id)
        oldest = log.events[0][0] if log.events else log.next_ts
        if ts > log.next_ts or ts < oldest:
            return None
        return [(seq, event) for seq, _, event in log.events if seq >= ts][:limit]

    def all_events(self, group_id: int) -> list[dict[str, Any]]:
        return [event for _, _, event in self._log(group_id).events]
