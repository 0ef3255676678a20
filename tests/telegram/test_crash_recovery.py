"""SIGKILL the real bot process in the middle of a burst: after a restart every comment is
stored exactly once and every negative one has its flag and card."""

from __future__ import annotations

import asyncio
import os
import sys

import yaml
from sqlalchemy import func, select

from bot.emulators.telegram import TelegramEmulator
from storage.models import CommentRow, FlagRow
from tests.telegram.harness import GROUP, MANAGERS, build_world, community

BURST = 1000


def bot_env(emu: TelegramEmulator, database, communities_file) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTKLIK_")}
    env.update(
        OTKLIK_TELEGRAM_TOKEN=emu.token,
        OTKLIK_TELEGRAM_API_BASE=emu.base_url,
        OTKLIK_DATABASE_URL=database.url,
        OTKLIK_COMMUNITIES_FILE=str(communities_file),
        OTKLIK_LOG_LEVEL="WARNING",
        # The emulator does not limit; Telegram's 20 messages/min per group would make the
        # test wait minutes for its cards.
        OTKLIK_TELEGRAM_GROUP_MESSAGES_PER_MINUTE="0",
    )
    if database.schema:
        env["OTKLIK_DATABASE_SCHEMA"] = database.schema
    return env


async def stored(database) -> tuple[int, int, int]:
    async with database.sessions() as session:
        total = await session.scalar(select(func.count()).select_from(CommentRow))
        distinct = await session.scalar(select(func.count(func.distinct(CommentRow.message_id))))
        flags = await session.scalar(select(func.count()).select_from(FlagRow))
    return total or 0, distinct or 0, flags or 0


async def second_cards_sent(database) -> None:
    """Cards go out in the background: wait until every flag has one (bounded)."""
    for _ in range(600):
        async with database.sessions() as session:
            missing = await session.scalar(
                select(func.count())
                .select_from(FlagRow)
                .where((FlagRow.card_message_id.is_(None)) | (FlagRow.card_message_id == 0))
            )
        if not missing:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{missing} flags still without a card")


async def test_sigkill_mid_burst_stores_every_comment_once(database, tmp_path):
    async with TelegramEmulator() as emu:
        manager, owner, _member, _ = build_world(emu)
        # One author each: a person writing many messages a second is a flood (spam).
        authors = [emu.add_user(f"Гость {n}")["id"] for n in range(BURST)]
        for author in authors:
            emu.set_member(GROUP, author)
        communities_file = tmp_path / "communities.yaml"
        communities_file.write_text(
            yaml.safe_dump({"communities": [community(manager, owner).model_dump(mode="json")]}),
            encoding="utf-8",
        )
        negatives = {i for i in range(BURST) if i % 50 == 7}
        emu.bulk_user_writes(
            [
                (
                    GROUP,
                    authors[i % len(authors)],
                    f"Ужас, заказ {i} потеряли" if i in negatives else f"Заказ {i}, ок",
                )
                for i in range(BURST)
            ]
        )
        env = bot_env(emu, database, communities_file)

        log = (tmp_path / "bot.log").open("ab")

        async def start() -> asyncio.subprocess.Process:
            return await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env=env,
                cwd=str(tmp_path),
                stdout=log,
                stderr=log,
            )

        first = await start()
        try:
            # Two batches confirmed (the third getUpdates carries their offset): kill it now.
            await emu.wait_for(lambda: len(emu.calls("getUpdates")) >= 3, timeout=60)
        finally:
            first.kill()
            await first.wait()
            log.flush()
            print((tmp_path / "bot.log").read_text(errors="replace")[-3000:])
        before, _, _ = await stored(database)
        assert before < BURST, "the kill came too late to test anything"

        second = await start()
        try:
            while (await stored(database))[0] < BURST:
                await emu.changes.wait_change(60)
            await emu.wait_for(lambda: len(emu.sent(MANAGERS)) >= len(negatives), timeout=60)
            await second_cards_sent(database)
        finally:
            second.terminate()
            await second.wait()

        total, distinct, flags = await stored(database)
        assert (total, distinct) == (BURST, BURST)
        async with database.sessions() as session:
            flagged = await session.execute(
                select(CommentRow.text, FlagRow.card_message_id).join(
                    FlagRow, FlagRow.comment_id == CommentRow.id
                )
            )
            rows = flagged.all()
        # Every negative is flagged once (the classifier may flag a few more) and has its card.
        assert len(rows) == flags >= len(negatives)
        assert {f"Ужас, заказ {i} потеряли" for i in negatives} <= {text for text, _ in rows}
        assert all(card_id for _, card_id in rows)
        assert emu.pending_updates() == 0
