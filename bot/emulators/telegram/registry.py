"""The method registry and the checks many methods share (chat lookup, bot rights)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import bad_request, chat_not_found, forbidden
from .shapes import PRESENT_STATUSES
from .state import ChatRecord

if TYPE_CHECKING:
    from .emulator import TelegramEmulator


@dataclass
class Call:
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # part name -> (name, data)


class RawJson(str):
    """A result that is already serialized JSON (getUpdates joins pre-serialized updates)."""


Method = Callable[["TelegramEmulator", Call], Awaitable[Any]]
METHODS: dict[str, Method] = {}


def api_method(name: str) -> Callable[[Method], Method]:
    def register(fn: Method) -> Method:
        METHODS[name] = fn
        return fn

    return register


def find_chat(emu: TelegramEmulator, chat_id: int | str) -> ChatRecord:
    """A chat the bot can see, by id or @username."""
    if isinstance(chat_id, str):
        found = emu.usernames.get(chat_id.lstrip("@").lower()) if chat_id.startswith("@") else None
        if found is None:
            raise chat_not_found()
        chat_id = found
    chat = emu.chats.get(chat_id)
    if chat is None or chat.status_of(emu.bot_id) in (None, "left"):
        raise chat_not_found()
    return chat


def writable_chat(emu: TelegramEmulator, chat_id: int | str) -> ChatRecord:
    chat = find_chat(emu, chat_id)
    if chat.kind == "private" and chat.id in emu.blocked_by:
        raise forbidden("bot was blocked by the user")
    if chat.status_of(emu.bot_id) == "kicked":
        raise forbidden(f"bot was kicked from the {_chat_word(chat)} chat")
    return chat


def require_admin(emu: TelegramEmulator, chat: ChatRecord, reason: str) -> None:
    if chat.kind == "private":
        raise bad_request("method is available for supergroup and channel chats only")
    if chat.status_of(emu.bot_id) not in ("creator", "administrator"):
        raise bad_request(reason)


def is_present(chat: ChatRecord, user_id: int) -> bool:
    entry = chat.members.get(user_id)
    if entry is None:
        return False
    status, extra = entry
    return status in PRESENT_STATUSES or (status == "restricted" and extra.get("is_member", True))


def _chat_word(chat: ChatRecord) -> str:
    return {"group": "group", "supergroup": "supergroup", "channel": "channel"}.get(chat.kind, "")
