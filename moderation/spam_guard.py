"""Spam by behaviour: repeats, the same text from many accounts, floods, join-post-leave.

State lives in this process's memory, per community, with every table bounded (old entries
expire, and the least recently active authors/texts are dropped beyond a cap), so a long-running
bot does not grow. Not thread-safe: call it from the pipeline's single event loop. Several
instances behind a load balancer each see only their share of the messages: they share
``RedisSpamGuard`` (moderation.spam_guard_redis) instead, which keeps the same rules.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.ports import Said
from moderation.text import normalize

REPEATED, FLOOD, MANY_AUTHORS = "repeated message", "flood", "same text from many authors"


def text_digest(text: str) -> bytes:
    """Equal for texts that differ only in case, spacing and look-alike letters."""
    squeezed = " ".join(normalize(text).split())
    return hashlib.blake2b(squeezed.encode(), digest_size=12).digest()


@dataclass(frozen=True, slots=True)
class SpamRules:
    """When behaviour is spam; every spam watch (in memory or in Redis) applies the same."""

    repeat_window: timedelta = timedelta(minutes=10)
    many_authors: int = 3
    flood_messages: int = 5
    flood_window: timedelta = timedelta(seconds=30)
    join_leave_window: timedelta = timedelta(hours=1)

    @property
    def history_cap(self) -> int:
        """How many of an author's latest messages are remembered (enough to see a flood)."""
        return max(self.flood_messages * 4, 20)


class SpamGuard:
    def __init__(self, rules: SpamRules | None = None, *, max_entries: int = 50_000) -> None:
        self.rules = rules or SpamRules()
        self.max_entries = max_entries
        # Lean values (lists of (epoch seconds, digest) pairs, not deques of datetimes): tens of
        # thousands of authors are kept, and a deque alone costs over 600 bytes.
        # (community, author) -> recent [(time, text digest)], oldest first
        self._by_author: OrderedDict[tuple[str, int], list[tuple[float, bytes]]] = OrderedDict()
        # (community, digest) -> ((author, last time), ...)
        self._by_text: OrderedDict[tuple[str, bytes], tuple[tuple[int, float], ...]] = OrderedDict()
        # (community, author) -> (joined at, posted since joining)
        self._joins: OrderedDict[tuple[str, int], tuple[datetime, bool]] = OrderedDict()

    def _remember(self, table: OrderedDict, key: object, value: object) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.max_entries:
            table.popitem(last=False)

    async def check(self, messages: Sequence[Said]) -> list[tuple[str, ...]]:
        return [self._check_one(message) for message in messages]

    def _check_one(self, said: Said) -> tuple[str, ...]:
        community, author_id, text, rules = said.community, said.author_id, said.text, self.rules
        reasons: list[str] = []
        digest = text_digest(text)
        key = (community, author_id)
        now = said.at.timestamp()
        keep = max(rules.repeat_window, rules.flood_window).total_seconds()
        repeat_window = rules.repeat_window.total_seconds()
        history = [(t, d) for t, d in self._by_author.get(key, ()) if now - t <= keep]
        if text.strip() and any(d == digest and now - t <= repeat_window for t, d in history):
            reasons.append(REPEATED)
        history.append((now, digest))
        del history[: -rules.history_cap]
        flood_window = rules.flood_window.total_seconds()
        if sum(1 for t, _ in history if now - t <= flood_window) >= rules.flood_messages:
            reasons.append(FLOOD)
        self._remember(self._by_author, key, history)

        if text.strip():
            seen = self._by_text.get((community, digest), ())
            authors = {a: t for a, t in seen if now - t <= repeat_window}
            authors[author_id] = now
            if len(authors) >= rules.many_authors:
                reasons.append(MANY_AUTHORS)
            self._remember(self._by_text, (community, digest), tuple(authors.items()))

        joined = self._joins.get(key)
        if joined is not None:
            self._joins[key] = (joined[0], True)
        return tuple(reasons)

    async def note_join(self, community: str, author_id: int, at: datetime) -> None:
        self._remember(self._joins, (community, author_id), (at, False))

    async def note_leave(self, community: str, author_id: int, at: datetime) -> bool:
        """True when the author joined, posted and left within the join-leave window."""
        joined = self._joins.pop((community, author_id), None)
        if joined is None:
            return False
        joined_at, posted = joined
        return posted and at - joined_at <= self.rules.join_leave_window

    async def close(self) -> None:
        return None
