"""The bot's routers, in the order the dispatcher tries them.

1. audience: nearly every update is a comment in a community chat, so it is tried first; it
   passes on (SkipHandler) anything outside audience chats and every command.
2. schedule and digest: their commands and dialog answers are written in the managers' chat,
   so they must be seen before the managers' router, which takes every message there.
3. managers: card buttons, answers to cards, /flags, /stats, /help; /negative in groups.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.routers import audience, digest, managers, schedule


def routers() -> list[Router]:
    return [audience.build(), schedule.build(), digest.build(), managers.build()]
