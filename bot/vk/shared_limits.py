"""VK's 20 requests a second per community token, counted in Redis for every instance.

VK counts a token's calls whatever process makes them; instances behind a load balancer
(Callback API mode) that each kept their own count would together draw error 6. Here each call
reserves its slot with a script on Redis's own clock, by the same rule as the in-process
RateLimiter (bot.vk.client.next_slot): the last ``per_second`` slots are kept in a list, and a
new one goes a window (VK's second and a margin) after the oldest of them. While Redis is
unreachable each instance falls back to its own count (storage.redis_outage); the error 6s
that may follow are retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

from bot.vk.client import WINDOW_S, RateLimiter
from storage.redis_outage import CONNECTION_OPTIONS, RedisOutage, RedisUnavailable

# KEYS[1]: the token's recent slots, ascending; ARGV: limit, span. Answers the wait.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local limit, span = tonumber(ARGV[1]), tonumber(ARGV[2])
local slot = now
local last = redis.call('LINDEX', KEYS[1], -1)
if last then slot = math.max(slot, tonumber(last)) end
if redis.call('LLEN', KEYS[1]) >= limit then
  slot = math.max(slot, tonumber(redis.call('LINDEX', KEYS[1], -limit)) + span)
end
redis.call('RPUSH', KEYS[1], string.format('%.6f', slot))
redis.call('LTRIM', KEYS[1], -limit, -1)
redis.call('PEXPIRE', KEYS[1], math.ceil((slot - now + span) * 1000) + 1000)
return string.format('%.6f', slot - now)
"""


class SharedPacing:
    """One Redis connection and one outage breaker for every community's limiter."""

    def __init__(self, redis: Redis, *, prefix: str, outage: RedisOutage | None = None) -> None:
        self.prefix = prefix
        self.outage = outage or RedisOutage("VK request pacing shared by instances")
        self._redis = redis
        self._reserve = redis.register_script(_RESERVE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str) -> SharedPacing:
        return cls(Redis.from_url(url, **CONNECTION_OPTIONS), prefix=prefix)

    def limiter(
        self,
        group_id: int,
        per_second: int = 20,
        *,
        window_s: float = WINDOW_S,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> SharedRateLimiter:
        key = f"{self.prefix}:{group_id}"
        return SharedRateLimiter(self, key, per_second, window_s=window_s, sleep=sleep)

    async def reserve(self, key: str, limit: int, span: float) -> float:
        """Raises RedisUnavailable when the count cannot be kept in Redis."""
        args = [str(limit), repr(span)]
        wait = await self.outage.call(lambda: self._reserve(keys=[key], args=args))
        return float(wait)

    async def close(self) -> None:
        await self._redis.aclose()


class SharedRateLimiter(RateLimiter):
    def __init__(
        self,
        pacing: SharedPacing,
        key: str,
        per_second: int = 20,
        *,
        window_s: float = WINDOW_S,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        super().__init__(per_second, window_s=window_s, sleep=sleep)
        self.pacing = pacing
        self.key = key

    async def reserve(self) -> float:
        try:
            return await self.pacing.reserve(self.key, self.per_second, self.window_s)
        except RedisUnavailable:
            return await super().reserve()
