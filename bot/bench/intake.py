"""Telegram intake: the no-op polling ceiling and otklik's real pipeline, same emulator, same
comments, same HTTP session. The ceiling is aiogram's own polling loop with a handler that does
nothing; otklik polls with its own loop (bot.telegram.polling.Poller: getUpdates of 100 read as
JSON, audience updates mapped without aiogram's models, the next offset only after the batch
was handled).

The emulator runs in this process and event loop (as in tests/telegram/harness.py), so the
figures are lower than with the emulator on its own core; the ratio compares like with like.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.types import Message

from bot.bench.world import (
    MANAGERS,
    build_world,
    lift_rate_limits,
    queue_comments,
    settings_for,
    sqlite_url,
)
from bot.bootstrap import Otklik, build_bot
from bot.emulators.telegram import TelegramEmulator

# The check interval while waiting for the last update; small against runs of seconds.
TICK = 0.002


@dataclass
class IntakeRun:
    per_s: float
    seconds: float
    cards: int


async def wait_until(predicate: Any, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the benchmark run did not finish in time")
        await asyncio.sleep(TICK)


async def ceiling_run(n: int) -> IntakeRun:
    """Updates/s of aiogram's own polling (Dispatcher.start_polling, its defaults) with a
    handler that does nothing but count, through otklik's HTTP session."""
    async with TelegramEmulator() as emu:
        world = build_world(emu, authors=min(n, 10_000))
        settings = settings_for(emu, world.community, "sqlite+aiosqlite://")
        bot = build_bot(settings, per_group_minute=0)
        lift_rate_limits(bot)
        seen = 0
        router = Router(name="noop")

        @router.message()
        async def ignore(message: Message) -> None:
            nonlocal seen
            seen += 1

        dispatcher = Dispatcher()
        dispatcher.include_router(router)
        queue_comments(world, 0, n)
        started = time.perf_counter()
        polling = asyncio.create_task(
            dispatcher.start_polling(
                bot, polling_timeout=1, handle_signals=False, close_bot_session=False
            )
        )
        try:
            await wait_until(lambda: seen >= n, timeout=max(60.0, n / 100))
            seconds = time.perf_counter() - started
        finally:
            await dispatcher.stop_polling()
            await asyncio.gather(polling, return_exceptions=True)
            await bot.session.close()
    return IntakeRun(n / seconds, seconds, 0)


async def pipeline_run(n: int) -> IntakeRun:
    """Comments/s through map → dedupe → classify → store → flag → card sent."""
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as folder:
        async with TelegramEmulator() as emu:
            world = build_world(emu, authors=n)
            settings = settings_for(emu, world.community, sqlite_url(Path(folder)))
            # The emulator enforces none of Telegram's limits, so the managers' chat's 20 cards
            # a minute would only measure our own limiter: switched off here.
            app = Otklik.create(settings, per_group_minute=0, poll_timeout=1)
            lift_rate_limits(app.bot)
            try:
                await app.prepare()
                await app.bot.delete_webhook(drop_pending_updates=False)
                courier = app.pipeline.start_courier()
                app.tasks.append(courier)
                queue_comments(world, 0, n)
                started = time.perf_counter()
                app.start_polling()
                await wait_until(lambda: app.poller.processed >= n, timeout=max(120.0, n / 50))
                assert app.pipeline.intake.courier is not None
                await app.pipeline.intake.courier.drain()
                seconds = time.perf_counter() - started
                cards = len(emu.chat(MANAGERS).bot_message_ids)
            finally:
                await app.close()
    return IntakeRun(n / seconds, seconds, cards)


def run_ceiling(n: int) -> IntakeRun:
    return asyncio.run(ceiling_run(n))


def run_pipeline(n: int) -> IntakeRun:
    return asyncio.run(pipeline_run(n))
