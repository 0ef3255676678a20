"""Work that follows storing but must not hold it up (auto-replies wait on platform limits)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from handlers.intake import AfterStore
from storage.comments import Stored

log = logging.getLogger(__name__)


class Deferred:
    """Wraps an after-store hook: batches are queued and handled in order by one worker.

    Until ``run()`` is started (tests, one-off commands), ``__call__`` runs the hook inline.
    """

    def __init__(self, hook: AfterStore, name: str) -> None:
        self._hook = hook
        self._name = name
        self._queue: asyncio.Queue[Sequence[Stored]] = asyncio.Queue()
        self._running = False

    async def __call__(self, stored: Sequence[Stored]) -> None:
        if not stored:
            return
        if self._running:
            self._queue.put_nowait(stored)
        else:
            await self._hook(stored)

    async def run(self) -> None:
        self._running = True
        try:
            while True:
                batch = await self._queue.get()
                try:
                    await self._hook(batch)
                except Exception:
                    log.exception("%s failed for a batch of %d comments", self._name, len(batch))
                finally:
                    self._queue.task_done()
        finally:
            self._running = False

    async def drain(self) -> None:
        await self._queue.join()
