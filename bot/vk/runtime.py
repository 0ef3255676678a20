"""Every VK community of the deployment: one client, long poll runner and feed each, and one
Outbox that routes each action to the right community's token.

    runtime = VKRuntime(settings)                       # session_factory for the emulator
    otklik = Otklik.create(settings, outboxes={"vk": runtime.outbox})
    await otklik.prepare()
    tasks = await runtime.start(otklik.pipeline)        # long poll mode
    ...
    await runtime.stop(); await runtime.close()        # close: clients' threads, shared pacing
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import requests

from bot.vk.callback import VKCallback
from bot.vk.client import WINDOW_S, RateLimiter, RetryPolicy, VKClient
from bot.vk.feed import EventFeed
from bot.vk.longpoll import BACKOFF, LongPollRunner
from bot.vk.names import Names
from bot.vk.outbox import VKOutbox
from bot.vk.transport import make_session
from config.settings import Community, Settings
from handlers.pipeline import Pipeline
from handlers.ports import DeliveryError

if TYPE_CHECKING:
    from bot.vk.shared_limits import SharedPacing

log = logging.getLogger(__name__)


class VKRuntime:
    def __init__(
        self,
        settings: Settings,
        *,
        session_factory: Callable[[], requests.Session] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        retry: RetryPolicy | None = None,
        backoff: Sequence[float] = BACKOFF,
        wait: int = 25,
        per_second: int = 20,
        window_s: float = WINDOW_S,
        resolve_names: bool = True,
    ) -> None:
        new_session = session_factory or (lambda: make_session(settings.vk_api_base))
        self.communities: dict[int, Community] = {
            c.vk.group_id: c for c in settings.communities if c.vk is not None and c.vk.token
        }
        self.clients: dict[int, VKClient] = {}
        self.feeds: dict[int, EventFeed] = {}
        self.pacing = shared_pacing(settings)
        for group_id, community in self.communities.items():
            assert community.vk is not None and community.vk.token is not None
            if self.pacing is not None:
                limiter = self.pacing.limiter(group_id, per_second, window_s=window_s, sleep=sleep)
            else:
                limiter = RateLimiter(per_second, window_s=window_s, sleep=sleep)
            client = VKClient(
                community.vk.token.get_secret_value(),
                session=new_session(),
                limiter=limiter,
                sleep=sleep,
                policy=retry,
                label=community.id,
            )
            self.clients[group_id] = client
            # users.get per batch for readable cards; off when no VK API is reachable.
            names = Names(client) if resolve_names else None
            self.feeds[group_id] = EventFeed(community, names)
        self.outbox = VKOutbox(self.clients, self.communities, on_token_invalid=self._token_invalid)
        self._sleep = sleep
        self._backoff = backoff
        self._wait = wait
        self.runners: dict[int, LongPollRunner] = {}
        self.tasks: dict[int, asyncio.Task[Any]] = {}

    def _attach(self, pipeline: Pipeline) -> None:
        self.outbox.attach(pipeline.deps.desk, pipeline.deps.sessions)

    async def start(self, pipeline: Pipeline) -> list[asyncio.Task[Any]]:
        """Long poll mode: one supervised task per community."""
        self._attach(pipeline)
        for group_id, client in self.clients.items():
            runner = LongPollRunner(
                client,
                self.feeds[group_id],
                pipeline.deps.sessions,
                wait=self._wait,
                backoff=self._backoff,
                sleep=self._sleep,
            )
            self.runners[group_id] = runner
            self.tasks[group_id] = asyncio.create_task(
                runner.run(pipeline), name=f"vk-longpoll-{group_id}"
            )
        return list(self.tasks.values())

    def callback(self, pipeline: Pipeline) -> VKCallback:
        """Callback API mode instead of long poll: register its handler on the web app
        (``runtime.callback(pipeline).register(app, settings.vk_callback_path)``)."""
        self._attach(pipeline)
        return VKCallback(self.feeds, pipeline)

    async def learn_admins(self) -> None:
        """Each group's managers (groups.getMembers, filter=managers) are staff: their wall
        comments and messages are stored, never flagged or answered, and answer flags."""
        for group_id, client in self.clients.items():
            try:
                answer = await client.call(
                    "groups.getMembers", group_id=group_id, filter="managers"
                )
            except DeliveryError as exc:
                # Keeps the admins it had: a hiccup must not turn moderators into audience.
                log.warning("VK group %s: managers unavailable: %s", group_id, exc.reason)
                continue
            items = answer.get("items", []) if isinstance(answer, dict) else []
            self.feeds[group_id].set_admins(
                int(item["id"]) for item in items if isinstance(item, dict) and "id" in item
            )

    def _token_invalid(self, group_id: int) -> None:
        community = self.communities.get(group_id)
        log.error(
            "VK community %s (group %s): token invalid (error 5); its VK runner is stopped",
            community.id if community else "?",
            group_id,
        )
        runner = self.runners.get(group_id)
        if runner is not None:
            runner.stop()
        task = self.tasks.get(group_id)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def stop(self) -> None:
        for runner in self.runners.values():
            runner.stop()
        for task in self.tasks.values():
            task.cancel()
        for task in self.tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.tasks.clear()
        self.runners.clear()

    async def close(self) -> None:
        """After stop() and after the last call: the clients' threads, the pacing's connection."""
        for client in self.clients.values():
            client.close()
        if self.pacing is not None:
            await self.pacing.close()


def shared_pacing(settings: Settings) -> SharedPacing | None:
    """With Redis, every instance keeps one count of each token's requests there."""
    if not settings.redis_url:
        return None
    from bot.vk.shared_limits import SharedPacing  # redis loads only when used

    return SharedPacing.from_url(settings.redis_url, prefix=f"{settings.redis_prefix}:vk-limits")
