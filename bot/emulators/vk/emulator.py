"""VKEmulator: a local VK API 5.199 server plus a Python API to drive and inspect it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from aiohttp import web

from bot.emulators.notify import ChangeNotifier
from bot.emulators.vk.actions import WallActions
from bot.emulators.vk.control import ControlRoutes
from bot.emulators.vk.events import EventLog
from bot.emulators.vk.faults import Fault, FaultRegistry, UploadFault
from bot.emulators.vk.longpoll import LongPollRoutes
from bot.emulators.vk.messaging import MessageActions
from bot.emulators.vk.rate_cap import RateCap
from bot.emulators.vk.scenario import ScenarioMixin
from bot.emulators.vk.server import ApiRoutes
from bot.emulators.vk.spec import MethodSpec
from bot.emulators.vk.state import Group, VKState
from bot.vk.transport import TIMEOUT, make_session


class VKEmulator(ScenarioMixin):
    """Start with `await emu.start()` (or `async with`); use from the loop that runs it."""

    def __init__(
        self,
        *,
        group_id: int = 1001,
        group_name: str = "Otklik Test",
        token: str = "vk-test-token",
        host: str = "127.0.0.1",
        port: int = 0,
        spec_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
        requests_per_second: int | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.base_url = ""
        self.default_group_id = group_id
        self.closing = False
        self.longpoll_waiters = 0  # long poll requests in progress (tests await this)
        self.state = VKState(clock)
        self.notifier = ChangeNotifier()
        self.events = EventLog(self.notifier)
        self.faults = FaultRegistry()
        self.rate_cap = RateCap(requests_per_second)  # error 6 beyond it; off by default
        self.spec = MethodSpec.from_dir(spec_dir)
        self.wall_actions = WallActions(self.state, self.events, self.notifier)
        self.message_actions = MessageActions(self.state, self.events)
        self._calls: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.add_group(group_id, group_name, token=token)

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        ApiRoutes(self).register(app)
        LongPollRoutes(self).register(app)
        ControlRoutes(self).register(app)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://{self.host}:{self.port}"
        self.wall_actions.base_url = self.base_url

    async def stop(self) -> None:
        self.closing = True
        self.notifier.notify()  # let pending long polls answer before shutdown
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> VKEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def make_session(self, *, timeout: tuple[float, float] = TIMEOUT) -> requests.Session:
        """A requests.Session for vk_api.VkApi(session=...) that reaches this emulator: otklik's
        own (bot.vk.transport), pointed here."""
        if not self.base_url:
            raise RuntimeError("start the emulator before making a session")
        return make_session(self.base_url, timeout=timeout)

    # -- groups ---------------------------------------------------------------------------
    def add_group(
        self, group_id: int, name: str, *, token: str, screen_name: str | None = None
    ) -> dict[str, Any]:
        if group_id in self.state.groups or group_id <= 0:
            raise ValueError(f"group id {group_id} is taken or invalid")
        if self.state.group_by_token(token) is not None:
            raise ValueError("token already belongs to another group")
        group = Group(group_id, name, screen_name or f"club{group_id}", token)
        self.state.groups[group_id] = group
        self.events.key(group_id)  # creates the long poll log and key
        return {"id": group.id, "name": group.name, "screen_name": group.screen_name}

    def _group(self, group_id: int | None) -> Group:
        return self.state.group(group_id or self.default_group_id)

    # -- calls and faults -----------------------------------------------------------------
    def record_call(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        safe = {k: v for k, v in params.items() if k != "access_token"}
        call = {
            "method": method,
            "params": safe,
            "error_code": None,
            "http_status": None,
            "time": time.time(),
        }
        self._calls.append(call)
        return call

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        return [dict(c) for c in self._calls if method is None or c["method"] == method]

    def inject(
        self,
        method: str,
        *,
        error_code: int | None = None,
        http_status: int | None = None,
        times: int = 1,
        delay: float | None = None,
    ) -> Fault:
        """Make the next `times` calls of `method` ("*" = any) fail or answer slowly."""
        return self.faults.inject(
            method, error_code=error_code, http_status=http_status, times=times, delay=delay
        )

    def inject_upload(
        self,
        *,
        http_status: int | None = None,
        delay: float | None = None,
        drop: bool = False,
        times: int = 1,
    ) -> UploadFault:
        """Make the next `times` photo uploads (POST /upload/wall) answer `http_status`, answer
        after `delay` seconds, or `drop` the connection. API method faults never hit uploads."""
        return self.faults.inject_upload(
            http_status=http_status, delay=delay, drop=drop, times=times
        )

    def fail_longpoll(self, code: int, times: int = 1) -> None:
        """The next `times` long poll requests answer {"failed": code} (1, 2 or 3)."""
        self.faults.fail_longpoll(code, times)
        self.notifier.notify()

    def inject_longpoll_http(self, status: int, times: int = 1) -> None:
        self.faults.inject_longpoll_http(status, times)
        self.notifier.notify()

    def clear_faults(self) -> None:
        self.faults.clear()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """First truthy `predicate()`; re-checked on every state change and API call."""
        return await self.notifier.wait_for(predicate, timeout)
