"""Spam by behaviour: repeats, the same text from many accounts, floods, join-post-leave.

State lives in memory, per community, with every table bounded (old entries expire, and the
least recently active authors/texts are dropped beyond a cap), so a long-running bot does not
grow. Not thread-safe: call it from the pipeline's single event loop.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from datetime import datetime, timedelta

from moderation.text import normalize


class SpamGuard:
    def __init__(
        self,
        *,
        repeat_window: timedelta = timedelta(minutes=10),
        many_authors: int = 3,
        flood_messages: int = 5,
        flood_window: timedelta = timedelta(seconds=30),
        join_leave_window: timedelta = timedelta(hours=1),
        max_entries: int = 50_000,
    ) -> None:
        self.repeat_window = repeat_window
        self.many_authors = many_authors
        self.flood_messages = flood_messages
        self.flood_window = flood_window
        self.join_leave_window = join_leave_window
        self.max_entries = max_entries
        # Lean values (lists of (epoch seconds, digest) pairs, not deques of datetimes): tens of
        # thousands of authors are kept, and a deque alone costs over 600 bytes.
        # (community, author) -> recent [(time, text digest)], oldest first
        self._by_author: OrderedDict[tuple[str, int], list[tuple[float, bytes]]] = OrderedDict()
        # (community, digest) -> ((author, last time), ...)
        self._by_text: OrderedDict[tuple[str, bytes], tuple[tuple[int, float], ...]] = OrderedDict()
        # (community, author) -> (joined at, posted since joining)
        self._joins: OrderedDict[tuple[str, int], tuple[datetime, bool]] = OrderedDict()

    @staticmethod
    def _digest(text: str) -> bytes:
        squeezed = " ".join(normalize(text).split())
        return hashlib.blake2b(squeezed.encode(), digest_size=12).digest()

    def _remember(self, table: OrderedDict, key: object, value: object) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > self.max_entries:
            table.popitem(last=False)

    def check(self, community: str, author_id: int, text: str, at: datetime) -> tuple[str, ...]:
        """Record a message and return behaviour reasons ("repeated message", "flood", ...)."""
        reasons: list[str] = []
        digest = self._digest(text)
        key = (community, author_id)
        now = at.timestamp()
        keep = max(self.repeat_window, self.flood_window).total_seconds()
        repeat_window = self.repeat_window.total_seconds()
        history = [(t, d) for t, d in self._by_author.get(key, ()) if now - t <= keep]
        if text.strip() and any(d == digest and now - t <= repeat_window for t, d in history):
            reasons.append("repeated message")
        history.append((now, digest))
        del history[: -max(self.flood_messages * 4, 20)]
        flood_window = self.flood_window.total_seconds()
        if sum(1 for t, _ in history if now - t <= flood_window) >= self.flood_messages:
            reasons.append("flood")
        self._remember(self._by_author, key, history)

        if text.strip():
            seen = self._by_text.get((community, digest), ())
            authors = {a: t for a, t in seen if now - t <= repeat_window}
            authors[author_id] = now
            if len(authors) >= self.many_authors:
                reasons.append("same text from many authors")
            self._remember(self._by_text, (community, digest), tuple(authors.items()))

        joined = self._joins.get(key)
        if joined is not None:
            self._joins[key] = (joined[0], True)
        return tuple(reasons)

    def note_join(self, community: str, author_id: int, at: datetime) -> None:
        self._remember(self._joins, (community, author_id), (at, False))

    def note_leave(self, community: str, author_id: int, at: datetime) -> bool:
        """True when the author joined, posted and left within the join-leave window."""
        joined = self._joins.pop((community, author_id), None)
        if joined is None:
            return False
        joined_at, posted = joined
        return posted and at - joined_at <= self.join_leave_window
