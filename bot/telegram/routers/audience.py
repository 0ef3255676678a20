"""Audience updates → core events, collected into the batch the polling loop processes.

This router comes first: nearly every update is an audience comment, and each router an update
passes through costs time.

No synchronous filters here: aiogram runs those in a thread per update, which would cost
most of the intake rate. Each handler maps and appends; the core does the rest in one batch.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.types import (
    ChatMemberUpdated,
    Message,
    MessageReactionCountUpdated,
    MessageReactionUpdated,
)

from bot.telegram import mapping
from bot.telegram.directory import Directory
from handlers.events import AudienceEvent


def build() -> Router:
    router = Router(name="audience")

    @router.message()
    async def on_message(
        message: Message, directory: Directory, batch: list[AudienceEvent]
    ) -> None:
        # Not an audience chat (the managers' chat, a private chat) or a command: the routers
        # after this one decide. Checked here, not in a filter, to keep the hot path cheap.
        if directory.chat(message.chat.id) is None or (message.text or "").startswith("/"):
            raise SkipHandler
        batch.extend(mapping.map_message(message, directory))

    @router.edited_message()
    async def on_edit(message: Message, directory: Directory, batch: list[AudienceEvent]) -> None:
        batch.extend(mapping.map_edited(message, directory))

    @router.channel_post()
    async def on_post(message: Message, directory: Directory, batch: list[AudienceEvent]) -> None:
        batch.extend(mapping.map_channel_post(message, directory))

    @router.message_reaction()
    async def on_reaction(
        update: MessageReactionUpdated, directory: Directory, batch: list[AudienceEvent]
    ) -> None:
        batch.extend(mapping.map_reaction(update, directory))

    @router.message_reaction_count()
    async def on_reaction_count(
        update: MessageReactionCountUpdated, directory: Directory, batch: list[AudienceEvent]
    ) -> None:
        batch.extend(mapping.map_reaction_count(update, directory))

    @router.chat_member()
    async def on_member(
        update: ChatMemberUpdated, directory: Directory, batch: list[AudienceEvent]
    ) -> None:
        batch.extend(mapping.map_chat_member(update, directory))

    return router
