"""The managers' corrections as labels: agreement of the classifier with them, and training rows.

A "Not negative" press stores label neutral for a flagged comment; `/negative` stores label
negative for one the classifier let through. Agreement asks the current classifier again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.ports import Classifier
from storage.models import CommentRow, FeedbackRow


@dataclass(frozen=True, slots=True)
class Label:
    community: str
    text: str
    label: str
    language: str


async def load_labels(
    sessions: async_sessionmaker[AsyncSession], community: str | None = None
) -> list[Label]:
    query = select(FeedbackRow.community, CommentRow.text, FeedbackRow.label, CommentRow.language)
    query = query.join(CommentRow, CommentRow.id == FeedbackRow.comment_id)
    if community is not None:
        query = query.where(FeedbackRow.community == community)
    async with sessions() as session:
        rows = await session.execute(query.order_by(FeedbackRow.id))
    return [Label(*row) for row in rows]


def agreement(
    labels: list[Label], classifier_for: Callable[[str], Classifier]
) -> dict[str, dict[str, object]]:
    """Per community: how often today's classifier makes the call the managers made."""
    report: dict[str, dict[str, object]] = {}
    for item in labels:
        flagged = classifier_for(item.community).classify(item.text).is_negative
        wanted = item.label == "negative"
        entry = report.setdefault(
            item.community,
            {"n": 0, "agree": 0, "missed_negatives": 0, "false_flags": 0},
        )
        entry["n"] += 1  # type: ignore[operator]
        if flagged == wanted:
            entry["agree"] += 1  # type: ignore[operator]
        elif wanted:
            entry["missed_negatives"] += 1  # type: ignore[operator]
        else:
            entry["false_flags"] += 1  # type: ignore[operator]
    for entry in report.values():
        entry["agreement"] = round(entry["agree"] / entry["n"], 3)  # type: ignore[operator]
    return report
