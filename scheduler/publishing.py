"""The publish job: one tick turns due rules into rows, then claims and sends each due row.

Exactly once, and what happens when the process dies:
- killed after the claim, before 'sending' is recorded: nothing went out; the claim goes
  stale and any instance plans the row again.
- killed after 'sending' is recorded (the request may or may not have reached the platform):
  * VK: the publisher reads the wall (wall.get) for the post; found → recorded as published
    with that id; not found → sent again. wall.post also carries a guid, which VK uses to drop
    repeats.
  * Telegram: sendMessage is not idempotent and a bot cannot read a chat's history, so the row
    is marked 'uncertain' and NOT sent again; the managers are told to check and to run
    `otklik plan resend ID` if it is missing. We prefer a rare missing post that a person
    confirms over a duplicate in a channel.
- killed after the platform ids are recorded: done, nothing to do.
A stale claim is one older than ``stale_after`` (sends take seconds), so a live instance's
in-flight row is never taken over.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Community
from handlers.events import PostPublished
from handlers.ports import Clock, DeliveryError, ManagerDesk, SilentTimeline, Timeline
from scheduler import claims, store
from scheduler.markup import to_plain
from scheduler.notices import notice, where
from scheduler.ports import PostContent, Published, Publisher
from scheduler.previews import Previews
from storage.activity import record_post
from storage.models import PublicationRow

log = logging.getLogger(__name__)
FaultHook = Callable[[str, int], None]


@dataclass
class TickReport:
    published: int = 0
    failed: int = 0
    missed: int = 0
    retried: int = 0
    uncertain: int = 0


class PublishJob:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        communities: Mapping[str, Community],
        publishers: Mapping[str, Publisher],
        desk: ManagerDesk,
        clock: Clock,
        *,
        instance: str | None = None,
        stale_after: timedelta = timedelta(minutes=5),
        lookahead: timedelta = timedelta(minutes=30),
        max_attempts: int = 5,
        backoff: timedelta = timedelta(seconds=30),
        timeline: Timeline | None = None,
        fault: FaultHook | None = None,
    ) -> None:
        self.sessions = sessions
        self.communities = communities
        self.publishers = publishers
        self.desk = desk
        self.clock = clock
        self.instance = instance or uuid.uuid4().hex[:12]
        self.stale_after = stale_after
        self.lookahead = lookahead
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.timeline = timeline or SilentTimeline()
        # Tests kill the process at a chosen point: "claimed", "sending", "sent".
        self._fault = fault or (lambda point, pub_id: None)
        self.previews = Previews(sessions, communities, publishers, desk, clock)

    async def tick(self) -> TickReport:
        """One pass: recover stale rows, plan occurrences, preview, publish what is due."""
        report = TickReport()
        await self.recover(report)
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            await store.materialize(session, now, self.communities, lookahead=self.lookahead)
        await self.previews.send_due(now, self.lookahead)
        async with self.sessions() as session:
            rows = await claims.due(session, now, self.communities)
        for row in rows:
            await self._handle(row, report)
        return report

    async def recover(self, report: TickReport | None = None) -> None:
        report = report or TickReport()
        before = self.clock.now() - self.stale_after
        async with self.sessions() as session:
            rows = await claims.stale(session, before, self.communities)
        for row in rows:
            if row.state == "claimed":
                async with self.sessions() as session, session.begin():
                    await claims.release(session, row.id, before)
            else:
                await self._resolve_unknown(row, report)

    # --- one publication ---------------------------------------------------------------

    async def _handle(self, row: PublicationRow, report: TickReport) -> None:
        community = self.communities[row.community]
        now = self.clock.now()
        grace = timedelta(minutes=community.publish_grace_minutes)
        if row.attempts == 0 and row.due_at < now - grace:
            async with self.sessions() as session, session.begin():
                changed = await claims.missed(session, row.id)
            if changed:
                report.missed += 1
                await self._tell(community, row, "missed", grace=community.publish_grace_minutes)
            return
        async with self.sessions() as session, session.begin():
            if not await claims.claim(session, row.id, self.instance, now):
                return  # another instance has it
            post = await store.get_post(session, row.scheduled_post_id)
        self._fault("claimed", row.id)
        assert post is not None
        content = store.content_of(post)
        publisher = self.publishers.get(row.platform)
        if publisher is None:
            async with self.sessions() as session, session.begin():
                reason = notice(community.language, "no_publisher", platform=row.platform)
                await claims.failed(session, row.id, reason)
            report.failed += 1
            await self._tell(community, row, "failed", reason=reason)
            return
        async with self.sessions() as session, session.begin():
            if not await claims.begin_send(session, row.id, self.instance, self.clock.now()):
                return
        self._fault("sending", row.id)
        try:
            result = await publisher.publish(content, row.chat_id, key=_key(row))
        except DeliveryError as exc:
            await self._refused(community, row, exc, report)
            return
        except Exception:
            # The request may have reached the platform: treat it as a crash mid-send.
            log.exception("publication %d: outcome unknown", row.id)
            async with self.sessions() as session:
                fresh = await session.get(PublicationRow, row.id)
            if fresh is not None:
                await self._resolve_unknown(fresh, report)
            return
        self._fault("sent", row.id)
        await self._record(community, row, content, result, report)

    async def _refused(
        self, community: Community, row: PublicationRow, exc: DeliveryError, report: TickReport
    ) -> None:
        attempts = row.attempts + 1
        async with self.sessions() as session, session.begin():
            if not exc.permanent and attempts < self.max_attempts:
                delay = self.backoff * 2 ** (attempts - 1)
                await claims.retry_later(session, row.id, self.clock.now() + delay, exc.reason)
                report.retried += 1
                return
            await claims.failed(session, row.id, exc.reason)
        report.failed += 1
        await self._tell(community, row, "failed", reason=exc.reason)

    async def _record(
        self,
        community: Community,
        row: PublicationRow,
        content: PostContent,
        result: Published,
        report: TickReport,
    ) -> None:
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            if not await claims.published(session, row.id, result.message_ids, now):
                return
            await record_post(
                session,
                PostPublished(
                    community.id, row.platform, row.chat_id, result.post_id,  # type: ignore[arg-type]
                    to_plain(content.text), now,
                ),
            )  # fmt: skip
        report.published += 1
        self.timeline.record("post_published", community.id, row.platform, str(result.post_id))
        for warning in result.warnings:
            await self._tell(community, row, "warning", reason=warning)

    async def _resolve_unknown(self, row: PublicationRow, report: TickReport) -> None:
        """A 'sending' row whose outcome we do not know (see the module docstring)."""
        community = self.communities[row.community]
        publisher = self.publishers.get(row.platform)
        async with self.sessions() as session:
            post = await store.get_post(session, row.scheduled_post_id)
        assert post is not None
        content = store.content_of(post)
        started = row.sending_at or row.claimed_at or self.clock.now()
        if publisher is not None and publisher.can_verify:
            try:
                found = await publisher.find_published(
                    content, row.chat_id, key=_key(row), since=started.timestamp()
                )
            except Exception:
                log.warning("publication %d: cannot check the platform yet", row.id)
                return
            if found is not None:
                await self._record(community, row, content, found, report)
                return
            async with self.sessions() as session, session.begin():
                await claims.retry_later(session, row.id, self.clock.now(), "re-sent: not found")
            report.retried += 1
            return
        async with self.sessions() as session, session.begin():
            changed = await claims.uncertain(session, row.id, "stopped while sending")
        if changed:
            report.uncertain += 1
            at = started.astimezone(community.tz).strftime("%Y-%m-%d %H:%M")
            await self._tell(community, row, "uncertain", at=at, pub=row.id)

    async def _tell(self, community: Community, row: PublicationRow, key: str, **values) -> None:
        due = row.due_at.astimezone(community.tz).strftime("%Y-%m-%d %H:%M")
        text = notice(
            community.language,
            key,
            post=row.scheduled_post_id,
            where=where(row.platform, row.chat_id),
            due=due,
            **values,
        )
        try:
            await self.desk.tell(community, text)
        except DeliveryError as exc:
            log.warning("could not tell %s's managers: %s", community.id, exc.reason)


def _key(row: PublicationRow) -> str:
    """Stable per publication: VK's guid, so VK itself drops a repeated wall.post."""
    return f"otklik-{row.id}"
