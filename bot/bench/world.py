"""The emulated Telegram community every Telegram figure uses: one group, a managers' chat,
and enough distinct authors that the spam guard sees people, not a flood from one account."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from pydantic import SecretStr

from bot.emulators.telegram import TelegramEmulator
from bot.telegram.retry import RateLimiter, RetryMiddleware
from config.settings import Community, Settings, TelegramChat

GROUP, MANAGERS = -1001000000001, -1001000000009
NEGATIVE_EVERY = 10  # 10% negatives

_NEUTRAL = (
    "Подскажите, до скольки вы работаете в субботу?",
    "Спасибо, всё понравилось, придём ещё",
    "А доставка в Подольск есть?",
    "Когда будет новая коллекция?",
    "Do you deliver on Sundays?",
)
_NEGATIVE = (
    "Ужасный сервис, третий день жду ответа, никто не отвечает",
    "Отвратительно, заказ потеряли и хамят в поддержке",
    "Terrible service, still waiting for my refund, awful",
)


@dataclass
class TelegramWorld:
    emu: TelegramEmulator
    manager: int
    authors: list[int]
    community: Community


def comment_text(i: int) -> str:
    """The i-th benchmark comment; every NEGATIVE_EVERY-th is a clear complaint. The number in
    the text makes each one distinct and lets the latency run find it in its card."""
    if is_negative(i):
        return f"{_NEGATIVE[i // NEGATIVE_EVERY % len(_NEGATIVE)]} [{i}]"
    return f"{_NEUTRAL[i % len(_NEUTRAL)]} [{i}]"


def is_negative(i: int) -> bool:
    return i % NEGATIVE_EVERY == NEGATIVE_EVERY - 1


def build_world(emu: TelegramEmulator, authors: int) -> TelegramWorld:
    manager = emu.add_user("Мария", language_code="ru")["id"]
    emu.add_chat("supergroup", "Кофейня", chat_id=GROUP)
    emu.add_chat("supergroup", "Менеджеры", chat_id=MANAGERS)
    bot_id = emu.bot_user["id"]
    for chat in (GROUP, MANAGERS):
        emu.set_member(chat, bot_id, "administrator")
    emu.set_member(MANAGERS, manager)
    ids = [emu.add_user(f"Гость {n}")["id"] for n in range(authors)]
    community = Community(
        id="cafe",
        name="Кофейня",
        managers=(manager,),
        managers_chat_id=MANAGERS,
        telegram_chats=(TelegramChat(id=GROUP, kind="group", title="Кофейня"),),
    )
    return TelegramWorld(emu, manager, ids, community)


def queue_comments(world: TelegramWorld, first: int, count: int) -> None:
    """Comments first..first+count-1 from distinct authors, queued in one go."""
    authors = world.authors
    world.emu.bulk_user_writes(
        [(GROUP, authors[i % len(authors)], comment_text(i)) for i in range(first, first + count)]
    )


def sqlite_url(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'bench.db'}"


def settings_for(emu: TelegramEmulator, community: Community, database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(emu.token),
        telegram_api_base=emu.base_url,
        database_url=database_url,
        communities=(community,),
    )


def lift_rate_limits(bot: Bot) -> None:
    """The emulator enforces none of Telegram's limits (30 messages/s per bot, 20/min per group),
    so our limiter would only measure itself: keep the retry middleware, without its windows."""
    for middleware in list(bot.session.middleware):
        if isinstance(middleware, RetryMiddleware):
            bot.session.middleware.unregister(middleware)
    bot.session.middleware(RetryMiddleware(RateLimiter(per_second=0, per_group_minute=0)))
