"""Every Bot API call goes through here: waits out 429, retries 5xx and network errors, and
keeps under Telegram's sending limits so 429s stay rare."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
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

# Methods that put a message into a chat count against the per-chat limits.
SENDING = frozenset({"SendMessage", "SendPhoto", "SendMediaGroup", "CopyMessage", "ForwardMessage"})


class RateLimiter:
    """Sliding windows: a global rate (≈30 messages/s per bot) and one per group chat
    (≈20 messages/min). Waits, never drops."""

    def __init__(
        self,
        *,
        per_second: int = 30,
        per_group_minute: int = 20,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._per_second = per_second
        self._per_group_minute = per_group_minute
        self._clock = clock
        self._sleep = sleep
        self._global: deque[float] = deque()
        self._groups: dict[int | str, deque[float]] = {}
        self._lock = asyncio.Lock()

    async def acquire(self, chat_id: int | str | None) -> None:
        async with self._lock:
            while True:
                wait = self._wait_needed(chat_id)
                if wait <= 0:
                    break
                await self._sleep(wait)
            now = self._clock()
            self._global.append(now)
            if _is_group(chat_id):
                self._groups.setdefault(chat_id, deque()).append(now)  # type: ignore[arg-type]

    def _wait_needed(self, chat_id: int | str | None) -> float:
        now = self._clock()
        wait = _window_wait(self._global, self._per_second, 1.0, now)
        if _is_group(chat_id) and self._per_group_minute > 0:
            window = self._groups.setdefault(chat_id, deque())  # type: ignore[arg-type]
            wait = max(wait, _window_wait(window, self._per_group_minute, 60.0, now))
        return wait


def _is_group(chat_id: int | str | None) -> bool:
    # Group and channel ids are negative; usernames ("@channel") are channels too.
    return isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)


def _window_wait(window: deque[float], limit: int, span: float, now: float) -> float:
    while window and now - window[0] >= span:
        window.popleft()
    if limit <= 0 or len(window) < limit:
        return 0.0
    return span - (now - window[0])


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
        name = type(method).__name__
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
