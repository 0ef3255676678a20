"""Shared fixtures. The database backend comes from OTKLIK_TEST_DB (sqlite | postgres).

With postgres, every test gets its own schema in the `test` database, so runs never see each
other's rows; if the server is missing the fixture fails (never skips): CI must notice. Tests
of what otklik keeps in Redis get a key prefix of their own in the Redis at 127.0.0.1:6379,
and fail the same way without it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from handlers.deps import Deps
from handlers.pipeline import Pipeline
from handlers.ports import Classifier
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from tests.fakes import FakeDesk, FakeOutbox, FixedClock, KeywordClassifier, community

PG_URL = os.environ.get("OTKLIK_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("OTKLIK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def backend() -> str:
    return os.environ.get("OTKLIK_TEST_DB", "sqlite")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Only tests that take the `database` fixture (directly or through another) see the
    # backend: `-m database` picks them for the PostgreSQL pass of `make test`.
    for item in items:
        if "database" in getattr(item, "fixturenames", ()):
            item.add_marker("database")


@dataclass(frozen=True)
class Database:
    url: str
    schema: str | None
    engine: AsyncEngine

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return session_factory(self.engine)


@pytest.fixture
async def database(tmp_path) -> AsyncIterator[Database]:
    if backend() == "postgres":
        schema = f"t_{uuid.uuid4().hex[:12]}"
        admin = create_engine(PG_URL)
        async with admin.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine = create_engine(PG_URL, schema=schema)
        try:
            await upgrade(engine)
            yield Database(PG_URL, schema, engine)
        finally:
            await engine.dispose()
            async with admin.begin() as conn:
                await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            await admin.dispose()
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'otklik.db'}"
        engine = create_engine(url)
        await upgrade(engine)
        try:
            yield Database(url, None, engine)
        finally:
            await engine.dispose()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the Redis at REDIS_URL, emptied afterwards."""
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except (RedisError, OSError) as exc:
        client.close()
        pytest.fail(f"these tests need the Redis at {REDIS_URL}: {type(exc).__name__}: {exc}")
    prefix = f"otklik-test:{uuid.uuid4().hex[:12]}"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def world(database):
    """The core with fakes at every port: ``build(...)`` makes a Pipeline for one community."""
    desk, outbox, clock = FakeDesk(), FakeOutbox(), FixedClock()

    def build(classifier: Classifier | None = None, **community_changes: object) -> Pipeline:
        chosen = classifier or KeywordClassifier()
        deps = Deps(
            sessions=database.sessions,
            communities={"cafe": community(**community_changes)},
            classifier_for=lambda _c: chosen,
            desk=desk,
            outboxes={"telegram": outbox},
            clock=clock,
        )
        return Pipeline(deps)

    return build, desk, outbox, clock, database
