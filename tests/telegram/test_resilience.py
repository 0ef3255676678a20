"""Webhook mode, a dead database, and secrets kept out of the logs."""

from __future__ import annotations

import logging
import socket

import aiohttp
from sqlalchemy import func, select

from bot.logs import SecretFilter, mask
from bot.telegram.polling import Poller
from storage.models import CommentRow
from tests.fakes import running
from tests.telegram.harness import GROUP, MANAGERS, press_card, running_world


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_mode_delivers_and_checks_the_secret(database, monkeypatch):
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    monkeypatch.setenv("OTKLIK_WEBHOOK_URL", url)
    monkeypatch.setenv("OTKLIK_WEBHOOK_SECRET", "s3cret-token")
    monkeypatch.setenv("OTKLIK_WEBHOOK_HOST", "127.0.0.1")
    monkeypatch.setenv("OTKLIK_WEBHOOK_PORT", str(port))
    async with running_world(database) as world:
        emu = world.emu
        assert [c["params"]["url"] for c in emu.calls("setWebhook")] == [url]
        emu.user_writes(GROUP, world.member, "Ужасное обслуживание")
        [card] = await emu.wait_sent(MANAGERS, count=1)
        assert "Ужасное обслуживание" in card["text"]
        async with aiohttp.ClientSession() as http:
            forged = await http.post(
                url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            )
            assert forged.status == 401
            garbage = await http.post(
                url, data=b"{not json", headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            )
            assert garbage.status == 200  # dropped and logged: Telegram must not retry it


class FlakyPipeline:
    """The database is down for the first ``failures`` batches."""

    def __init__(self, real, failures: int) -> None:
        self.real, self.failures, self.attempts = real, failures, 0

    async def handle(self, events):
        self.attempts += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database is down")
        return await self.real.handle(events)


async def test_a_dead_database_loses_no_update(database):
    async with running_world(database, start=False) as world:
        app, emu = world.app, world.emu
        flaky = FlakyPipeline(app.pipeline, failures=3)
        waits: list[float] = []

        async def no_wait(seconds: float) -> None:
            waits.append(seconds)

        poller = Poller(app.bot, app.dispatcher, flaky, timeout=1, sleep=no_wait)  # type: ignore[arg-type]
        emu.user_writes(GROUP, world.member, "Привет")
        emu.user_writes(GROUP, world.member, "Как дела?")
        async with running(poller.run()):
            # Three failed attempts, then the same batch again: nothing was confirmed meanwhile.
            await emu.wait_for(lambda: flaky.attempts >= 4 and len(emu.calls("getUpdates")) >= 2)
        async with database.sessions() as session:
            stored = await session.scalar(select(func.count()).select_from(CommentRow))
        assert stored == 2 and waits == [1.0, 2.0, 4.0]
        assert len(emu.calls("getUpdates")) >= 2 and emu.pending_updates() == 0


def test_secrets_are_masked_in_logs(caplog):
    token = "123456789:AAH-very-secret-token-value-1234567"
    assert token not in mask(f"POST https://api.telegram.org/bot{token}/getMe")
    assert "vk-secret" not in mask("https://api.vk.ru/method/x?access_token=vk-secret&v=5.199")
    logger = logging.getLogger("otklik.test.secrets")
    logger.addFilter(SecretFilter())
    with caplog.at_level(logging.INFO, logger="otklik.test.secrets"):
        logger.info("calling %s", f"https://api.telegram.org/bot{token}/getMe")
    assert token not in caplog.text and "***" in caplog.text


def test_passwords_in_urls_and_secrets_in_tracebacks_are_masked(caplog):
    token = "123456789:AAH-very-secret-token-value-1234567"
    assert mask("postgresql+asyncpg://otklik:pg-s3cret@db:5432/otklik") == (
        "postgresql+asyncpg://otklik:***@db:5432/otklik"
    )
    assert mask("redis://:hunter2@cache:6379/0") == "redis://:***@cache:6379/0"
    assert mask("see https://example.com/a:b@c") == "see https://example.com/a:b@c"  # no password
    logger = logging.getLogger("otklik.test.tracebacks")
    logger.addFilter(SecretFilter())
    with caplog.at_level(logging.ERROR, logger="otklik.test.tracebacks"):
        try:
            raise ConnectionError(f"redis://:hunter2@cache:6379 and /bot{token}/getMe failed")
        except ConnectionError:
            logger.exception("could not connect")
    assert "Traceback" in caplog.text and "ConnectionError" in caplog.text
    assert "hunter2" not in caplog.text and token not in caplog.text


