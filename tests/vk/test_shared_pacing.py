"""VK's 20 requests a second per token, kept in Redis for every instance using the token."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from bot.vk.client import RateLimiter, next_slot
from bot.vk.runtime import VKRuntime
from config.settings import Settings
from tests.conftest import REDIS_URL
from tests.vk.helpers import GROUP, Sleeps, vk_community


def test_a_slot_waits_for_the_oldest_of_the_window_and_keeps_the_queue_order():
    assert next_slot(5.0, [], 3, 1.0) == 5.0
    assert next_slot(5.0, [4.0, 4.5], 3, 1.0) == 5.0
    assert next_slot(5.0, [4.2, 4.5, 4.9], 3, 1.0) == pytest.approx(5.2)
    assert next_slot(5.0, [5.0, 5.3], 3, 1.0) == 5.3  # a slot already handed out comes first


async def test_callers_waiting_together_get_successive_slots():
    now = [0.0]
    sleeps = Sleeps()
    limiter = RateLimiter(2, window_s=1.0, clock=lambda: now[0], sleep=sleeps)
    await asyncio.gather(*(limiter.acquire() for _ in range(5)))
    assert sleeps.delays == [1.0, 1.0, 2.0]  # 2 now, 2 a second later, the fifth after that


def pacing(prefix: str, url: str = REDIS_URL):
    from bot.vk.shared_limits import SharedPacing

    return SharedPacing(Redis.from_url(url, socket_connect_timeout=0.5), prefix=prefix)


async def test_instances_sharing_redis_keep_one_count_per_token(redis_prefix):
    first, second = pacing(redis_prefix), pacing(redis_prefix)
    sleeps = Sleeps()
    try:
        limiters = [p.limiter(GROUP, sleep=sleeps) for p in (first, second)]
        for i in range(20):
            await limiters[i % 2].acquire()
        assert sleeps.delays == []
        await limiters[1].acquire()  # the 21st in this second, whichever instance makes it
        await first.limiter(GROUP + 1, sleep=sleeps).acquire()  # another token: its own count
        assert sleeps.delays == [pytest.approx(1.0, abs=0.3)]
    finally:
        await first.close()
        await second.close()


async def test_without_redis_each_instance_keeps_its_own_count():
    dead = pacing("x", url="redis://127.0.0.1:1/0")
    sleeps = Sleeps()
    try:
        limiter = dead.limiter(GROUP, sleep=sleeps)
        for _ in range(21):
            await limiter.acquire()
        assert sleeps.delays == [pytest.approx(1.0, abs=0.3)]
        assert dead.outage.ongoing
    finally:
        await dead.close()


TEST_WINDOW_S = 1.3


def runtime(emu, group: int, redis_prefix: str | None) -> VKRuntime:
    token = f"token-{group}"
    if emu.state.group_by_token(token) is None:
        emu.add_group(group, f"Shop {group}", token=token)
    community = vk_community(id=f"shop{group}", vk={"group_id": group, "token": token})
    settings = Settings(
        communities=(community,),
        redis_url=REDIS_URL if redis_prefix else None,
        redis_prefix=redis_prefix or "otklik",
        _env_file=None,  # type: ignore[call-arg]
    )
    # The emulator shares this test's event loop: busy with a burst, it reads the first calls
    # late, later than the network would. A wider margin than VK needs keeps the test on the
    # count, not on how loaded the machine is.
    return VKRuntime(
        settings, session_factory=emu.make_session, resolve_names=False, window_s=TEST_WINDOW_S
    )


async def burst(emu, group: int, *, instances: int, redis_prefix: str | None = None) -> None:
    """30 API calls at once with one community token, spread over ``instances`` bots."""
    bots = [runtime(emu, group, redis_prefix) for _ in range(instances)]
    try:
        clients = [bot.clients[group] for bot in bots]
        await asyncio.gather(
            *(clients[i % instances].call("groups.getById", group_id=group) for i in range(30))
        )
    finally:
        for bot in bots:
            await bot.close()


def refused(emu, group: int) -> int:
    calls = emu.calls("groups.getById")
    return sum(1 for c in calls if c["params"]["group_id"] == str(group) and c["error_code"] == 6)


async def test_bursts_stay_under_vks_limit_alone_and_together_through_redis(emu, redis_prefix):
    """Against an emulator that refuses a token's calls past 20 a second as VK does (error 6):
    one instance alone, and two sharing Redis, are never refused; two counting alone are."""
    emu.rate_cap.per_second = 20
    await asyncio.gather(
        burst(emu, 2001, instances=1),
        burst(emu, 2002, instances=2, redis_prefix=redis_prefix),
        burst(emu, 2003, instances=2),
    )
    assert (refused(emu, 2001), refused(emu, 2002)) == (0, 0)
    assert refused(emu, 2003) > 0
    answered = [c for c in emu.calls("groups.getById") if c["error_code"] is None]
    assert len(answered) == 90  # the refused calls were retried
