"""Sending the digest to owners: the port a platform implements, and the once-per-week claims.

Rule: an owner's row in ``digests_sent`` is claimed (status "claimed") before anything is sent,
and only then marked "sent" with the message ids. A crash between the claim and the mark leaves
"claimed": that week's digest is NOT sent again automatically (at most once: a restart must
never repeat a digest); the owner can still ask for it with /digest, and ``interrupted_claims``
lists such rows for a log line at start. A transient failure (network, 5xx after retries)
releases the claim so the next run tries again; a 403 (the owner blocked the bot) is kept as
"blocked" and that owner is skipped for the week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.ports import DeliveryError
from scheduler.digest.charts import Chart
from storage.models import DigestSentRow
from storage.upsert import insert_for


class OwnerUnreachable(DeliveryError):
    """The owner blocked the bot or never started it (403): retrying will not help."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, permanent=True)


class DigestSender(Protocol):
    async def send_digest(self, chat_id: int, text: str, charts: Sequence[Chart]) -> list[int]:
        """Send the charts (an album) and the HTML text; return the message ids.
        Raises OwnerUnreachable (403) or DeliveryError."""
        ...


async def claim(session: AsyncSession, community: str, owner: int, week: str, at: datetime) -> bool:
    """True if this call took the (community, owner, week) slot; False if it was taken before."""
    result = await session.execute(
        insert_for(session, DigestSentRow.__table__)
        .values(
            community=community, owner_id=owner, week=week, status="claimed",
            claimed_at=at, message_ids="",
        )
        .on_conflict_do_nothing(index_elements=["community", "owner_id", "week"])
    )  # fmt: skip
    return result.rowcount == 1


async def mark(
    session: AsyncSession,
    community: str,
    owner: int,
    week: str,
    *,
    status: str,
    at: datetime | None = None,
    message_ids: Sequence[int] = (),
    error: str | None = None,
) -> None:
    d = DigestSentRow
    await session.execute(
        update(d)
        .where(d.community == community, d.owner_id == owner, d.week == week)
        .values(
            status=status,
            sent_at=at,
            message_ids=",".join(map(str, message_ids)),
            error=error and error[:500],
        )
    )


async def release(session: AsyncSession, community: str, owner: int, week: str) -> None:
    d = DigestSentRow
    await session.execute(
        delete(d).where(
            d.community == community, d.owner_id == owner, d.week == week, d.status == "claimed"
        )
    )


async def interrupted_claims(session: AsyncSession) -> list[tuple[str, int, str]]:
    """(community, owner, week) claimed but never marked: a crash during sending."""
    d = DigestSentRow
    rows = await session.execute(
        select(d.community, d.owner_id, d.week).where(d.status == "claimed").order_by(d.id)
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]
