"""Faults injected on demand: API errors, HTTP statuses, slow answers, long poll failures, and
the photo upload server's own failures (a separate queue: an "*" API fault never hits uploads)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

ANY_METHOD = "*"


@dataclass
class Fault:
    method: str
    error_code: int | None
    http_status: int | None
    delay: float | None
    times: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class UploadFault:
    http_status: int | None
    delay: float | None
    drop: bool  # close the connection without an answer
    times: int


class FaultRegistry:
    def __init__(self) -> None:
        self._api: list[Fault] = []
        self._longpoll_failed: list[list[int]] = []  # [code, times]
        self._longpoll_http: list[list[int]] = []  # [status, times]
        self._upload: list[UploadFault] = []

    def inject(
        self,
        method: str,
        *,
        error_code: int | None = None,
        http_status: int | None = None,
        times: int = 1,
        delay: float | None = None,
    ) -> Fault:
        if error_code is None and http_status is None and delay is None:
            raise ValueError("inject needs error_code, http_status or delay")
        if times < 1:
            raise ValueError("times must be >= 1")
        extra: dict[str, Any] = {}
        if error_code == 14:
            sid = str(secrets.randbelow(10**12))
            extra = {
                "captcha_sid": sid,
                "captcha_img": f"https://api.vk.com/captcha.php?sid={sid}&s=1",
            }
        fault = Fault(method, error_code, http_status, delay, times, extra)
        self._api.append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        """The first pending fault for `method` (or any method); uses up one of its times."""
        for fault in self._api:
            if fault.method in (method, ANY_METHOD):
                fault.times -= 1
                if fault.times == 0:
                    self._api.remove(fault)
                return fault
        return None

    def fail_longpoll(self, code: int, times: int = 1) -> None:
        if code not in (1, 2, 3):
            raise ValueError("long poll failed code must be 1, 2 or 3")
        self._longpoll_failed.append([code, times])

    def inject_longpoll_http(self, status: int, times: int = 1) -> None:
        self._longpoll_http.append([status, times])

    def take_longpoll_failed(self) -> int | None:
        return _take_counted(self._longpoll_failed)

    def take_longpoll_http(self) -> int | None:
        return _take_counted(self._longpoll_http)

    def inject_upload(
        self,
        *,
        http_status: int | None = None,
        delay: float | None = None,
        drop: bool = False,
        times: int = 1,
    ) -> UploadFault:
        if http_status is None and delay is None and not drop:
            raise ValueError("inject_upload needs http_status, delay or drop")
        if http_status is not None and not 400 <= http_status <= 599:
            raise ValueError("http_status must be a 4xx or 5xx status")
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = UploadFault(http_status, delay, drop, times)
        self._upload.append(fault)
        return fault

    def take_upload(self) -> UploadFault | None:
        """The first pending upload fault; uses up one of its times."""
        if not self._upload:
            return None
        fault = self._upload[0]
        fault.times -= 1
        if fault.times == 0:
            self._upload.pop(0)
        return fault

    def clear(self) -> None:
        self._api.clear()
        self._longpoll_failed.clear()
        self._longpoll_http.clear()
        self._upload.clear()


def _take_counted(queue: list[list[int]]) -> int | None:
    if not queue:
        return None
    entry = queue[0]
    entry[1] -= 1
    if entry[1] <= 0:
        queue.pop(0)
    return entry[0]
