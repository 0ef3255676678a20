"""The bot itself: getMe, updates and webhooks, commands, close/logOut."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .errors import POLLING_CONFLICT, WEBHOOK_CONFLICT, bad_request
from .registry import Call, RawJson, api_method
from .updates import Superseded

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


@api_method("getMe")
async def get_me(emu: TelegramEmulator, call: Call) -> dict[str, Any]:
    return {
        **emu.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@api_method("logOut")
async def log_out(emu: TelegramEmulator, call: Call) -> bool:
    return True


@api_method("close")
async def close(emu: TelegramEmulator, call: Call) -> bool:
    return True


@api_method("getUpdates")
async def get_updates(emu: TelegramEmulator, call: Call) -> RawJson:
    if emu.webhook.url:
        raise WEBHOOK_CONFLICT
    params = call.params
    limit = min(max(params.get("limit", 100), 1), 100)
    timeout = max(params.get("timeout", 0), 0)
    emu.queue.set_allowed(params.get("allowed_updates"))
    try:
        bodies = await emu.queue.poll(params.get("offset"), limit, timeout)
    except Superseded:
        raise POLLING_CONFLICT from None
    return RawJson("[" + ",".join(bodies) + "]")


@api_method("setWebhook")
async def set_webhook(emu: TelegramEmulator, call: Call) -> bool:
    params = call.params
    url = params["url"]
    if not url:
        await emu.webhook.stop()
        return True
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        emu.queue.clear()
    emu.queue.set_allowed(params.get("allowed_updates"))
    await emu.webhook.start(url, secret, params.get("max_connections", 40))
    return True


@api_method("deleteWebhook")
async def delete_webhook(emu: TelegramEmulator, call: Call) -> bool:
    await emu.webhook.stop()
    if call.params.get("drop_pending_updates"):
        emu.queue.clear()
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(emu: TelegramEmulator, call: Call) -> dict[str, Any]:
    hook = emu.webhook
    info: dict[str, Any] = {
        "url": hook.url or "",
        "has_custom_certificate": False,
        "pending_update_count": len(emu.queue),
    }
    if hook.url:
        if hook.last_error_date:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
        info["max_connections"] = hook.max_connections
        info["allowed_updates"] = sorted(emu.queue.allowed)
    return info


def _commands_key(params: dict[str, Any]) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True) + "|" + params.get("language_code", "")


@api_method("setMyCommands")
async def set_my_commands(emu: TelegramEmulator, call: Call) -> bool:
    commands = call.params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.fullmatch(str(command.get("command"))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    emu.commands[_commands_key(call.params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


@api_method("deleteMyCommands")
async def delete_my_commands(emu: TelegramEmulator, call: Call) -> bool:
    emu.commands.pop(_commands_key(call.params), None)
    return True


@api_method("getMyCommands")
async def get_my_commands(emu: TelegramEmulator, call: Call) -> list[dict[str, Any]]:
    return emu.commands.get(_commands_key(call.params), [])
