"""Long polling that loses nothing.

aiogram's own polling confirms an update (by asking for the next offset) before its handler has
finished, so a crash in between loses it. Here an update is confirmed only after its whole batch
went through the core and was committed; a crash replays the batch and the database's unique
keys drop what was already stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

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

from handlers.events import AudienceEvent
from handlers.pipeline import Pipeline

log = logging.getLogger(__name__)

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


async def process_updates(
    bot: Bot, dispatcher: Dispatcher, pipeline: Pipeline, updates: Sequence[Update]
) -> None:
    """Feed a batch through the routers, then hand the collected events to the core."""
    batch: list[AudienceEvent] = []
    for update in updates:
        try:
            await dispatcher.feed_update(bot, update, batch=batch)
        except Exception:
            # One bad update must not block the others; it is logged with its id, not its text.
            log.exception("update %s could not be handled", update.update_id)
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
    ) -> None:
        self._bot = bot
        self._dispatcher = dispatcher
        self._pipeline = pipeline
        self._timeout = timeout
        self._limit = limit
        self._max_backoff = max_backoff
        self.processed = 0

    async def run(self) -> None:
        """Poll until cancelled. Raises only on a revoked token (nothing to retry then)."""
        offset: int | None = None
        failures = 0
        while True:
            try:
                updates = await self._bot(
                    GetUpdates(
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
                await asyncio.sleep(exc.retry_after)
                continue
            except (TelegramNetworkError, TelegramServerError, TelegramConflictError) as exc:
                failures += 1
                delay = min(self._max_backoff, 0.5 * 2 ** min(failures, 8))
                log.warning("getUpdates failed (%s); retrying in %.1fs", exc.message, delay)
                await asyncio.sleep(delay)
                continue
            failures = 0
            if not updates:
                continue
            await self._process_with_retry(updates)
            offset = updates[-1].update_id + 1
            self.processed += len(updates)

    async def _process_with_retry(self, updates: Sequence[Update]) -> None:
        """A failing database must not drop updates: keep retrying the same batch."""
        attempt = 0
        while True:
            try:
                await process_updates(self._bot, self._dispatcher, self._pipeline, updates)
                return
            except Exception:
                attempt += 1
                delay = min(self._max_backoff, 0.5 * 2 ** min(attempt, 8))
                log.exception("batch of %d updates failed; retrying in %.1fs", len(updates), delay)
                await asyncio.sleep(delay)
