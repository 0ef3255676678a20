"""A group's admins, as Telegram lists them, are staff there without being configured: never
flagged, and their replies answer flags. A demoted admin is audience again after the next read."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import CommentRow, FlagRow
from tests.telegram.harness import GROUP, MANAGERS, running_world

COMPLAINT = "Ужас, третий день жду заказ"


async def test_a_group_admin_is_staff_without_being_configured(database):
    async with running_world(database, start=False) as world:
        emu = world.emu
        moderator = emu.add_user("Олег", language_code="ru")["id"]
        emu.set_member(GROUP, moderator, "administrator")
        await world.app.start()  # reads the admins before the first update
        emu.user_writes(GROUP, moderator, "Ужас, опять спамеры в чате")
        complaint = emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert COMPLAINT in card["text"]  # the moderator's own words got no card
        emu.user_writes(
            GROUP, moderator, "Пётр, передал менеджеру", reply_to=complaint["message_id"]
        )
        await emu.wait_for(
            lambda: "Отвечено" in (emu.message(MANAGERS, card["message_id"]) or {}).get("text", "")
        )
        async with database.sessions() as session:
            flag = (await session.scalars(select(FlagRow))).one()
            staff = await session.scalars(
                select(CommentRow.from_staff).where(CommentRow.author_id == moderator)
            )
            assert list(staff) == [True, True]
        assert (flag.status, flag.acted_by_id) == ("replied", moderator)


async def test_a_demoted_admin_is_audience_after_the_next_read(database):
    async with running_world(database, start=False) as world:
        emu = world.emu
        moderator = emu.add_user("Олег", language_code="ru")["id"]
        emu.set_member(GROUP, moderator, "administrator")
        await world.app.start()
        emu.set_member(GROUP, moderator, "member")
        bot = emu.bot_user["id"]
        emu.set_member(GROUP, bot, "left")
        await world.app.learn_staff()  # the chat out of reach: the admins it had are kept
        assert moderator in world.app.directory.chat(GROUP).staff
        emu.set_member(GROUP, bot, "administrator")
        await world.app.learn_staff()
        assert moderator not in world.app.directory.chat(GROUP).staff
        emu.user_writes(GROUP, moderator, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert "Олег" in card["text"]


async def test_a_promotion_or_demotion_counts_at_once(database):
    async with running_world(database) as world:
        emu = world.emu
        chat, owner = emu.chat(GROUP), emu.users[world.owner]
        emu.change_member(chat, world.member, "administrator", actor=owner)
        emu.user_writes(GROUP, world.member, "Ужас, опять спамеры в чате")  # a moderator now
        emu.change_member(chat, world.member, "member", actor=owner)
        emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert COMPLAINT in card["text"]
        assert world.member not in world.app.directory.chat(GROUP).staff
