"""A Telegram Bot API emulator that unmodified aiogram talks to over HTTP.

async with TelegramEmulator() as emu:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    bot = Bot(emu.token, session=session)
"""

from .emulator import TelegramEmulator
from .errors import ApiError

__all__ = ["ApiError", "TelegramEmulator"]