class PoisonPipeline:
    """One comment can never be stored; the others can."""

    def __init__(self, real) -> None:
        self.real = real

    async def handle(self, events):
        if any(getattr(e, "text", "") == "poison" for e in events):
            raise ValueError("cannot store this one")
        return await self.real.handle(events)


async def test_a_poison_update_is_skipped_and_the_rest_kept(database):
    async with running_world(database, start=False) as world:
        app, emu = world.app, world.emu
        waits: list[float] = []

        async def no_wait(seconds: float) -> None:
            waits.append(seconds)

        pipeline = PoisonPipeline(app.pipeline)
        poller = Poller(app.bot, app.dispatcher, pipeline, timeout=1, sleep=no_wait)  # type: ignore[arg-type]
        for text in ("до", "poison", "после"):
            emu.user_writes(GROUP, world.member, text)
        async with running(poller.run()):
            await emu.wait_for(lambda: emu.pending_updates() == 0, timeout=10)
            await emu.wait_for(lambda: len(emu.calls("getUpdates")) >= 2)
        async with database.sessions() as session:
            texts = set((await session.scalars(select(CommentRow.text))).all())
        assert texts == {"до", "после"} and len(waits) == 4


async def test_a_malformed_update_is_dropped_alone_and_polling_goes_on(database, caplog):
    # Before the poller read updates as JSON, one such update made every getUpdates answer
    # unparsable, and the poller retried the same batch forever.
    async with running_world(database, start=False) as world:
        app, emu = world.app, world.emu
        emu.user_writes(GROUP, world.member, "до")
        bad = emu.queue.push("message", {"message_id": 5, "chat": "не объект", "text": "секрет"})
        emu.user_writes(GROUP, world.member, "после")
        poller = Poller(app.bot, app.dispatcher, app.pipeline, timeout=1)
        with caplog.at_level(logging.ERROR, logger="bot.telegram.polling"):
            async with running(poller.run()):
                await emu.wait_for(lambda: poller.processed >= 3, timeout=10)
        async with database.sessions() as session:
            texts = set((await session.scalars(select(CommentRow.text))).all())
        assert texts == {"до", "после"} and emu.pending_updates() == 0
        [record] = [r for r in caplog.records if "malformed" in r.getMessage()]
        assert str(bad) in record.getMessage() and "секрет" not in caplog.text


async def test_a_dead_redis_pauses_dialogs_and_nothing_else(database, caplog):
    """With Redis configured and gone: comments are still stored and flagged, a card's button
    still works, and /schedule says dialogs are paused (before, aiogram's RedisStorage failed
    every update of the managers' chat). The log never shows Redis's password."""
    from bot.bootstrap import DEFAULT
    from storage.models import FlagRow

    changes = {"redis_url": "redis://:hunter2@127.0.0.1:1/0"}
    with caplog.at_level(logging.WARNING):
        async with running_world(database, settings_changes=changes, spam_watch=DEFAULT) as world:
            emu = world.emu
            emu.user_writes(GROUP, world.member, "Это ужас, верните деньги")
            [card] = await emu.wait_sent(MANAGERS, count=1)
            await press_card(emu, card, world.manager, "resolve")
            async with database.sessions() as session:
                assert await session.scalar(select(FlagRow.status)) == "resolved"
            emu.user_writes(MANAGERS, world.manager, "/schedule")
            [*_, paused] = await emu.wait_sent(MANAGERS, count=2)
            assert "Redis" in paused["text"] and "/schedule" in paused["text"]
    assert "hunter2" not in caplog.text
    assert "Redis unreachable" in caplog.text
