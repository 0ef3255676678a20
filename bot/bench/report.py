"""The results table (Markdown, so it pastes into the README) and the machine it ran on."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterable

from bot.bench.stats import Record, met

UNITS = {"_per_s": "/s", "_ms": " ms", "_s": " s", "_mb": " MB", "_ratio": " ×"}


def _unit(key: str) -> str:
    for suffix, unit in UNITS.items():
        if key.endswith(suffix) or f"{suffix}_" in key:
            return unit.strip()
    return ""


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: dict[str, Record]) -> str:
    lines = [
        "| figure | median | min | max | unit | runs | target | met |",
        "|---|---:|---:|---:|---|---:|---|---|",
    ]
    for key, rec in results.items():
        verdict = {True: "yes", False: "**no**", None: ""}[met(rec)]
        goal = rec["target"] or ""
        lines.append(
            f"| `{key}` | {_number(rec['median'])} | {_number(rec['min'])} | "
            f"{_number(rec['max'])} | {_unit(key)} | {rec['runs']} | {goal} | {verdict} |"
        )
    return "\n".join(lines)


def notes_block(notes: Iterable[str]) -> str:
    return "\n".join(f"- {note}" for note in notes)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def machine() -> str:
    python = sys.version.split()[0]
    return (
        f"{len(os.sched_getaffinity(0))} CPUs (`nproc`), {_cpu_model()}, {_ram_gb()} RAM, "
        f"Python {python}, {platform.system()} {platform.release()}"
    )
