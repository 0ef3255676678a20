"""Audience updates → core events, before (and instead of) the dispatcher.

Nearly every update is an audience comment. Sending each through aiogram's dispatcher (its
middlewares, the FSM lookup, the observers of every router) cost more than polling it, and
nothing there is needed for a comment: the core works in batches, not per update. So the
polling loop and the webhook ask this module first; only what it declines (commands, the
managers' chat, private chats, button presses) reaches the routers.
"""

from __future__ import annotations

from aiogram.types import Update

from bot.telegram import mapping
from bot.telegram.directory import Directory
from handlers.events import AudienceEvent


def audience_events(update: Update, directory: Directory) -> list[AudienceEvent] | None:
    """The core events of an audience update, or None when the routers must see it."""
    if update.message is not None:
        message = update.message
        # Outside audience chats (the managers' chat, private chats) and commands anywhere,
        # the routers decide.
        if directory.chat(message.chat.id) is None or (message.text or "").startswith("/"):
            return None
        return mapping.map_message(message, directory)
    if update.edited_message is not None:
        return mapping.map_edited(update.edited_message, directory)
    if update.channel_post is not None:
        return mapping.map_channel_post(update.channel_post, directory)
    if update.message_reaction is not None:
        return mapping.map_reaction(update.message_reaction, directory)
    if update.message_reaction_count is not None:
        return mapping.map_reaction_count(update.message_reaction_count, directory)
    if update.chat_member is not None:
        return mapping.map_chat_member(update.chat_member, directory)
    return None
