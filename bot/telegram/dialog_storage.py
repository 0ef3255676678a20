"""aiogram's RedisStorage, kept from taking the managers' chat down with Redis.

aiogram reads the dialog state of every update before any handler runs, so with a bare
RedisStorage a dead Redis fails every button press and command. Here a read that cannot reach
Redis finds no dialog (cards' buttons and commands work); reading a dialog's data or writing
raises RedisUnavailable, which the /schedule router answers by telling the manager that
dialogs are paused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisStorage

from storage.redis_outage import CONNECTION_OPTIONS, RedisOutage, RedisUnavailable


class DialogStorage(BaseStorage):
    def __init__(self, inner: RedisStorage, outage: RedisOutage | None = None) -> None:
        self.inner = inner
        self.outage = outage or RedisOutage("managers' dialogs (/schedule)")

    @classmethod
    def from_url(cls, url: str, *, prefix: str) -> DialogStorage:
        inner = RedisStorage.from_url(
            url, connection_kwargs=CONNECTION_OPTIONS, key_builder=DefaultKeyBuilder(prefix=prefix)
        )
        return cls(inner)

    async def get_state(self, key: StorageKey) -> str | None:
        try:
            return await self.outage.call(lambda: self.inner.get_state(key))
        except RedisUnavailable:
            return None

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # Only handlers inside a dialog read its data: no answer is better than a wrong one.
        return await self.outage.call(lambda: self.inner.get_data(key))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self.outage.call(lambda: self.inner.set_state(key, state))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.outage.call(lambda: self.inner.set_data(key, data))

    async def close(self) -> None:
        await self.inner.close()
