"""Shared set-up for the Telegram emulator tests: a small community and an aiogram Bot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.emulators.telegram import TelegramEmulator

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples" / "telegram"
CHANNEL_ID = -1001234567890
GROUP_ID = -1001987654321


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def build_world(emu: TelegramEmulator) -> dict[str, int]:
    """A channel with a discussion group, the bot as admin in both, and two users."""
    emu.add_chat("channel", "Community News", chat_id=CHANNEL_ID, username="community_news")
    emu.add_chat("supergroup", "Community Chat", chat_id=GROUP_ID, username="community_chat")
    emu.link_discussion(CHANNEL_ID, GROUP_ID)
    alice = emu.add_user("Alice", user_id=123456789, username="alice_iv", last_name="Ivanova")
    bob = emu.add_user("Bob", user_id=987654321, username="bob_b", language_code="en")
    for chat_id in (CHANNEL_ID, GROUP_ID):
        emu.set_member(chat_id, emu.bot_id, "administrator")
        emu.set_member(chat_id, alice["id"], "creator")
    emu.set_member(GROUP_ID, bob["id"], "member")
    return {"alice": alice["id"], "bob": bob["id"]}


def make_bot(emu: TelegramEmulator) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    return Bot(emu.token, session=session)


def key_tree(value: Any) -> Any:
    """The structure of a payload (nested key sets) without its values."""
    if isinstance(value, dict):
        return {key: key_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [key_tree(value[0])] if value else []
    return type(value).__name__
