"""One publishing pass in its own process, killed (SIGKILL) at a chosen point.

Run by test_crash.py as `python -m tests.scheduler.publisher_proc` with:
OTKLIK_DATABASE_URL / OTKLIK_DATABASE_SCHEMA, PROC_TG_BASE + PROC_TG_TOKEN and/or PROC_VK_BASE
(the emulators, in the test process), PROC_NOW (ISO time of the injected clock) and
PROC_KILL_AT ("claimed", "sending" or "sent").
"""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import datetime

from config.settings import Settings
from storage.db import create_engine, session_factory
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import community, make_job, publishers


def kill_at(point: str, _pub_id: int) -> None:
    if point == os.environ.get("PROC_KILL_AT"):
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no flush: a real crash


async def main() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    engine = create_engine(settings.database_url, schema=settings.database_schema)
    bot = None
    if os.environ.get("PROC_TG_BASE"):
        from tests.scheduler.helpers import make_bot

        bot = make_bot(os.environ["PROC_TG_BASE"], os.environ["PROC_TG_TOKEN"])
    job = make_job(
        session_factory(engine),
        community(),
        publishers(bot, os.environ.get("PROC_VK_BASE")),
        FakeDesk(),
        FixedClock(datetime.fromisoformat(os.environ["PROC_NOW"])),
        fault=kill_at,
    )
    try:
        await job.tick()
    finally:
        if bot is not None:
            await bot.session.close()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
