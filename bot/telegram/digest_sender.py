"""Digests to owners' private chats: the charts as one album, the text with them or after.

A caption holds 1024 characters; a longer digest goes as a message right after the album.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import BufferedInputFile, InputMediaPhoto

from bot.telegram.desk import delivery_error
from config.settings import Community
from scheduler.digest.charts import Chart
from scheduler.digest.members import ChatKey
from scheduler.digest.send import OwnerUnreachable

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024


class TelegramDigestSender:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send_digest(self, chat_id: int, text: str, charts: Sequence[Chart]) -> list[int]:
        caption = text if len(text) <= CAPTION_LIMIT else None
        try:
            ids = await self._album(chat_id, charts, caption)
            if caption is None:
                message = await self._bot.send_message(
                    chat_id, text, parse_mode="HTML", disable_web_page_preview=True
                )
                ids.append(message.message_id)
        except TelegramForbiddenError as exc:
            raise OwnerUnreachable(exc.message) from exc
        except TelegramAPIError as exc:
            raise delivery_error(exc) from exc
        return ids

    async def _album(self, chat_id: int, charts: Sequence[Chart], caption: str | None) -> list[int]:
        if not charts:
            return []
        files = [BufferedInputFile(c.png, filename=c.filename) for c in charts]
        if len(charts) == 1:
            sent = await self._bot.send_photo(chat_id, files[0], caption=caption, parse_mode="HTML")
            return [sent.message_id]
        media = [
            InputMediaPhoto(
                media=file,
                caption=caption if i == 0 else None,
                parse_mode="HTML" if i == 0 and caption else None,
            )
            for i, file in enumerate(files[:10])
        ]
        messages = await self._bot.send_media_group(chat_id, media)
        return [m.message_id for m in messages]


class TelegramMemberCounter:
    """getChatMemberCount for each of the community's channels and groups."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def member_counts(self, community: Community) -> Mapping[ChatKey, int]:
        counts: dict[ChatKey, int] = {}
        for chat in community.telegram_chats:
            try:
                counts[("telegram", chat.id)] = await self._bot.get_chat_member_count(chat.id)
            except TelegramAPIError as exc:
                log.warning("member count of chat %s unavailable: %s", chat.id, exc.message)
        return counts
