"""Storing comments in batches: one INSERT for many rows, duplicates dropped by the unique key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import Comment
from handlers.verdict import Verdict
from storage.flags import CLAIMED, PARKED
from storage.models import CommentEditRow, CommentRow, FlagRow
from storage.upsert import insert_for

Key = tuple[str, int, int]


def comment_key(platform: str, chat_id: int, message_id: int) -> Key:
    return (platform, chat_id, message_id)


@dataclass(frozen=True, slots=True)
class Stored:
    """A comment that was new to the database, with its row id and flag id (if flagged)."""

    comment: Comment
    verdict: Verdict
    comment_id: int
    flag_id: int | None
    # False when the flag's card was parked in the database for the courier to fetch later.
    card_claimed: bool = True


def clean(text: str) -> str:
    """Text every backend can store: PostgreSQL rejects NUL, and neither takes lone surrogates."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _row(comment: Comment, verdict: Verdict) -> dict[str, object]:
    return {
        "community": comment.community,
        "platform": comment.platform,
        "chat_id": comment.chat_id,
        "message_id": comment.message_id,
        "source": comment.source,
        "post_id": comment.post_id,
        "reply_to_id": comment.reply_to_id,
        "author_id": comment.author.user_id,
        "author_name": clean(comment.author.name[:256]),
        "author_username": (comment.author.username or None) and comment.author.username[:64],
        "text": clean(comment.text),
        "chat_title": comment.chat_title and clean(comment.chat_title[:256]),
        "link": comment.link and comment.link[:512],
        "from_staff": comment.from_staff,
        "created_at": comment.at,
        "edited_at": None,
        "deleted_at": None,
        "label": verdict.label,
        "score": verdict.score,
        "negative_score": verdict.negative_score,
        "language": verdict.language[:8],
        "toxic": verdict.toxic,
        "spam": verdict.spam,
        "reasons": "\n".join(verdict.reasons + verdict.spam_reasons),
    }


async def store_comments(
    session: AsyncSession,
    items: Sequence[tuple[Comment, Verdict, bool]],
    *,
    flagged_at: datetime,
    owner: str,
    claim: int | None = None,
) -> list[Stored]:
    """Insert the comments that are new and open a flag for those marked ``True``.

    Up to ``claim`` flags (all when None) are claimed for their cards by ``owner`` (see
    flags.claim_card), those that are not spam first; the rest are parked for the card courier
    to fetch when it has room.
    Returns only what was new: a comment seen before (a replayed update) is neither stored nor
    flagged again. The caller commits.
    """
    unique: dict[Key, tuple[Comment, Verdict, bool]] = {}
    for item in items:
        comment = item[0]
        unique.setdefault(comment_key(comment.platform, comment.chat_id, comment.message_id), item)
    if not unique:
        return []
    table = CommentRow.__table__
    statement = (
        insert_for(session, table)
        .on_conflict_do_nothing(index_elements=["platform", "chat_id", "message_id"])
        .returning(table.c.id, table.c.platform, table.c.chat_id, table.c.message_id)
    )
    result = await session.execute(statement, [_row(c, v) for c, v, _ in unique.values()])
    inserted = {comment_key(r.platform, r.chat_id, r.message_id): r.id for r in result}
    stored: list[Stored] = []
    to_flag: list[tuple[int, Comment, Verdict]] = []
    for key, comment_id in inserted.items():
        comment, verdict, flag = unique[key]
        stored.append(Stored(comment, verdict, comment_id, None))
        if flag:
            to_flag.append((comment_id, comment, verdict))
    if not to_flag:
        return stored
    # Claimed for its card by the instance that stored it, or parked: people before spam.
    by_urgency = sorted(to_flag, key=lambda item: item[2].spam)
    claimed = {item[0] for item in (by_urgency if claim is None else by_urgency[:claim])}
    rows = [
        {
            "comment_id": comment_id,
            "community": comment.community,
            "status": "open",
            "created_at": flagged_at,
            "ack_sent": False,
            "card_message_id": CLAIMED if comment_id in claimed else PARKED,
            "card_claimed_by": owner if comment_id in claimed else None,
            "card_claimed_at": flagged_at if comment_id in claimed else None,
        }
        for comment_id, comment, _ in to_flag
    ]
    flags = FlagRow.__table__
    result = await session.execute(
        insert_for(session, flags)
        .on_conflict_do_nothing(index_elements=["comment_id"])
        .returning(flags.c.id, flags.c.comment_id),
        rows,
    )
    flag_ids = {row.comment_id: row.id for row in result}
    return [
        Stored(
            s.comment,
            s.verdict,
            s.comment_id,
            flag_ids.get(s.comment_id),
            s.comment_id in claimed,
        )
        for s in stored
    ]


async def existing_keys(session: AsyncSession, keys: Sequence[Key]) -> set[Key]:
    """Which of these comments are stored already (a replayed delivery)."""
    if not keys:
        return set()
    rows = await session.execute(
        select(CommentRow.platform, CommentRow.chat_id, CommentRow.message_id).where(
            tuple_(CommentRow.platform, CommentRow.chat_id, CommentRow.message_id).in_(keys)
        )
    )
    return {comment_key(*row) for row in rows}


async def find_comment(
    session: AsyncSession, platform: str, chat_id: int, message_id: int
) -> CommentRow | None:
    return await session.scalar(
        select(CommentRow).where(
            CommentRow.platform == platform,
            CommentRow.chat_id == chat_id,
            CommentRow.message_id == message_id,
        )
    )


async def record_edit(
    session: AsyncSession, row: CommentRow, text: str, verdict: Verdict, at: datetime
) -> bool:
    """Keep the previous text and apply the new one; False if the text did not change."""
    text = clean(text)
    if row.text == text:
        return False
    session.add(CommentEditRow(comment_id=row.id, previous_text=row.text, edited_at=at))
    row.text = text
    row.edited_at = at
    row.label = verdict.label
    row.score = verdict.score
    row.negative_score = verdict.negative_score
    row.language = verdict.language[:8]
    row.toxic = verdict.toxic
    row.spam = verdict.spam
    row.reasons = "\n".join(verdict.reasons + verdict.spam_reasons)
    return True


async def mark_deleted(
    session: AsyncSession, platform: str, chat_id: int, message_id: int, at: datetime | None
) -> int | None:
    """Set or clear (``at=None``: restored) the deletion time; returns the comment id."""
    row = await find_comment(session, platform, chat_id, message_id)
    if row is None:
        return None
    await session.execute(update(CommentRow).where(CommentRow.id == row.id).values(deleted_at=at))
    return row.id
