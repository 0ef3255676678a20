"""Webhook delivery: POST each queued update to the bot's URL, retrying until it answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from .updates import UpdateQueue

# An answer body may itself be a method call ("reply in webhook"); the emulator executes it.
ReplyExecutor = Callable[[str, dict[str, Any]], Awaitable[Any]]


class WebhookSender:
    def __init__(self, queue: UpdateQueue, execute: ReplyExecutor, retry_delay: float = 0.05):
        self.queue = queue
        self.execute = execute
        self.retry_delay = retry_delay  # first retry; doubles up to 2 s, like a polite backoff
        self.url: str | None = None
        self.secret: str | None = None
        self.max_connections = 40
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered = 0
        self._task: asyncio.Task | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self, url: str, secret: str | None, max_connections: int = 40) -> None:
        await self.stop()
        self.url, self.secret, self.max_connections = url, secret, max_connections
        self.last_error_date = self.last_error_message = None
        self._session = aiohttp.ClientSession()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self.url = self.secret = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        delay = self.retry_delay
        while True:
            await self.queue.wait_any()
            batch = self.queue.peek(1)
            if not batch:
                continue
            update_id, _, body = batch[0]
            if await self._post(body):
                self.queue.confirm(update_id + 1)
                self.delivered += 1
                delay = self.retry_delay
            else:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _post(self, body: str) -> bool:
        assert self._session is not None and self.url is not None
        headers = {"Content-Type": "application/json"}
        if self.secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.secret
        try:
            async with self._session.post(self.url, data=body.encode(), headers=headers) as resp:
                answer = await resp.read()
                if not 200 <= resp.status < 300:
                    self._failed(f"Wrong response from the webhook: {resp.status} {resp.reason}")
                    return False
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._failed(f"Connection failed: {type(exc).__name__}")
            return False
        await self._run_reply(answer)
        return True

    async def _run_reply(self, answer: bytes) -> None:
        with contextlib.suppress(ValueError):
            reply = json.loads(answer) if answer else None
            if isinstance(reply, dict) and isinstance(reply.get("method"), str):
                params = {k: v for k, v in reply.items() if k != "method"}
                with contextlib.suppress(Exception):  # errors of replies are silent in the API
                    await self.execute(reply["method"], params)

    def _failed(self, message: str) -> None:
        self.last_error_date = int(time.time())
        self.last_error_message = message
