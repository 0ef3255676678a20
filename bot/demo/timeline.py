"""The demo's readable timeline: what arrived, what was flagged, what was answered."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import TextIO

_LABELS = {
    "arrived": "comment",
    "flagged": "FLAGGED",
    "replied": "answered",
    "auto-replied": "auto-reply",
    "post_published": "published",
    "post": "post",
    "joined": "joined",
    "left": "left",
    "resolve": "resolved",
}


class PrintingTimeline:
    def __init__(
        self, out: TextIO = sys.stdout, *, quiet_kinds: frozenset[str] = frozenset()
    ) -> None:
        self._out = out
        self._start = time.monotonic()
        self._quiet = quiet_kinds
        self.counts: Counter[tuple[str, str]] = Counter()

    def record(self, kind: str, community: str, platform: str, detail: str) -> None:
        self.counts[(kind, platform)] += 1
        if kind in self._quiet:
            return
        elapsed = time.monotonic() - self._start
        where = "TG" if platform == "telegram" else "VK"
        text = " ".join(detail.split())
        if len(text) > 70:
            text = text[:69] + "…"
        label = _LABELS.get(kind, kind)
        print(f"[{elapsed:6.1f}s] {where}  {label:<10} {text}", file=self._out, flush=True)

    def say(self, message: str) -> None:
        elapsed = time.monotonic() - self._start
        print(f"[{elapsed:6.1f}s] ──  {message}", file=self._out, flush=True)
