"""Wake-ups for anything waiting on emulator state (long poll, wait_for) without sleep loops."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


class ChangeNotifier:
    """Each `notify()` wakes every current waiter; waiters then re-check their condition.

    Must be used from the event loop thread that runs the emulator.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        # A fresh event for the next round: waiters woken now hold the old, set one.
        self._event = asyncio.Event()

    async def wait_change(self, timeout: float) -> bool:
        """Wait for the next change; False on timeout."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Return the first truthy value of `predicate()`, re-checked on every change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0 or not await self.wait_change(remaining):
                value = predicate()
                if value:
                    return value
                raise TimeoutError(f"condition not met within {timeout}s")
