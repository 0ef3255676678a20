"""One community's Bots Long Poll: vk_api's VkBotLongPoll in a worker thread, supervised.

At-least-once: the ts is stored (bot_state ``vk:<group>:ts``) only after the core handled the
batch, so a crash replays the batch and the core's unique keys drop what it already has. On
start we set the stored ts on the VkBotLongPoll object after it fetched its server, so a restart
resumes where the previous run stopped. VkBotLongPoll recovers from failed 1/2/3 by itself
(new ts / new key / new key and ts); anything it raises restarts it here after a backoff. Its
groups.getLongPollServer calls go through the client, so they count against the token's 20 calls
a second like every other call and get the same retries.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from vk_api.bot_longpoll import VkBotLongPoll

from bot.vk.client import VKClient
from bot.vk.feed import EventFeed
from bot.vk.threads import in_daemon_thread
from handlers.pipeline import Pipeline
from storage.state import get_state, set_state

log = logging.getLogger(__name__)

BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


def ts_key(group_id: int) -> str:
    return f"vk:{group_id}:ts"


class ClientMethods:
    """The one part of VkApi that VkBotLongPoll uses, ``method``, called from the long poll's
    thread and answered by ``client.call`` on the event loop: paced and retried like any call."""

    def __init__(self, client: VKClient, loop: asyncio.AbstractEventLoop) -> None:
        self._client = client
        self._loop = loop

    def method(self, method: str, values: dict[str, Any] | None = None) -> Any:
        call = self._client.call(method, **(values or {}))
        return asyncio.run_coroutine_threadsafe(call, self._loop).result()


class LongPollRunner:
    def __init__(
        self,
        client: VKClient,
        feed: EventFeed,
        sessions: async_sessionmaker[AsyncSession],
        *,
        wait: int = 25,
        backoff: Sequence[float] = BACKOFF,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._feed = feed
        self._sessions = sessions
        self._wait = wait
        self._backoff = tuple(backoff)
        self._sleep = sleep
        self.group_id = feed.group_id
        self.stopped = False
        # Progress, for logs, health checks and tests that await it.
        self.delivered = 0  # core events handed over
        self.rounds = 0  # long poll answers handled (events, nothing, or a failed n)
        self.restarts = 0
        self.saved_ts: str | None = None
        self._progress = asyncio.Condition()

    def stop(self) -> None:
        self.stopped = True

    async def run(self, pipeline: Pipeline) -> None:
        failures = 0
        while not self.stopped:
            rounds = self.rounds
            error: Exception | None = None
            try:
                await self._serve(pipeline)
            except Exception as exc:
                error = exc
            if self._client.token_invalid:  # error 5, from any of the community's calls
                self._give_up()
                return
            if error is not None:
                if self.rounds > rounds:
                    failures = 0  # it worked for a while: start the backoff from the beginning
                failures = await self._pause(error, failures)

    def _give_up(self) -> None:
        self.stopped = True
        log.error(
            "VK community %s (group %s): token invalid (error 5); its long poll is stopped "
            "until the token is replaced and otklik restarted",
            self._feed.community.id,
            self.group_id,
        )

    async def _pause(self, exc: Exception, failures: int) -> int:
        delay = self._backoff[min(failures, len(self._backoff) - 1)]
        self.restarts += 1
        log.warning(
            "VK %s long poll failed (%s: %s); restarting in %.1fs",
            self._feed.community.id,
            type(exc).__name__,
            exc,
            delay,
        )
        await self._announce()
        await self._sleep(delay)
        return failures + 1

    async def _serve(self, pipeline: Pipeline) -> None:
        thread = f"vk-longpoll-{self.group_id}"
        methods = ClientMethods(self._client, asyncio.get_running_loop())
        longpoll = await in_daemon_thread(
            lambda: VkBotLongPoll(methods, self.group_id, self._wait), thread
        )
        async with self._sessions() as session:
            stored = await get_state(session, ts_key(self.group_id))
        if stored:
            longpoll.ts = self.saved_ts = stored  # resume: VkBotLongPoll starts from "now"
        else:
            await self._save(str(longpoll.ts))  # first run: "now" is where we start
        await self._announce()
        while not self.stopped and not self._client.token_invalid:
            before = longpoll.ts
            events = await in_daemon_thread(longpoll.check, thread)
            if events:
                self.delivered += await self._feed.deliver(pipeline, [e.raw for e in events])
            if longpoll.ts != before:
                await self._save(str(longpoll.ts))
            self.rounds += 1
            await self._announce()

    async def _save(self, ts: str) -> None:
        async with self._sessions() as session, session.begin():
            await set_state(session, ts_key(self.group_id), ts)
        self.saved_ts = ts

    async def _announce(self) -> None:
        async with self._progress:
            self._progress.notify_all()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds, re-checked after every poll round and failure."""

        async def check() -> None:
            async with self._progress:
                await self._progress.wait_for(predicate)

        await asyncio.wait_for(check(), timeout)
