"""A small world in the Telegram emulator and a real otklik bot polling it over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from pydantic import SecretStr

from bot.bootstrap import Otklik
from bot.emulators.telegram import TelegramEmulator
from bot.telegram.desk import callback_data
from config.settings import Community, Settings, TelegramChat
from tests.conftest import Database
from tests.fakes import KeywordClassifier

GROUP, CHANNEL, DISCUSSION, MANAGERS = (
    -1001000000001,
    -1001000000002,
    -1001000000003,
    -1001000000009,
)


@dataclass
class World:
    emu: TelegramEmulator
    app: Otklik
    manager: int
    owner: int
    member: int
    stranger: int

    def community(self) -> Community:
        return self.app.directory.communities["cafe"]


def build_world(emu: TelegramEmulator) -> tuple[int, int, int, int]:
    manager = emu.add_user("Мария", username="maria_manager", language_code="ru")["id"]
    owner = emu.add_user("Owner", language_code="en")["id"]
    member = emu.add_user("Пётр", last_name="Иванов", language_code="ru")["id"]
    stranger = emu.add_user("Eve", language_code="en")["id"]
    emu.add_chat("supergroup", "Кофейня", chat_id=GROUP)
    emu.add_chat("channel", "Кофейня: новости", chat_id=CHANNEL)
    emu.add_chat("supergroup", "Кофейня: обсуждение", chat_id=DISCUSSION)
    emu.link_discussion(CHANNEL, DISCUSSION)
    emu.add_chat("supergroup", "Менеджеры", chat_id=MANAGERS)
    bot_id = emu.bot_user["id"]
    for chat in (GROUP, CHANNEL, DISCUSSION, MANAGERS):
        emu.set_member(chat, bot_id, "administrator")
    for chat in (GROUP, DISCUSSION):
        emu.set_member(chat, member)
        emu.set_member(chat, stranger)
    for user in (manager, owner, stranger):
        emu.set_member(MANAGERS, user)
    return manager, owner, member, stranger


def community(manager: int, owner: int) -> Community:
    return Community(
        id="cafe",
        name="Кофейня",
        managers=(manager,),
        owners=(owner,),
        managers_chat_id=MANAGERS,
        telegram_chats=(
            TelegramChat(id=GROUP, kind="group", title="Кофейня"),
            TelegramChat(id=CHANNEL, kind="channel", discussion_group_id=DISCUSSION),
        ),
    )


def settings_for(emu: TelegramEmulator, database: Database, *communities: Community) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(emu.token),
        telegram_api_base=emu.base_url,
        database_url=database.url,
        database_schema=database.schema,
        communities=communities,
    )


@asynccontextmanager
async def running_world(
    database: Database,
    *,
    start: bool = True,
    settings_changes: dict[str, object] | None = None,
    community_changes: dict[str, object] | None = None,
    **create: object,
) -> AsyncIterator[World]:
    async with TelegramEmulator() as emu:
        manager, owner, member, stranger = build_world(emu)
        cafe = community(manager, owner).model_copy(update=community_changes or {})
        settings = settings_for(emu, database, cafe)
        settings = settings.model_copy(update=settings_changes or {})
        options: dict[str, object] = {
            "classifier_for": lambda _c: KeywordClassifier(),
            "spam_watch": None,
            "poll_timeout": 1,
        }
        options.update(create)
        app = Otklik.create(settings, **options)  # type: ignore[arg-type]
        await app.prepare()
        if start:
            await app.start()
        try:
            yield World(emu, app, manager, owner, member, stranger)
        finally:
            await app.close()


def flag_of(card: dict) -> int:
    """The flag id a card shows ("#12")."""
    return int(card["text"].split("#", 1)[1].split("<", 1)[0].split()[0])


async def press_card(emu: TelegramEmulator, card: dict, user_id: int, action: str) -> dict:
    """Press one of a card's buttons; the bot's answer to the press, once it has answered."""
    query_id = emu.press_button(
        MANAGERS, card["message_id"], user_id, callback_data(flag_of(card), action)
    )

    def answered() -> dict | None:
        for call in emu.calls("answerCallbackQuery"):
            if call["params"].get("callback_query_id") == query_id:
                return call["params"]
        return None

    return await emu.wait_for(answered)
