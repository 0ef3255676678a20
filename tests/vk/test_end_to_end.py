"""The whole VK loop with unmodified clients over HTTP: a comment on the emulated VK wall → a
card in the managers' Telegram chat (aiogram ↔ Telegram emulator) → a manager's button or
answer → the action on VK (vk_api ↔ VK emulator)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import SecretStr
from sqlalchemy import select

from bot.bootstrap import Otklik
from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from bot.telegram.desk import callback_data
from bot.vk.runtime import VKRuntime
from config.settings import Community, Settings
from scheduler.digest.week import Week
from storage.models import FlagRow
from tests.fakes import KeywordClassifier
from tests.telegram.harness import flag_of
from tests.vk.helpers import GROUP, TOKEN, Sleeps

MANAGERS = -1001000000009
OWNER = 501


@dataclass
class World:
    tg: TelegramEmulator
    vk: VKEmulator
    app: Otklik
    runtime: VKRuntime
    manager: int
    post: int
    bob: int


def community(manager: int, **changes: object) -> Community:
    values: dict[str, object] = {
        "id": "shop",
        "name": "Магазин",
        "managers": (manager,),
        "managers_chat_id": MANAGERS,
        "vk": {"group_id": GROUP, "token": TOKEN},
        "autoreplies": {"negative_ack": "Нам жаль! Менеджер скоро ответит.", "rules": []},
    }
    values.update(changes)
    return Community.model_validate(values)


@asynccontextmanager
async def running(database, **changes: object) -> AsyncIterator[World]:
    async with TelegramEmulator() as tg, VKEmulator(group_id=GROUP, token=TOKEN) as vk:
        manager = tg.add_user("Мария", language_code="ru")["id"]
        tg.add_user("Владелец", user_id=OWNER, language_code="ru")
        tg.add_chat("supergroup", "Менеджеры", chat_id=MANAGERS)
        tg.set_member(MANAGERS, tg.bot_user["id"], "administrator")
        tg.set_member(MANAGERS, manager)
        bob = vk.add_user("Bob", "Smith")["id"]
        post = vk.group_posts("Новая коллекция")["id"]
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_token=SecretStr(tg.token),
            telegram_api_base=tg.base_url,
            vk_api_base=vk.base_url,
            database_url=database.url,
            database_schema=database.schema,
            communities=(community(manager, **changes),),
        )
        # What bootstrap does: the VK outbox joins the core, the runtime feeds it.
        runtime = VKRuntime(settings, session_factory=vk.make_session, sleep=Sleeps(), wait=5)
        app = Otklik.create(
            settings,
            classifier_for=lambda _c: KeywordClassifier(),
            spam_watch=None,
            outboxes={"vk": runtime.outbox},
            poll_timeout=1,
        )
        await app.prepare()
        await app.start()
        await runtime.start(app.pipeline)
        runner = runtime.runners[GROUP]
        await runner.wait_until(lambda: runner.saved_ts is not None)
        try:
            yield World(tg, vk, app, runtime, manager, post, bob)
        finally:
            await runtime.stop()
            await app.close()


def from_group(world: World) -> list[dict]:
    return [c for c in world.vk.comments(world.post) if c["from_id"] == -GROUP]


async def test_negative_vk_comment_card_reply_lands_on_the_wall(database):
    async with running(database) as world:
        comment = world.vk.user_comments(world.post, world.bob, "Ужас, третий день жду заказ")
        [card] = await world.tg.wait_sent(MANAGERS, count=1)
        assert "VK" in card["text"] and "Ужас, третий день жду заказ" in card["text"]
        assert "Bob Smith" in card["text"]
        assert f"wall-{GROUP}_{world.post}?reply={comment['id']}" in card["text"]

        flag_id = flag_of(card)
        world.tg.press_button(
            MANAGERS, card["message_id"], world.manager, callback_data(flag_id, "reply")
        )
        prompt = (await world.tg.wait_sent(MANAGERS, count=2))[-1]
        world.tg.reply_to_bot_message(
            MANAGERS, world.manager, prompt["message_id"], "Извините! Уже везём."
        )
        await world.vk.wait_for(lambda: len(from_group(world)) == 2)
        # The acknowledgement (sent right after the card) and the manager's answer, both
        # replies to the comment.
        replies = {c["text"]: c["reply_to_comment"] for c in from_group(world)}
        assert replies == {
            "Нам жаль! Менеджер скоро ответит.": comment["id"],
            "Извините! Уже везём.": comment["id"],
        }

        def card_answered() -> dict | None:
            current = world.tg.message(MANAGERS, card["message_id"])
            return current if "Извините! Уже везём." in current.get("text", "") else None

        await world.tg.wait_for(card_answered)
        # The acknowledgement is on the wall; the auto-reply worker records it right after.
        for worker in world.app.background:
            await worker.drain()
        async with database.sessions() as session:
            flag = await session.scalar(select(FlagRow))
        assert flag.status == "replied" and flag.ack_sent


async def test_delete_and_ban_buttons_act_on_vk(database):
    async with running(database) as world:
        first = world.vk.user_comments(world.post, world.bob, "Ужас, а не сервис")
        [card] = await world.tg.wait_sent(MANAGERS, count=1)
        flag_id = flag_of(card)
        world.tg.press_button(
            MANAGERS, card["message_id"], world.manager, callback_data(flag_id, "delete")
        )
        await world.vk.wait_for(
            lambda: next(c for c in world.vk.comments() if c["id"] == first["id"])["deleted"]
        )
        world.vk.user_comments(world.post, world.bob, "Всё плохо, верните деньги")
        second = (await world.tg.wait_sent(MANAGERS, count=2))[-1]
        world.tg.press_button(
            MANAGERS, second["message_id"], world.manager, callback_data(flag_of(second), "ban")
        )
        await world.vk.wait_for(lambda: world.bob in world.vk.state.groups[GROUP].banned)


async def test_negative_private_message_is_answered_in_messages(database):
    async with running(database) as world:
        message = world.vk.user_messages(world.bob, "Ужас, где мой заказ?")
        [card] = await world.tg.wait_sent(MANAGERS, count=1)
        world.tg.press_button(
            MANAGERS, card["message_id"], world.manager, callback_data(flag_of(card), "reply")
        )
        prompt = (await world.tg.wait_sent(MANAGERS, count=2))[-1]
        world.tg.reply_to_bot_message(MANAGERS, world.manager, prompt["message_id"], "Уже едет!")
        await world.vk.wait_for(lambda: len(world.vk.messages_sent(world.bob)) == 2)
        sent = {m["text"]: m["reply_to"] for m in world.vk.messages_sent(world.bob)}
        assert sent == {
            "Уже едет!": message["id"],
            "Нам жаль! Менеджер скоро ответит.": message["id"],
        }


async def test_the_owners_digest_carries_vks_likes_reposts_views_and_members(database):
    # The weekly job is off: only the call below sends the digest.
    async with running(database, owners=(OWNER,), digest={"enabled": False}) as world:
        fans = [world.vk.add_user(f"Fan {n}")["id"] for n in range(3)]
        for fan in fans:
            world.vk.user_joins(fan)
            world.vk.user_likes(fan, world.post)
        world.vk.user_reposts(fans[0], world.post)
        world.vk.add_views(world.post, 120)
        shop = world.app.directory.communities["shop"]
        week = Week.containing(datetime.now(UTC).astimezone(shop.tz).date(), shop.tz)
        outcome = await world.app.dispatcher["digests"].send(shop, week)
        assert outcome.sent == [OWNER]
        text = digest_text(world.tg.sent(OWNER))
        assert "VK: лайки 3 (+3), репосты 1 (+1), просмотры 120" in text
        assert "Новая коллекция" in text  # the top post, read from the wall
        # /digest on demand reads VK afresh too.
        world.vk.add_views(world.post, 30)
        before = len(world.tg.sent(OWNER))
        world.tg.user_writes(OWNER, OWNER, f"/digest {week.label}")
        sent = await world.tg.wait_sent(OWNER, count=before + 1, timeout=10)
        assert "просмотры 150" in digest_text(sent[before:])


def digest_text(messages: list[dict]) -> str:
    return "".join(m.get("text") or m.get("caption") or "" for m in messages)


async def test_an_answer_on_the_wall_answers_the_flag_but_our_own_acknowledgement_does_not(
    database,
):
    async with running(database) as world:
        comment = world.vk.user_comments(world.post, world.bob, "Ужас, третий день жду заказ")
        [card] = await world.tg.wait_sent(MANAGERS, count=1)
        # The acknowledgement comes back from the wall as a reply by the community itself.
        await world.vk.wait_for(lambda: len(from_group(world)) == 1)
        for worker in world.app.background:
            await worker.drain()
        runner = world.runtime.runners[GROUP]
        await runner.wait_until(lambda: runner.delivered >= 2)
        assert (await the_flag(database)).status == "open"
        # An admin answers on the wall, writing as the community, as VK admins usually do.
        world.vk.user_comments(
            world.post, -GROUP, "Bob, заказ уже в пути!", reply_to_comment=comment["id"]
        )

        def card_answered() -> dict | None:
            current = world.tg.message(MANAGERS, card["message_id"])
            return current if "заказ уже в пути" in current.get("text", "") else None

        await world.tg.wait_for(card_answered)
        flag = await the_flag(database)
        assert (flag.status, flag.reply_text) == ("replied", "Bob, заказ уже в пути!")
        assert flag.first_response_at is not None


async def the_flag(database) -> FlagRow:
    async with database.sessions() as session:
        return (await session.scalars(select(FlagRow))).one()


async def test_an_admins_answer_typed_in_vk_messages_answers_the_dialogs_flags(database):
    async with running(database) as world:
        anna = world.vk.add_user("Anna", "Admin")["id"]
        world.vk.add_admin(anna)
        world.vk.user_messages(world.bob, "Ужас, где мой заказ?")
        [card] = await world.tg.wait_sent(MANAGERS, count=1)
        # otklik's acknowledgement goes out through the API: it answers nothing.
        await world.vk.wait_for(lambda: len(world.vk.messages_sent(world.bob)) == 1)
        for worker in world.app.background:
            await worker.drain()
        assert (await the_flag(database)).status == "open"
        world.vk.admin_messages(anna, world.bob, "Боб, курьер будет через час")

        def card_answered() -> dict | None:
            current = world.tg.message(MANAGERS, card["message_id"])
            return current if "курьер будет через час" in current.get("text", "") else None

        await world.tg.wait_for(card_answered)
        flag = await the_flag(database)
        assert (flag.status, flag.acted_by_id, flag.acted_by_name) == (
            "replied",
            anna,
            "Anna Admin",
        )
        assert flag.first_response_at is not None
