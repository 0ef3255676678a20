"""Pacing, host rewriting and several communities behind one outbox."""

from __future__ import annotations

import pytest

from bot.vk.client import RateLimiter, RetryPolicy, VKClient
from bot.vk.runtime import VKRuntime
from bot.vk.transport import TIMEOUT, RewriteHostAdapter, TimeoutAdapter, make_session
from config.settings import Settings
from handlers.events import Author, Comment
from handlers.ports import Target
from tests.vk.helpers import GROUP, TOKEN, Sleeps, make_pipeline, vk_community


async def test_rate_limiter_allows_twenty_per_second():
    now = [0.0]
    waits: list[float] = []

    async def sleep(delay: float) -> None:
        waits.append(delay)
        now[0] += delay

    limiter = RateLimiter(20, window_s=1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(20):
        await limiter.acquire()
    assert waits == []
    now[0] = 0.25
    await limiter.acquire()  # the 21st within the same second waits for the window
    assert waits == [pytest.approx(0.75)]


def test_sessions_point_at_the_configured_host_and_never_wait_forever():
    plain = make_session(None)
    adapter = plain.get_adapter("https://api.vk.ru/method/x")
    assert not isinstance(adapter, RewriteHostAdapter)
    assert isinstance(adapter, TimeoutAdapter) and adapter.timeout == TIMEOUT
    routed = make_session("http://127.0.0.1:9/")
    adapter = routed.get_adapter("https://api.vk.ru/method/users.get")
    assert isinstance(adapter, RewriteHostAdapter) and adapter.base_url == "http://127.0.0.1:9/"
    assert adapter.timeout == TIMEOUT


async def test_a_call_vk_never_answers_times_out_and_is_tried_again(emu):
    """vk_api sets no timeout of its own: without ours this call would wait forever."""
    emu.inject("groups.getById", delay=0.5)
    sleeps = Sleeps()
    client = VKClient(TOKEN, session=emu.make_session(timeout=(1.0, 0.2)), sleep=sleeps)
    try:
        answer = await client.call("groups.getById", group_id=GROUP)
    finally:
        client.close()
    assert answer["groups"][0]["id"] == GROUP
    assert sleeps.delays == [RetryPolicy().busy_delays[0]]


async def test_private_messages_are_answered_by_the_community_that_got_them(database, emu):
    other = 2002
    emu.add_group(other, "Other shop", token="other-token")
    bob = emu.add_user("Bob")["id"]
    first = vk_community()
    second = vk_community(id="other", vk={"group_id": other, "token": "other-token"})
    settings = Settings(communities=(first, second), _env_file=None)  # type: ignore[call-arg]
    runtime = VKRuntime(settings, session_factory=emu.make_session, sleep=Sleeps())
    pipeline = make_pipeline(database, second, runtime)
    runtime.outbox.attach(pipeline.deps.desk, database.sessions)
    message = emu.user_messages(bob, "привет", group_id=other)
    comment = Comment(
        "other",
        "vk",
        bob,
        message["id"],
        Author(bob, "Bob"),
        "привет",
        pipeline.deps.clock.now(),
        source="message",
    )
    await pipeline.handle([comment])
    await runtime.outbox.reply(
        Target(bob, message["id"], "message"), "Здравствуйте!", idempotency_key="k"
    )
    (sent,) = emu.messages_sent(bob)
    assert sent["from_id"] == -other and other != GROUP
