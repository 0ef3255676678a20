"""/schedule and /queue in the managers' chat, driven through aiogram and the emulator."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from types import SimpleNamespace

from aiogram import Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Update
from sqlalchemy import select

from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from bot.telegram.desk import TelegramDesk
from bot.telegram.directory import Directory
from bot.telegram.publisher import telegram_photo_loader
from bot.telegram.routers import managers, schedule
from storage.models import ScheduledPostRow
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import (
    CHANNEL_ID,
    MANAGERS_ID,
    START,
    VK_TOKEN,
    community,
    make_bot,
    make_job,
    publishers,
    telegram_world,
    vk_publisher,
)

MANAGER, STRANGER = 42, 77
_ids = itertools.count(1)


class Chat:
    def __init__(self, emu: TelegramEmulator, dp: Dispatcher, bot) -> None:
        self.emu, self.dp, self.bot = emu, dp, bot

    async def write(self, user_id: int, text: str) -> dict:
        message = self.emu.user_writes(MANAGERS_ID, user_id, text)
        await self._feed({"message": message})
        return self.emu.sent(MANAGERS_ID)[-1]

    async def send_photo(self, user_id: int, caption: str, photo: bytes) -> dict:
        message = self.emu.user_writes(MANAGERS_ID, user_id, caption, photo=photo)
        await self._feed({"message": message})
        return self.emu.sent(MANAGERS_ID)[-1]

    async def press(self, message: dict, data: str, user_id: int = MANAGER) -> dict | None:
        query_id = self.emu.press_button(MANAGERS_ID, message["message_id"], user_id, data)
        await self._feed({"callback_query": self.emu.callback_queries[query_id]["query"]})
        return self.emu.callback_queries[query_id]["answer"]

    async def _feed(self, payload: dict) -> None:
        update = Update.model_validate(
            {"update_id": next(_ids), **payload}, context={"bot": self.bot}
        )
        await self.dp.feed_update(self.bot, update)


def dispatcher(comm, database, storage: BaseStorage | None = None) -> Dispatcher:
    """The managers' chat routers as the running bot wires them, over the test's database."""
    dp = Dispatcher(storage=storage or MemoryStorage())
    dp.include_routers(schedule.build(), managers.build())
    dp["directory"] = Directory([comm])
    dp["core"] = SimpleNamespace(deps=SimpleNamespace(sessions=database.sessions))
    return dp


async def test_schedule_dialog_queue_preview_and_cancel(database) -> None:
    comm = community()
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        emu.add_user("Manager", user_id=MANAGER)
        emu.add_user("Stranger", user_id=STRANGER)
        bot = make_bot(emu.base_url, emu.token)
        job = make_job(database.sessions, comm, publishers(bot, None), TelegramDesk(bot),
                       FixedClock(START))  # fmt: skip
        dp = dispatcher(comm, database)
        dp["scheduler"] = SimpleNamespace(job=job)
        chat = Chat(emu, dp, bot)
        try:
            refused = await chat.write(STRANGER, "/schedule")
            assert "Only the community's managers" in refused["text"]

            assert "Send the post" in (await chat.write(MANAGER, "/schedule"))["text"]
            targets = await chat.write(MANAGER, "Big news today")
            assert "Where" in targets["text"]
            assert await chat.press(targets, "sch:t:telegram,vk") is not None
            assert "Europe/Berlin" in emu.sent(MANAGERS_ID)[-1]["text"]
            confirm = await chat.write(MANAGER, "every Monday 10:00")
            assert "Big news today" in confirm["text"]
            await chat.press(confirm, "sch:ok")
            assert emu.sent(MANAGERS_ID)[-1]["text"] == "Planned as #1."
            async with database.sessions() as session:
                row = (await session.scalars(select(ScheduledPostRow))).one()
            assert (row.cron, row.text, row.created_by) == (
                "0 10 * * mon",
                "Big news today",
                f"telegram:{MANAGER}",
            )

            listing = await chat.write(MANAGER, "/queue")
            assert "#1 acme active next" in listing["text"] and "10:00" in listing["text"]
            preview = await chat.press(listing, "sch:preview:1")
            assert preview == {"text": "Preview sent."}
            assert emu.sent(MANAGERS_ID)[-1]["text"] == "Big news today"
            assert "Preview of scheduled post #1" in emu.sent(MANAGERS_ID)[-2]["text"]
            assert await chat.press(listing, "sch:cancel:1", STRANGER) is not None
            assert (await chat.press(listing, "sch:cancel:1"))["text"] == "Post #1 cancelled."
            assert emu.sent(CHANNEL_ID) == []
            assert (await chat.write(MANAGER, "/queue"))["text"] == "Nothing is planned."
        finally:
            await bot.session.close()


async def test_a_photo_sent_in_the_dialog_goes_out_on_telegram_and_vk(database) -> None:
    """The manager's photo stays in Telegram (a file_id): the channel gets it by that id, and
    for VK otklik downloads it from Telegram and uploads it to the wall."""
    comm = community()
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    due = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    async with TelegramEmulator() as emu, VKEmulator(token=VK_TOKEN) as vk:
        telegram_world(emu)
        emu.add_user("Manager", user_id=MANAGER)
        bot = make_bot(emu.base_url, emu.token)
        pubs = publishers(bot, None)
        pubs["vk"] = vk_publisher(vk.base_url, photo_loader=telegram_photo_loader(bot))
        job = make_job(database.sessions, comm, pubs, FakeDesk(), FixedClock(due))
        dp = dispatcher(comm, database)
        chat = Chat(emu, dp, bot)
        try:
            await chat.write(MANAGER, "/schedule")
            targets = await chat.send_photo(MANAGER, "New menu 🍕", jpeg)
            await chat.press(targets, "sch:t:telegram,vk")
            confirm = await chat.write(MANAGER, "2030-01-07 10:00")
            await chat.press(confirm, "sch:ok")
            assert emu.sent(MANAGERS_ID)[-1]["text"] == "Planned as #1."

            assert (await job.tick()).published == 2
            [post] = emu.sent(CHANNEL_ID)
            assert post["caption"] == "New menu 🍕" and post["photo"][-1]["file_size"] == len(jpeg)
            [wall_post] = vk.wall()
            assert wall_post["text"] == "New menu 🍕"
            [attachment] = wall_post["attachments"]
            assert vk.state.photos[attachment["photo"]["id"]].data == jpeg
        finally:
            await bot.session.close()


async def test_bad_answers_are_explained_and_the_dialog_waits(database) -> None:
    comm = community(vk=None)
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        emu.add_user("Manager", user_id=MANAGER)
        bot = make_bot(emu.base_url, emu.token)
        dp = dispatcher(comm, database)
        chat = Chat(emu, dp, bot)
        try:
            await chat.write(MANAGER, "/schedule")
            # Only Telegram is configured: no question about targets.
            assert "When?" in (await chat.write(MANAGER, "Hello"))["text"]
            assert "2020-01-01 10:00" in (await chat.write(MANAGER, "2020-01-01 10:00"))["text"]
            assert "in the past" in emu.sent(MANAGERS_ID)[-1]["text"]
            assert "neither a cron" in (await chat.write(MANAGER, "whenever"))["text"]
            assert "Cancelled" in (await chat.write(MANAGER, "/cancel"))["text"]
            async with database.sessions() as session:
                assert (await session.scalars(select(ScheduledPostRow))).all() == []
        finally:
            await bot.session.close()


async def test_with_redis_a_dialog_goes_on_in_another_instance(database, redis_prefix) -> None:
    """Behind a load balancer the next message of a dialog may reach another instance (or the
    same one after a restart): with Redis configured, the dialog's state is there."""
    from config.settings import Settings
    from tests.conftest import REDIS_URL

    settings = Settings(_env_file=None, redis_url=REDIS_URL, redis_prefix=redis_prefix)  # type: ignore[call-arg]
    comm = community(vk=None)
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        emu.add_user("Manager", user_id=MANAGER)
        bot = make_bot(emu.base_url, emu.token)
        dispatchers = []
        for _ in range(2):
            dp = dispatcher(comm, database, schedule.fsm_storage(settings))
            dispatchers.append(dp)
        first, second = (Chat(emu, dp, bot) for dp in dispatchers)
        try:
            assert "Send the post" in (await first.write(MANAGER, "/schedule"))["text"]
            assert "When?" in (await second.write(MANAGER, "Hello"))["text"]
            assert "Cancelled" in (await first.write(MANAGER, "/cancel"))["text"]
        finally:
            for dp in dispatchers:
                await dp.storage.close()
            await bot.session.close()
