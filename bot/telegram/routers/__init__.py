"""The bot's routers, in the order the dispatcher tries them.

Audience updates never get here: the polling loop and the webhook map them first
(bot.telegram.audience) and pass on only commands, the managers' chat, private chats and buttons.

1. schedule and digest: their commands and dialog answers are written in the managers' chat,
   so they must be seen before the managers' router, which takes every message there.
2. managers: card buttons, answers to cards, /flags, /stats, /help; /negative in groups.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.routers import digest, managers, schedule


def routers() -> list[Router]:
    return [schedule.build(), digest.build(), managers.build()]
