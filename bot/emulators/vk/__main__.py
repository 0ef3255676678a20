"""Run the VK emulator standalone: python -m bot.emulators.vk --port 8082"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
from pathlib import Path

from bot.emulators.vk.emulator import VKEmulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.emulators.vk", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--group-id", type=int, default=1001)
    parser.add_argument("--group-name", default="Otklik Test")
    parser.add_argument("--token", default="vk-test-token")
    parser.add_argument("--spec-dir", type=Path, default=None)
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    emu = VKEmulator(
        group_id=args.group_id,
        group_name=args.group_name,
        token=args.token,
        host=args.host,
        port=args.port,
        spec_dir=args.spec_dir,
    )
    async with emu:
        # The token is the caller's own choice, so it is not echoed here.
        print(
            f"VK emulator for group {args.group_id} at {emu.base_url} "
            f"(spec: {emu.spec.source}); control API at {emu.base_url}/_control",
            flush=True,
        )
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
