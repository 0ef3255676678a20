"""Flag latency: comments arrive at a steady rate (10% negatives); for each negative, the time
from its entering the emulator's update queue to its card arriving in the managers' chat."""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.bench.stats import percentile
from bot.bench.world import (
    MANAGERS,
    build_world,
    is_negative,
    lift_rate_limits,
    queue_comments,
    settings_for,
    sqlite_url,
)
from bot.bootstrap import Otklik
from bot.emulators.telegram import TelegramEmulator
from bot.emulators.telegram.state import ChatRecord

TICK = 0.005  # the feeder wakes every 5 ms and queues whatever the schedule says is due

_MARK = re.compile(r"\[(\d+)\]")


class _TimedEmulator(TelegramEmulator):
    """Notes when each card reaches the managers' chat, by the comment number it quotes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.card_times: dict[int, float] = {}

    def bot_sent(self, chat: ChatRecord, message: dict[str, Any]) -> None:
        if chat.id == MANAGERS:
            found = _MARK.search(message.get("text", ""))
            if found:
                self.card_times.setdefault(int(found.group(1)), time.perf_counter())
        super().bot_sent(chat, message)


@dataclass
class LatencyRun:
    p50_ms: float
    p99_ms: float
    samples: int
    missed: int  # negatives whose card did not come (classifier disagreed, or too late)
    achieved_per_s: float
    entered: dict[int, float] = field(default_factory=dict, repr=False)


async def _feed(world: Any, rate: float, seconds: float, entered: dict[int, float]) -> int:
    """Queue comments on schedule; returns how many were queued."""
    started = time.perf_counter()
    sent = 0
    total = int(rate * seconds)
    while sent < total:
        due = min(total, int((time.perf_counter() - started) * rate) + 1)
        if due > sent:
            queue_comments(world, sent, due - sent)
            now = time.perf_counter()
            for i in range(sent, due):
                if is_negative(i):
                    entered[i] = now
            sent = due
        await asyncio.sleep(TICK)
    return sent


async def latency_run(rate: float, seconds: float, warmup: float = 1.0) -> LatencyRun:
    """Negatives of the first ``warmup`` seconds are not counted (caches, first connections)."""
    with tempfile.TemporaryDirectory(prefix="otklik-bench-lat-") as folder:
        async with _TimedEmulator() as emu:
            world = build_world(emu, authors=int(rate * seconds))
            settings = settings_for(emu, world.community, sqlite_url(Path(folder)))
            app = Otklik.create(settings, per_group_minute=0, poll_timeout=1)
            lift_rate_limits(app.bot)
            try:
                await app.prepare()
                await app.start()
                entered: dict[int, float] = {}
                started = time.perf_counter()
                queued = await _feed(world, rate, seconds, entered)
                achieved = queued / (time.perf_counter() - started)
                deadline = time.perf_counter() + 10.0
                while len(emu.card_times) < len(entered) and time.perf_counter() < deadline:
                    await asyncio.sleep(0.01)
            finally:
                await app.close()
    counted = {i: t for i, t in entered.items() if t - started >= warmup}
    latencies = [(emu.card_times[i] - t) * 1000 for i, t in counted.items() if i in emu.card_times]
    if not latencies:
        raise RuntimeError("no card arrived: the latency run measured nothing")
    return LatencyRun(
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        samples=len(latencies),
        missed=len(counted) - len(latencies),
        achieved_per_s=achieved,
    )


def run_latency(rate: float = 500, seconds: float = 10, warmup: float = 1.0) -> LatencyRun:
    return asyncio.run(latency_run(rate, seconds, warmup))
