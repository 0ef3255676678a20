"""The bot's update queue: ids, offset confirmation, allowed_updates and long polling.

Each update is serialized once when queued, so getUpdates just joins strings; confirming by
offset pops from the left of a deque, so a call costs O(delivered), not O(history).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from typing import Any

# The real default: everything except these three, which must be asked for explicitly.
OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
ALL_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post", "message_reaction",
        "message_reaction_count", "callback_query", "my_chat_member", "chat_member",
        "chat_join_request", "inline_query", "chosen_inline_result", "poll", "poll_answer",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "shipping_query", "pre_checkout_query",
        "purchased_paid_media", "chat_boost", "removed_chat_boost",
    }
)  # fmt: skip
DEFAULT_ALLOWED = ALL_TYPES - OPT_IN_TYPES


class Superseded(Exception):
    """A newer getUpdates call took over while this one was waiting."""


class UpdateQueue:
    def __init__(self, first_update_id: int = 100_000_001) -> None:
        # (update_id, type, serialized update)
        self._items: deque[tuple[int, str, str]] = deque()
        self._next_id = first_update_id
        self._arrived = asyncio.Event()
        self._poll_generation = 0
        self._closed = False
        self.allowed: frozenset[str] = DEFAULT_ALLOWED

    def __len__(self) -> int:
        return len(self._items)

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        body = json.dumps({"update_id": update_id, kind: payload}, ensure_ascii=False)
        self._items.append((update_id, kind, body))
        self._arrived.set()
        return update_id

    def close(self) -> None:
        """Answer waiting polls now (with nothing) so a server shutdown need not wait."""
        self._closed = True
        self._arrived.set()

    def reopen(self) -> None:
        self._closed = False

    def set_allowed(self, allowed: list[str] | None) -> None:
        """None keeps the previous setting; an empty list restores the default, like the API."""
        if allowed is None:
            return
        self.allowed = frozenset(allowed) if allowed else DEFAULT_ALLOWED

    def confirm(self, offset: int) -> None:
        """Forget updates below offset; a negative offset keeps only the last -offset ones."""
        items = self._items
        if offset < 0:
            while len(items) > -offset:
                items.popleft()
            return
        while items and items[0][0] < offset:
            items.popleft()

    def clear(self) -> None:
        self._items.clear()

    def peek(self, limit: int) -> list[tuple[int, str, str]]:
        """Up to `limit` allowed updates from the front. Unwanted ones passed over are dropped,
        as the real server never stores them; the scan costs O(returned + dropped)."""
        items, allowed = self._items, self.allowed
        batch: list[tuple[int, str, str]] = []
        while items and len(batch) < limit:
            item = items.popleft()
            if item[1] in allowed:
                batch.append(item)
        items.extendleft(reversed(batch))  # delivered stays queued until an offset confirms it
        return batch

    async def poll(self, offset: int | None, limit: int, timeout: float) -> list[str]:
        """getUpdates: confirm, then return at once if anything is pending, else wait for it.
        A newer poll wakes and ends this one with Superseded (the API answers 409)."""
        self._poll_generation += 1
        generation = self._poll_generation
        self._arrived.set()  # wake an older waiter so it sees it was superseded
        if offset is not None:
            self.confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if generation != self._poll_generation:
                raise Superseded
            batch = self.peek(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closed:
                return [body for _, _, body in batch]
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), remaining)

    async def wait_any(self) -> None:
        """For the webhook sender: resolves once something is queued."""
        while not self._items:
            self._arrived.clear()
            await self._arrived.wait()

    def pop_front(self) -> None:
        if self._items:
            self._items.popleft()
