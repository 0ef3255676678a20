"""Fixtures shared by the Telegram emulator tests: a small world and an aiogram Bot on it."""

from __future__ import annotations

import pytest

from bot.emulators.telegram import TelegramEmulator
from tests.emulators.telegram_helpers import build_world, make_bot


@pytest.fixture
async def emu():
    async with TelegramEmulator() as emulator:
        emulator.people = build_world(emulator)
        yield emulator


@pytest.fixture
async def bot(emu):
    client = make_bot(emu)
    yield client
    await client.session.close()
