"""Shared fixtures for the VK emulator tests: an emulator plus an unmodified vk_api client."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
import vk_api

from bot.emulators.vk import VKEmulator

SAMPLES = Path("/work/shared/samples/vk")
TOKEN = "vk-test-token"


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def make_vk(emu: VKEmulator, token: str = TOKEN) -> vk_api.VkApi:
    vk = vk_api.VkApi(token=token, session=emu.make_session(), api_version="5.199")
    vk.RPS_DELAY = 0  # vk_api throttles to 3 rps by sleeping; the emulator needs no pacing
    return vk


async def call(vk: vk_api.VkApi, method: str, **params: Any) -> Any:
    """vk_api is blocking and the emulator runs in this loop, so call it from a thread."""
    return await asyncio.to_thread(vk.method, method, params)


@pytest.fixture(name="emu")
async def emu_fixture():
    async with VKEmulator(token=TOKEN) as emulator:
        yield emulator


@pytest.fixture(name="vk")
def vk_fixture(emu: VKEmulator) -> vk_api.VkApi:
    return make_vk(emu)
