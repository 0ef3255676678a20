"""Named values that survive restarts (a VK long poll ts, a Telegram offset)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StateRow
from storage.upsert import insert_for


async def get_state(session: AsyncSession, key: str) -> str | None:
    return await session.scalar(select(StateRow.value).where(StateRow.key == key))


async def set_state(session: AsyncSession, key: str, value: str) -> None:
    statement = insert_for(session, StateRow.__table__).values(
        key=key, value=value, updated_at=datetime.now(UTC)
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
    )
