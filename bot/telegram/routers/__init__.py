"""The bot's routers, in the order the dispatcher tries them.

Managers first: their chat and their commands must never be read as audience comments.
Audience last: everything else from community chats becomes core events.
"""

from __future__ import annotations

from aiogram import Router

from bot.telegram.routers import audience, managers, schedule


def routers() -> list[Router]:
    # schedule before managers: the managers' router takes every message and button press in
    # the managers' chat, so /schedule, /queue and the dialog's answers must be seen first.
    return [schedule.build(), managers.build(), audience.build()]
