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
    def __init__(
        self,
        send: Callable[[int], Awaitable[bool]],
        *,
        retry_delays: tuple[float, ...] = (2.0, 10.0, 60.0),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._send = send
        self._queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        self._retry_delays = retry_delays
        self._sleep = sleep
        self._later: set[asyncio.Task[None]] = set()

    def put(self, flag_id: int, attempt: int = 0) -> None:
        self._queue.put_nowait((flag_id, attempt))

    async def run(self) -> None:
        while True:
            flag_id, attempt = await self._queue.get()
            try:
                if not await self._send(flag_id):
                    self._retry(flag_id, attempt)
            except Exception:
                log.exception("card for flag %s failed; recovery will retry it", flag_id)
            finally:
                self._queue.task_done()

    def _retry(self, flag_id: int, attempt: int) -> None:
        if attempt >= len(self._retry_delays):
            log.error("card for flag %s still not delivered; left for the next start", flag_id)
            return

        async def later() -> None:
            await self._sleep(self._retry_delays[attempt])
            self.put(flag_id, attempt + 1)

        task = asyncio.create_task(later())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def drain(self) -> None:
        """Wait until every card queued so far was handled."""
        await self._queue.join()

    @property
    def backlog(self) -> int:
        return self._queue.qsize()
