"""Calls to Redis that must not take the bot down with Redis.

After a failure Redis is left alone for a pause (a dead server must not add a connection
timeout to every update), and the log says once per outage what is paused, and once when it
is back. Only the exception's class is logged: a message could carry the URL, and
with it a password.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_PAUSE_S = 10.0
# Short timeouts: a stalled Redis costs one call half a second, then the pause.
CONNECTION_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}


class RedisUnavailable(Exception):
    """Redis failed just now, or is being left alone after a failure."""


class RedisOutage:
    def __init__(
        self,
        serves: str,
        *,
        pause_s: float = DEFAULT_PAUSE_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.serves = serves  # what Redis serves, for the log: "the spam guard's memory"
        self.pause_s = pause_s
        self.monotonic = monotonic
        self._paused_until: float | None = None  # set from a failure until a success

    @property
    def ongoing(self) -> bool:
        """True while Redis is left alone after a failure."""
        return self._paused_until is not None and self.monotonic() < self._paused_until

    async def call(self, work: Callable[[], Awaitable[T]]) -> T:
        """``await work()``; raises RedisUnavailable while paused or when Redis fails."""
        # Here, not at the top: the routers import this module, and a bot without Redis
        # should not carry the redis package (about 6 MB resident).
        from redis.exceptions import RedisError

        if self.ongoing:
            raise RedisUnavailable(self.serves)
        try:
            result = await work()
        except (RedisError, OSError) as exc:
            if self._paused_until is None:
                log.warning("Redis unreachable (%s): %s paused", type(exc).__name__, self.serves)
            self._paused_until = self.monotonic() + self.pause_s
            raise RedisUnavailable(self.serves) from exc
        if self._paused_until is not None:
            log.warning("Redis is back: %s resumed", self.serves)
            self._paused_until = None
        return result
