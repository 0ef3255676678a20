"""What managers do with a flag: answer it, resolve it, delete the comment, ban the author.

Only the community's managers and owners may act; anyone else is refused and nothing changes.
Each action returns an Outcome; the adapter turns its ``key`` into words in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from hashlib import sha1

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.card_refresh import refresh_card
from handlers.deps import Deps
from handlers.events import ManagerActed, ManagerReplied, MissedNegative
from handlers.ports import DeliveryError, Target
from storage import flags as flag_store
from storage.comments import find_comment
from storage.models import CommentRow, FeedbackRow, FlagRow
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    key: str  # e.g. "replied", "refused", "failed", "gone"
    detail: str = ""


REFUSED = Outcome(False, "refused")
GONE = Outcome(False, "gone")

_STATUS_AFTER = {
    "resolve": "resolved",
    "not_negative": "not_negative",
    "delete": "deleted",
    "ban": "resolved",
    "reopen": "open",
}


def _target(comment: CommentRow) -> Target:
    return Target(
        comment.chat_id,
        comment.message_id,
        comment.source,  # type: ignore[arg-type]
        comment.post_id,
        comment.author_id,
    )


class Managers:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def _allowed(self, community_id: str, user_id: int) -> bool:
        community = self._deps.communities.get(community_id)
        return community is not None and community.is_staff(user_id)

    async def act(self, event: ManagerActed) -> Outcome:
        if not self._allowed(event.community, event.manager.user_id):
            return REFUSED
        async with self._deps.sessions() as session:
            found = await flag_store.load_flag(session, event.flag_id)
        if found is None or found[0].community != event.community:
            return GONE
        flag, comment = found
        try:
            if event.action == "delete":
                await self._deps.outbox(comment.platform).delete(_target(comment))
            elif event.action == "ban":
                await self._deps.outbox(comment.platform).ban(_target(comment))
        except DeliveryError as exc:
            return Outcome(False, "failed", exc.reason)
        async with self._deps.sessions() as session, session.begin():
            values: dict[str, object] = {
                "status": _STATUS_AFTER[event.action],
                "acted_by_id": event.manager.user_id,
                "acted_by_name": event.manager.name,
                "acted_at": event.at,
            }
            await flag_store.set_flag(session, flag.id, **values)
            if event.action == "delete":
                await session.execute(
                    update(CommentRow)
                    .where(CommentRow.id == comment.id)
                    .values(deleted_at=event.at)
                )
            if event.action == "not_negative":
                await _save_feedback(session, flag.community, comment, "neutral", event)
        await refresh_card(self._deps, event.flag_id)
        self._deps.timeline.record(event.action, event.community, comment.platform, comment.text)
        return Outcome(True, event.action)

    async def reply(self, event: ManagerReplied) -> Outcome:
        if not self._allowed(event.community, event.manager.user_id):
            return REFUSED
        text = event.text.strip()
        if not text:
            return Outcome(False, "empty")
        async with self._deps.sessions() as session:
            found = await flag_store.load_flag(session, event.flag_id)
        if found is None or found[0].community != event.community:
            return GONE
        flag, comment = found
        try:
            sent_id = await self._deps.outbox(comment.platform).reply(
                _target(comment),
                text,
                # Same manager message → same key, so a retried delivery is not posted twice.
                idempotency_key=f"flag:{flag.id}:{sha1(text.encode()).hexdigest()[:16]}",
            )
        except DeliveryError as exc:
            return Outcome(False, "failed", exc.reason)
        async with self._deps.sessions() as session, session.begin():
            await flag_store.record_reply(
                session,
                [flag.id],
                by_id=event.manager.user_id,
                by_name=event.manager.name,
                at=event.at,
                text=text,
                message_id=sent_id,
            )
        await refresh_card(self._deps, flag.id)
        self._deps.timeline.record("replied", event.community, comment.platform, text)
        return Outcome(True, "replied")

    async def missed(self, event: MissedNegative) -> Outcome:
        """A manager marks a comment the classifier let through: flag it and learn from it."""
        if not self._allowed(event.community, event.manager.user_id):
            return REFUSED
        async with self._deps.sessions() as session, session.begin():
            comment = await find_comment(session, event.platform, event.chat_id, event.message_id)
            if comment is None or comment.community != event.community:
                return GONE
            await _save_feedback(session, event.community, comment, "negative", event)
            table = FlagRow.__table__
            flag_id = (
                await session.execute(
                    insert_for(session, table)
                    .values(
                        comment_id=comment.id,
                        community=comment.community,
                        status="open",
                        created_at=event.at,
                        ack_sent=False,
                    )
                    .on_conflict_do_nothing(index_elements=["comment_id"])
                    .returning(table.c.id)
                )
            ).scalar()
        return Outcome(True, "marked", str(flag_id or ""))


async def _save_feedback(
    session: AsyncSession,
    community: str,
    comment: CommentRow,
    label: str,
    event: ManagerActed | MissedNegative,
) -> None:
    at: datetime = event.at
    table = FeedbackRow.__table__
    statement = insert_for(session, table).values(
        community=community,
        comment_id=comment.id,
        label=label,
        predicted=comment.label,
        by_id=event.manager.user_id,
        at=at,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["comment_id"],
            set_={"label": statement.excluded.label, "by_id": statement.excluded.by_id},
        )
    )
