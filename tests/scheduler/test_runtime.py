"""The APScheduler wiring (weekly jobs per community) and previews before publishing."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from scheduler.runtime import SchedulerRuntime
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import (
    CHANNEL_ID,
    MANAGERS_ID,
    START,
    FakePublisher,
    community,
    make_job,
    plan,
)


async def test_weekly_job_fires_at_local_time_in_its_zone(database) -> None:
    job = make_job(database.sessions, community(), {}, FakeDesk(), FixedClock(START))
    runtime = SchedulerRuntime(job)
    calls: list[str] = []

    async def digest() -> None:
        calls.append("digest")

    runtime.add_weekly("digest:acme", 0, time(10, 0), "Europe/Berlin", digest)
    trigger = runtime.scheduler.get_job("weekly:digest:acme").trigger
    before = trigger.get_next_fire_time(None, datetime(2026, 3, 25, tzinfo=UTC))
    after = trigger.get_next_fire_time(None, datetime(2026, 3, 31, tzinfo=UTC))
    assert (before.isoformat(), after.isoformat()) == (
        "2026-03-30T10:00:00+02:00",
        "2026-04-06T10:00:00+02:00",
    )
    await runtime.scheduler.get_job("weekly:digest:acme").func()
    assert calls == ["digest"]


async def test_runtime_publishes_when_started(database) -> None:
    publisher, clock = FakePublisher(), FixedClock(START)
    job = make_job(database.sessions, community(), {"telegram": publisher}, FakeDesk(), clock)
    runtime = SchedulerRuntime(job)
    await plan(database.sessions, "now", START)
    report = await runtime.publish_now()
    assert report.published == 1 and len(publisher.sent) == 1


async def test_preview_goes_to_the_managers_once_before_publishing(database) -> None:
    publisher, clock, desk = FakePublisher(), FixedClock(START), FakeDesk()
    comm = community(preview_before_publish=True)
    job = make_job(database.sessions, comm, {"telegram": publisher}, desk, clock)
    await plan(database.sessions, "soon", START + timedelta(minutes=20))
    await job.tick()
    await job.tick()
    assert [chat for _, chat in publisher.sent] == [MANAGERS_ID]
    assert len(desk.notices) == 1 and "Preview of scheduled post #1" in desk.notices[0]
    clock.advance(minutes=20)
    await job.tick()
    assert [chat for _, chat in publisher.sent] == [MANAGERS_ID, CHANNEL_ID]
