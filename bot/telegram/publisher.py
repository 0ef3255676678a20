"""Scheduled posts in Telegram channels and groups: text, a photo, or an album; then a pin.

sendMessage is not idempotent and a bot cannot read back a chat's history, so this publisher
cannot verify an earlier attempt (``can_verify = False``): see scheduler/publishing.py for the
rule that follows. A network error (the request may have arrived) is left to propagate so the
job treats it as an unknown outcome rather than a refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiogram import Bot
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.types import FSInputFile, InputMediaPhoto, LinkPreviewOptions

from bot.telegram.desk import delivery_error
from handlers.ports import DeliveryError
from scheduler.ports import PostContent, Published

PhotoInput = str | FSInputFile


def photo_input(ref: str) -> PhotoInput:
    """ "tg:<file_id>" → the file id, a URL as is, anything else a local file."""
    if ref.startswith("tg:"):
        return ref[3:]
    if ref.startswith(("http://", "https://")):
        return ref
    if not Path(ref).is_file():
        raise DeliveryError(f"photo file not found: {ref}", permanent=True)
    return FSInputFile(ref)


class TelegramPublisher:
    platform = "telegram"
    can_verify = False

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def publish(self, post: PostContent, chat_id: int, *, key: str) -> Published:
        try:
            ids = await self._send(post, chat_id)
        except TelegramNetworkError:
            raise  # outcome unknown: not a refusal
        except TelegramAPIError as exc:
            raise delivery_error(exc) from exc
        warnings: list[str] = []
        if post.pin:
            try:
                await self._bot.pin_chat_message(chat_id, ids[0], disable_notification=False)
            except TelegramAPIError as exc:
                # The post is out; a failed pin must never make it go out again.
                warnings.append(f"pinning failed: {exc.message}")
        return Published(tuple(ids), tuple(warnings))

    async def _send(self, post: PostContent, chat_id: int) -> list[int]:
        text = post.text or None
        if not post.photos:
            sent = await self._bot.send_message(
                chat_id,
                post.text,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=not post.link_preview),
            )
            return [sent.message_id]
        if len(post.photos) == 1:
            sent = await self._bot.send_photo(
                chat_id, photo_input(post.photos[0]), caption=text, parse_mode=ParseMode.HTML
            )
            return [sent.message_id]
        media = [
            InputMediaPhoto(
                media=photo_input(ref),
                caption=text if index == 0 else None,
                parse_mode=ParseMode.HTML if index == 0 else None,
            )
            for index, ref in enumerate(post.photos)
        ]
        album = await self._bot.send_media_group(chat_id, media)
        return [message.message_id for message in album]

    async def find_published(
        self, post: PostContent, chat_id: int, *, key: str, since: float
    ) -> Published | None:
        return None  # Telegram gives bots no way to look; can_verify is False


def download_failure(exc: BaseException) -> str:
    """What went wrong, never the file URL: it carries the bot token (/file/bot<token>/...)."""
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"HTTP {exc.status}"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    return type(exc).__name__


def telegram_photo_loader(bot: Bot) -> Callable[[str], Awaitable[bytes]]:
    """Bytes of a photo reference for another platform (VK): Telegram file ids included."""
    from bot.vk.publisher import load_photo

    async def load(ref: str) -> bytes:
        if not ref.startswith("tg:"):
            return await load_photo(ref)
        try:
            found = await bot.download(ref[3:])
        except TelegramAPIError as exc:  # getFile refused (too big, unknown id) or failed
            raise delivery_error(exc) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:  # the file server, after getFile
            raise DeliveryError(
                f"cannot download the photo from Telegram: {download_failure(exc)}",
                permanent=False,
            ) from exc
        if found is None:  # only when a destination is given; we never give one
            raise DeliveryError("Telegram gave no photo to download", permanent=False)
        return found.read()

    return load
