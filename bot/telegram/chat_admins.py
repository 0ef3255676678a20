"""The admins of each community chat, as Telegram lists them, are staff there: their messages
are stored but never flagged or answered, and their replies answer flags. Read at start and
every hour, so a new moderator needs no config change and a demoted one is staff no more; a
promotion or demotion the bot sees as a chat_member update counts at once (mapping.py).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from bot.telegram.directory import Directory

log = logging.getLogger(__name__)


async def learn_chat_admins(bot: Bot, directory: Directory) -> None:
    for chat_id, info in list(directory.chats.items()):
        if info.role == "channel":
            continue  # nobody comments in the channel itself, only in its discussion
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramAPIError as exc:
            # The chat keeps the staff it had: a hiccup must not turn moderators into audience.
            log.warning("admins of chat %s unavailable: %s", chat_id, exc.message)
            continue
        directory.set_chat_admins(chat_id, [m.user.id for m in members if not m.user.is_bot])
