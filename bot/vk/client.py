"""One community's VK API client: unmodified vk_api in worker threads, our own pacing and
retries, and VK error codes turned into the core's DeliveryError.

vk_api is blocking and sleeps ~0.34 s before every call (its RPS_DELAY); we switch that off and
pace calls ourselves (VK allows community tokens 20 requests/s). vk_api's own handler for error 6
sleeps and retries forever; we drop it so every retry goes through the policy below.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from vk_api import VkApi
from vk_api.exceptions import ApiError, ApiHttpError, Captcha, VkApiError
from vk_api.vk_api import TOO_MANY_RPS_CODE

from handlers.ports import DeliveryError

log = logging.getLogger(__name__)

API_VERSION = "5.199"
# VK counts calls as they arrive, and one call can reach it a little later than the call after
# it (a new connection, the network's jitter): the window is VK's second and a margin for that.
WINDOW_S = 1.05
# Calls of one token in flight at once: enough to overlap VK's latency at 20 calls a second.
IN_FLIGHT = 4
TOKEN_INVALID, TOO_MANY_REQUESTS, FLOOD, INTERNAL, CAPTCHA = 5, 6, 9, 10, 14
Sleep = Callable[[float], Awaitable[None]]


class VKError(DeliveryError):
    """A VK API failure; ``code`` is VK's error code (None: HTTP or network failure)."""

    def __init__(self, code: int | None, reason: str, *, permanent: bool) -> None:
        super().__init__(reason, permanent=permanent)
        self.code = code


class TokenInvalid(VKError):
    """Error 5: the community token was revoked or is wrong. Nothing works until it is fixed."""


@dataclass(frozen=True)
class RetryPolicy:
    # Error 6, error 10, HTTP 5xx, broken connections: VK did not do the work, try again soon.
    busy_delays: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0)
    # Error 9 (flood control) lasts minutes: back off longer, then give up and say so.
    flood_delays: tuple[float, ...] = (5.0, 20.0, 60.0)


class RateLimiter:
    """At most ``per_second`` calls in any ``window_s`` (VK's second and a margin), shared by
    one token's calls.

    Each call reserves the next free slot and sleeps until it (no lock held while waiting);
    SharedRateLimiter keeps the same slots in Redis for every instance using the token.
    """

    def __init__(
        self,
        per_second: int = 20,
        *,
        window_s: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.per_second = per_second
        self.window_s = window_s
        self._clock = clock
        self._sleep = sleep
        # Only the last per_second slots can hold a new one back.
        self._slots: deque[float] = deque(maxlen=max(per_second, 1))

    async def acquire(self) -> None:
        if self.per_second <= 0:
            return  # pacing off
        wait = await self.reserve()
        if wait > 0:
            await self._sleep(wait)

    async def reserve(self) -> float:
        """Takes the next free slot; answers the seconds until it comes."""
        now = self._clock()
        slot = next_slot(now, self._slots, self.per_second, self.window_s)
        self._slots.append(slot)
        return slot - now


def next_slot(now: float, slots: Sequence[float], limit: int, span: float) -> float:
    """The earliest time from ``now`` that keeps ``limit`` calls in any ``span`` seconds, given
    the slots already handed out (ascending). Slots go in order: a call never jumps the queue."""
    slot = max(now, slots[-1]) if slots else now
    if len(slots) >= limit:
        slot = max(slot, slots[-limit] + span)
    return slot


def error_for(code: int, message: str) -> VKError:
    if code == TOKEN_INVALID:
        return TokenInvalid(code, f"VK token invalid: {message}", permanent=True)
    if code == CAPTCHA:
        # A community bot cannot solve captchas; retrying only makes VK angrier.
        return VKError(code, f"VK asks for a captcha: {message}", permanent=True)
    transient = code in (TOO_MANY_REQUESTS, FLOOD, INTERNAL)
    return VKError(code, f"VK error {code}: {message}", permanent=not transient)


class VKClient:
    def __init__(
        self,
        token: str,
        *,
        session: requests.Session,
        limiter: RateLimiter | None = None,
        sleep: Sleep = asyncio.sleep,
        policy: RetryPolicy | None = None,
        label: str = "vk",
    ) -> None:
        self.vk = VkApi(token=token, session=session, api_version=API_VERSION)
        self.vk.RPS_DELAY = 0
        self.vk.error_handlers.pop(TOO_MANY_RPS_CODE, None)
        self._limiter = limiter or RateLimiter(sleep=sleep)
        # Calls run in threads of their own, a few at a time: a slot is taken only when a thread
        # is free to use it, so calls reach VK in the order and at the pace their slots say.
        self._threads = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix=f"vk-api-{label}")
        self._in_flight = asyncio.Semaphore(IN_FLIGHT)
        self._sleep = sleep
        self._policy = policy or RetryPolicy()
        self.label = label  # names the community in logs; the token never appears there
        self.token_invalid = False

    async def call(self, method: str, **params: Any) -> Any:
        busy = iter(self._policy.busy_delays)
        flood = iter(self._policy.flood_delays)
        while True:
            try:
                return await self._send(method, params)
            except Captcha as exc:
                raise error_for(CAPTCHA, "captcha needed") from exc
            except ApiError as exc:
                error = error_for(exc.code, str(exc.error.get("error_msg", exc)))
            except (ApiHttpError, requests.RequestException, ValueError) as exc:
                # ValueError: a body that is not JSON (a proxy's error page).
                error = VKError(None, f"VK unreachable: {exc}", permanent=False)
            except VkApiError as exc:
                raise VKError(None, f"VK client error: {exc}", permanent=True) from exc
            if isinstance(error, TokenInvalid):
                self.token_invalid = True
                log.error("VK %s: the community token is invalid (error 5); fix it", self.label)
            if error.permanent:
                raise error
            delay = next(flood if error.code == FLOOD else busy, None)
            if delay is None:
                raise error
            log.warning(
                "VK %s: %s failed (%s); retrying in %.1fs", self.label, method, error.reason, delay
            )
            await self._sleep(delay)

    async def _send(self, method: str, params: dict[str, Any]) -> Any:
        async with self._in_flight:
            await self._limiter.acquire()
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._threads, self.vk.method, method, params)

    def close(self) -> None:
        """Lets the client's threads end once their calls are answered."""
        self._threads.shutdown(wait=False)
