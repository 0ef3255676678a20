"""Each part of the benchmark: what it measures, the figures (keys) it writes, and notes
that say how it was measured. A section returns {key: record} and a list of notes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.bench.sizes import Sizes
from bot.bench.stats import Record, from_summary, record, target

PG_URL = os.environ.get("OTKLIK_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
INTAKE_SHARE = 0.6

Figures = tuple[dict[str, Record], list[str]]


@dataclass(frozen=True)
class Section:
    name: str
    keys: tuple[str, ...]
    run: Callable[[Sizes], Figures]


def intake(sizes: Sizes) -> Figures:
    from bot.bench.intake import run_ceiling, run_pipeline

    ceilings, rates, ratios, cards = [], [], [], []
    for _ in range(sizes.runs):
        ceiling, pipeline = run_ceiling(sizes.intake_n), run_pipeline(sizes.intake_n)
        ceilings.append(ceiling.per_s)
        rates.append(pipeline.per_s)
        ratios.append(pipeline.per_s / ceiling.per_s)
        cards.append(pipeline.cards)
    ceiling_rec = record(ceilings)
    goal = target("≥", round(INTAKE_SHARE * ceiling_rec["median"]))
    notes = [
        f"Intake: {sizes.intake_n:,} comments queued in the Telegram emulator before polling, "
        "each from its own author, 10% negatives; the ceiling is aiogram's own polling "
        "(Dispatcher.start_polling, its defaults) with one Router and a no-op message handler; "
        "the pipeline polls with otklik's loop (bot.telegram.polling.Poller: getUpdates limit "
        "100 read as JSON, next offset after the batch), both through otklik's HTTP session. "
        "The pipeline is timed until every comment is stored and every card is in the "
        f"managers' chat (cards per run: {cards}); the ratio pairs the two figures of the same "
        "run.",
    ]
    return {
        "intake_ceiling_per_s": ceiling_rec,
        "intake_per_s": record(rates, goal),
        "intake_ratio": record(ratios, target("≥", INTAKE_SHARE)),
    }, notes


def vk_intake(sizes: Sizes) -> Figures:
    from bot.bench.vk_intake import run_vk_pipeline

    runs = [run_vk_pipeline(sizes.vk_n) for _ in range(sizes.runs)]
    notes = [
        f"VK intake: {sizes.vk_n:,} wall comments through vk_api's Bots Long Poll against the "
        "VK emulator and the same pipeline, until stored and every card sent "
        f"(cards per run: {[r.cards for r in runs]}); no target of its own.",
    ]
    return {"vk_intake_per_s": record([r.per_s for r in runs])}, notes


def latency(sizes: Sizes) -> Figures:
    from bot.bench.latency import run_latency

    runs = [
        run_latency(sizes.latency_rate, sizes.latency_s, sizes.latency_warmup_s)
        for _ in range(sizes.runs)
    ]
    notes = [
        f"Flag latency: {sizes.latency_rate:.0f} comments/s for {sizes.latency_s:g} s "
        f"(achieved {[round(r.achieved_per_s) for r in runs]}/s), 10% negatives, the first "
        f"{sizes.latency_warmup_s:g} s not counted; from the comment entering the emulator's "
        "update queue to its card in the managers' chat. Samples per run: "
        f"{[r.samples for r in runs]}, cards missing after 10 s: {[r.missed for r in runs]}.",
    ]
    return {
        "flag_latency_p50_ms": record([r.p50_ms for r in runs]),
        "flag_latency_p99_ms": record([r.p99_ms for r in runs], target("<", 100)),
    }, notes


def classifier(sizes: Sizes) -> Figures:
    from moderation.bench import bench_classifier

    found = bench_classifier(sizes.classifier_n, sizes.classifier_runs)
    notes = [
        f"Classifier: moderation.bench.bench_classifier, {sizes.classifier_n:,} mixed ru/en "
        "texts one at a time on one core; load = SentimentModel.load.",
    ]
    return {
        "classifier_per_s": from_summary(found["classifier_per_s"], target("≥", 5000)),
        "classifier_load_s": from_summary(found["classifier_load_s"]),
    }, notes


def _digest(url: str, n: int, runs: int) -> dict[str, float]:
    from scheduler.digest.bench import bench_digest

    return bench_digest(url, n, runs)


def digest(sizes: Sizes) -> Figures:
    results: dict[str, Record] = {}
    fills: list[str] = []
    notes: list[str] = []
    for suffix, backend in (("", "sqlite"), ("_pg", "postgresql")):
        for label, n in (("100k", sizes.digest_small), ("1m", sizes.digest_large)):
            key = f"digest_{label}_ms{suffix}"
            goal = target("<", 300) if key == "digest_1m_ms" else None
            try:
                with tempfile.TemporaryDirectory(prefix="otklik-bench-digest-") as folder:
                    url = f"sqlite+aiosqlite:///{Path(folder) / 'digest.db'}"
                    found = _digest(url if backend == "sqlite" else PG_URL, n, sizes.digest_runs)
            except Exception as exc:  # PostgreSQL down must not cost the other figures
                results[key] = record([], goal)
                notes.append(f"{key}: not measured ({type(exc).__name__}: {exc})")
                continue
            results[key] = from_summary(found, goal)
            fills.append(f"{backend} {n:,}: {found.get('fill_s', 0):.0f} s")
    small, large = results.get("digest_100k_ms"), results.get("digest_1m_ms")
    growth = ""
    if small and large and small["median"] and large["median"]:
        growth = f" 10× the comments cost {large['median'] / small['median']:.1f}× the time."
    notes.insert(
        0,
        f"Digest: scheduler.digest.bench, one community's weekly numbers (SQL aggregates) with "
        f"{sizes.digest_small:,} and {sizes.digest_large:,} comments in the week, one fill per "
        f"size, {sizes.digest_runs} builds timed; PostgreSQL in a fresh schema, dropped after. "
        f"Fill: {', '.join(fills)}.{growth}",
    )
    return results, notes


def memory(sizes: Sizes) -> Figures:
    from bot.bench.memory import run_memory

    found = run_memory(sizes.memory_n)
    libraries, idle = record(found.libraries_mb), record(found.idle_mb)
    after = record(found.after_mb, target("≤", round(1.2 * idle["median"], 1)))
    idle["target"] = target("≤", round(1.15 * libraries["median"], 1))
    idle_ratios = [v / libraries["median"] for v in found.idle_mb]
    after_ratios = [v / idle["median"] for v in found.after_mb]
    notes = [
        "Memory: VmRSS of `python -m bot run` (a subprocess, real classifier, SQLite file) "
        f"polling the emulator: idle, then after {sizes.memory_n:,} comments were stored; "
        "libraries = a process that imports aiogram, SQLAlchemy (with an engine), APScheduler "
        "and TextBlob and waits. Each figure is one process read 3 times 0.5 s apart. That "
        "bot keeps Telegram's real rate limits, so its cards trickle out during the reading.",
    ]
    return {
        "rss_libraries_mb": libraries,
        "rss_idle_mb": idle,
        "rss_idle_ratio": record(idle_ratios, target("≤", 1.15)),
        "rss_after_100k_mb": after,
        "rss_after_100k_ratio": record(after_ratios, target("≤", 1.2)),
    }, notes


SECTIONS: tuple[Section, ...] = (
    Section("intake", ("intake_ceiling_per_s", "intake_per_s", "intake_ratio"), intake),
    Section("vk", ("vk_intake_per_s",), vk_intake),
    Section("latency", ("flag_latency_p50_ms", "flag_latency_p99_ms"), latency),
    Section("classifier", ("classifier_per_s", "classifier_load_s"), classifier),
    Section(
        "digest",
        ("digest_100k_ms", "digest_1m_ms", "digest_100k_ms_pg", "digest_1m_ms_pg"),
        digest,
    ),
    Section(
        "memory",
        (
            "rss_libraries_mb",
            "rss_idle_mb",
            "rss_idle_ratio",
            "rss_after_100k_mb",
            "rss_after_100k_ratio",
        ),
        memory,
    ),
)
