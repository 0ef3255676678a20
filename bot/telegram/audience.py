"""Audience updates → core events, before (and instead of) the dispatcher.

Nearly every update is an audience comment. Sending each through aiogram's dispatcher (its
middlewares, the FSM lookup, the observers of every router) cost more than polling it, and
nothing there is needed for a comment: the core works in batches, not per update. So the
polling loop and the webhook ask this module first, with the update's JSON; only what it
declines (commands, the managers' chat, private chats, button presses) is parsed into aiogram's
models and reaches the routers.
"""

from __future__ import annotations

from bot.telegram import mapping
from bot.telegram.directory import Directory
from bot.telegram.mapping import Json, integer, need, obj
from handlers.events import AudienceEvent

_MAPPERS = {
    "edited_message": mapping.map_edited,
    "channel_post": mapping.map_channel_post,
    "message_reaction": mapping.map_reaction,
    "message_reaction_count": mapping.map_reaction_count,
    "chat_member": mapping.map_chat_member,
}


def audience_events(update: Json, directory: Directory) -> list[AudienceEvent] | None:
    """The core events of an audience update, or None when the routers must see it.

    Raises mapping.MalformedUpdate when the update does not have the Bot API's shape."""
    message = obj(update, "message")
    if message is not None:
        # Outside audience chats (the managers' chat, private chats) and commands anywhere,
        # the routers decide.
        text = message.get("text")
        info = directory.chat(integer(need(message, "chat"), "id"))
        if info is None or (isinstance(text, str) and text.startswith("/")):
            return None
        return mapping.map_message(message, info)
    for kind, mapper in _MAPPERS.items():
        body = obj(update, kind)
        if body is not None:
            return mapper(body, directory)
    return None
