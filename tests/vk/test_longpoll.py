"""The long poll runner: unmodified vk_api against the emulator, the core on a real database."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.vk.client import TokenInvalid
from bot.vk.longpoll import ts_key
from handlers.ports import Target
from storage.models import AutoReplyRow, CommentRow, MemberEventRow, ReactionRow
from storage.state import get_state, set_state
from tests.vk.helpers import GROUP, Sleeps, make_pipeline, make_runtime, vk_community


class Started:
    """A runtime running against the emulator, stopped at the end of the test."""

    def __init__(self, database, emu, core_wrapper=None) -> None:
        self.sleeps = Sleeps()
        self.community = vk_community()
        self.runtime = make_runtime(emu, self.community, self.sleeps)
        self.pipeline = make_pipeline(database, self.community, self.runtime)
        self.core = core_wrapper(self.pipeline) if core_wrapper else self.pipeline

    async def __aenter__(self):
        await self.runtime.start(self.core)
        self.runner = self.runtime.runners[GROUP]
        await self.runner.wait_until(lambda: self.runner.saved_ts is not None)
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.runtime.stop()

    async def delivered(self, count: int) -> None:
        await self.runner.wait_until(lambda: self.runner.delivered >= count)


class CrashAfterCommit:
    """The core commits the batch, then the process 'dies' before the ts is stored."""

    def __init__(self, pipeline) -> None:
        self.pipeline, self.deps, self.crashes = pipeline, pipeline.deps, 1

    async def handle(self, events):
        result = await self.pipeline.handle(events)
        if self.crashes:
            self.crashes -= 1
            raise RuntimeError("crash after commit")
        return result


async def count(database, model, *where) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def texts(database) -> list[str]:
    async with database.sessions() as session:
        return list(await session.scalars(select(CommentRow.text).order_by(CommentRow.id)))


def own_comments(emu, post: int) -> list[str]:
    return [c["text"] for c in emu.comments(post) if c["from_id"] == -GROUP]


async def test_events_reach_the_core_and_faq_is_answered_once(database, emu):
    bob = emu.add_user("Bob", "Smith")["id"]
    emu.add_user("Admin", user_id=900)
    post = emu.group_posts("Новинки")["id"]
    async with Started(database, emu) as world:
        emu.user_joins(bob)
        emu.user_likes(bob, post)
        emu.user_comments(post, 900, "Доставка сегодня работает")  # an admin: never answered
        emu.user_comments(post, bob, "А доставку в Казань делаете?")
        # join, like, 2 comments, then our own answer comes back as a wall comment.
        await world.delivered(5)
    assert own_comments(emu, post) == ["Доставка 1–2 дня."]
    async with database.sessions() as session:
        rows = list(await session.scalars(select(CommentRow).order_by(CommentRow.id)))
    assert [(r.author_name, r.from_staff) for r in rows] == [
        ("Admin", True),
        ("Bob Smith", False),
        ("club1001", True),
    ]
    assert rows[1].link == f"https://vk.com/wall-{GROUP}_{post}?reply={rows[1].message_id}"
    assert await count(database, ReactionRow) == 1
    assert await count(database, MemberEventRow) == 1
    assert await count(database, AutoReplyRow) == 1


async def test_failed_1_2_and_3_are_recovered(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    async with Started(database, emu) as world:
        runner = world.runner
        servers = len(emu.calls("groups.getLongPollServer"))
        for n, code in enumerate((1, 2, 3), start=1):
            rounds = runner.rounds
            emu.fail_longpoll(code)
            # VK may lose events around a failure: write only once it was dealt with.
            await runner.wait_until(lambda rounds=rounds: runner.rounds > rounds)
            emu.user_comments(post, bob, f"after failed {code}")
            await world.delivered(n)
        assert runner.restarts == 0  # vk_api recovered by itself
        # failed 2 and 3 asked for a new key, failed 1 only moved the ts.
        assert len(emu.calls("groups.getLongPollServer")) == servers + 2
    assert await texts(database) == ["after failed 1", "after failed 2", "after failed 3"]


async def test_a_busy_vk_asking_for_the_server_is_retried_like_any_call(database, emu):
    # groups.getLongPollServer goes through the client: paced with the token's other calls and
    # retried by its policy, instead of restarting the whole long poll.
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    emu.inject("groups.getLongPollServer", error_code=6)
    async with Started(database, emu) as world:
        emu.inject("groups.getLongPollServer", error_code=10)
        rounds = world.runner.rounds
        emu.fail_longpoll(2)  # a new key, asked of a VK that fails once more
        await world.runner.wait_until(lambda: world.runner.rounds > rounds)
        emu.user_comments(post, bob, "after a new key")
        await world.delivered(1)
        assert world.runner.restarts == 0
        assert world.sleeps.delays == [0.2, 0.2]  # the policy's first busy delay, twice
    assert await texts(database) == ["after a new key"]


async def test_the_groups_managers_are_staff_without_being_configured(database, emu):
    post = emu.group_posts("Новинки")["id"]
    moderator = emu.add_user("Олег", user_id=901)["id"]
    emu.add_admin(moderator)
    bob = emu.add_user("Bob")["id"]
    async with Started(database, emu) as world:
        await world.runtime.learn_admins()
        emu.inject("groups.getMembers", error_code=15)
        await world.runtime.learn_admins()  # VK refusing keeps the managers it had
        emu.user_comments(post, moderator, "А доставку в Казань делаете?")
        emu.user_comments(post, bob, "А доставку в Казань делаете?")
        await world.delivered(3)  # two comments, then our answer to Bob's
    assert own_comments(emu, post) == ["Доставка 1–2 дня."]  # the moderator got none
    async with database.sessions() as session:
        rows = await session.execute(select(CommentRow.author_id, CommentRow.from_staff))
    assert sorted(rows.all()) == [(-GROUP, True), (moderator, True), (bob, False)]


async def test_restart_resumes_from_the_stored_ts(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    async with Started(database, emu) as world:
        emu.user_comments(post, bob, "one")
        await world.delivered(1)
        saved = world.runner.saved_ts
    emu.user_comments(post, bob, "two")  # while otklik is down
    emu.user_comments(post, bob, "three")
    async with database.sessions() as session:
        assert await get_state(session, ts_key(GROUP)) == saved
    async with Started(database, emu) as world:
        await world.delivered(2)
    assert await texts(database) == ["one", "two", "three"]


async def test_crash_before_ts_is_stored_replays_the_batch_once(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    async with Started(database, emu, CrashAfterCommit) as world:
        emu.user_comments(post, bob, "нужна доставка")
        await world.runner.wait_until(lambda: world.runner.restarts == 1)
        await world.delivered(2)  # the replay, then our own answer
        assert world.sleeps.delays == [0.5]
    assert own_comments(emu, post) == ["Доставка 1–2 дня."]
    assert await texts(database) == ["нужна доставка", "Доставка 1–2 дня."]


async def test_long_poll_http_failure_restarts_with_backoff(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    async with Started(database, emu) as world:
        emu.inject_longpoll_http(502, times=2)
        await world.runner.wait_until(lambda: world.runner.restarts == 2)
        emu.user_comments(post, bob, "still here")
        await world.delivered(1)
        assert world.sleeps.delays == [0.5, 1.0]
    assert await texts(database) == ["still here"]


async def test_invalid_token_stops_the_runner(database, emu):
    emu.inject("groups.getLongPollServer", error_code=5)
    world = Started(database, emu)
    (task,) = await world.runtime.start(world.pipeline)
    await asyncio.wait_for(task, 5)
    assert world.runtime.runners[GROUP].stopped and world.sleeps.delays == []
    await world.runtime.stop()


async def test_invalid_token_on_an_action_stops_the_long_poll(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    comment = emu.user_comments(post, bob, "?")
    async with Started(database, emu) as world:
        emu.inject("wall.deleteComment", error_code=5)
        target = Target(-GROUP, comment["id"], "wall", post, bob)
        with pytest.raises(TokenInvalid):
            await world.runtime.outbox.delete(target)
        task = world.runtime.tasks[GROUP]
        await asyncio.wait({task}, timeout=5)
        assert task.done() and world.runner.stopped


async def test_replay_after_a_process_restart_is_answered_once(database, emu):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    async with Started(database, emu) as world:
        before = world.runner.saved_ts
        emu.user_comments(post, bob, "сколько стоит доставка?")
        await world.delivered(2)  # the question, then our own answer
    async with database.sessions() as session, session.begin():
        # As if the process died after the core committed but before the ts was stored.
        await set_state(session, ts_key(GROUP), before)
    async with Started(database, emu) as world:
        await world.runner.wait_until(lambda: world.runner.saved_ts != before)
    assert own_comments(emu, post) == ["Доставка 1–2 дня."]
    assert await count(database, AutoReplyRow) == 1


async def test_duplicate_event_ids_in_a_batch_count_once(database, emu):
    world = Started(database, emu)
    feed = world.runtime.feeds[GROUP]
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")["id"]
    emu.user_joins(bob)
    emu.user_comments(post, bob, "hi")
    raws = emu.lp_events()[-2:]
    assert await feed.deliver(world.pipeline, raws * 2) == 2
    assert await feed.deliver(world.pipeline, raws) == 0
