"""Flags: the managers' queue of comments that need a human."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cards import Card
from storage.models import CommentRow, FlagRow

# card_message_id: None = no card yet (or released after a failed send); CLAIMED = being sent;
# PARKED = waiting in the database because the card courier's queue was full; > 0 = sent.
CLAIMED = 0
PARKED = -1
# Card.urgent's opposite in SQL (a flag joined to its comment): spam, or already dealt with.
CAN_WAIT = or_(CommentRow.spam, FlagRow.status != "open")


def _card(flag: FlagRow, comment: CommentRow) -> Card:
    response = None
    if flag.first_response_at is not None:
        response = (flag.first_response_at - comment.created_at).total_seconds()
    return Card(
        flag_id=flag.id,
        community=flag.community,
        platform=comment.platform,
        source=comment.source,
        chat_title=comment.chat_title,
        author_name=comment.author_name,
        author_id=comment.author_id,
        text=comment.text,
        link=comment.link,
        label=comment.label,
        score=comment.score,
        reasons=tuple(r for r in comment.reasons.split("\n") if r),
        toxic=comment.toxic,
        spam=comment.spam,
        status=flag.status,  # type: ignore[arg-type]
        created_at=comment.created_at,
        acted_by=flag.acted_by_name,
        acted_at=flag.acted_at,
        reply_text=flag.reply_text,
        response_seconds=response,
        ack_sent=flag.ack_sent,
    )


async def load_flag(session: AsyncSession, flag_id: int) -> tuple[FlagRow, CommentRow] | None:
    row = (
        await session.execute(
            select(FlagRow, CommentRow)
            .join(CommentRow, CommentRow.id == FlagRow.comment_id)
            .where(FlagRow.id == flag_id)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def load_card(session: AsyncSession, flag_id: int) -> Card | None:
    found = await load_flag(session, flag_id)
    return _card(*found) if found else None


async def flag_for_card_message(
    session: AsyncSession, community: str, message_id: int
) -> int | None:
    """The flag whose card (or reply prompt) is this message in the managers' chat."""
    return await session.scalar(
        select(FlagRow.id).where(
            FlagRow.community == community,
            or_(FlagRow.card_message_id == message_id, FlagRow.prompt_message_id == message_id),
        )
    )


async def set_flag(session: AsyncSession, flag_id: int, **values: Any) -> None:
    await session.execute(update(FlagRow).where(FlagRow.id == flag_id).values(**values))


async def record_reply(
    session: AsyncSession,
    flag_ids: Sequence[int],
    *,
    by_id: int,
    by_name: str,
    at: datetime,
    text: str,
    message_id: int | None,
    open_only: bool = False,
) -> None:
    """Flags answered by one reply: replied, by whom, with what; the first response counted
    once. ``open_only``: leave a flag a manager already settled as it is."""
    answered = FlagRow.id.in_(flag_ids)
    where = (answered, FlagRow.status == "open") if open_only else (answered,)
    await session.execute(
        update(FlagRow)
        .where(*where)
        .values(
            status="replied",
            acted_by_id=by_id,
            acted_by_name=by_name,
            acted_at=at,
            reply_text=text,
            reply_message_id=message_id,
        )
    )
    await session.execute(
        update(FlagRow)
        .where(answered, FlagRow.first_response_at.is_(None))
        .values(first_response_at=at)
    )


def _claimable(stale_before: datetime | None) -> ColumnElement[bool]:
    """No card yet, released, parked, or (with ``stale_before``) a lease that ran out."""
    free = or_(FlagRow.card_message_id.is_(None), FlagRow.card_message_id == PARKED)
    if stale_before is None:
        return free
    lease = func.coalesce(FlagRow.card_claimed_at, FlagRow.created_at)
    return or_(free, (FlagRow.card_message_id == CLAIMED) & (lease < stale_before))


async def claim_card(
    session: AsyncSession,
    flag_id: int,
    owner: str,
    now: datetime,
    *,
    stale_before: datetime | None = None,
) -> bool:
    """Mark a card as being sent by ``owner`` so two workers never send it twice; with
    ``stale_before``, also take over a claim whose lease ran out (its instance died)."""
    result = await session.execute(
        update(FlagRow)
        .where(FlagRow.id == flag_id, _claimable(stale_before))
        .values(card_message_id=CLAIMED, card_claimed_by=owner, card_claimed_at=now)
    )
    return result.rowcount == 1


