"""The short numbers /stats shows managers (the weekly digest has the full picture)."""

from __future__ import annotations

import statistics
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.flags import flag_counts
from storage.models import CommentRow, FlagRow


async def recent_stats(session: AsyncSession, community: str, since: datetime) -> dict[str, object]:
    comments = await session.scalar(
        select(func.count())
        .select_from(CommentRow)
        .where(CommentRow.community == community, CommentRow.created_at >= since)
    )
    counts = await flag_counts(session, community, since)
    rows = await session.execute(
        select(FlagRow.first_response_at, CommentRow.created_at)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(
            FlagRow.community == community,
            FlagRow.created_at >= since,
            FlagRow.first_response_at.is_not(None),
        )
    )
    waits = [(answered - created).total_seconds() for answered, created in rows]
    return {
        "comments": comments or 0,
        "flags": sum(counts.values()),
        "replied": counts.get("replied", 0),
        "resolved": counts.get("resolved", 0),
        "open": counts.get("open", 0),
        "median_response_s": statistics.median(waits) if waits else None,
    }
