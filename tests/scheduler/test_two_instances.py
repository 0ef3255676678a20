"""Two otklik instances, each with its own engine and its own APScheduler, race over 100 due
posts: each post is published exactly once. Always run on PostgreSQL (and also on the
backend OTKLIK_TEST_DB selects)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.emulators.telegram import TelegramEmulator
from handlers.ports import SystemClock
from scheduler.ports import PostContent
from scheduler.publishing import PublishJob
from scheduler.runtime import SchedulerRuntime
from scheduler.store import NewPost, add_posts
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import PublicationRow
from tests.conftest import PG_URL
from tests.fakes import FakeDesk
from tests.scheduler.helpers import CHANNEL_ID, community, make_bot, publishers, telegram_world

POSTS = 100


class Counting:
    """A Timeline that sets an event once every post is recorded as published."""

    def __init__(self, expected: int) -> None:
        self.published: list[str] = []
        self.expected = expected
        self.done = asyncio.Event()

    def record(self, kind: str, community: str, platform: str, detail: str) -> None:
        if kind == "post_published":
            self.published.append(detail)
            if len(self.published) >= self.expected:
                self.done.set()


@pytest.fixture
async def pg_url_and_schema():
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        engine = create_engine(PG_URL, schema=schema)
        await upgrade(engine)
        await engine.dispose()
        yield PG_URL, schema
    finally:
        async with admin.begin() as conn:
            await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        await admin.dispose()


@pytest.fixture(params=["postgres", "configured"])
def backend(request, database, pg_url_and_schema):
    if request.param == "postgres":
        return pg_url_and_schema
    return database.url, database.schema


async def test_two_instances_publish_each_due_post_exactly_once(backend) -> None:
    url, schema = backend
    comm = community()
    now = datetime.now(UTC)
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        engines = [create_engine(url, schema=schema) for _ in range(2)]
        bots = [make_bot(emu.base_url, emu.token) for _ in range(2)]
        timeline = Counting(POSTS)
        runtimes = [
            SchedulerRuntime(
                PublishJob(
                    session_factory(engine),
                    {comm.id: comm},
                    publishers(bot, None),
                    FakeDesk(),
                    SystemClock(),
                    instance=f"i{n}",
                    timeline=timeline,
                ),
                interval=timedelta(milliseconds=200),
            )
            for n, (engine, bot) in enumerate(zip(engines, bots, strict=True))
        ]
        async with session_factory(engines[0])() as session, session.begin():
            await add_posts(
                session,
                [
                    NewPost(
                        "acme",
                        PostContent(f"post {n}"),
                        (f"telegram:{CHANNEL_ID}",),
                        comm.timezone,
                        run_at=now - timedelta(minutes=1),
                    )
                    for n in range(POSTS)
                ],
                now,
            )
        try:
            for runtime in runtimes:
                runtime.start()
            await asyncio.wait_for(timeline.done.wait(), 60)
        finally:
            for runtime in runtimes:
                await runtime.stop()
            for bot in bots:
                await bot.session.close()
        async with session_factory(engines[0])() as session:
            rows = (await session.scalars(select(PublicationRow))).all()
        for engine in engines:
            await engine.dispose()
        texts = Counter(m["text"] for m in emu.sent(CHANNEL_ID))
        assert len(texts) == POSTS and set(texts.values()) == {1}
        assert len(emu.calls("sendMessage")) == POSTS
        assert len(rows) == POSTS and {r.state for r in rows} == {"published"}
        assert len(timeline.published) == POSTS
        print("published per instance:", Counter(r.claimed_by for r in rows))
