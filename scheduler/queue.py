"""What is planned, for `otklik plan list` and the managers' /queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from config.settings import Settings
from scheduler.markup import to_plain
from scheduler.store import list_posts, next_due
from storage.models import ScheduledPostRow


@dataclass(frozen=True)
class QueueItem:
    id: int
    community: str
    state: str
    next_at: datetime | None
    timezone: str
    rule: str
    targets: tuple[str, ...]
    snippet: str
    photos: int


async def queue(
    session: AsyncSession,
    settings: Settings | None,
    community: str | None = None,
    *,
    include_finished: bool = False,
    now: datetime | None = None,
) -> list[QueueItem]:
    now = now or datetime.now(UTC)
    rows = await list_posts(session, community, include_finished=include_finished)
    items = [_item(row, now) for row in rows]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(items, key=lambda item: (item.next_at or far, item.id))


def _item(row: ScheduledPostRow, now: datetime) -> QueueItem:
    plain = " ".join(to_plain(row.text).split())
    rule = row.cron if row.cron else "once"
    if row.until is not None:
        rule += " until " + row.until.astimezone(ZoneInfo(row.timezone)).strftime("%Y-%m-%d")
    return QueueItem(
        id=row.id,
        community=row.community,
        state=row.state,
        next_at=next_due(row, now),
        timezone=row.timezone,
        rule=rule,
        targets=tuple(json.loads(row.targets)),
        snippet=plain if len(plain) <= 60 else plain[:60] + "…",
        photos=len(json.loads(row.photos)),
    )


def describe(item: QueueItem) -> str:
    when = (
        item.next_at.astimezone(ZoneInfo(item.timezone)).strftime("%Y-%m-%d %H:%M")
        if item.next_at
        else "—"
    )
    photos = f" [{item.photos} photo(s)]" if item.photos else ""
    return (
        f"#{item.id} {item.community} {item.state} next {when} ({item.rule}) → "
        f"{', '.join(item.targets)}: {item.snippet}{photos}"
    )
