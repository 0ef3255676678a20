"""The unmodified aiogram client against the emulator over HTTP: the whole managers' loop."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.bootstrap import DEFAULT
from bot.telegram.desk import ACTIONS, callback_data
from storage.models import CommentRow, FlagRow
from tests.telegram.harness import GROUP, MANAGERS, flag_of, press_card, running_world


def cards(emu):
    return [m for m in emu.sent(MANAGERS) if "reply_markup" in m or "#" in m.get("text", "")]


async def test_negative_comment_card_reply_round_trip(database):
    async with running_world(database) as world:
        emu = world.emu
        comment = emu.user_writes(GROUP, world.member, "Ужас, третий день жду заказ")
        emu.user_writes(GROUP, world.member, "Спасибо, всё вкусно")
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert "Ужас, третий день жду заказ" in card["text"]
        assert "Пётр Иванов" in card["text"]
        flag_id = flag_of(card)
        # The card's keyboard goes pre-encoded (desk.SendCard): every action, one button each.
        pressed = [
            b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert pressed == [callback_data(flag_id, action) for action in ACTIONS]

        emu.press_button(
            MANAGERS, card["message_id"], world.manager, callback_data(flag_id, "reply")
        )
        prompt = (await emu.wait_sent(MANAGERS, count=2))[-1]
        emu.reply_to_bot_message(
            MANAGERS, world.manager, prompt["message_id"], "Извините! Уже везём."
        )

        [answer] = await emu.wait_sent(GROUP, count=1)
        assert answer["text"] == "Извините! Уже везём."
        assert answer["reply_to_message"]["message_id"] == comment["message_id"]

        def answered():
            current = emu.message(MANAGERS, card["message_id"])
            return current if "Мария" in current.get("text", "") else None

        updated = await emu.wait_for(answered)
        assert "Извините! Уже везём." in updated["text"]
        async with database.sessions() as session:
            flag = await session.scalar(select(FlagRow))
        assert flag.status == "replied" and flag.first_response_at is not None


async def test_429_on_send_is_waited_out_and_retried(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.inject("sendMessage", kind="429", retry_after=1, times=1)
        emu.user_writes(GROUP, world.member, "Это ужас")
        [card] = await emu.wait_sent(MANAGERS, count=1, timeout=10)
        assert "Это ужас" in card["text"]
        attempts = [c for c in emu.calls("sendMessage")]
        assert len(attempts) >= 2


async def test_duplicate_update_is_stored_once(database):
    async with running_world(database) as world:
        emu = world.emu
        message = emu.user_writes(GROUP, world.member, "Ужасно долго")
        emu.queue.push("message", message)  # Telegram delivers the same message again
        emu.user_writes(GROUP, world.member, "маркер")
        await emu.wait_sent(MANAGERS, count=1)

        async def stored_marker():
            async with database.sessions() as session:
                return await session.scalar(select(CommentRow).where(CommentRow.text == "маркер"))

        # The marker was written after the duplicate: once it is stored, so is the batch.
        await emu.wait_for(lambda: emu.pending_updates() == 0 and len(emu.calls("getUpdates")) > 2)
        while await stored_marker() is None:
            await emu.changes.wait_change(5.0)
        async with database.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(CommentRow))
            flags = await session.scalar(select(func.count()).select_from(FlagRow))
        assert (count, flags) == (2, 1)
        assert len(emu.sent(MANAGERS)) == 1


async def test_stranger_pressing_a_button_changes_nothing(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.user_writes(GROUP, world.member, "ужас")
        [card] = await emu.wait_sent(MANAGERS, count=1)
        answers = await press_card(emu, card, world.stranger, "delete")
        assert "managers" in answers["text"]
        assert emu.message(GROUP, 1) is not None
        async with database.sessions() as session:
            assert await session.scalar(select(FlagRow.status)) == "open"
        assert emu.calls("deleteMessage") == []


async def test_with_redis_the_spam_guard_remembers_there(database, redis_prefix):
    """With OTKLIK_REDIS_URL the running bot keeps its spam memory in Redis, where every
    instance sees it: the third member posting one ad gets it flagged."""
    from redis.asyncio import Redis

    from tests.conftest import REDIS_URL

    changes = {"redis_url": REDIS_URL, "redis_prefix": redis_prefix}
    async with running_world(database, settings_changes=changes, spam_watch=DEFAULT) as world:
        emu = world.emu
        third = emu.add_user("Глеб")["id"]
        emu.set_member(GROUP, third)
        ad = "Лучшие скидки недели, все подробности в профиле"
        for author in (world.member, world.stranger, third):
            emu.user_writes(GROUP, author, ad)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert "Глеб" in card["text"] and "same text from many authors" in card["text"]
        redis = Redis.from_url(REDIS_URL)
        try:
            kept = [key async for key in redis.scan_iter(match=f"{redis_prefix}:spam:cafe:*")]
        finally:
            await redis.aclose()
        assert len(kept) >= 3
