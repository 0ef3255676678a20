"""The composition root: builds every piece from the settings and wires them together.

Collaborators are parameters (classifier, clock, timeline, HTTP sessions) so tests and the
demo swap them without patching anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import gc
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

import requests
from aiogram import Bot, Dispatcher
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.telegram.chat_admins import learn_chat_admins
from bot.telegram.command_menu import publish_command_menu
from bot.telegram.desk import TelegramDesk
from bot.telegram.digest_sender import TelegramDigestSender, TelegramMemberCounter
from bot.telegram.directory import Directory
from bot.telegram.json_session import JsonSession
from bot.telegram.outbox import TelegramOutbox
from bot.telegram.polling import Poller
from bot.telegram.publisher import TelegramPublisher, telegram_photo_loader
from bot.telegram.response_models import KeepResponseModels
from bot.telegram.retry import RateLimiter, RetryMiddleware
from bot.telegram.routers import routers
from bot.telegram.routers.schedule import fsm_storage
from bot.vk.publisher import VKPublisher
from bot.vk.readings import VKReadings
from bot.vk.runtime import VKRuntime
from config.settings import Community, Settings, vk_token_variable
from handlers.answered import AnsweredInPlace
from handlers.autoreply import AutoReplier
from handlers.background import Deferred
from handlers.deps import Deps
from handlers.intake import CLAIM_STALE_AFTER
from handlers.pipeline import Pipeline
from handlers.ports import (
    Classifier,
    Clock,
    Outbox,
    SilentTimeline,
    SpamWatch,
    SystemClock,
    Timeline,
)
from scheduler.digest.job import Digests
from scheduler.digest.members import MemberCounter
from scheduler.digest.readings import MemberCounters, Readings
from scheduler.digest.rollups import in_store_hook
from scheduler.ports import Publisher
from scheduler.runtime import SchedulerRuntime
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

if TYPE_CHECKING:
    from bot.telegram.shared_limits import SharedRateLimiter

log = logging.getLogger(__name__)

STAFF_REFRESH = timedelta(hours=1)  # how often the chats' admin lists are read again
STAFF_WAIT_S = 15.0  # how long reading them may hold up the start


class Default(enum.Enum):
    """Marks "use the standard collaborator" where None means "none at all"."""

    TOKEN = enum.auto()


DEFAULT = Default.TOKEN


class MissingSecrets(Exception):
    """`otklik run` cannot start: the message names every missing token."""


def missing_secrets(settings: Settings) -> list[str]:
    missing = []
    if settings.telegram_token is None:
        missing.append("OTKLIK_TELEGRAM_TOKEN")
    for community in settings.communities:
        vk = community.vk
        if vk is not None and (vk.token is None or not vk.token.get_secret_value()):
            missing.append(
                f"{vk_token_variable(community.id)} (or communities[{community.id}].vk.token)"
            )
    return missing


def build_bot(
    settings: Settings, *, per_group_minute: int | None = None, limiter: RateLimiter | None = None
) -> Bot:
    """The Bot, with Telegram's sending limits kept by ``limiter`` (this process's own count
    unless another is given: see shared_rate_limiter)."""
    assert settings.telegram_token is not None
    if settings.telegram_api_base:
        session = JsonSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    else:
        session = JsonSession()
    session.middleware(KeepResponseModels())
    limiter = limiter or RateLimiter(per_group_minute=_group_limit(settings, per_group_minute))
    session.middleware(RetryMiddleware(limiter))
    return Bot(settings.telegram_token.get_secret_value(), session=session)


def shared_rate_limiter(
    settings: Settings, per_group_minute: int | None = None
) -> SharedRateLimiter | None:
    """With Redis, the running bot's instances keep one count of Telegram's limits there."""
    if not settings.redis_url:
        return None
    from bot.telegram.shared_limits import SharedRateLimiter  # redis loads only when used

    return SharedRateLimiter.from_url(
        settings.redis_url,
        prefix=f"{settings.redis_prefix}:tg-limits",
        per_group_minute=_group_limit(settings, per_group_minute),
    )


def _group_limit(settings: Settings, override: int | None) -> int:
    return settings.telegram_group_messages_per_minute if override is None else override


def default_classifiers() -> Callable[[Community], Classifier]:
    """One shared model, one light classifier per community (its own stop-words, threshold)."""
    from moderation.classifier import ModerationClassifier, load_default_model

    model = load_default_model()
    cache: dict[str, Classifier] = {}

    def classifier_for(community: Community) -> Classifier:
        found = cache.get(community.id)
        if found is None:
            found = cache[community.id] = ModerationClassifier(
                model,
                extra_stopwords=community.moderation.stopwords,
                negative_threshold=community.moderation.negative_threshold,
            )
        return found

    return classifier_for


def default_spam_watch(settings: Settings) -> SpamWatch:
    """In Redis when one is configured: instances behind a load balancer each see only some of
    a community's messages, and a repeat or a flood spread over them must still be seen."""
    if settings.redis_url:
        from moderation.spam_guard_redis import RedisSpamGuard

        return RedisSpamGuard.from_url(settings.redis_url, prefix=f"{settings.redis_prefix}:spam")
    from moderation.spam_guard import SpamGuard

    # Its windows are minutes long: 10,000 recent authors and texts is plenty, and bounds memory.
    return SpamGuard(max_entries=10_000)


