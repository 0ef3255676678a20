"""A bounded memo for per-word results: two generations, so hot words survive a flush.

New entries go into the young generation; when it is full it becomes the old one and the
previous old one is dropped. A hit in the old generation is copied back into the young one,
so a word seen often is never evicted, and the memo never holds more than ``2 * limit``
entries (a bot running for months must not grow without bound).
"""

from __future__ import annotations

from typing import Generic, TypeVar

V = TypeVar("V")


class WordMemo(Generic[V]):
    __slots__ = ("_old", "_young", "limit")

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be positive")
        self.limit = limit
        self._young: dict[str, V] = {}
        self._old: dict[str, V] = {}

    def get(self, key: str) -> V | None:
        found = self._young.get(key)
        if found is None:
            found = self._old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key: str, value: V) -> None:
        young = self._young
        young[key] = value
        if len(young) >= self.limit:
            self._old, self._young = young, {}

    def __len__(self) -> int:
        return len(self._young) + len(self._old)

    def clear(self) -> None:
        self._young, self._old = {}, {}
