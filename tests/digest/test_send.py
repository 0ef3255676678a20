"""Digests delivered through the Telegram emulator: an album of charts, then the text; once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.emulators.telegram import TelegramEmulator
from bot.telegram.digest_sender import TelegramDigestSender, TelegramMemberCounter
from scheduler.digest.job import due_week, send_weekly_digest
from scheduler.digest.readings import Readings
from scheduler.digest.send import interrupted_claims
from scheduler.digest.week import Week
from storage.models import DigestSentRow, MemberCountRow
from tests.digest.world import CHANNEL, GROUP, MSK, OWNERS, VK_WALL, build_pipeline, fill
from tests.emulators.telegram_helpers import make_bot

WEEK = Week.parse("2026-W47", MSK)
MONDAY_10 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 10:00 in Moscow


@pytest.fixture
async def setup(database):
    world = build_pipeline(database)
    await fill(world)
    async with TelegramEmulator() as emu:
        for owner in OWNERS:
            emu.add_user(f"Owner {owner}", user_id=owner, language_code="en")
        emu.add_chat("channel", "Acme News", chat_id=CHANNEL)
        emu.add_chat("supergroup", "Acme Chat", chat_id=GROUP)
        for chat in (CHANNEL, GROUP):
            emu.set_member(chat, emu.bot_id, "administrator")
        for user in range(3):
            emu.set_member(CHANNEL, emu.add_user(f"Reader {user}")["id"])
        bot = make_bot(emu)
        try:
            yield world, emu, bot
        finally:
            await bot.session.close()


async def send(world, bot, **kwargs):
    return await send_weekly_digest(
        world.pipeline.deps.sessions, world.community, WEEK, TelegramDigestSender(bot),
        now=MONDAY_10, **kwargs,
    )  # fmt: skip


async def statuses(world) -> dict[int, str]:
    async with world.pipeline.deps.sessions() as session:
        rows = await session.execute(select(DigestSentRow.owner_id, DigestSentRow.status))
        return dict(rows.all())


async def test_owners_get_an_album_of_charts_and_the_text(setup, tmp_path):
    world, emu, bot = setup
    out = tmp_path / "out"
    outcome = await send(world, bot, out_dir=out, readings=Readings(TelegramMemberCounter(bot)))
    assert outcome.sent == list(OWNERS)
    for owner in OWNERS:
        albums = emu.sent(owner, method="sendMediaGroup")
        assert len(albums) == 1
        messages = emu.sent(owner)
        photos = [m for m in messages if "photo" in m]
        assert len(photos) == 4 and len({m["media_group_id"] for m in photos}) == 1
        text = messages[-1]["text"]
        assert "Acme: weekly digest 2026-W47" in text and "ERpost" in text
    assert sorted(p.name for p in out.iterdir()) == [
        f"digest-acme-2026-W47-{n}.png" for n in ("daily", "heat", "response", "sentiment")
    ]
    assert await statuses(world) == dict.fromkeys(OWNERS, "sent")
    async with world.pipeline.deps.sessions() as session:
        counts = await session.execute(select(MemberCountRow.chat_id, MemberCountRow.count))
        assert dict(counts.all()) == {CHANNEL: 4, GROUP: 1, VK_WALL: 1000}  # readers + the bot


async def test_a_restart_right_after_sending_sends_nothing_again(setup, database):
    world, emu, bot = setup
    await send(world, bot)
    calls = len(emu.calls())
    restarted = build_pipeline(database)  # a new process: nothing in memory survives
    outcome = await send(restarted, bot)
    assert outcome.sent == [] and outcome.already == list(OWNERS)
    assert len(emu.calls()) == calls


async def test_an_owner_who_blocked_the_bot_is_skipped(setup):
    world, emu, bot = setup
    emu.block_bot(OWNERS[0])
    outcome = await send(world, bot)
    assert outcome.blocked == [OWNERS[0]] and outcome.sent == [OWNERS[1]]
    assert emu.sent(OWNERS[1], method="sendMediaGroup")
    assert await statuses(world) == {OWNERS[0]: "blocked", OWNERS[1]: "sent"}
    again = await send(world, bot)  # the blocked owner is not retried all week
    assert again.already == list(OWNERS)


async def test_a_transient_failure_releases_the_claim(setup):
    world, emu, bot = setup
    emu.inject("sendMediaGroup", kind="500", times=1)
    first = await send(world, bot)
    assert first.failed == [OWNERS[0]] and first.sent == [OWNERS[1]]
    second = await send(world, bot)
    assert second.sent == [OWNERS[0]] and second.already == [OWNERS[1]]
    async with world.pipeline.deps.sessions() as session:
        assert await interrupted_claims(session) == []


def test_due_week_follows_the_configured_day_and_zone(setup):
    world, _, _ = setup
    acme = world.community
    assert due_week(acme, MONDAY_10).label == "2026-W47"
    assert due_week(acme, datetime(2026, 11, 23, 6, 59, tzinfo=UTC)) is None  # 09:59 Moscow
    assert due_week(acme, datetime(2026, 11, 24, 6, 59, tzinfo=UTC)).label == "2026-W47"
    assert due_week(acme, datetime(2026, 11, 24, 7, 0, tzinfo=UTC)) is None  # too late
