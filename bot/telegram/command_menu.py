"""The managers' chats' command menu: what Telegram shows when a manager types "/".

Set once at start for each managers' chat only (audience groups see none of it), in Russian by
default and in English for managers whose Telegram speaks English. A failure costs the menu,
not the start: the commands work typed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat

from bot.telegram.texts import COMMANDS
from config.settings import Community

log = logging.getLogger(__name__)
DEFAULT_LANGUAGE = "ru"


async def publish_command_menu(bot: Bot, communities: Iterable[Community]) -> None:
    for community in communities:
        scope = BotCommandScopeChat(chat_id=community.managers_chat_id)
        try:
            for lang, commands in COMMANDS.items():
                await bot.set_my_commands(
                    [BotCommand(command=name, description=what) for name, what in commands],
                    scope=scope,
                    language_code=None if lang == DEFAULT_LANGUAGE else lang,
                )
        except TelegramAPIError as exc:
            log.warning("command menu of %s's managers' chat not set: %s", community.id, exc)
