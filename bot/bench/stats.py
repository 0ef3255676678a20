"""One figure = several runs summarised as median/min/max, with the goal it is held to.

A target is a short string ("≥ 5000", "< 100") or None for figures reported without a goal;
the JSON keeps exactly {"median", "min", "max", "target", "runs"} per figure.
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Sequence
from typing import Any

Record = dict[str, Any]

_OPS = {"≥": operator.ge, "≤": operator.le, "<": operator.lt, ">": operator.gt}


def record(values: Sequence[float], target: str | None = None) -> Record:
    """Median, min and max of the runs; an empty list means the figure could not be measured."""
    if not values:
        return {"median": None, "min": None, "max": None, "target": target, "runs": 0}
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "target": target,
        "runs": len(values),
    }


def from_summary(summary: dict[str, Any], target: str | None = None) -> Record:
    """Re-shape a {"median","min","max","runs"} summary another module already computed."""
    return {
        "median": summary["median"],
        "min": summary["min"],
        "max": summary["max"],
        "target": target,
        "runs": summary["runs"],
    }


def target(op: str, value: float) -> str:
    if op not in _OPS:
        raise ValueError(f"unknown comparison {op!r}")
    return f"{op} {value:g}"


def met(rec: Record) -> bool | None:
    """Whether the median meets the target; None when there is no target or no value."""
    goal, median = rec.get("target"), rec.get("median")
    if goal is None or median is None:
        return None
    op, _, value = str(goal).partition(" ")
    return bool(_OPS[op](median, float(value)))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of 500 samples is the 495th smallest)."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]
