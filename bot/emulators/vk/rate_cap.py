"""VK's own request limit: a token's calls beyond ``per_second`` in any one second get error 6.

Off unless asked for (tests driving the client with a fake clock make calls faster than their
pretend time would allow). Only calls VK answered count; a refused one does no work.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateCap:
    def __init__(
        self, per_second: int | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_second = per_second
        self.refused = 0  # error 6 answers so far, for tests
        self._clock = clock
        self._calls: dict[str, deque[float]] = {}

    def admit(self, token: str) -> bool:
        if not self.per_second:
            return True
        now = self._clock()
        calls = self._calls.setdefault(token, deque())
        while calls and now - calls[0] >= 1.0:
            calls.popleft()
        if len(calls) >= self.per_second:
            self.refused += 1
            return False
        calls.append(now)
        return True