_frozen = False


def freeze_startup_objects() -> None:
    """Hide what the first start loaded (libraries, the model, the routers: ~300k objects that
    live as long as the process) from the garbage collector. Otherwise every full collection
    walks them all: a 180 ms pause under load, and every comment waiting behind it is late.
    Once per process: later starts (tests, benchmark runs) add little."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


async def _every(period: timedelta, work: Callable[[], Awaitable[object]], what: str) -> None:
    """Run ``work`` every ``period`` until cancelled; a failure is logged and tried again."""
    while True:
        await asyncio.sleep(period.total_seconds())
        try:
            await work()
        except Exception:
            log.exception("%s failed; trying again in %s", what, period)


def digest_readings(bot: Bot, vk: VKRuntime | None) -> Readings:
    """What the digest asks the platforms: member counts of the Telegram chats and VK groups,
    and the counters of VK's recent wall posts."""
    counters: list[MemberCounter] = [TelegramMemberCounter(bot)]
    if vk is None:
        return Readings(MemberCounters(*counters))
    wall = VKReadings(vk.clients)
    return Readings(MemberCounters(*counters, wall), posts=wall)


@dataclass
class Otklik:
    settings: Settings
    engine: AsyncEngine
    pipeline: Pipeline
    bot: Bot
    dispatcher: Dispatcher
    directory: Directory
    poller: Poller
    vk: VKRuntime | None
    scheduler: SchedulerRuntime
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    background: list[Deferred] = field(default_factory=list)
    _cleanups: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        classifier_for: Callable[[Community], Classifier] | None = None,
        spam_watch: SpamWatch | Default | None = DEFAULT,
        clock: Clock | None = None,
        timeline: Timeline | None = None,
        outboxes: dict[str, Outbox] | None = None,
        vk_session_factory: Callable[[], requests.Session] | None = None,
        per_group_minute: int | None = None,
        poll_timeout: int = 25,
        publish_interval: timedelta = timedelta(seconds=30),
    ) -> Otklik:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        sessions = session_factory(engine)
        limiter = shared_rate_limiter(settings, per_group_minute)
        bot = build_bot(settings, per_group_minute=per_group_minute, limiter=limiter)
        directory = Directory(settings.communities)
        clock = clock or SystemClock()
        timeline = timeline or SilentTimeline()
        desk = TelegramDesk(bot)
        vk = None
        if any(c.vk is not None and c.vk.token for c in settings.communities):
            vk = VKRuntime(settings, session_factory=vk_session_factory)
        all_outboxes: dict[str, Outbox] = {"telegram": TelegramOutbox(bot)}
        if vk is not None:
            all_outboxes["vk"] = vk.outbox
        all_outboxes.update(outboxes or {})
        deps = Deps(
            sessions=sessions,
            communities=directory.communities,
            classifier_for=classifier_for or default_classifiers(),
            desk=desk,
            outboxes=all_outboxes,
            clock=clock,
            spam_watch=default_spam_watch(settings) if spam_watch is DEFAULT else spam_watch,
            timeline=timeline,
        )
        pipeline = Pipeline(deps)
        # The digest's counters move in the same transaction as the comments they count.
        pipeline.intake.add_in_store(in_store_hook(directory.communities))
        # Auto-replies answer stored comments on both platforms, in the background: they wait
        # on each chat's sending limits, which must not hold up intake.
        autoreplies = Deferred(AutoReplier(deps).after_store, "auto-replies")
        pipeline.intake.add_after_store(autoreplies)
        # A manager's reply in the chat, on the wall or in a VK dialog answers the flags it
        # answers; their cards are redrawn in the background, behind the managers' chat limit.
        answered = Deferred(AnsweredInPlace(deps).after_store, "answers in place")
        pipeline.intake.add_after_store(answered)
        publishers: dict[str, Publisher] = {"telegram": TelegramPublisher(bot)}
        if vk is not None:
            # The same clients as the long poll: one rate limit per community token.
            publishers["vk"] = VKPublisher(vk.clients, photo_loader=telegram_photo_loader(bot))
        scheduler = SchedulerRuntime.build(
            settings,
            sessions,
            publishers,
            desk,
            clock,
            timeline=timeline,
            interval=publish_interval,
        )
        dispatcher = Dispatcher(storage=fsm_storage(settings))
        dispatcher.include_routers(*routers())
        dispatcher["directory"] = directory
        dispatcher["core"] = pipeline
        dispatcher["scheduler"] = scheduler
        digests = Digests(sessions, TelegramDigestSender(bot), digest_readings(bot, vk))
        dispatcher["digests"] = digests
        for community in settings.communities:
            if community.digest.enabled and community.owners:
                scheduler.add_weekly(
                    f"digest:{community.id}",
                    community.digest.weekday,
                    community.digest.at,
                    community.tz,
                    partial(digests.send_due, community, clock),
                )
        poller = Poller(bot, dispatcher, pipeline, timeout=poll_timeout)
        app = cls(settings, engine, pipeline, bot, dispatcher, directory, poller, vk, scheduler)
        app.background.extend((autoreplies, answered))
        if deps.spam_watch is not None:
            app._cleanups.append(deps.spam_watch.close)
        if limiter is not None:
            app._cleanups.append(limiter.close)
        if vk is not None:
            app._cleanups.append(vk.close)
        return app

    async def prepare(self) -> None:
        """Schema up to date, and the work a crash left half done finished."""
        await upgrade(self.engine)
        # Long polling means this is the bot's only instance: any unrecorded card is ours.
        alone = not self.settings.webhook_url
        sent = await self.pipeline.recover(timedelta(0) if alone else CLAIM_STALE_AFTER)
        if sent:
            log.info("re-sent %d flag cards left unsent by a previous run", sent)
        freeze_startup_objects()

    async def catch_up(self) -> None:
        """Digests that fell due while otklik was down (within a day) go out now."""
        digests: Digests = self.dispatcher["digests"]
        for community in self.settings.communities:
            await digests.send_due(community, self.pipeline.deps.clock)

    async def learn_staff(self) -> None:
        """The chats' and VK groups' admins, as the platforms list them now, are staff."""
        await learn_chat_admins(self.bot, self.directory)
        if self.vk is not None:
            await self.vk.learn_admins()

    async def start(self) -> None:
        """Receive updates: a webhook when a URL is configured, long polling otherwise."""
        # Admins known before the first update: a moderator's word is never flagged. A slow
        # platform holds the start up only so long; the hourly pass tries again.
        try:
            await asyncio.wait_for(self.learn_staff(), STAFF_WAIT_S)
        except TimeoutError:
            log.warning("chat admins not read within %ss; trying again later", STAFF_WAIT_S)
        refresh = _every(STAFF_REFRESH, self.learn_staff, "reading chat admins")
        self.tasks.append(asyncio.create_task(refresh, name="chat-admins"))
        self.tasks.append(self.pipeline.start_courier())
        for worker in self.background:
            self.tasks.append(asyncio.create_task(worker.run()))
        if self.settings.webhook_url:
            await self._start_webhook()
            # Several instances: one that died leaves claimed cards; the others pick them up.
            # Renewing leases is its own task: a recovery pass waits on the managers' chat's
            # rate limit and must not let this instance's own leases run out meanwhile.
            self.tasks.append(asyncio.create_task(self._renew_claims_periodically()))
            self.tasks.append(asyncio.create_task(self._recover_periodically()))
        else:
            # A webhook left from another deployment would make getUpdates fail with 409.
            await self.bot.delete_webhook(drop_pending_updates=False)
            self.start_polling()
            if self.vk is not None:
                await self.vk.start(self.pipeline)
        self.scheduler.start()
        self.tasks.append(asyncio.create_task(self.catch_up(), name="digest-catch-up"))
        menu = publish_command_menu(self.bot, self.settings.communities)
        self.tasks.append(asyncio.create_task(menu, name="command-menu"))

    async def _start_webhook(self) -> None:
        from urllib.parse import urlparse

        from aiohttp import web

        from bot.telegram.polling import ALLOWED_UPDATES
        from bot.telegram.webhook import webhook_app

        secret = self.settings.webhook_secret
        if secret is None:
            raise MissingSecrets("OTKLIK_WEBHOOK_SECRET is required with OTKLIK_WEBHOOK_URL")
        url = self.settings.webhook_url or ""
        path = urlparse(url).path or "/"
        app = webhook_app(
            self.bot, self.dispatcher, self.pipeline, secret=secret.get_secret_value(), path=path
        )
        if self.vk is not None:
            # Several instances: VK pushes events to the Callback API on the same server.
            self.vk.callback(self.pipeline).register(app, self.settings.vk_callback_path)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, self.settings.webhook_host, self.settings.webhook_port)
        await site.start()
        self._cleanups.append(runner.cleanup)
        await self.bot.set_webhook(
            url, secret_token=secret.get_secret_value(), allowed_updates=ALLOWED_UPDATES
        )

    async def _renew_claims_periodically(self) -> None:
        await _every(CLAIM_STALE_AFTER / 4, self.pipeline.intake.renew_claims, "card claim renewal")

    async def _recover_periodically(self) -> None:
        await _every(CLAIM_STALE_AFTER, self.pipeline.recover, "card recovery")

    def start_polling(self) -> asyncio.Task[None]:
        task = asyncio.create_task(self.poller.run(), name="telegram-poller")
        self.tasks.append(task)
        return task

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.scheduler.stop()
        if self.vk is not None:
            await self.vk.stop()
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self.tasks.clear()
        for cleanup in reversed(self._cleanups):
            with contextlib.suppress(Exception):
                await cleanup()
        self._cleanups.clear()
        await self.bot.session.close()
        await self.engine.dispose()
