"""The bot's routers, in the order the dispatcher tries them.

Managers first: their chat and their commands must never be read as audience comments.
Audience last: everything else from community chats becomes core events.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.routers import audience, managers


def routers() -> list[Router]:
    return [managers.build(), audience.build()]
