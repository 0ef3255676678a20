"""How long the digest takes to build for a community whose week holds N comments.

`python -m scheduler.digest.bench --sqlite --pg --n 100000 1000000`

The week (2026-W47, Moscow) gets N comments and the week before N/4 (the digest compares the
two); 1% are flagged negatives with answers, 20 posts, joins and reactions. Comments go in with
the driver's bulk path (sqlite3 executemany, asyncpg COPY); the rollups are counted by the same
Tally the live after-store hook uses. Timed: the numbers (SQL aggregates); charts are drawn once
and reported apart (matplotlib costs the same whatever the week held).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from config.settings import Community
from scheduler.digest.charts import draw_charts
from scheduler.digest.members import record_member_counts
from scheduler.digest.metrics import build_digest
from scheduler.digest.rollups import CommentFacts, Tally, write_tally
from scheduler.digest.week import Week
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import CommentRow, FlagRow, MemberEventRow, PostRow

COMMUNITY = Community(id="bench", name="Bench", language="en", owners=(1,), managers_chat_id=-1)
WEEK = Week.parse("2026-W47", COMMUNITY.tz)
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
GROUP, CHANNEL, DISCUSSION, WALL = -1001, -1002, -1003, -2000
COLUMNS = [c.name for c in CommentRow.__table__.columns]


def _comments(n: int, week: Week, first_id: int, rng: random.Random) -> list[tuple]:
    """Rows in table column order: 1 in 3 in a channel thread or on the VK wall."""
    authors = max(1000, n // 50)
    seconds = int((week.end - week.start).total_seconds())
    rows = []
    for i in range(n):
        at = week.start + timedelta(seconds=rng.randrange(seconds))
        kind = i % 6
        platform, chat, source, post = "telegram", GROUP, "group", None
        if kind == 4:
            chat, source, post = DISCUSSION, "discussion", 1000 + rng.randrange(10)
        elif kind == 5:
            platform, chat, source, post = "vk", WALL, "wall", 1 + rng.randrange(10)
        label = "negative" if i % 100 == 0 else ("positive" if i % 3 == 0 else "neutral")
        author = rng.randrange(authors)
        rows.append((
            first_id + i, "bench", platform, chat, first_id + i, source, post, None, author,
            f"user {author}", None, "comment text", None, f"https://t.me/c/1/{first_id + i}",
            False, at, None, None, label, 0.8, 0.1, "ru", False, False, "",
        ))  # fmt: skip
    return rows


def _tally(rows: list[tuple]) -> Tally:
    tally = Tally()
    tz = COMMUNITY.tz
    for r in rows:  # the same counting the live hook does
        tally.add(CommentFacts("bench", r[2], r[3], r[5], r[6], r[8], r[9], r[15], r[18]), tz)
    return tally


async def _bulk_insert(engine: Any, url: str, schema: str | None, rows: list[tuple]) -> None:
    if engine.dialect.name == "sqlite":
        import sqlite3

        path = make_url(url).database
        with sqlite3.connect(path) as conn:
            fmt = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite
            at = COLUMNS.index("created_at")
            marks = ",".join("?" * len(COLUMNS))
            conn.executemany(
                f"INSERT INTO comments ({','.join(COLUMNS)}) VALUES ({marks})",
                ((*r[:at], r[at].astimezone(UTC).strftime(fmt), *r[at + 1 :]) for r in rows),
            )
        return
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        await raw.copy_records_to_table(
            "comments", records=rows, columns=COLUMNS, schema_name=schema or "public"
        )
        await conn.commit()


async def fill(engine: Any, url: str, schema: str | None, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    previous = _comments(n // 4, WEEK.previous(), 1, rng)
    current = _comments(n, WEEK, len(previous) + 1, rng)
    for rows in (previous, current):
        await _bulk_insert(engine, url, schema, rows)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        for rows in (previous, current):
            await write_tally(session, _tally(rows))
        flags = [
            {"comment_id": r[0], "community": "bench", "created_at": r[15], "ack_sent": False,
             "status": "open" if i % 4 == 0 else "replied",
             "first_response_at": None if i % 4 == 0 else r[15] + timedelta(minutes=5 + i % 90)}
            for i, r in enumerate(r for r in previous + current if r[18] == "negative")
        ]  # fmt: skip
        await session.execute(FlagRow.__table__.insert(), flags)
        await session.execute(MemberEventRow.__table__.insert(), _members(n, rng))
        await session.execute(PostRow.__table__.insert(), _posts(rng))
        await record_member_counts(
            session, "bench", {("telegram", CHANNEL): 50_000, ("vk", WALL): 80_000},
            WEEK.days[-1], WEEK.end,
        )  # fmt: skip
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE"))


def _members(n: int, rng: random.Random) -> list[dict]:
    return [
        {"community": "bench", "platform": "telegram", "chat_id": GROUP, "user_id": i,
         "user_name": "x", "kind": "join" if i % 3 else "leave", "event_key": f"m{i}",
         "at": WEEK.start + timedelta(seconds=rng.randrange(7 * 86400))}
        for i in range(max(10, n // 1000))
    ]  # fmt: skip


def _posts(rng: random.Random) -> list[dict]:
    blank = dict.fromkeys(("discussion_chat_id", "discussion_message_id", "likes", "reposts"))
    posts = []
    for i in range(10):
        at = WEEK.start + timedelta(hours=12 * i + 1)
        posts.append({**blank, "community": "bench", "platform": "telegram", "chat_id": CHANNEL,
                      "post_id": 500 + i, "text": f"post {i}", "published_at": at,
                      "discussion_chat_id": DISCUSSION, "discussion_message_id": 1000 + i,
                      "views": rng.randrange(1000, 9000)})  # fmt: skip
        posts.append({**blank, "community": "bench", "platform": "vk", "chat_id": WALL,
                      "post_id": 1 + i, "text": f"wall {i}", "published_at": at,
                      "views": rng.randrange(1000, 9000),
                      "likes": rng.randrange(100), "reposts": rng.randrange(20)})  # fmt: skip
    return posts


async def _bench(url: str, n: int, runs: int) -> dict[str, float]:
    schema = None
    admin = None
    if make_url(url).get_backend_name() == "postgresql":
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(url)
        async with admin.begin() as conn:
            await conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, schema=schema)
    try:
        await upgrade(engine)
        started = time.perf_counter()
        await fill(engine, url, schema, n)
        fill_s = time.perf_counter() - started
        sessions = session_factory(engine)
        timings = []
        digest = None
        for _ in range(runs):
            started = time.perf_counter()
            async with sessions() as session:
                digest = await build_digest(session, COMMUNITY, WEEK)
            timings.append((time.perf_counter() - started) * 1000)
        assert digest is not None and digest.now.comments == n, "the week was not filled"
        started = time.perf_counter()
        draw_charts(digest)
        charts_ms = (time.perf_counter() - started) * 1000
    finally:
        await engine.dispose()
        if admin is not None:
            async with admin.begin() as conn:
                await conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            await admin.dispose()
    return {
        "median": statistics.median(timings), "min": min(timings), "max": max(timings),
        "runs": runs, "charts_ms": charts_ms, "fill_s": fill_s,
    }  # fmt: skip


def bench_digest(url: str, n_comments: int, runs: int = 5) -> dict[str, float]:
    """Fill a fresh database (a new SQLite file / PostgreSQL schema) and time the digest build
    ``runs`` times; returns {"median", "min", "max", "runs"} in ms (+ charts_ms, fill_s)."""
    return asyncio.run(_bench(url, n_comments, runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--pg", action="store_true")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--n", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    backends = [name for name in ("sqlite", "pg") if getattr(args, name)] or ["sqlite"]
    print(f"{'backend':8} {'comments':>10} {'median ms':>10} {'min':>8} {'max':>8} "
          f"{'charts ms':>10} {'fill s':>7}")  # fmt: skip
    for n in args.n:
        for backend in backends:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
                result = bench_digest(url if backend == "sqlite" else args.pg_url, n, args.runs)
            r = result
            print(f"{backend:8} {n:>10} {r['median']:>10.1f} {r['min']:>8.1f} {r['max']:>8.1f} "
                  f"{r['charts_ms']:>10.0f} {r['fill_s']:>7.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
