"""Telegram's sending limits, kept without holding up other chats."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.methods import GetMe, SendMessage
from redis.asyncio import Redis

from bot.telegram.desk import SendCard
from bot.telegram.retry import RateLimiter, RetryMiddleware


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))


def limiter(time: FakeTime, **limits: int) -> RateLimiter:
    return RateLimiter(clock=time.clock, sleep=time.sleep, **limits)


async def test_twenty_messages_a_minute_in_one_group_then_spaced():
    time = FakeTime()
    limit = limiter(time, per_second=1000)
    for _ in range(20):
        await limit.acquire(-100)
    assert time.sleeps == []
    await limit.acquire(-100)
    await limit.acquire(-100)
    assert time.sleeps == [3.0, 6.0]


async def test_a_busy_group_does_not_hold_up_other_chats():
    time = FakeTime()
    limit = limiter(time, per_second=1000)
    for _ in range(20):
        await limit.acquire(-100)
    waiting = asyncio.create_task(limit.acquire(-100))
    await limit.acquire(-200)  # another group
    await limit.acquire(42)  # a private chat has no per-minute limit
    await waiting
    assert time.sleeps == [3.0]


async def test_global_rate_and_recovery_over_time():
    time = FakeTime()
    limit = limiter(time, per_second=30, per_group_minute=0)
    for _ in range(31):
        await limit.acquire(42)
    assert time.sleeps == [pytest.approx(1 / 30, abs=1e-3)]
    time.now = 10.0
    time.sleeps.clear()
    for _ in range(30):
        await limit.acquire(42)
    assert time.sleeps == []


async def test_limits_can_be_switched_off():
    time = FakeTime()
    limit = limiter(time, per_second=0, per_group_minute=0)
    for _ in range(1000):
        await limit.acquire(-100)
    assert time.sleeps == []


async def test_a_group_waiting_its_turn_does_not_delay_the_whole_bot():
    time = FakeTime()
    limit = limiter(time, per_second=30)
    for _ in range(21):
        await limit.acquire(-100)  # the 21st waits 3 s for its group slot
    time.sleeps.clear()
    await limit.acquire(42)
    assert time.sleeps == []


class CountingLimiter(RateLimiter):
    def __init__(self) -> None:
        super().__init__(per_second=0, per_group_minute=0)
        self.chats: list[int | str | None] = []

    async def acquire(self, chat_id: int | str | None) -> None:
        self.chats.append(chat_id)


async def test_every_kind_of_send_waits_for_its_slot_and_nothing_else_does():
    limiter = CountingLimiter()
    middleware = RetryMiddleware(limiter)

    async def answer(bot, method):
        return "sent"

    await middleware(answer, None, SendMessage(chat_id=-100, text="hi"))
    await middleware(answer, None, SendCard(chat_id=-200, text="card"))  # the lean card send
    await middleware(answer, None, GetMe())
    assert limiter.chats == [-100, -200]


def shared(prefix: str, time: FakeTime, url: str | None = None, **limits: int):
    from bot.telegram.shared_limits import SharedRateLimiter
    from tests.conftest import REDIS_URL

    redis = Redis.from_url(url or REDIS_URL, socket_connect_timeout=0.5)
    return SharedRateLimiter(redis, prefix=prefix, sleep=time.sleep, **limits)


async def test_instances_sharing_redis_keep_one_count(redis_prefix):
    """Telegram counts the bot's messages whichever instance sends them: two instances share
    one group's 20 a minute and the bot's 30 a second."""
    time = FakeTime()
    first, second = (shared(redis_prefix, time, per_second=1000) for _ in range(2))
    try:
        for i in range(20):
            await (first, second)[i % 2].acquire(-100)
        assert time.sleeps == []
        await second.acquire(-100)
        await first.acquire(-200)  # another group has its own count
        assert time.sleeps == [pytest.approx(3.0, abs=0.3)]
    finally:
        await first.close()
        await second.close()
    time.sleeps.clear()
    first, second = (shared(redis_prefix + ":b", time, per_group_minute=0) for _ in range(2))
    try:
        for i in range(31):
            await (first, second)[i % 2].acquire(42)
        assert len(time.sleeps) == 1 and 0 < time.sleeps[0] <= 1 / 30 + 0.001
    finally:
        await first.close()
        await second.close()


async def test_without_redis_each_instance_keeps_its_own_count():
    time = FakeTime()
    limit = shared("x", time, url="redis://127.0.0.1:1/0", per_second=1000)
    try:
        for _ in range(21):
            await limit.acquire(-100)
        assert time.sleeps == [pytest.approx(3.0, abs=0.3)]
        assert limit.outage.ongoing
    finally:
        await limit.close()
