"""A manager who answers a flagged comment right where it was written (a reply in the Telegram
group or thread, on the VK wall) has answered the flag: it becomes "replied", by them, and the
response time counts from the comment to that reply, just as if they had used the card. In a
private dialog (VK messages) any answer from the community's side answers what came before it.

What otklik itself posts does not count: Telegram never shows a bot its own messages, but VK
does (a comment "from the community"), so a community-authored reply is ours when it is the
auto-reply claimed for that comment, or the reply a card sent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.card_refresh import refresh_card
from handlers.deps import Deps
from handlers.events import Comment
from storage import flags as flag_store
from storage.comments import Stored
from storage.models import AutoReplyRow, CommentRow, FlagRow

log = logging.getLogger(__name__)


def staff_reply(item: Stored) -> bool:
    comment = item.comment
    return comment.from_staff and (comment.reply_to_id is not None or comment.source == "message")


class AnsweredInPlace:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def after_store(self, stored: Sequence[Stored]) -> None:
        for item in stored:
            if not staff_reply(item):
                continue  # nearly every comment: no query
            try:
                flag_ids = await self._answer(item.comment)
            except Exception:
                # Counting a response must never stop the intake that called us.
                log.exception("staff reply %s: its flag was not updated", item.comment_id)
                continue
            for flag_id in flag_ids:
                await refresh_card(self._deps, flag_id)
            if flag_ids:
                self._deps.timeline.record(
                    "replied", item.comment.community, item.comment.platform, item.comment.text
                )

    async def _answer(self, reply: Comment) -> list[int]:
        async with self._deps.sessions() as session, session.begin():
            flag_ids = await _open_flags_answered_by(session, reply)
            if not flag_ids:
                return []
            await flag_store.record_reply(
                session,
                flag_ids,
                by_id=reply.author.user_id,
                by_name=reply.author.name,
                at=reply.at,
                text=reply.text,
                message_id=reply.message_id,
                open_only=True,
            )
        return flag_ids


async def _open_flags_answered_by(session: AsyncSession, reply: Comment) -> list[int]:
    """The open flags ``reply`` answers: the comment it replies to, unless the reply is
    otklik's own; in a private dialog, every flagged message before it."""
    if reply.source == "message":
        # Only an admin's hand-typed answer is stored (otklik's own sends are not).
        earlier = and_(
            CommentRow.platform == reply.platform,
            CommentRow.chat_id == reply.chat_id,
            CommentRow.community == reply.community,
            CommentRow.source == "message",
            CommentRow.created_at <= reply.at,
        )
        found = await session.scalars(
            select(FlagRow.id)
            .join(CommentRow, CommentRow.id == FlagRow.comment_id)
            .where(earlier, FlagRow.status == "open")
        )
        return list(found)
    target = and_(
        CommentRow.platform == reply.platform,
        CommentRow.chat_id == reply.chat_id,
        CommentRow.message_id == reply.reply_to_id,
        CommentRow.community == reply.community,
    )
    ours = exists().where(
        AutoReplyRow.platform == reply.platform,
        AutoReplyRow.chat_id == reply.chat_id,
        AutoReplyRow.message_id == reply.reply_to_id,
        # Still being sent (its id unknown yet), or this very message.
        or_(AutoReplyRow.status == "claimed", AutoReplyRow.sent_message_id == reply.message_id),
    )
    query = (
        select(FlagRow.id)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(target, FlagRow.status == "open")
    )
    if reply.author.user_id < 0:  # the community itself (or an anonymous admin) wrote it
        query = query.where(~ours)
    found = await session.scalar(query)
    return [] if found is None else [found]
