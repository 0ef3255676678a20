"""A local VK API 5.199 emulator that the unmodified vk_api client can talk to."""

from bot.emulators.vk.emulator import VKEmulator
from bot.emulators.vk.errors import VkApiError
from bot.emulators.vk.state import EmulatorError

__all__ = ["EmulatorError", "VKEmulator", "VkApiError"]
