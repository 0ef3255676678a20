"""Redis going away: calls pause after a failure, the log says so once, and never the URL."""

from __future__ import annotations

import logging

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from storage.redis_outage import RedisOutage, RedisUnavailable


async def test_a_failure_pauses_calls_and_is_logged_once_per_outage(caplog) -> None:
    now = [0.0]
    outage = RedisOutage("the spam guard's memory", pause_s=10, monotonic=lambda: now[0])
    attempts = 0
    healthy = False

    async def work() -> str:
        nonlocal attempts
        attempts += 1
        if not healthy:
            raise RedisConnectionError("Error 111 connecting to redis://:hunter2@10.0.0.1:6379")
        return "ok"

    with caplog.at_level(logging.WARNING, logger="storage.redis_outage"):
        for _ in range(3):
            with pytest.raises(RedisUnavailable):
                await outage.call(work)
        assert attempts == 1 and outage.ongoing  # the pause spared Redis two calls
        now[0] += 11
        with pytest.raises(RedisUnavailable):
            await outage.call(work)  # tried again after the pause, still down: no new line
        assert attempts == 2
        now[0] += 11
        healthy = True
        assert await outage.call(work) == "ok"
        assert await outage.call(work) == "ok"
        assert not outage.ongoing
    assert [r.getMessage() for r in caplog.records] == [
        "Redis unreachable (ConnectionError): the spam guard's memory paused",
        "Redis is back: the spam guard's memory resumed",
    ]
    assert "hunter2" not in caplog.text


async def test_a_real_dead_server_is_one_fast_failure() -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    outage = RedisOutage("dialogs")
    try:
        with pytest.raises(RedisUnavailable):
            await outage.call(client.ping)
        assert outage.ongoing
    finally:
        await client.aclose()
