"""`otklik plan import FILE | list | cancel ID | resend PUB_ID`: the content plan from a shell."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import ConfigError, Settings, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    plan = subparsers.add_parser("plan", help="the content plan: scheduled posts")
    plan.add_argument("--communities", help="communities YAML (default: OTKLIK_COMMUNITIES_FILE)")
    sub = plan.add_subparsers(dest="plan_command", required=True)
    imp = sub.add_parser("import", help="check a YAML or CSV plan, then import all of it")
    imp.add_argument("file", type=Path)
    imp.add_argument("--community", help="for rows without a community column")
    imp.set_defaults(func=lambda a: _run(a, _import))
    lst = sub.add_parser("list", help="planned posts and when each goes out next")
    lst.add_argument("--community")
    lst.add_argument("--all", action="store_true", help="include finished and cancelled posts")
    lst.set_defaults(func=lambda a: _run(a, _list))
    cancel = sub.add_parser("cancel", help="cancel a planned post (every future occurrence)")
    cancel.add_argument("id", type=int)
    cancel.set_defaults(func=lambda a: _run(a, _cancel))
    resend = sub.add_parser(
        "resend", help="publish again an 'uncertain' or failed publication (after checking)"
    )
    resend.add_argument("publication", type=int)
    resend.set_defaults(func=lambda a: _run(a, _resend))


Command = Callable[[argparse.Namespace, Settings, async_sessionmaker[AsyncSession]], Awaitable[int]]


def _run(args: argparse.Namespace, command: Command) -> int:
    from storage.db import DatabaseUnavailable, create_engine, session_factory
    from storage.migrate import upgrade

    try:
        communities = Path(args.communities) if args.communities else None
        settings = load_settings(communities_file=communities)
    except ConfigError as exc:
        return _fail(str(exc))

    async def go() -> int:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            await upgrade(engine)
            return await command(args, settings, session_factory(engine))
        finally:
            await engine.dispose()

    try:
        return asyncio.run(go())
    except DatabaseUnavailable as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"otklik: {message}", file=sys.stderr)
    return 2


async def _import(args: Any, settings: Settings, sessions: async_sessionmaker) -> int:
    from scheduler.plan import PlanError, import_plan

    communities = {c.id: c for c in settings.communities}
    try:
        ids = await import_plan(
            sessions, args.file, communities, datetime.now(UTC), default_community=args.community
        )
    except PlanError as exc:
        print(f"otklik: {args.file}: nothing imported, {len(exc.problems)} problem(s):",
              file=sys.stderr)  # fmt: skip
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"imported {len(ids)} post(s): " + ", ".join(f"#{i}" for i in ids))
    return 0


async def _list(args: Any, settings: Settings, sessions: async_sessionmaker) -> int:
    from scheduler.queue import describe, queue

    async with sessions() as session:
        items = await queue(session, settings, args.community, include_finished=args.all)
    if not items:
        print("nothing planned")
    for item in items:
        print(describe(item))
    return 0


async def _cancel(args: Any, settings: Settings, sessions: async_sessionmaker) -> int:
    from scheduler.store import cancel_post

    async with sessions() as session, session.begin():
        done = await cancel_post(session, args.id)
    if not done:
        return _fail(f"no active post #{args.id}")
    print(f"cancelled post #{args.id}")
    return 0


async def _resend(args: Any, settings: Settings, sessions: async_sessionmaker) -> int:
    from scheduler.claims import requeue

    async with sessions() as session, session.begin():
        done = await requeue(session, args.publication)
    if not done:
        return _fail(f"publication {args.publication} is not uncertain or failed")
    print(f"publication {args.publication} will be sent at the next pass")
    return 0
