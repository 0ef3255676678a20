"""Everything audiences do besides writing: edits, deletions, reactions, joins, posts."""

from __future__ import annotations

from sqlalchemy import select

from handlers.deps import Deps
from handlers.events import (
    CommentDeleted,
    CommentEdited,
    MemberJoined,
    MemberLeft,
    PostPublished,
    PostStats,
    ReactionChanged,
    ReactionCount,
)
from handlers.intake import CLASSIFY_LIMIT, Intake
from storage import activity
from storage.comments import find_comment, mark_deleted, record_edit
from storage.models import FlagRow, ReactionRow
from storage.upsert import insert_for


class Activity:
    def __init__(self, deps: Deps, intake: Intake) -> None:
        self._deps = deps
        self._intake = intake

    async def comment_edited(self, event: CommentEdited) -> None:
        community = self._deps.communities.get(event.community)
        if community is None:
            return
        verdict = self._deps.classifier_for(community).classify(event.text[:CLASSIFY_LIMIT])
        new_flag: int | None = None
        async with self._deps.sessions() as session, session.begin():
            row = await find_comment(session, event.platform, event.chat_id, event.message_id)
            if row is None or not await record_edit(session, row, event.text, verdict, event.at):
                return
            # An edit that turns a comment negative needs a human like a new negative comment.
            if (verdict.is_negative or verdict.toxic) and not row.from_staff:
                table = FlagRow.__table__
                result = await session.execute(
                    insert_for(session, table)
                    .values(
                        comment_id=row.id,
                        community=row.community,
                        status="open",
                        created_at=self._deps.clock.now(),
                        ack_sent=False,
                    )
                    .on_conflict_do_nothing(index_elements=["comment_id"])
                    .returning(table.c.id)
                )
                new_flag = result.scalar()
        self._deps.timeline.record("edited", event.community, event.platform, event.text)
        if new_flag is not None:
            await self._intake.send_card(new_flag)

    async def comment_deleted(self, event: CommentDeleted) -> None:
        async with self._deps.sessions() as session, session.begin():
            await mark_deleted(
                session,
                event.platform,
                event.chat_id,
                event.message_id,
                None if event.restored else event.at,
            )

    async def reaction_changed(self, event: ReactionChanged) -> None:
        async with self._deps.sessions() as session, session.begin():
            current: set[str] = set()
            if event.user_id is not None:
                previous = await session.scalar(
                    select(ReactionRow.emojis).where(
                        ReactionRow.platform == event.platform,
                        ReactionRow.chat_id == event.chat_id,
                        ReactionRow.message_id == event.message_id,
                        ReactionRow.user_id == event.user_id,
                    )
                )
                current = set((previous or "").split())
            current = (current - set(event.removed)) | set(event.added)
            await activity.apply_reaction(session, event, " ".join(sorted(current)))

    async def reaction_count(self, event: ReactionCount) -> None:
        async with self._deps.sessions() as session, session.begin():
            await activity.apply_reaction_count(session, event)

    async def member_joined(self, event: MemberJoined) -> None:
        async with self._deps.sessions() as session, session.begin():
            fresh = await activity.record_member(session, event)
        if fresh and self._deps.spam_watch is not None:
            await self._deps.spam_watch.note_join(event.community, event.member.user_id, event.at)
        if fresh:
            self._deps.timeline.record("joined", event.community, event.platform, event.member.name)

    async def member_left(self, event: MemberLeft) -> None:
        async with self._deps.sessions() as session, session.begin():
            fresh = await activity.record_member(session, event)
        if fresh:
            self._deps.timeline.record("left", event.community, event.platform, event.member.name)
        watch = self._deps.spam_watch
        if (
            fresh
            and watch is not None
            and await watch.note_leave(event.community, event.member.user_id, event.at)
        ):
            self._deps.timeline.record(
                "join-post-leave", event.community, event.platform, event.member.name
            )

    async def post_published(self, event: PostPublished) -> None:
        async with self._deps.sessions() as session, session.begin():
            await activity.record_post(session, event)
        self._deps.timeline.record("post", event.community, event.platform, event.text)

    async def post_stats(self, event: PostStats) -> None:
        async with self._deps.sessions() as session, session.begin():
            await activity.record_post_stats(session, event)
