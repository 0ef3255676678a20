"""HTTP control API: /_control/<action> with JSON kwargs, for demos and other processes.

POST /_control/user_writes {"chat_id": -100..., "user_id": 1, "text": "hi"}
  -> {"ok": true, "result": {...message...}}
GET works too, with the kwargs in the query string (numbers are converted).
"""

from __future__ import annotations

import inspect
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

ACTIONS = frozenset(
    {
        "add_user", "add_chat", "link_discussion", "set_member", "block_bot", "unblock_bot",
        "user_writes", "user_edits", "user_reacts", "user_joins", "user_leaves",
        "channel_posts", "comment_on_post", "press_button", "reply_to_bot_message",
        "bulk_user_writes", "sent", "calls", "wait_sent", "message", "pending_updates",
        "inject", "member",
    }
)  # fmt: skip


def _from_query(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value


def _reply(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(body, ensure_ascii=False), status=status, content_type="application/json"
    )


def add_control_routes(app: web.Application, emu: TelegramEmulator) -> None:
    async def handle(request: web.Request) -> web.Response:
        action = request.match_info["action"]
        if action == "info":
            info = {"base_url": emu.base_url, "bot": emu.bot_user, "actions": sorted(ACTIONS)}
            return _reply({"ok": True, "result": info})
        if action not in ACTIONS:
            return _reply({"ok": False, "description": f"unknown action {action!r}"}, 404)
        kwargs: dict[str, Any] = {k: _from_query(v) for k, v in request.query.items()}
        if request.body_exists:
            try:
                body = await request.json()
            except ValueError:
                return _reply({"ok": False, "description": "body must be a JSON object"}, 400)
            if not isinstance(body, dict):
                return _reply({"ok": False, "description": "body must be a JSON object"}, 400)
            kwargs.update(body)
        try:
            result = getattr(emu, action)(**kwargs)
            if inspect.isawaitable(result):
                result = await result
        except (TypeError, ValueError, KeyError, TimeoutError) as exc:
            return _reply({"ok": False, "description": f"{type(exc).__name__}: {exc}"}, 400)
        return _reply({"ok": True, "result": result})

    app.router.add_route("*", "/_control/{action}", handle)
