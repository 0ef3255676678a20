"""The simulated community: a coffee chain with a Telegram group, a channel with comments,
a managers' chat, an owner, and a VK group."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from config.settings import (
    AutoReplies,
    AutoReplyRule,
    Community,
    Digest,
    TelegramChat,
    VKGroup,
)

GROUP, CHANNEL, DISCUSSION, MANAGERS = (
    -1002000000001,
    -1002000000002,
    -1002000000003,
    -1002000000009,
)
VK_GROUP, VK_TOKEN, VK_NAME = 2002, "demo-vk-community-token", "Кофейня «Зерно»"
MEMBER_NAMES = (
    ("Пётр", "Иванов"),
    ("Анна", "Смирнова"),
    ("Ольга", "Кузнецова"),
    ("Дмитрий", "Попов"),
    ("Ирина", "Соколова"),
    ("Алексей", "Лебедев"),
    ("Kate", "Brown"),
    ("John", "Miller"),
    ("Мария", "Новикова"),
    ("Сергей", "Морозов"),
    ("Елена", "Волкова"),
    ("Tom", "Wilson"),
)


@dataclass
class DemoWorld:
    tg: TelegramEmulator
    vk: VKEmulator
    owner: int
    managers: list[int]
    tg_members: list[int]
    vk_members: list[int]
    vk_posts: list[int] = field(default_factory=list)
    channel_posts: list[int] = field(default_factory=list)

    def community(self) -> Community:
        return Community(
            id="zerno",
            name="Кофейня «Зерно»",
            language="ru",
            timezone="Europe/Moscow",
            owners=(self.owner,),
            managers=tuple(self.managers),
            managers_chat_id=MANAGERS,
            telegram_chats=(
                TelegramChat(id=GROUP, kind="group", title="Кофейня «Зерно»: чат гостей"),
                TelegramChat(
                    id=CHANNEL,
                    kind="channel",
                    title="Кофейня «Зерно»",
                    discussion_group_id=DISCUSSION,
                ),
            ),
            vk=VKGroup(group_id=VK_GROUP, token=VK_TOKEN),
            autoreplies=AutoReplies(
                cooldown_seconds=60,
                greeting="Здравствуйте, {first_name}! Спасибо, что написали, мы скоро ответим.",
                negative_ack="Нам очень жаль! Менеджер уже смотрит и скоро ответит вам.",
                rules=(
                    AutoReplyRule(
                        name="hours",
                        keywords=("открываетесь", "часы работы", "opening hours"),
                        reply="Мы работаем ежедневно с 8:00 до 22:00 ☕",
                    ),
                    AutoReplyRule(
                        name="delivery",
                        keywords=("доставка", "deliver"),
                        reply="Доставка бесплатная от 1000 ₽, по городу за 60 минут 🚲",
                    ),
                    AutoReplyRule(
                        name="prices",
                        keywords=("цены", "сколько стоит", "price"),
                        reply="Меню с ценами: https://example.com/menu",
                    ),
                ),
            ),
            digest=Digest(weekday=0),
        )


def build_world(tg: TelegramEmulator, vk: VKEmulator) -> DemoWorld:
    owner = tg.add_user("Андрей", last_name="Владелец", username="zerno_owner")["id"]
    managers = [
        tg.add_user("Мария", last_name="Менеджер", username="zerno_maria")["id"],
        tg.add_user("Alex", last_name="Manager", language_code="en")["id"],
    ]
    tg.add_chat("supergroup", "Кофейня «Зерно»: чат гостей", chat_id=GROUP, username="zerno_chat")
    tg.add_chat("channel", "Кофейня «Зерно»", chat_id=CHANNEL, username="zerno_coffee")
    tg.add_chat("supergroup", "«Зерно»: обсуждение", chat_id=DISCUSSION)
    tg.link_discussion(CHANNEL, DISCUSSION)
    tg.add_chat("supergroup", "«Зерно»: менеджеры", chat_id=MANAGERS)
    for chat in (GROUP, CHANNEL, DISCUSSION, MANAGERS):
        tg.set_member(chat, tg.bot_id, "administrator")
    for manager in managers:
        tg.set_member(MANAGERS, manager, "administrator")
    tg.set_member(MANAGERS, owner, "creator")
    tg_members, vk_members = [], []
    for first, last in MEMBER_NAMES:
        language = "en" if first.isascii() else "ru"
        user = tg.add_user(first, last_name=last, language_code=language)["id"]
        tg.set_member(GROUP, user)
        tg.set_member(DISCUSSION, user)
        tg_members.append(user)
        vk_members.append(vk.add_user(first, last)["id"])
    return DemoWorld(tg, vk, owner, managers, tg_members, vk_members)
