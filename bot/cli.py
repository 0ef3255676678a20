"""The `otklik` command: one parser, each feature registers its own sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

# Each entry registers sub-commands on the parser; imported lazily so `otklik --help` stays fast
# and a command only pays for the libraries it uses.
_REGISTRARS: tuple[str, ...] = (
    "bot.run:register",
    "bot.demo.command:register",
    "scheduler.cli:register",
    "scheduler.digest.cli:register",
    "moderation.cli:register",
    "bot.bench.command:register",
)


def _load(path: str) -> Callable[[argparse._SubParsersAction], None]:
    module_name, _, attr = path.partition(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="otklik", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for path in _REGISTRARS:
        _load(path)(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
