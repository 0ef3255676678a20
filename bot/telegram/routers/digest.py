"""/digest [week] [community]: the digest on demand, for owners and managers only.

Works in a private chat with the bot and in the managers' chat. Include this router before
the managers' router, which takes every message in the managers' chat.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot.telegram.digest_sender import TelegramDigestSender
from bot.telegram.directory import Directory
from config.settings import Community
from handlers.pipeline import Pipeline
from handlers.ports import DeliveryError
from scheduler.digest.job import Digests, prepare_digest
from scheduler.digest.week import BadWeek, Week

REPLIES = {
    "refused": {
        "ru": "Дайджест доступен только владельцам и менеджерам сообщества.",
        "en": "The digest is for the community's owners and managers only.",
    },
    "usage": {
        "ru": "Использование: /digest [неделя, например 2026-W47] [сообщество: {ids}]",
        "en": "Usage: /digest [week, e.g. 2026-W47] [community: {ids}]",
    },
    "failed": {"ru": "Не получилось отправить дайджест: {why}", "en": "Digest not sent: {why}"},
}


class DigestCommand(Filter):
    """Async, so aiogram does not run it in a thread for every update."""

    async def __call__(self, message: Message) -> bool:
        text = message.text or ""
        return text.split(maxsplit=1)[0].split("@")[0] == "/digest" if text else False


def _lang(message: Message) -> str:
    code = (message.from_user.language_code or "") if message.from_user else ""
    return "en" if code and not code.startswith("ru") else "ru"


def _allowed(message: Message, directory: Directory) -> list[Community]:
    user = message.from_user
    if user is None:
        return []
    if message.chat.type == "private":
        return directory.community_of_staff(user.id)
    community = directory.managers_chat(message.chat.id)
    return [community] if community is not None and community.is_staff(user.id) else []


def parse_args(
    args: list[str], allowed: list[Community], now: datetime
) -> tuple[Community, Week] | None:
    """(community, week) from "/digest [2026-W47] [community-id]" in any order; None if bad."""
    community = allowed[0]
    week_text = None
    for arg in args:
        named = next((c for c in allowed if c.id == arg), None)
        if named is not None:
            community = named
        elif week_text is None:
            week_text = arg
        else:
            return None
    if week_text is None:
        return community, Week.previous_of(now, community.tz)
    try:
        return community, Week.parse(week_text, community.tz)
    except BadWeek:
        return None


def build() -> Router:
    router = Router(name="digest")

    @router.message(DigestCommand())
    async def on_digest(
        message: Message, bot: Bot, directory: Directory, core: Pipeline, **data: Any
    ) -> None:
        lang = _lang(message)
        allowed = _allowed(message, directory)
        if not allowed:
            await message.reply(REPLIES["refused"][lang])
            return
        parsed = parse_args((message.text or "").split()[1:], allowed, datetime.now(UTC))
        if parsed is None:
            ids = ", ".join(c.id for c in allowed)
            await message.reply(REPLIES["usage"][lang].format(ids=ids))
            return
        community, week = parsed
        # The platforms' own counters (followers, VK likes and views) are read first, as for
        # the weekly digest, when the composition root gave the dispatcher its digests.
        digests: Digests | None = data.get("digests")
        readings = digests.readings if digests is not None else None
        prepared = await prepare_digest(core.deps.sessions, community, week, readings=readings)
        try:
            await TelegramDigestSender(bot).send_digest(
                message.chat.id, prepared.text, prepared.charts
            )
        except DeliveryError as exc:
            await message.reply(REPLIES["failed"][lang].format(why=exc.reason))

    return router
