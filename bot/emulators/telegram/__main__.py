"""Run the emulator standalone: python -m bot.emulators.telegram --port 8081 --token ..."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from pathlib import Path

from .emulator import TelegramEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.emulators.telegram")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--bot-id", type=int, default=None, help="default: the token's prefix")
    parser.add_argument("--bot-username", default="otklik_bot")
    parser.add_argument("--spec", type=Path, default=None, help="aiogram-butcher-schema.json")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    prefix = args.token.split(":", 1)[0]
    bot_id = args.bot_id if args.bot_id is not None else int(prefix) if prefix.isdigit() else 1
    emu = TelegramEmulator(
        args.token,
        bot_id=bot_id,
        bot_username=args.bot_username,
        host=args.host,
        port=args.port,
        spec_path=args.spec,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with emu:
        # The token is a secret: print only where to connect.
        print(f"Telegram emulator on {emu.base_url} (control: /_control/info)", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
