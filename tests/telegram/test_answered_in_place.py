"""A manager who answers a flagged comment in the group itself, not through the card, has
answered the flag: the card says so and the response time counts."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import FlagRow
from tests.telegram.harness import GROUP, MANAGERS, running_world

COMPLAINT = "Ужас, третий день жду заказ"


async def the_flag(database) -> FlagRow:
    async with database.sessions() as session:
        return (await session.scalars(select(FlagRow))).one()


async def test_a_managers_reply_in_the_group_answers_the_flag(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.set_member(GROUP, world.manager, "administrator")
        comment = emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        emu.user_writes(
            GROUP, world.manager, "Пётр, уже разбираемся!", reply_to=comment["message_id"]
        )
        redrawn = await emu.wait_for(
            lambda: "Отвечено" in (emu.message(MANAGERS, card["message_id"]) or {}).get("text", "")
        )
        assert redrawn
        flag = await the_flag(database)
        assert (flag.status, flag.acted_by_id, flag.reply_text) == (
            "replied",
            world.manager,
            "Пётр, уже разбираемся!",
        )
        # Telegram's dates: the reply's, counted from the comment's.
        assert flag.first_response_at is not None
        assert flag.first_response_at.timestamp() >= comment["date"]


async def test_a_reply_to_something_else_or_by_a_member_answers_nothing(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.set_member(GROUP, world.manager, "administrator")
        comment = emu.user_writes(GROUP, world.member, COMPLAINT)
        await emu.wait_sent(MANAGERS, count=1)
        # Another member chiming in, and the manager answering an unflagged message.
        emu.user_writes(GROUP, world.stranger, "И у меня так же", reply_to=comment["message_id"])
        hello = emu.user_writes(GROUP, world.stranger, "Привет всем")
        emu.user_writes(GROUP, world.manager, "Привет!", reply_to=hello["message_id"])
        # Four updates in all, each handled before the poller counts it; then what they left
        # for the background workers.
        await emu.wait_for(lambda: world.app.poller.processed >= 4)
        for worker in world.app.background:
            await worker.drain()
        flag = await the_flag(database)
        assert (flag.status, flag.first_response_at) == ("open", None)
