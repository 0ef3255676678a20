"""What the demo did, counted from the database: the numbers summary.json reports."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AutoReplyRow, CommentRow, FlagRow

PLATFORMS = ("telegram", "vk")


async def platform_counts(session: AsyncSession, platform: str) -> dict[str, int]:
    comments = await session.scalar(
        select(func.count())
        .select_from(CommentRow)
        .where(CommentRow.platform == platform, CommentRow.from_staff.is_(False))
    )
    flags = (
        select(func.count())
        .select_from(FlagRow)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(CommentRow.platform == platform)
    )
    flagged = await session.scalar(flags)
    replied = await session.scalar(flags.where(FlagRow.first_response_at.is_not(None)))
    autoreplies = await session.scalar(
        select(func.count())
        .select_from(AutoReplyRow)
        .where(AutoReplyRow.platform == platform, AutoReplyRow.status == "sent")
    )
    return {
        "comments": comments or 0,
        "flagged": flagged or 0,
        "replied": replied or 0,
        "autoreplies": autoreplies or 0,
    }
