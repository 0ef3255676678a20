"""Flag cards go out in the background.

Intake commits a batch and moves on; the cards follow. Telegram allows a chat about 20 messages
a minute, so a burst of negatives (or a flood of spam) would otherwise hold up every comment
behind the managers' chat's rate limit. A card whose flag is committed but not yet sent is
picked up again by recovery after a crash, so nothing is lost by sending it later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class CardCourier:
    def __init__(self, send: Callable[[int], Awaitable[None]]) -> None:
        self._send = send
        self._queue: asyncio.Queue[int] = asyncio.Queue()

    def put(self, flag_id: int) -> None:
        self._queue.put_nowait(flag_id)

    async def run(self) -> None:
        while True:
            flag_id = await self._queue.get()
            try:
                await self._send(flag_id)
            except Exception:
                log.exception("card for flag %s failed; recovery will retry it", flag_id)
            finally:
                self._queue.task_done()

    async def drain(self) -> None:
        """Wait until every card queued so far was handled."""
        await self._queue.join()

    @property
    def backlog(self) -> int:
        return self._queue.qsize()