async def renew_claims(session: AsyncSession, owner: str, now: datetime) -> int:
    """Extend the leases of every card ``owner`` still holds; returns how many."""
    result = await session.execute(
        update(FlagRow)
        .where(FlagRow.card_message_id == CLAIMED, FlagRow.card_claimed_by == owner)
        .values(card_claimed_at=now)
    )
    return result.rowcount


async def claim_parked(
    session: AsyncSession, limit: int, owner: str, now: datetime, *, urgent_only: bool = False
) -> list[Card]:
    """Claim parked cards (up to ``limit``) for this instance's courier: urgent ones (see
    Card.urgent) first, oldest first within each; with ``urgent_only``, only those."""
    parked = (
        select(FlagRow.id)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(FlagRow.card_message_id == PARKED)
    )
    if urgent_only:
        parked = parked.where(~CAN_WAIT)
    oldest = parked.order_by(CAN_WAIT, FlagRow.id).limit(limit).scalar_subquery()
    claimed = await session.scalars(
        update(FlagRow)
        .where(FlagRow.id.in_(oldest), FlagRow.card_message_id == PARKED)
        .values(card_message_id=CLAIMED, card_claimed_by=owner, card_claimed_at=now)
        .returning(FlagRow.id)
    )
    ids = list(claimed)
    if not ids:
        return []
    rows = await session.execute(
        select(FlagRow, CommentRow)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(FlagRow.id.in_(ids))
        .order_by(FlagRow.id)
    )
    return [_card(f, c) for f, c in rows]


async def flags_without_card(
    session: AsyncSession, stale_before: datetime, limit: int = 500
) -> Sequence[int]:
    """Flags whose card was released after a failure (NULL) or parked, or whose claim's lease
    ran out before ``stale_before`` and was never recorded: the instance sending it died."""
    rows = await session.scalars(
        select(FlagRow.id).where(_claimable(stale_before)).order_by(FlagRow.id).limit(limit)
    )
    return list(rows)


async def record_cards(session: AsyncSession, sent: Sequence[tuple[int, int]]) -> None:
    """Store the managers' chat message id of each card sent, in one statement."""
    if not sent:
        return
    table = FlagRow.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("flag_id"))
        .values(card_message_id=bindparam("message_id"))
    )
    await session.execute(
        statement, [{"flag_id": flag, "message_id": message} for flag, message in sent]
    )


async def acted_on(
    session: AsyncSession, flag_ids: Sequence[int]
) -> dict[int, tuple[str, str | None]]:
    """Of these flags, those no longer open: {id: (status, acted_by_name)}."""
    if not flag_ids:
        return {}
    rows = await session.execute(
        select(FlagRow.id, FlagRow.status, FlagRow.acted_by_name).where(
            FlagRow.id.in_(flag_ids), FlagRow.status != "open"
        )
    )
    return {flag_id: (status, by) for flag_id, status, by in rows}


async def release_cards(session: AsyncSession, flag_ids: Sequence[int]) -> None:
    """Give up the claim on cards that were not delivered, so they are tried again."""
    if flag_ids:
        await session.execute(
            update(FlagRow).where(FlagRow.id.in_(flag_ids)).values(card_message_id=None)
        )


async def open_cards(session: AsyncSession, community: str, limit: int = 20) -> list[Card]:
    """Up to ``limit`` open flags for a manager's list: people's comments before spam, the
    oldest first within each (they have waited longest)."""
    rows = await session.execute(
        select(FlagRow, CommentRow)
        .join(CommentRow, CommentRow.id == FlagRow.comment_id)
        .where(FlagRow.community == community, FlagRow.status == "open")
        .order_by(CAN_WAIT, FlagRow.id)
        .limit(limit)
    )
    return [_card(f, c) for f, c in rows]


async def flag_counts(
    session: AsyncSession, community: str, since: datetime | None = None
) -> dict[str, int]:
    query = select(FlagRow.status, func.count()).where(FlagRow.community == community)
    if since is not None:
        query = query.where(FlagRow.created_at >= since)
    rows = await session.execute(query.group_by(FlagRow.status))
    return {status: count for status, count in rows}
