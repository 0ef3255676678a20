"""The ONE place that wires otklik's jobs into APScheduler (3.x, AsyncIOScheduler).

APScheduler only wakes things up: the publish job reads our tables, which say what is due, so
a lost or doubled wake-up changes nothing. Jobs are plain async functions.

    runtime = SchedulerRuntime.build(settings, sessions, publishers, desk)
    runtime.add_weekly("digest:acme", weekday=0, at=time(10), tz="Europe/Berlin",
                       coro_factory=lambda: send_digest("acme"))
    runtime.start()      # inside the running event loop
    ...
    await runtime.stop()
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Settings
from handlers.ports import Clock, ManagerDesk, SystemClock
from scheduler.ports import Publisher
from scheduler.publishing import PublishJob, TickReport
from storage.models import PublicationRow

log = logging.getLogger(__name__)
PUBLISH_JOB, WAKE_JOB = "publish-due", "publish-next"


class SchedulerRuntime:
    def __init__(
        self,
        job: PublishJob,
        *,
        interval: timedelta = timedelta(seconds=30),
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        self.job = job
        self.interval = interval
        self.scheduler = scheduler or AsyncIOScheduler(timezone=UTC)

    @classmethod
    def build(
        cls,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        publishers: Mapping[str, Publisher],
        desk: ManagerDesk,
        clock: Clock | None = None,
        *,
        interval: timedelta = timedelta(seconds=30),
        **job_options: Any,
    ) -> SchedulerRuntime:
        communities = {c.id: c for c in settings.communities}
        job = PublishJob(
            sessions, communities, publishers, desk, clock or SystemClock(), **job_options
        )
        return cls(job, interval=interval)

    def start(self) -> None:
        """Start waking the publisher (call from inside the running event loop)."""
        self.scheduler.add_job(
            self.publish_now,
            IntervalTrigger(seconds=self.interval.total_seconds()),
            id=PUBLISH_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(UTC),  # catch up on what is due at once
        )
        self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def add_weekly(
        self,
        name: str,
        weekday: int,
        at: time,
        tz: str | ZoneInfo,
        coro_factory: Callable[[], Awaitable[Any]],
    ) -> None:
        """Run ``coro_factory()`` every week on ``weekday`` (0 = Monday) at local ``at``.
        The job must be idempotent (claim its work in the database): a wake-up may repeat."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz

        async def run() -> None:
            try:
                await coro_factory()
            except Exception:
                log.exception("weekly job %s failed", name)

        self.scheduler.add_job(
            run,
            CronTrigger(day_of_week=weekday, hour=at.hour, minute=at.minute, timezone=zone),
            id=f"weekly:{name}",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )

    async def publish_now(self) -> TickReport:
        """One publish pass (also what the interval job runs); then wake up at the next due time
        if that comes before the next interval."""
        try:
            report = await self.job.tick()
        except Exception:
            log.exception("publishing pass failed; the next wake-up retries")
            return TickReport()
        await self._arm_next_wake()
        return report

    async def _arm_next_wake(self) -> None:
        now = datetime.now(UTC)
        when = func.coalesce(PublicationRow.next_try_at, PublicationRow.due_at)
        async with self.job.sessions() as session:
            soonest = await session.scalar(
                select(func.min(when)).where(
                    PublicationRow.state == "planned",
                    PublicationRow.community.in_(self.job.communities),
                    when > now,
                )
            )
        if soonest is None or not self.scheduler.running:
            return
        if soonest.tzinfo is None:  # SQLite hands back the bare value of an expression
            soonest = soonest.replace(tzinfo=UTC)
        if soonest - now < self.interval:
            self.scheduler.add_job(
                self.publish_now, DateTrigger(soonest), id=WAKE_JOB, replace_existing=True
            )
