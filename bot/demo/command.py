"""`otklik demo --seconds N --out DIR`: the emulators, the real bot, a simulated community."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

DEFAULT_SECONDS = 25


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo", help="run otklik offline against the Telegram and VK emulators"
    )
    demo.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="how long to run")
    demo.add_argument("--out", type=Path, default=Path("demo-out"), help="summary and charts")
    demo.add_argument("--pace", type=float, default=0.25, help="seconds between comments")
    demo.add_argument("--seed", type=int, default=7)
    demo.set_defaults(func=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from bot.logs import setup_logging

    if args.seconds < 8:
        print("otklik: the demo needs at least 8 seconds")
        return 2
    setup_logging("WARNING")
    summary = asyncio.run(run_demo(args.seconds, args.out, pace=args.pace, seed=args.seed))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


async def run_demo(seconds: float, out: Path, *, pace: float, seed: int) -> dict[str, Any]:
    from bot.bootstrap import Otklik
    from bot.demo.script import audience, manager
    from bot.demo.summary import PLATFORMS, platform_counts
    from bot.demo.timeline import PrintingTimeline
    from bot.demo.world import VK_GROUP, VK_NAME, VK_TOKEN, build_world
    from bot.emulators.telegram import TelegramEmulator
    from bot.emulators.vk import VKEmulator
    from config.settings import Settings
    from scheduler.demo import import_demo_plan
    from scheduler.store import count_published

    out.mkdir(parents=True, exist_ok=True)
    database = out / "otklik-demo.db"
    for stale in out.glob("otklik-demo.db*"):
        stale.unlink()
    rng = random.Random(seed)
    timeline = PrintingTimeline()
    vk_emulator = VKEmulator(group_id=VK_GROUP, group_name=VK_NAME, token=VK_TOKEN)
    async with TelegramEmulator() as tg, vk_emulator as vk:
        world = build_world(tg, vk)
        community = world.community()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_token=SecretStr(tg.token),
            telegram_api_base=tg.base_url,
            database_url=f"sqlite+aiosqlite:///{database}",
            communities=(community,),
        )
        app = Otklik.create(
            settings,
            timeline=timeline,
            vk_session_factory=vk.make_session,
            poll_timeout=1,
            publish_interval=timedelta(seconds=2),
        )
        timeline.say(f"community «{community.name}»: Telegram group, channel, VK group")
        await app.prepare()
        await app.start()
        sessions = app.pipeline.deps.sessions
        try:
            await import_demo_plan(sessions, community, datetime.now(UTC))
            await app.scheduler.publish_now()
            managing = asyncio.create_task(manager(world, rng, timeline))
            written = await audience(world, rng, seconds * 0.7, pace)
            timeline.say(f"audience wrote {written} comments; letting the team catch up")
            await _settle(app, tg, seconds * 0.2)
            digests = await _send_digest(app, community, out, timeline)
            managing.cancel()
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await managing
            async with sessions() as session:
                summary: dict[str, Any] = {p: await platform_counts(session, p) for p in PLATFORMS}
                published = await count_published(session, community.id)
            for platform in PLATFORMS:
                summary[platform]["posts_published"] = published.get(platform, 0)
            summary["digests_sent"] = digests
        finally:
            await app.close()
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    timeline.say(f"summary written to {out / 'summary.json'}")
    return summary


async def _settle(app: Any, tg: Any, budget: float) -> None:
    """Give the bot and the manager time to finish what is in flight (bounded)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + budget
    courier = app.pipeline.intake.courier
    while loop.time() < until:
        idle = tg.pending_updates() == 0 and (courier is None or courier.backlog == 0)
        if idle:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(courier.drain(), until - loop.time())
            return
        await tg.changes.wait_change(until - loop.time())


async def _send_digest(app: Any, community: Any, out: Path, timeline: Any) -> int:
    """The owner's weekly digest, on demand for the current week."""
    try:
        from scheduler.digest.demo import send_demo_digest
    except ImportError:
        return 0
    sent = await send_demo_digest(app, community, out)
    timeline.say(f"weekly digest sent to the owner ({sent}); charts in {out}")
    return sent
