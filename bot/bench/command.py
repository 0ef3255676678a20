"""`otklik bench [--json FILE] [--quick] [--runs N] [--only KEY...]`: run the benchmarks,
print the table, and write the same figures as JSON, {"median","min","max","target","runs"}
per key."""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from bot.bench.report import machine, notes_block, table
from bot.bench.sections import SECTIONS, Section
from bot.bench.sizes import Sizes, choose
from bot.bench.stats import Record, record

ALL_KEYS = tuple(key for section in SECTIONS for key in section.keys)


def register(subparsers: argparse._SubParsersAction) -> None:
    bench = subparsers.add_parser(
        "bench", help="measure intake, flag latency, classifier, digest and memory"
    )
    bench.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    bench.add_argument(
        "--quick", action="store_true", help="small sizes, one run: a smoke test (~1 min)"
    )
    bench.add_argument("--runs", type=int, metavar="N", help="runs per figure")
    bench.add_argument(
        "--only",
        nargs="+",
        metavar="KEY",
        help=f"figures or sections to run (sections: {', '.join(s.name for s in SECTIONS)})",
    )
    bench.set_defaults(func=bench_command)


def selected(only: list[str] | None) -> list[Section]:
    if not only:
        return list(SECTIONS)
    names = {s.name for s in SECTIONS}
    unknown = [k for k in only if k not in names and k not in ALL_KEYS]
    if unknown:
        raise ValueError(f"unknown figure or section: {', '.join(unknown)}")
    return [s for s in SECTIONS if s.name in only or any(k in only for k in s.keys)]


def run_sections(sections: list[Section], sizes: Sizes) -> tuple[dict[str, Record], list[str]]:
    results: dict[str, Record] = {}
    notes: list[str] = []
    for section in sections:
        started = time.perf_counter()
        print(f"otklik bench: {section.name}…", file=sys.stderr, flush=True)
        try:
            figures, section_notes = section.run(sizes)
        except Exception as exc:
            # One broken part must not cost the other figures: report it, keep going.
            traceback.print_exc()
            figures = {key: record([]) for key in section.keys}
            section_notes = [f"{section.name}: failed ({type(exc).__name__}: {exc})"]
        results.update(figures)
        notes.extend(section_notes)
        took = time.perf_counter() - started
        print(f"otklik bench: {section.name} took {took:.0f} s", file=sys.stderr, flush=True)
    return results, notes


def render(results: dict[str, Record], notes: list[str], sizes: Sizes, command: str) -> str:
    mode = " (quick: sizes scaled down, figures not comparable)" if sizes.quick else ""
    return "\n\n".join(
        [
            table(results),
            f"Machine: {machine()}.  \nCommand: `{command}`{mode}.",
            notes_block(notes),
        ]
    )


def command_line(args: argparse.Namespace) -> str:
    parts = ["otklik bench"]
    if args.json is not None:
        parts.append(f"--json {args.json}")
    if args.quick:
        parts.append("--quick")
    if args.runs is not None:
        parts.append(f"--runs {args.runs}")
    if args.only:
        parts.append("--only " + " ".join(args.only))
    return " ".join(parts)


def bench_command(args: argparse.Namespace) -> int:
    try:
        sections = selected(args.only)
        sizes = choose(args.quick, args.runs)
    except ValueError as exc:
        print(f"otklik bench: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results, notes = run_sections(sections, sizes)
    notes.append(
        "The emulators run in the benchmark's own process; they enforce none of Telegram's "
        "limits, so the bots here run without otklik's rate limiter (30 messages/s per bot, "
        "20/min per group chat): with it the managers' chat would take 20 cards a minute."
    )
    notes.append(f"Whole benchmark: {time.perf_counter() - started:.0f} s.")
    print(render(results, notes, sizes, command_line(args)))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}", file=sys.stderr)
    missing = [key for key, rec in results.items() if rec["median"] is None]
    return 1 if missing else 0
