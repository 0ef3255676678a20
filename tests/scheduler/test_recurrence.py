"""Recurring posts: friendly phrases, cron, and the right local time across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from scheduler.ports import PostContent
from scheduler.recurrence import ScheduleError, friendly_to_cron, next_times, to_cron
from scheduler.store import NewPost, add_posts, cancel_post
from storage.models import PublicationRow
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import CHANNEL_ID, FakePublisher, community, make_job

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("phrase", "cron"),
    [
        ("every Monday 10:00", "0 10 * * mon"),
        ("каждый понедельник 10:00", "0 10 * * mon"),
        ("every day 09:30", "30 9 * * *"),
        ("ежедневно в 7:05", "5 7 * * *"),
        ("weekdays 18:00", "0 18 * * mon-fri"),
        ("по будням 18:00", "0 18 * * mon-fri"),
        ("every tue, thu 12:15", "15 12 * * tue,thu"),
        ("каждую пятницу в 19:00", "0 19 * * fri"),
    ],
)
def test_friendly_phrases(phrase: str, cron: str) -> None:
    assert friendly_to_cron(phrase) == cron


def test_cron_weekdays_count_from_sunday_like_crontab() -> None:
    after = datetime(2026, 11, 26, tzinfo=UTC)  # a Thursday
    [monday] = next_times("0 10 * * 1", BERLIN, after, limit=1)
    [sunday] = next_times("0 10 * * 0", BERLIN, after, limit=1)
    assert monday.astimezone(BERLIN).strftime("%A %H:%M") == "Monday 10:00"
    assert sunday.astimezone(BERLIN).strftime("%A") == "Sunday"


@pytest.mark.parametrize("bad", ["sometimes", "every day 25:00", "61 * * * *", "0 10 * *"])
def test_unreadable_rules_are_refused(bad: str) -> None:
    with pytest.raises(ScheduleError):
        to_cron(bad)


@pytest.mark.parametrize(
    ("start", "local_dates", "utc_hours"),
    [
        # Spring forward on 2026-03-29: 10:00 local is 09:00 UTC before, 08:00 after.
        (datetime(2026, 3, 27, 6, tzinfo=UTC), ["03-27", "03-28", "03-29", "03-30"], [9, 9, 8, 8]),
        # Fall back on 2026-10-25: 08:00 UTC before, 09:00 after.
        (datetime(2026, 10, 23, 6, tzinfo=UTC), ["10-23", "10-24", "10-25", "10-26"], [8, 8, 9, 9]),
    ],
)
async def test_daily_post_fires_at_local_time_across_dst(
    database, start: datetime, local_dates: list[str], utc_hours: list[int]
) -> None:
    clock, publisher = FixedClock(start), FakePublisher()
    comm = community(telegram_chats=[{"id": CHANNEL_ID, "kind": "channel"}])
    job = make_job(
        database.sessions, comm, {"telegram": publisher}, FakeDesk(), clock, lookahead=timedelta(0)
    )
    post = NewPost(
        "acme",
        PostContent("daily"),
        (f"telegram:{CHANNEL_ID}",),
        "Europe/Berlin",
        run_at=start,
        cron=to_cron("every day 10:00"),
    )
    async with database.sessions() as session, session.begin():
        await add_posts(session, [post], start)
    for _ in range(4 * 24 * 4):  # every 15 minutes for four days
        await job.tick()
        clock.advance(minutes=15)
    async with database.sessions() as session:
        rows = (await session.scalars(select(PublicationRow).order_by(PublicationRow.due_at))).all()
    assert [r.state for r in rows] == ["published"] * 4
    assert [r.due_at.astimezone(BERLIN).strftime("%m-%d %H:%M") for r in rows] == [
        f"{d} 10:00" for d in local_dates
    ]
    assert [r.due_at.hour for r in rows] == utc_hours
    # Each went out at its own tick: no later than 15 minutes after its local 10:00.
    assert all(timedelta(0) <= r.published_at - r.due_at < timedelta(minutes=15) for r in rows)
    assert len(publisher.sent) == 4


async def test_until_ends_a_series_and_cancel_stops_it(database) -> None:
    start = datetime(2026, 11, 23, 8, tzinfo=UTC)  # Monday 09:00 Berlin
    clock, publisher = FixedClock(start), FakePublisher()
    job = make_job(database.sessions, community(), {"telegram": publisher}, FakeDesk(), clock)
    series = NewPost(
        "acme",
        PostContent("weekly"),
        (f"telegram:{CHANNEL_ID}",),
        "Europe/Berlin",
        run_at=start,
        cron="0 10 * * *",
        until=start + timedelta(days=2, hours=6),
    )
    other = NewPost(
        "acme",
        PostContent("cancelled"),
        (f"telegram:{CHANNEL_ID}",),
        "Europe/Berlin",
        run_at=start,
        cron="0 11 * * *",
    )
    async with database.sessions() as session, session.begin():
        _, other_id = await add_posts(session, [series, other], start)
    for _ in range(5 * 24):
        await job.tick()
        if clock.now() >= start + timedelta(days=1, hours=5):
            async with database.sessions() as session, session.begin():
                await cancel_post(session, other_id)
        clock.advance(hours=1)
    texts = [post.text for post, _ in publisher.sent]
    assert texts.count("weekly") == 3  # Mon, Tue, Wed; until is Wed 14:00 UTC
    assert texts.count("cancelled") == 2  # Mon and Tue 11:00, then cancelled


async def test_a_rule_starting_in_the_past_has_no_backlog(database) -> None:
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    clock, publisher, desk = FixedClock(now), FakePublisher(), FakeDesk()
    job = make_job(database.sessions, community(), {"telegram": publisher}, desk, clock)
    post = NewPost("acme", PostContent("daily"), (f"telegram:{CHANNEL_ID}",), "Europe/Berlin",
                   run_at=now - timedelta(days=30), cron="0 10 * * *")  # fmt: skip
    async with database.sessions() as session, session.begin():
        await add_posts(session, [post], now)
    report = await job.tick()
    assert (report.published, report.missed, desk.notices) == (0, 0, [])
    clock.advance(hours=21, minutes=30)  # 09:30 UTC: today's 10:00 Berlin, half an hour late
    assert (await job.tick()).published == 1
