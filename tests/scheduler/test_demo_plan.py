"""The demo's content plan publishes on both platforms at the first pass."""

from __future__ import annotations

from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from scheduler.demo import import_demo_plan
from scheduler.queue import queue
from scheduler.store import count_published
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import (
    CHANNEL_ID,
    START,
    VK_TOKEN,
    community,
    make_bot,
    make_job,
    publishers,
    telegram_world,
)


async def test_demo_plan_publishes_on_telegram_and_vk(database) -> None:
    comm = community()
    async with TelegramEmulator() as tg, VKEmulator(token=VK_TOKEN) as vk:
        telegram_world(tg)
        bot = make_bot(tg.base_url, tg.token)
        try:
            assert len(await import_demo_plan(database.sessions, comm, START)) == 3
            job = make_job(database.sessions, comm, publishers(bot, vk.base_url), FakeDesk(),
                           FixedClock(START))  # fmt: skip
            await job.tick()
        finally:
            await bot.session.close()
        async with database.sessions() as session:
            counts = await count_published(session, "acme")
            waiting = await queue(session, None, "acme", now=START)
        assert counts == {"telegram": 2, "vk": 1}
        assert len(tg.sent(CHANNEL_ID)) == 2 and len(vk.wall()) == 1
        assert tg.chat(CHANNEL_ID).pinned_message_id == tg.sent(CHANNEL_ID)[1]["message_id"]
        assert [item.rule for item in waiting] == ["0 10 * * mon"]
