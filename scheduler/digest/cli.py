"""`otklik digest --community X [--week 2026-W47] [--out DIR] [--send]` prints the digest and
writes its charts; `otklik digest rebuild-rollups --community X --from DAY --to DAY` recounts
the rollups from the comments table (after an import, or a crash before the rollup update)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from config.settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:  # the job imports matplotlib: loaded only when a digest is built
    from scheduler.digest.job import Prepared


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("digest", help="the owner's weekly digest")
    parser.add_argument("action", nargs="?", default="show", choices=("show", "rebuild-rollups"))
    parser.add_argument("--communities", help="communities YAML (default: OTKLIK_COMMUNITIES_FILE)")
    parser.add_argument("--community", required=True, help="community id")
    parser.add_argument("--week", help="ISO week, e.g. 2026-W47 (default: the last full week)")
    parser.add_argument("--out", type=Path, default=Path("."), help="folder for the chart PNGs")
    parser.add_argument("--send", action="store_true", help="also send it to the owners (once)")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, help="first local day")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, help="last local day")
    parser.set_defaults(func=digest_command)


def _fail(message: str) -> int:
    print(f"otklik: {message}", file=sys.stderr)
    return 2


def digest_command(args: argparse.Namespace) -> int:
    from scheduler.digest.week import BadWeek, Week
    from storage.db import DatabaseUnavailable

    try:
        settings = load_settings(
            communities_file=Path(args.communities) if args.communities else None
        )
        community = settings.community(args.community)
    except ConfigError as exc:
        return _fail(str(exc))
    except KeyError:
        return _fail(f"no community {args.community!r} in the communities file")
    try:
        now = datetime.now(UTC)
        week = (
            Week.parse(args.week, community.tz)
            if args.week
            else Week.previous_of(now, community.tz)
        )
    except BadWeek as exc:
        return _fail(str(exc))
    if args.action == "rebuild-rollups" and (args.first is None or args.last is None):
        return _fail("rebuild-rollups needs --from and --to (local days, YYYY-MM-DD)")
    try:
        return asyncio.run(_run(args, settings, community, week))
    except DatabaseUnavailable as exc:
        return _fail(str(exc))


async def _run(args: argparse.Namespace, settings: Settings, community, week) -> int:
    from storage.db import create_engine, session_factory
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url, schema=settings.database_schema)
    try:
        await upgrade(engine)
        sessions = session_factory(engine)
        if args.action == "rebuild-rollups":
            from scheduler.digest.rollups import rebuild_rollups

            async with sessions() as session, session.begin():
                read = await rebuild_rollups(
                    session, community.id, community.tz, args.first, args.last
                )
            print(f"rollups of {community.id} rebuilt from {read} comments")
            return 0
        return await _show(args, settings, sessions, community, week)
    finally:
        await engine.dispose()


async def _show(args, settings, sessions, community, week) -> int:
    from scheduler.digest.job import prepare_digest

    if not args.send:
        prepared = await prepare_digest(sessions, community, week)  # what the database holds
        _print(prepared, args.out)
        return 0
    if settings.telegram_token is None:
        return _fail("--send needs OTKLIK_TELEGRAM_TOKEN")
    from bot.bootstrap import build_bot, digest_readings
    from bot.telegram.digest_sender import TelegramDigestSender
    from bot.vk.runtime import VKRuntime
    from scheduler.digest.job import send_weekly_digest

    bot = build_bot(settings)
    vk = VKRuntime(settings) if community.vk is not None and community.vk.token else None
    readings = digest_readings(bot, vk)
    try:
        # What goes out is what is printed: the platforms are read once, before both.
        _print(await prepare_digest(sessions, community, week, readings=readings), args.out)
        outcome = await send_weekly_digest(
            sessions, community, week, TelegramDigestSender(bot), readings=readings
        )
    finally:
        await bot.session.close()
        if vk is not None:
            await vk.close()
    print(
        f"sent to {outcome.sent or 'nobody'}; already had it: {outcome.already or 'nobody'}; "
        f"blocked: {outcome.blocked or 'nobody'}; failed: {outcome.failed or 'nobody'}"
    )
    return 1 if outcome.failed else 0


def _print(prepared: Prepared, out: Path) -> None:
    print(prepared.text)
    for path in prepared.write(out):
        print(f"chart: {path}")
