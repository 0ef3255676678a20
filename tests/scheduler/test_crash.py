"""Kill a publishing process (SIGKILL) between claim and send, and after send; then restart.

The rule under test (scheduler/publishing.py): killed before 'sending' is recorded → the post
goes out once after restart; killed after 'sending' is recorded → VK: the wall is checked and
the post is recorded or sent once; Telegram: never sent again automatically, marked
'uncertain' and the managers are told (a manager may resend it after checking).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from scheduler.claims import requeue
from storage.models import PostRow, PublicationRow
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import (
    CHANNEL_ID,
    START,
    VK_OWNER,
    VK_TOKEN,
    community,
    make_bot,
    make_job,
    plan,
    publishers,
    telegram_world,
)

ROOT = Path(__file__).resolve().parents[2]


async def run_killed(database, kill_at: str, *, tg=None, vk=None) -> None:
    env = dict(os.environ, OTKLIK_DATABASE_URL=database.url, PROC_NOW=START.isoformat(),
               PROC_KILL_AT=kill_at, PYTHONPATH=str(ROOT))  # fmt: skip
    if database.schema:
        env["OTKLIK_DATABASE_SCHEMA"] = database.schema
    if tg is not None:
        env.update(PROC_TG_BASE=tg.base_url, PROC_TG_TOKEN=tg.token)
    if vk is not None:
        env["PROC_VK_BASE"] = vk.base_url
    # An asyncio subprocess, so this loop keeps serving the emulators while the child runs.
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.scheduler.publisher_proc", cwd=ROOT, env=env,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(child.communicate(), 60)
    assert child.returncode == -signal.SIGKILL, err.decode()


async def restart(database, *, tg=None, vk=None, bot=None):
    """A fresh instance, later than the stale-claim timeout, runs one pass."""
    desk, clock = FakeDesk(), FixedClock(START + timedelta(minutes=6))
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url if vk else None),
                   desk, clock)  # fmt: skip
    await job.tick()
    return job, desk


async def publication(database) -> PublicationRow:
    async with database.sessions() as session:
        return (await session.scalars(select(PublicationRow))).one()


@pytest.fixture
async def tg():
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        bot = make_bot(emu.base_url, emu.token)
        yield emu, bot
        await bot.session.close()


@pytest.fixture
async def vk():
    async with VKEmulator(token=VK_TOKEN) as emu:
        yield emu


async def test_telegram_killed_after_send_is_not_resent_and_managers_are_told(database, tg) -> None:
    emu, bot = tg
    await plan(database.sessions, "sent then killed", START)
    await run_killed(database, "sent", tg=emu)
    assert len(emu.sent(CHANNEL_ID)) == 1
    _, desk = await restart(database, bot=bot)
    await restart(database, bot=bot)
    assert len(emu.sent(CHANNEL_ID)) == 1  # never duplicated
    assert (await publication(database)).state == "uncertain"
    assert len(desk.notices) == 1 and "plan resend" in desk.notices[0]


async def test_telegram_killed_before_the_request_is_uncertain_until_a_manager_resends(
    database, tg
) -> None:
    emu, bot = tg
    await plan(database.sessions, "recorded, never sent", START)
    await run_killed(database, "sending", tg=emu)
    _, desk = await restart(database, bot=bot)
    assert emu.sent(CHANNEL_ID) == [] and (await publication(database)).state == "uncertain"
    assert desk.notices  # not lost silently: the managers were asked to check
    async with database.sessions() as session, session.begin():
        assert await requeue(session, (await publication(database)).id)
    await restart(database, bot=bot)
    assert len(emu.sent(CHANNEL_ID)) == 1
    assert (await publication(database)).state == "published"


async def test_vk_killed_after_send_is_found_on_the_wall_not_resent(database, vk) -> None:
    await plan(database.sessions, "<b>VK</b> sent then killed", START, (f"vk:{VK_OWNER}",))
    await run_killed(database, "sent", vk=vk)
    assert len(vk.wall()) == 1
    await restart(database, vk=vk)
    [post] = vk.wall()
    row = await publication(database)
    assert row.state == "published" and row.message_ids == f"[{post['id']}]"
    async with database.sessions() as session:
        recorded = (await session.scalars(select(PostRow))).one()
    assert (recorded.platform, recorded.chat_id, recorded.post_id) == ("vk", VK_OWNER, post["id"])


async def test_vk_killed_before_the_request_is_sent_once_after_restart(database, vk) -> None:
    await plan(database.sessions, "VK recorded, never sent", START, (f"vk:{VK_OWNER}",))
    await run_killed(database, "sending", vk=vk)
    assert vk.wall() == []
    await restart(database, vk=vk)  # checks the wall: not there, so plans it again
    await restart(database, vk=vk)
    assert [p["text"] for p in vk.wall()] == ["VK recorded, never sent"]
    assert (await publication(database)).state == "published"


async def test_killed_after_claim_publishes_once_after_restart(database, vk) -> None:
    await plan(database.sessions, "claimed then killed", START, (f"vk:{VK_OWNER}",))
    await run_killed(database, "claimed", vk=vk)
    assert vk.wall() == [] and (await publication(database)).state == "claimed"
    await restart(database, vk=vk)
    await restart(database, vk=vk)
    [post] = vk.wall()
    assert post["text"] == "claimed then killed"
    row = await publication(database)
    assert row.state == "published" and row.message_ids == f"[{post['id']}]"
    assert vk.calls("wall.get") == []  # nothing was in doubt: no need to look
