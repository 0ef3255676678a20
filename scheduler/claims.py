"""Every state change of a publication is one conditional UPDATE: whoever changes the row
owns the next step, so two instances (or a restarted one) never both send it.

planned ─claim→ claimed ─begin_send→ sending ─→ published | failed | uncertain
planned ─→ missed | cancelled;  failed with a retryable error ─→ planned (with next_try_at)
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PublicationRow

P = PublicationRow


async def due(
    session: AsyncSession, now: datetime, communities: Collection[str], limit: int = 200
) -> list[PublicationRow]:
    """Planned publications whose time (or retry time) has come, oldest first."""
    query = (
        select(P)
        .where(
            P.state == "planned",
            P.due_at <= now,
            or_(P.next_try_at.is_(None), P.next_try_at <= now),
            P.community.in_(communities),
        )
        .order_by(P.due_at, P.id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def _change(session: AsyncSession, pub_id: int, where: Sequence, **values: object) -> bool:
    result = await session.execute(update(P).where(P.id == pub_id, *where).values(**values))
    return result.rowcount == 1


async def claim(session: AsyncSession, pub_id: int, instance: str, now: datetime) -> bool:
    return await _change(
        session,
        pub_id,
        [P.state == "planned", P.due_at <= now],
        state="claimed",
        claimed_by=instance,
        claimed_at=now,
    )


async def begin_send(session: AsyncSession, pub_id: int, instance: str, now: datetime) -> bool:
    """Recorded (and committed) before the request: from here on a crash leaves 'sending'."""
    return await _change(
        session,
        pub_id,
        [P.state == "claimed", P.claimed_by == instance],
        state="sending",
        sending_at=now,
        attempts=P.attempts + 1,
    )


async def published(
    session: AsyncSession, pub_id: int, message_ids: Sequence[int], now: datetime
) -> bool:
    return await _change(
        session,
        pub_id,
        # 'uncertain': another instance gave up on a slow send that did go out after all.
        [P.state.in_(("sending", "uncertain"))],
        state="published",
        published_at=now,
        message_ids=json.dumps(list(message_ids)),
        error=None,
    )


async def failed(session: AsyncSession, pub_id: int, reason: str) -> bool:
    return await _change(
        session, pub_id, [P.state.in_(("claimed", "sending"))], state="failed", error=reason
    )


async def retry_later(session: AsyncSession, pub_id: int, at: datetime, reason: str) -> bool:
    return await _change(
        session,
        pub_id,
        [P.state.in_(("claimed", "sending"))],
        state="planned",
        next_try_at=at,
        claimed_by=None,
        error=reason,
    )


async def uncertain(session: AsyncSession, pub_id: int, reason: str) -> bool:
    return await _change(session, pub_id, [P.state == "sending"], state="uncertain", error=reason)


async def missed(session: AsyncSession, pub_id: int) -> bool:
    return await _change(session, pub_id, [P.state == "planned"], state="missed")


async def release(session: AsyncSession, pub_id: int, claimed_before: datetime) -> bool:
    """A claim whose owner died before it started sending: nothing went out, plan it again."""
    return await _change(
        session,
        pub_id,
        [P.state == "claimed", P.claimed_at < claimed_before],
        state="planned",
        claimed_by=None,
    )


async def requeue(session: AsyncSession, pub_id: int) -> bool:
    """A manager checked an uncertain post was not sent: send it again (now)."""
    return await _change(
        session, pub_id, [P.state.in_(("uncertain", "failed"))], state="planned", next_try_at=None
    )


async def stale(session: AsyncSession, before: datetime, communities: Collection[str]) -> list[P]:
    """Claimed or sending rows older than ``before``: their instance died (or hung)."""
    query = select(P).where(
        P.community.in_(communities),
        or_(
            (P.state == "claimed") & (P.claimed_at < before),
            (P.state == "sending") & (P.sending_at < before),
        ),
    )
    return list((await session.scalars(query)).all())
