"""The VK emulator every test in this folder talks to with the unmodified vk_api."""

from __future__ import annotations

import pytest

from bot.emulators.vk import VKEmulator
from tests.vk.helpers import GROUP, TOKEN


@pytest.fixture
async def emu():
    async with VKEmulator(group_id=GROUP, token=TOKEN) as emulator:
        yield emulator
