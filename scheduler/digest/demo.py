"""`otklik demo` ends with the owner's digest for the current week, charts in its --out folder."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config.settings import Community
from scheduler.digest.job import send_weekly_digest
from scheduler.digest.rollups import rebuild_rollups
from scheduler.digest.week import Week


async def send_demo_digest(app: Any, community: Community, out: Path) -> int:
    """Send this (partial) week's digest to the owners through ``app.bot``; returns how many
    got it. The week's rollups are recounted first, so the digest is right even if the
    composition root did not register the rollup hook."""
    from bot.telegram.digest_sender import TelegramDigestSender

    now = datetime.now(UTC)
    week = Week.containing(now.astimezone(community.tz).date(), community.tz)
    sessions = app.pipeline.deps.sessions
    async with sessions() as session, session.begin():
        await rebuild_rollups(session, community.id, community.tz, week.days[0], week.days[-1])
    outcome = await send_weekly_digest(
        sessions, community, week, TelegramDigestSender(app.bot),
        readings=app.dispatcher["digests"].readings, now=now, out_dir=out,
    )  # fmt: skip
    return len(outcome.sent)
