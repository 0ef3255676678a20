"""The weekly job: build one community's digest for a week and send it to every owner once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from handlers.ports import Clock, DeliveryError
from scheduler.digest import send as claims
from scheduler.digest.charts import Chart, draw_charts
from scheduler.digest.metrics import build_digest
from scheduler.digest.numbers import Digest
from scheduler.digest.readings import Readings
from scheduler.digest.render import render
from scheduler.digest.send import DigestSender
from scheduler.digest.week import Week

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    digest: Digest
    text: str
    charts: list[Chart]

    def write(self, out_dir: Path) -> list[Path]:
        """Save the charts as <community>-<week>-<name>.png; returns the paths."""
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        for chart in self.charts:
            path = out_dir / f"digest-{self.digest.community}-{self.digest.week}-{chart.filename}"
            path.write_bytes(chart.png)
            paths.append(path)
        return paths


@dataclass
class DigestOutcome:
    community: str
    week: str
    sent: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # claimed earlier: never sent twice
    blocked: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # transient: claim released, retry later


async def prepare_digest(
    sessions: async_sessionmaker[AsyncSession],
    community: Community,
    week: Week,
    *,
    readings: Readings | None = None,
    now: datetime | None = None,
) -> Prepared:
    """Numbers, text and charts (charts drawn in a worker thread: matplotlib is CPU-bound).
    ``readings`` asks the platforms for member counts and post counters first."""
    now = now or datetime.now(UTC)
    if readings is not None:
        await readings.refresh(sessions, community, week, now)
    async with sessions() as session:
        digest = await build_digest(session, community, week)
    charts = await asyncio.to_thread(draw_charts, digest)
    return Prepared(digest, render(digest), charts)


async def send_weekly_digest(
    sessions: async_sessionmaker[AsyncSession],
    community: Community,
    week: Week,
    sender: DigestSender,
    *,
    readings: Readings | None = None,
    now: datetime | None = None,
    out_dir: Path | None = None,
) -> DigestOutcome:
    """Send ``week``'s digest to each owner who has not had it; safe to call any number of
    times (and from two instances): the claim in ``digests_sent`` decides who sends."""
    now = now or datetime.now(UTC)
    outcome = DigestOutcome(community.id, week.label)
    prepared: Prepared | None = None
    for owner in community.owners:
        async with sessions() as session, session.begin():
            mine = await claims.claim(session, community.id, owner, week.label, now)
        if not mine:
            outcome.already.append(owner)
            continue
        try:
            if prepared is None:
                prepared = await prepare_digest(
                    sessions, community, week, readings=readings, now=now
                )
                if out_dir is not None:
                    prepared.write(out_dir)
            ids = await sender.send_digest(owner, prepared.text, prepared.charts)
        except DeliveryError as exc:
            if not exc.permanent:
                await _release(sessions, community.id, owner, week.label, exc.reason)
                outcome.failed.append(owner)
                continue
            # 403 (blocked) or chat not found: retrying cannot help; the others still get theirs.
            log.warning("digest %s/%s: owner %s unreachable (%s), skipped",
                        community.id, week.label, owner, exc.reason)  # fmt: skip
            await _mark(sessions, community.id, owner, week.label, status="blocked",
                        error=exc.reason)  # fmt: skip
            outcome.blocked.append(owner)
            continue
        except Exception as exc:
            log.exception("digest %s/%s for owner %s failed", community.id, week.label, owner)
            await _release(sessions, community.id, owner, week.label, str(exc))
            outcome.failed.append(owner)
            continue
        await _mark(sessions, community.id, owner, week.label, status="sent", at=now,
                    message_ids=ids)  # fmt: skip
        outcome.sent.append(owner)
    return outcome


async def _mark(
    sessions: async_sessionmaker[AsyncSession], *args: object, **values: object
) -> None:
    async with sessions() as session, session.begin():
        await claims.mark(session, *args, **values)  # type: ignore[arg-type]


async def _release(
    sessions: async_sessionmaker[AsyncSession], community: str, owner: int, week: str, why: str
) -> None:
    log.error("digest %s/%s for owner %s not sent, will retry: %s", community, week, owner, why)
    async with sessions() as session, session.begin():
        await claims.release(session, community, owner, week)


def scheduled_at(community: Community, week_of: datetime) -> datetime:
    """The configured send moment (weekday, time, community zone) in the week of ``week_of``."""
    local = week_of.astimezone(community.tz).date()
    day = local - timedelta(days=local.weekday() - community.digest.weekday)
    return datetime.combine(day, community.digest.at, community.tz).astimezone(UTC)


def due_week(
    community: Community, now: datetime, grace: timedelta = timedelta(days=1)
) -> Week | None:
    """The week whose digest is due at ``now``: the one before the latest scheduled moment, if
    that moment passed less than ``grace`` ago (a catch-up after downtime, never a surprise days
    late). Calling the job for it again is harmless: claims make it once per owner."""
    if not community.digest.enabled or not community.owners:
        return None
    moment = scheduled_at(community, now)
    if moment > now:
        moment = scheduled_at(community, now - timedelta(days=7))
    if now - moment >= grace:
        return None
    return Week.containing(moment.astimezone(community.tz).date(), community.tz).previous()


class Digests:
    """The digest job with its collaborators bound: what the scheduler and /digest call."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        sender: DigestSender,
        readings: Readings | None = None,
    ) -> None:
        self.sessions = sessions
        self.sender = sender
        self.readings = readings

    async def send(self, community: Community, week: Week) -> DigestOutcome:
        return await send_weekly_digest(
            self.sessions, community, week, self.sender, readings=self.readings
        )

    async def send_due(self, community: Community, clock: Clock) -> DigestOutcome | None:
        """The week due now, if any (the weekly wake-up, and the catch-up at start)."""
        week = due_week(community, clock.now())
        if week is None:
            return None
        return await self.send(community, week)
