"""Telegram's sending limits kept in Redis, for every instance of one bot.

Telegram counts a bot's messages (about 30 a second, 20 a minute in one group) whatever
process sends them; instances behind a load balancer that each kept their own count would
together send past them and draw 429s. Here each slot is reserved by a script on Redis's own
clock, the same GCRA as the in-process RateLimiter. While Redis is unreachable every instance
falls back to its own count (storage.redis_outage): too fast together at worst, and the 429s
that follow are waited out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

from bot.telegram.retry import RateLimiter
from storage.redis_outage import CONNECTION_OPTIONS, RedisOutage, RedisUnavailable

# KEYS[1]: the bucket's theoretical arrival time; ARGV: interval, tolerance. Answers the wait.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '-1e18')
local slot = math.max(now, tat - tolerance)
local next_tat = math.max(tat, slot) + interval
local ttl = math.ceil((next_tat - now) * 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.6f', next_tat), 'PX', ttl)
return string.format('%.6f', slot - now)
"""


class SharedRateLimiter(RateLimiter):
    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        per_second: int = 30,
        per_group_minute: int = 20,
        outage: RedisOutage | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        super().__init__(per_second=per_second, per_group_minute=per_group_minute, sleep=sleep)
        self.prefix = prefix
        self.outage = outage or RedisOutage("Telegram sending limits shared by instances")
        self._redis = redis
        self._reserve = redis.register_script(_RESERVE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str, per_group_minute: int) -> SharedRateLimiter:
        redis = Redis.from_url(url, **CONNECTION_OPTIONS)
        return cls(redis, prefix=prefix, per_group_minute=per_group_minute)

    async def reserve(self, key: int | str, limit: int, span: float) -> float:
        interval = span / limit
        args = [repr(interval), repr(span - interval)]
        try:
            wait = await self.outage.call(
                lambda: self._reserve(keys=[f"{self.prefix}:{key}"], args=args)
            )
        except RedisUnavailable:
            return await super().reserve(key, limit, span)
        return float(wait)

    async def close(self) -> None:
        await self._redis.aclose()
