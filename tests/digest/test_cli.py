"""`otklik digest`: print a week's digest with its charts, send it once with --send (through
the Telegram emulator), and recount the rollups; bad arguments get a clear error."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.emulators.telegram import TelegramEmulator
from tests.digest.world import CHANNEL, GROUP, OWNERS, build_pipeline, fill


@pytest.fixture
async def filled(database, tmp_path: Path, monkeypatch):
    world = build_pipeline(database)
    await fill(world)
    communities = tmp_path / "communities.yaml"
    communities.write_text(
        json.dumps({"communities": [world.community.model_dump(mode="json")]}), encoding="utf-8"
    )
    monkeypatch.setenv("OTKLIK_COMMUNITIES_FILE", str(communities))
    monkeypatch.setenv("OTKLIK_DATABASE_URL", database.url)
    if database.schema:
        monkeypatch.setenv("OTKLIK_DATABASE_SCHEMA", database.schema)
    return world


async def otklik(*args: str) -> int:
    return await asyncio.to_thread(main, list(args))


async def test_the_digest_is_printed_with_its_charts(filled, tmp_path, capsys) -> None:
    out = tmp_path / "charts"
    assert await otklik("digest", "--community", "acme", "--week", "2026-W47",
                        "--out", str(out)) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert "Acme: weekly digest 2026-W47" in printed and "ERpost" in printed
    assert printed.count("chart: ") == 4 and len(list(out.iterdir())) == 4


async def test_send_delivers_once_to_every_owner(filled, tmp_path, monkeypatch, capsys) -> None:
    async with TelegramEmulator() as emu:
        for owner in OWNERS:
            emu.add_user(f"Owner {owner}", user_id=owner, language_code="en")
        for chat, kind in ((CHANNEL, "channel"), (GROUP, "supergroup")):
            emu.add_chat(kind, f"chat {chat}", chat_id=chat)
            emu.set_member(chat, emu.bot_id, "administrator")
        monkeypatch.setenv("OTKLIK_TELEGRAM_TOKEN", emu.token)
        monkeypatch.setenv("OTKLIK_TELEGRAM_API_BASE", emu.base_url)
        week = ("digest", "--community", "acme", "--week", "2026-W47", "--out", str(tmp_path))
        assert await otklik(*week, "--send") == 0
        assert f"sent to [{OWNERS[0]}, {OWNERS[1]}]" in capsys.readouterr().out
        assert await otklik(*week, "--send") == 0  # a second run sends nothing
        assert f"already had it: [{OWNERS[0]}, {OWNERS[1]}]" in capsys.readouterr().out
        for owner in OWNERS:
            assert len(emu.sent(owner, method="sendMediaGroup")) == 1
        # W47 is weeks old: today's member counts would say nothing about it.
        assert emu.calls("getChatMemberCount") == []


async def test_rollups_are_recounted_and_bad_arguments_explained(filled, capsys) -> None:
    assert await otklik("digest", "rebuild-rollups", "--community", "acme",
                        "--from", "2026-11-09", "--to", "2026-11-22") == 0  # fmt: skip
    assert "rollups of acme rebuilt from 10 comments" in capsys.readouterr().out
    assert await otklik("digest", "--community", "nobody") == 2
    assert "no community 'nobody'" in capsys.readouterr().err
    assert await otklik("digest", "--community", "acme", "--week", "W47") == 2
    assert await otklik("digest", "--community", "acme", "--send") == 2
    assert "--send needs OTKLIK_TELEGRAM_TOKEN" in capsys.readouterr().err
