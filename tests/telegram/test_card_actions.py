"""A card's delete and ban buttons, and the automatic spam actions, acting on Telegram itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from config.settings import Moderation
from storage.models import FlagRow
from tests.fakes import LinkSpamClassifier
from tests.telegram.harness import GROUP, MANAGERS, press_card, running_world

COMPLAINT = "Ужас, третий день жду заказ"


async def flag_status(database) -> str:
    async with database.sessions() as session:
        return await session.scalar(select(FlagRow.status))


async def test_delete_removes_the_comment_from_the_group_and_marks_the_card(database):
    async with running_world(database) as world:
        emu = world.emu
        comment = emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        answer = await press_card(emu, card, world.manager, "delete")
        assert answer["text"] == "Комментарий удалён."
        assert emu.message(GROUP, comment["message_id"]) is None
        assert await flag_status(database) == "deleted"
        redrawn = await emu.wait_for(
            lambda: (m := emu.message(MANAGERS, card["message_id"])) and "Удалено" in m["text"]
        )
        assert redrawn


async def test_deleting_a_comment_its_author_already_removed_still_succeeds(database):
    async with running_world(database) as world:
        emu = world.emu
        comment = emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        del emu.chat(GROUP).messages[comment["message_id"]]  # gone before the manager looked
        answer = await press_card(emu, card, world.manager, "delete")
        assert answer["text"] == "Комментарий удалён."
        assert await flag_status(database) == "deleted"


async def test_ban_removes_the_author_from_the_group(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.user_writes(GROUP, world.member, COMPLAINT)
        [card] = await emu.wait_sent(MANAGERS, count=1)
        answer = await press_card(emu, card, world.manager, "ban")
        assert answer["text"] == "Автор заблокирован."
        assert emu.chat(GROUP).status_of(world.member) == "kicked"


async def test_spam_is_deleted_and_its_author_muted_when_the_community_says_so(database):
    moderation = Moderation(spam_action="delete_and_mute", mute_minutes=30)
    async with running_world(
        database,
        classifier_for=lambda _c: LinkSpamClassifier(),
        community_changes={"moderation": moderation},
    ) as world:
        emu = world.emu
        ad = emu.user_writes(GROUP, world.member, "Заработок в канале t.me/easy_money")
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert emu.message(GROUP, ad["message_id"]) is None
        status, details = emu.chat(GROUP).members[world.member]
        assert status == "restricted" and details["permissions"]["can_send_messages"] is False
        until = datetime.fromtimestamp(details["until_date"], UTC)
        assert timedelta(minutes=29) < until - datetime.now(UTC) <= timedelta(minutes=30, seconds=1)
        assert "Удалено" in card["text"] and await flag_status(database) == "deleted"
