"""`otklik run` (the real bot) and `otklik db upgrade`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from pathlib import Path

from config.settings import ConfigError, Settings, load_settings
from storage.db import DatabaseUnavailable, create_engine, redact
from storage.migrate import upgrade

log = logging.getLogger("otklik")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if args.communities:
        overrides["communities_file"] = Path(args.communities)
    return load_settings(communities_file=overrides.get("communities_file"))


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser("run", help="run the bot for real (needs tokens)")
    run.add_argument("--communities", help="communities YAML (default: OTKLIK_COMMUNITIES_FILE)")
    run.set_defaults(func=run_command)

    db = subparsers.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations")
    up.add_argument("--communities", help=argparse.SUPPRESS)
    up.set_defaults(func=db_upgrade_command)


def _fail(message: str) -> int:
    print(f"otklik: {message}", file=sys.stderr)
    return 2


def db_upgrade_command(args: argparse.Namespace) -> int:
    from config.settings import Settings as Env

    settings = Env()
    engine = create_engine(settings.database_url, schema=settings.database_schema)

    async def go() -> None:
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    try:
        asyncio.run(go())
    except DatabaseUnavailable as exc:
        return _fail(str(exc))
    print(f"database {redact(settings.database_url)} is up to date")
    return 0


def run_command(args: argparse.Namespace) -> int:
    from bot.bootstrap import missing_secrets
    from bot.logs import setup_logging

    try:
        settings = _settings(args)
    except ConfigError as exc:
        return _fail(str(exc))
    missing = missing_secrets(settings)
    if missing:
        return _fail(
            "cannot start without tokens: "
            + ", ".join(missing)
            + " (set them in the environment or .env; `otklik demo` runs without any)"
        )
    setup_logging(settings.log_level)
    try:
        asyncio.run(serve(settings))
    except DatabaseUnavailable as exc:
        return _fail(str(exc))
    return 0


async def serve(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM."""
    from bot.bootstrap import Otklik

    app = Otklik.create(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await app.prepare()
        await app.start()
        log.info("otklik is running for %d communities", len(settings.communities))
        await stop.wait()
    finally:
        await app.close()
