"""Every Bot API call goes through here: waits out 429, retries 5xx and network errors, and
keeps under Telegram's sending limits so 429s stay rare."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

# Methods that put a message into a chat count against the per-chat limits (by Bot API name, so
# our own lean variants of them count too).
SENDING = frozenset({"sendMessage", "sendPhoto", "sendMediaGroup", "copyMessage", "forwardMessage"})
# The bucket of the bot-wide rate (chat keys are ids or "@channel" names, never this).
BOT_WIDE = "bot"


class _Bucket:
    """GCRA: ``limit`` sends at once, then one every ``span / limit`` seconds."""

    def __init__(self, limit: int, span: float) -> None:
        self.interval = span / limit
        self.tolerance = span - self.interval
        self.tat = float("-inf")  # theoretical arrival time of the next send

    def earliest(self, now: float) -> float:
        return max(now, self.tat - self.tolerance)

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + self.interval


class RateLimiter:
    """A global rate (≈30 messages/s per bot) and one per group chat (≈20 messages/min).

    Each send reserves its slot at once and then waits for it, so a busy group never holds up
    messages to other chats. Waits, never drops.
    """

    def __init__(
        self,
        *,
        per_second: int = 30,
        per_group_minute: int = 20,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.per_second = per_second
        self.per_group_minute = per_group_minute
        self._buckets: dict[int | str, _Bucket] = {}
        self._clock = clock
        self._sleep = sleep

    async def acquire(self, chat_id: int | str | None) -> None:
        # The chat's own slot first, the bot-wide slot only when that one has come: a slot
        # reserved far ahead in the global bucket would hold up every other chat.
        if self.per_group_minute > 0 and _is_group(chat_id):
            await self._wait(await self.reserve(chat_id, self.per_group_minute, 60.0))  # type: ignore[arg-type]
        if self.per_second > 0:
            await self._wait(await self.reserve(BOT_WIDE, self.per_second, 1.0))

    async def reserve(self, key: int | str, limit: int, span: float) -> float:
        """Take the next of ``limit`` slots a ``span`` seconds under ``key``; seconds until it."""
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(limit, span)
        now = self._clock()
        slot = bucket.earliest(now)
        bucket.take(slot)
        return slot - now

    async def _wait(self, delay: float) -> None:
        if delay > 0:
            await self._sleep(delay)


def _is_group(chat_id: int | str | None) -> bool:
    # Group and channel ids are negative; usernames ("@channel") are channels too.
    return isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        limiter: RateLimiter | None = None,
        *,
        attempts: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._limiter = limiter
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if isinstance(method, GetUpdates):
            # The polling loop has its own backoff; a retried long poll would only add delay.
            return await make_request(bot, method)
        name = method.__api_method__
        for attempt in range(1, self._attempts + 1):
            if self._limiter is not None and name in SENDING:
                await self._limiter.acquire(getattr(method, "chat_id", None))
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if attempt == self._attempts:
                    raise
                log.warning("%s: flood control, waiting %ss", name, exc.retry_after)
                await self._sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                # A broken connection may come after Telegram posted the message: retrying a
                # send here could post it twice, so the caller decides (the scheduler marks the
                # post uncertain, the card courier sends the card again later).
                unsure = isinstance(exc, TelegramNetworkError) and name in SENDING
                if attempt == self._attempts or unsure:
                    raise
                delay = min(self._max_delay, self._base_delay * 2 ** (attempt - 1))
                log.warning("%s failed (%s), retry %d in %.1fs", name, exc.message, attempt, delay)
                await self._sleep(delay)
        raise AssertionError("unreachable")
