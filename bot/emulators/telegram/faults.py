"""Failures injected on demand: the next N calls of a method fail in a chosen way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FAULT_KINDS = ("429", "500", "502", "drop", "slow")
# Faults for the file server (/file/bot<token>/<path>) go by this name; "*" does not reach it.
DOWNLOAD = "download"


@dataclass
class Fault:
    method: str  # lower-case method name, or "*" for any method
    kind: str
    times: int
    chat_id: int | str | None = None
    retry_after: int = 1
    delay: float = 1.0


class FaultRegistry:
    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(
        self,
        method: str,
        *,
        kind: str,
        times: int = 1,
        chat_id: int | str | None = None,
        retry_after: int = 1,
        delay: float = 1.0,
    ) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {FAULT_KINDS}, got {kind!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        self._faults.append(Fault(method.lower(), kind, times, chat_id, retry_after, delay))

    def clear(self) -> None:
        self._faults.clear()

    def take(self, method: str, raw_params: dict[str, Any]) -> Fault | None:
        """The first matching fault, used up by one; None (cheaply) when nothing is injected."""
        if not self._faults:
            return None
        method = method.lower()
        names = (method,) if method == DOWNLOAD else (method, "*")
        for fault in self._faults:
            if fault.method not in names:
                continue
            if fault.chat_id is not None and str(raw_params.get("chat_id")) != str(fault.chat_id):
                continue
            fault.times -= 1
            if fault.times <= 0:
                self._faults.remove(fault)
            return fault
        return None
