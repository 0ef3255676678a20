"""Resident memory of the real bot (`python -m bot run`, a subprocess polling the emulator),
idle and after N comments, against a process that merely imports its main libraries."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.bench.intake import wait_until
from bot.bench.world import build_world, queue_comments, sqlite_url
from bot.emulators.telegram import TelegramEmulator

SAMPLES = 3  # readings per state, SAMPLE_GAP apart: the figure's "runs"
SAMPLE_GAP = 0.5
SETTLE_S = 2.0  # after the last update: let the event loop go quiet (freed buffers, GC)

# The libraries the bot is made of, imported and used the least possible way.
_LIBRARIES = """
import asyncio, sys, aiogram, apscheduler.schedulers.asyncio, textblob
from sqlalchemy.ext.asyncio import create_async_engine
engine = create_async_engine("sqlite+aiosqlite:///" + sys.argv[1])
scheduler = apscheduler.schedulers.asyncio.AsyncIOScheduler()
print("ready", flush=True)
sys.stdin.read()
"""


@dataclass
class MemoryRun:
    libraries_mb: list[float]
    idle_mb: list[float]
    after_mb: list[float]
    comments: int


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


async def _samples(pid: int) -> list[float]:
    found = []
    for _ in range(SAMPLES):
        found.append(rss_mb(pid))
        await asyncio.sleep(SAMPLE_GAP)
    return found


async def libraries_rss(folder: Path) -> list[float]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _LIBRARIES,
        str(folder / "libraries.db"),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        await asyncio.wait_for(proc.stdout.readline(), 60)
        return await _samples(proc.pid)
    finally:
        proc.kill()
        await proc.wait()


def _bot_env(emu: TelegramEmulator, url: str, communities: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTKLIK_")}
    env.update(
        OTKLIK_TELEGRAM_TOKEN=emu.token,
        OTKLIK_TELEGRAM_API_BASE=emu.base_url,
        OTKLIK_DATABASE_URL=url,
        OTKLIK_COMMUNITIES_FILE=str(communities),
        OTKLIK_LOG_LEVEL="WARNING",
    )
    return env


async def memory_run(comments: int) -> MemoryRun:
    with tempfile.TemporaryDirectory(prefix="otklik-bench-mem-") as name:
        folder = Path(name)
        libraries = await libraries_rss(folder)
        async with TelegramEmulator() as emu:
            world = build_world(emu, authors=comments)
            communities = folder / "communities.yaml"
            communities.write_text(
                yaml.safe_dump({"communities": [world.community.model_dump(mode="json")]}),
                encoding="utf-8",
            )
            env = _bot_env(emu, sqlite_url(folder), communities)
            log = (folder / "bot.log").open("ab")
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", env=env, stdout=log, stderr=log
            )
            try:
                # Its first getUpdates: startup (migrations, model, recovery) is over.
                await wait_until(lambda: emu.calls("getUpdates"), timeout=120)
                await asyncio.sleep(SETTLE_S)
                idle = await _samples(proc.pid)
                queue_comments(world, 0, comments)
                # Every update confirmed by a later getUpdates: all stored and committed.
                await wait_until(lambda: emu.pending_updates() == 0, timeout=max(120, comments))
                await asyncio.sleep(SETTLE_S)
                after = await _samples(proc.pid)
            except BaseException:
                log.flush()
                sys.stderr.write((folder / "bot.log").read_text(errors="replace")[-3000:])
                raise
            finally:
                proc.terminate()
                await proc.wait()
                log.close()
    return MemoryRun(libraries, idle, after, comments)


def run_memory(comments: int) -> MemoryRun:
    return asyncio.run(memory_run(comments))
