"""The Bots Long Poll endpoint: GET /lp/<group_id>?act=a_check&key=K&ts=T&wait=W."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from bot.emulators.vk.emulator import VKEmulator

MAX_WAIT = 90


class LongPollRoutes:
    def __init__(self, emu: VKEmulator) -> None:
        self.emu = emu

    def register(self, app: web.Application) -> None:
        app.router.add_get("/lp/{group_id}", self.a_check)

    async def a_check(self, request: web.Request) -> web.Response:
        try:
            group_id = int(request.match_info["group_id"])
        except ValueError:
            raise web.HTTPNotFound() from None
        if group_id not in self.emu.state.groups:
            raise web.HTTPNotFound()
        query = request.query
        if query.get("act") != "a_check":
            return web.json_response({"failed": 2})
        try:
            wait = max(0, min(int(query.get("wait", "25")), MAX_WAIT))
            ts = int(query.get("ts", ""))
        except ValueError:
            return self._failed(group_id, 1)
        self.emu.longpoll_waiters += 1
        try:
            return await self._poll(group_id, ts, wait, query.get("key"))
        finally:
            self.emu.longpoll_waiters -= 1

    async def _poll(self, group_id: int, ts: int, wait: int, key: str | None) -> web.Response:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        announced = False
        while True:
            status = self.emu.faults.take_longpoll_http()
            if status is not None:
                return web.Response(status=status, text="emulated long poll HTTP failure")
            code = self.emu.faults.take_longpoll_failed()
            if code is not None:
                return self._failed(group_id, code)
            if key != self.emu.events.key(group_id):
                return web.json_response({"failed": 2})
            events = self.emu.events.since(group_id, ts)
            if events is None:
                return self._failed(group_id, 1)
            remaining = deadline - loop.time()
            if events or remaining <= 0 or self.emu.closing:
                next_ts = events[-1][0] + 1 if events else ts
                updates = [event for _, event in events]
                return web.json_response({"ts": str(next_ts), "updates": updates})
            if not announced:
                # Once per request (not per loop) so concurrent pollers cannot ping-pong.
                announced = True
                self.emu.notifier.notify()
            await self.emu.notifier.wait_change(remaining)

    def _failed(self, group_id: int, code: int) -> web.Response:
        events = self.emu.events
        if code == 1:
            return web.json_response({"failed": 1, "ts": str(events.current_ts(group_id))})
        # 2 and 3: the old key really stops working, so the client must ask for a new one.
        events.rotate_key(group_id)
        return web.json_response({"failed": code})
