"""JSON control API under /_control/: drive and inspect the emulator from another process.

POST /_control/<action> with a JSON object of keyword arguments, e.g.
  POST /_control/user_comments {"post_id": 1, "user_id": 1000001, "text": "hi"}
GET /_control/<inspection>?arg=value, e.g. GET /_control/comments?post_id=1
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.emulators.vk.state import EmulatorError

if TYPE_CHECKING:
    from bot.emulators.vk.emulator import VKEmulator

ACTIONS = frozenset(
    {
        "add_group",
        "add_user",
        "add_admin",
        "group_posts",
        "user_comments",
        "bulk_user_comments",
        "user_edits_comment",
        "delete_comment",
        "restore_comment",
        "user_messages",
        "admin_messages",
        "user_likes",
        "user_unlikes",
        "user_joins",
        "user_leaves",
        "add_views",
        "pin_post",
        "user_reposts",
        "inject",
        "inject_upload",
        "fail_longpoll",
        "inject_longpoll_http",
        "clear_faults",
    }
)
INSPECTIONS = frozenset({"comments", "messages_sent", "wall", "calls", "lp_events"})


class ControlRoutes:
    def __init__(self, emu: VKEmulator) -> None:
        self.emu = emu

    def register(self, app: web.Application) -> None:
        app.router.add_post("/_control/{action}", self.act)
        app.router.add_get("/_control/{action}", self.inspect)
        app.router.add_get("/_control", self.index)

    async def index(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "base_url": self.emu.base_url,
                "actions": sorted(ACTIONS),
                "inspections": sorted(INSPECTIONS),
            }
        )

    async def act(self, request: web.Request) -> web.Response:
        name = request.match_info["action"]
        if name not in ACTIONS:
            return _bad(f"unknown action {name!r}", status=404)
        try:
            kwargs = await request.json() if request.can_read_body else {}
        except json.JSONDecodeError:
            return _bad("body must be a JSON object")
        if not isinstance(kwargs, dict):
            return _bad("body must be a JSON object")
        if name == "bulk_user_comments":
            kwargs["items"] = [tuple(item) for item in kwargs.get("items", [])]
        result = self._call(name, kwargs)
        if isinstance(result, web.Response):
            return result
        if name == "inject":
            result = {"method": result.method, "times": result.times, **result.extra}
        elif name == "inject_upload":
            result = {"times": result.times}
        return web.json_response({"ok": True, "result": result})

    async def inspect(self, request: web.Request) -> web.Response:
        name = request.match_info["action"]
        if name not in INSPECTIONS:
            return _bad(f"unknown inspection {name!r}", status=404)
        kwargs = {key: _maybe_int(value) for key, value in request.query.items()}
        result = self._call(name, kwargs)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    def _call(self, name: str, kwargs: dict[str, Any]) -> Any:
        try:
            return getattr(self.emu, name)(**kwargs)
        except (TypeError, ValueError, EmulatorError) as exc:
            return _bad(str(exc))


def _bad(message: str, status: int = 400) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def _maybe_int(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value
