"""Acting in Telegram chats on the core's behalf: answers, deletions, bans, mutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatPermissions, ReplyParameters

from bot.telegram.desk import delivery_error
from handlers.ports import Target


class TelegramOutbox:
    """sendMessage is not idempotent: a reply retried after a lost answer may appear twice.
    We accept that rare duplicate rather than lose an answer; the retry middleware only retries
    errors where Telegram said it did not process the call (429, 5xx) or the connection broke."""

    platform = "telegram"

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def reply(self, target: Target, text: str, *, idempotency_key: str) -> int:
        try:
            sent = await self._bot.send_message(
                target.chat_id,
                text,
                reply_parameters=ReplyParameters(
                    message_id=target.message_id, allow_sending_without_reply=True
                ),
            )
        except TelegramAPIError as exc:
            raise delivery_error(exc) from exc
        return sent.message_id

    async def delete(self, target: Target) -> None:
        try:
            await self._bot.delete_message(target.chat_id, target.message_id)
        except TelegramAPIError as exc:
            if "message to delete not found" in exc.message:
                return  # already gone: the goal is reached
            raise delivery_error(exc) from exc

    async def ban(self, target: Target) -> None:
        if target.author_id is None:
            return
        try:
            await self._bot.ban_chat_member(target.chat_id, target.author_id)
        except TelegramAPIError as exc:
            raise delivery_error(exc) from exc

    async def mute(self, target: Target, minutes: int) -> None:
        if target.author_id is None:
            return
        try:
            await self._bot.restrict_chat_member(
                target.chat_id,
                target.author_id,
                ChatPermissions(can_send_messages=False),
                until_date=datetime.now(UTC) + timedelta(minutes=minutes),
            )
        except TelegramAPIError as exc:
            raise delivery_error(exc) from exc
