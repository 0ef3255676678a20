"""/digest in the bot: owners and managers get the album; anyone else is refused."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Dispatcher
from aiogram.types import Update

from bot.emulators.telegram import TelegramEmulator
from bot.telegram.directory import Directory
from bot.telegram.routers import digest
from tests.digest.world import OWNERS, build_pipeline, community, fill
from tests.emulators.telegram_helpers import make_bot


def test_arguments_pick_the_week_and_community():
    acme = community()
    now = datetime(2026, 11, 25, tzinfo=UTC)
    assert digest.parse_args([], [acme], now)[1].label == "2026-W47"
    assert digest.parse_args(["2026-W40", "acme"], [acme], now)[1].label == "2026-W40"
    assert digest.parse_args(["W40"], [acme], now) is None
    assert digest.parse_args(["2026-W40", "2026-W41"], [acme], now) is None


async def test_owner_gets_the_digest_stranger_is_refused(database):
    world = build_pipeline(database)
    await fill(world)
    dispatcher = Dispatcher()
    dispatcher.include_router(digest.build())
    dispatcher["directory"] = Directory([world.community])
    dispatcher["core"] = world.pipeline
    async with TelegramEmulator() as emu:
        owner = emu.add_user("Owner", user_id=OWNERS[0], language_code="en")["id"]
        stranger = emu.add_user("Stranger", language_code="en")["id"]
        bot = make_bot(emu)
        try:
            for update_id, user in enumerate((owner, stranger), 1):
                message = emu.user_writes(user, user, "/digest 2026-W47")
                update = Update.model_validate({"update_id": update_id, "message": message})
                await dispatcher.feed_update(bot, update)
        finally:
            await bot.session.close()
        photos = [m for m in emu.sent(owner) if "photo" in m]
        assert len(photos) == 4
        assert "weekly digest 2026-W47" in emu.sent(owner)[-1]["text"]
        assert [m["text"] for m in emu.sent(stranger)] == [digest.REPLIES["refused"]["en"]]
