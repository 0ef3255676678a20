"""VK intake: comments on an emulated VK wall through vk_api's Bots Long Poll (otklik's
LongPollRunner) and the real pipeline; cards go to the Telegram emulator's managers' chat."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from pydantic import SecretStr

from bot.bench.intake import IntakeRun, wait_until
from bot.bench.world import MANAGERS, comment_text, lift_rate_limits, sqlite_url
from bot.bootstrap import Otklik
from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from config.settings import Community, Settings

GROUP, TOKEN = 1001, "vk-bench-token"
# The VK emulator keeps the last 10,000 events of a group, like a long poll history.
MAX_QUEUED = 10_000


def _settings(tg: TelegramEmulator, vk: VKEmulator, manager: int, url: str) -> Settings:
    community = Community.model_validate(
        {
            "id": "shop",
            "name": "Магазин",
            "managers": (manager,),
            "managers_chat_id": MANAGERS,
            "vk": {"group_id": GROUP, "token": TOKEN},
        }
    )
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(tg.token),
        telegram_api_base=tg.base_url,
        vk_api_base=vk.base_url,
        database_url=url,
        communities=(community,),
    )


async def vk_pipeline_run(n: int) -> IntakeRun:
    if n > MAX_QUEUED:
        raise ValueError(f"at most {MAX_QUEUED} VK comments can be queued at once")
    with tempfile.TemporaryDirectory(prefix="otklik-bench-vk-") as folder:
        async with TelegramEmulator() as tg, VKEmulator(group_id=GROUP, token=TOKEN) as vk:
            manager = tg.add_user("Мария", language_code="ru")["id"]
            tg.add_chat("supergroup", "Менеджеры", chat_id=MANAGERS)
            tg.set_member(MANAGERS, tg.bot_user["id"], "administrator")
            tg.set_member(MANAGERS, manager)
            authors = [vk.add_user("Гость", str(i))["id"] for i in range(n)]
            post = vk.group_posts("Новая коллекция")["id"]
            settings = _settings(tg, vk, manager, sqlite_url(Path(folder)))
            app = Otklik.create(
                settings, vk_session_factory=vk.make_session, per_group_minute=0, poll_timeout=1
            )
            lift_rate_limits(app.bot)
            assert app.vk is not None
            try:
                await app.prepare()
                app.tasks.append(app.pipeline.start_courier())
                await app.vk.start(app.pipeline)
                runner = app.vk.runners[GROUP]
                # A first run starts from "now": comments must be queued after it looked.
                await runner.wait_until(lambda: runner.saved_ts is not None, timeout=30)
                vk.bulk_user_comments(post, [(authors[i], comment_text(i)) for i in range(n)])
                started = time.perf_counter()
                await wait_until(lambda: runner.delivered >= n, timeout=max(120.0, n / 30))
                assert app.pipeline.intake.courier is not None
                await app.pipeline.intake.courier.drain()
                seconds = time.perf_counter() - started
                cards = len(tg.chat(MANAGERS).bot_message_ids)
            finally:
                await app.close()
    return IntakeRun(n / seconds, seconds, cards)


def run_vk_pipeline(n: int) -> IntakeRun:
    return asyncio.run(vk_pipeline_run(n))
