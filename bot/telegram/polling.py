"""Long polling that loses nothing.

aiogram's own polling confirms an update (by asking for the next offset) before its handler has
finished, so a crash in between loses it. Here an update is confirmed only after its whole batch
went through the core and was committed; a crash replays the batch and the database's unique
keys drop what was already stored.

getUpdates is asked for the updates' JSON (RawGetUpdates): audience updates are mapped from it
directly, and only the few that reach the routers are parsed into aiogram's models. A malformed
update is then one logged update, not an answer that fails to parse and stalls the poller.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetUpdates
from aiogram.types import Update
from pydantic import ValidationError

from bot.telegram.audience import audience_events
from bot.telegram.directory import Directory
from bot.telegram.mapping import Json, MalformedUpdate
from handlers.events import AudienceEvent
from handlers.pipeline import Pipeline

log = logging.getLogger(__name__)
POISON_AFTER = 5  # failed attempts of one batch before looking for a poison update

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "channel_post",
    "edited_channel_post",
    "message_reaction",
    "message_reaction_count",
    "chat_member",
    "callback_query",
]


class RawGetUpdates(GetUpdates):
    """getUpdates answering with the updates' JSON objects instead of aiogram's models."""

    __returning__ = list[dict[str, Any]]  # type: ignore[assignment]


def update_id(update: Json) -> int | None:
    value = update.get("update_id")
    return value if type(value) is int else None


async def process_updates(
    bot: Bot, dispatcher: Dispatcher, pipeline: Pipeline, updates: Sequence[Json]
) -> None:
    """Map the batch's audience updates, feed the rest through the routers, then hand the
    collected events to the core."""
    batch: list[AudienceEvent] = []
    directory: Directory = dispatcher["directory"]
    for update in updates:
        try:
            events = audience_events(update, directory)
            # None: not an audience update, the routers see it (as aiogram's model).
            parsed = Update.model_validate(update, context={"bot": bot}) if events is None else None
        except (MalformedUpdate, ValidationError) as exc:
            # Logged with its id and what is wrong, never its text; the others go on.
            log.error("update %s dropped: malformed (%s)", update_id(update), _first_line(exc))
            continue
        try:
            if parsed is not None:
                await dispatcher.feed_update(bot, parsed)
            elif events:
                batch.extend(events)
        except Exception:
            # One bad update must not block the others; it is logged with its id, not its text.
            log.exception("update %s could not be handled", update_id(update))
    if batch:
        await pipeline.handle(batch)


class Poller:
    def __init__(
        self,
        bot: Bot,
        dispatcher: Dispatcher,
        pipeline: Pipeline,
        *,
        timeout: int = 25,
        limit: int = 100,
        max_backoff: float = 30.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._bot = bot
        self._dispatcher = dispatcher
        self._pipeline = pipeline
        self._timeout = timeout
        self._limit = limit
        self._max_backoff = max_backoff
        self._sleep = sleep
        self.processed = 0

    async def run(self) -> None:
        """Poll until cancelled. Raises only on a revoked token (nothing to retry then)."""
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot(
                    RawGetUpdates(
                        offset=offset,
                        timeout=self._timeout,
                        limit=self._limit,
                        allowed_updates=ALLOWED_UPDATES,
                    ),
                    request_timeout=self._timeout + 10,
                )
            except TelegramUnauthorizedError:
                log.critical("Telegram rejected the bot token; stopping the poller")
                raise
            except TelegramRetryAfter as exc:
                await self._sleep(exc.retry_after)
                continue
            except (TelegramNetworkError, TelegramServerError, TelegramConflictError) as exc:
                failures += 1
                delay = min(self._max_backoff, 0.5 * 2 ** min(failures, 8))
                log.warning("getUpdates failed (%s); retrying in %.1fs", exc.message, delay)
                await self._sleep(delay)
                continue
            except Exception:
                # An answer aiogram cannot parse must not kill the poller.
                failures += 1
                delay = min(self._max_backoff, 0.5 * 2 ** min(failures, 8))
                log.exception("getUpdates answer unusable; retrying in %.1fs", delay)
                await self._sleep(delay)
                continue
            failures = 0
            if not updates:
                continue
            await self._process_with_retry(updates)
            offset = _next_offset(updates, offset)
            self.processed += len(updates)

    async def _process_with_retry(self, updates: Sequence[Json]) -> None:
        """A failing database must not drop updates: keep retrying the same batch.

        After a few failures the batch is tried one update at a time: if some go through, the
        others are poison (an update the core can never store) and are logged and skipped; if
        none do, the database is down and the whole batch waits for it.
        """
        attempt = 0
        while True:
            try:
                await process_updates(self._bot, self._dispatcher, self._pipeline, updates)
                return
            except Exception:
                attempt += 1
                delay = min(self._max_backoff, 0.5 * 2 ** min(attempt, 8))
                log.exception("batch of %d updates failed; retrying in %.1fs", len(updates), delay)
            if attempt >= POISON_AFTER and len(updates) > 1 and await self._one_by_one(updates):
                return
            await self._sleep(delay)

    async def _one_by_one(self, updates: Sequence[Json]) -> bool:
        failed: list[int | None] = []
        for update in updates:
            try:
                await process_updates(self._bot, self._dispatcher, self._pipeline, [update])
            except Exception:
                failed.append(update_id(update))
        if len(failed) == len(updates):
            return False
        for bad in failed:
            log.error("update %s skipped: it fails on its own while others succeed", bad)
        return True


def _next_offset(updates: Sequence[Json], offset: int | None) -> int | None:
    """One past the highest update id of the batch (an update without a usable id, which
    Telegram never sends, cannot move the offset)."""
    ids = [i for i in map(update_id, updates) if i is not None]
    return max(ids) + 1 if ids else offset


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
