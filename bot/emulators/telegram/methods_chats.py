"""Chat information and member management."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .registry import Call, api_method, find_chat, is_present, require_admin
from .shapes import PERMISSIONS
from .state import ChatRecord

if TYPE_CHECKING:
    from .emulator import TelegramEmulator

_NO_RIGHTS = "not enough rights to restrict/ban chat member"


def _target(emu: TelegramEmulator, chat: ChatRecord, user_id: int) -> None:
    if user_id not in emu.users:
        raise bad_request("user not found")
    if chat.status_of(user_id) in ("creator", "administrator"):
        raise bad_request("user is an administrator of the chat")


@api_method("banChatMember")
async def ban_chat_member(emu: TelegramEmulator, call: Call) -> bool:
    chat = find_chat(emu, call.params["chat_id"])
    require_admin(emu, chat, _NO_RIGHTS)
    user_id = call.params["user_id"]
    _target(emu, chat, user_id)
    until = call.params.get("until_date", 0)
    emu.change_member(chat, user_id, "kicked", actor=emu.bot_user, until_date=until)
    return True


@api_method("unbanChatMember")
async def unban_chat_member(emu: TelegramEmulator, call: Call) -> bool:
    chat = find_chat(emu, call.params["chat_id"])
    require_admin(emu, chat, _NO_RIGHTS)
    user_id = call.params["user_id"]
    _target(emu, chat, user_id)
    status = chat.status_of(user_id)
    # Like the API: without only_if_banned, unbanning a present member removes them.
    removable = status == "kicked" or (status is not None and not call.params.get("only_if_banned"))
    if removable and status != "left":
        emu.change_member(chat, user_id, "left", actor=emu.bot_user)
    return True


@api_method("restrictChatMember")
async def restrict_chat_member(emu: TelegramEmulator, call: Call) -> bool:
    chat = find_chat(emu, call.params["chat_id"])
    if chat.kind != "supergroup":
        raise bad_request("method is available only for supergroups")
    require_admin(emu, chat, _NO_RIGHTS)
    user_id = call.params["user_id"]
    _target(emu, chat, user_id)
    permissions = call.params["permissions"]
    if all(permissions.get(name) for name in PERMISSIONS):
        emu.change_member(chat, user_id, "member", actor=emu.bot_user)
        return True
    emu.change_member(
        chat,
        user_id,
        "restricted",
        actor=emu.bot_user,
        is_member=is_present(chat, user_id) or chat.status_of(user_id) is None,
        permissions=permissions,
        until_date=call.params.get("until_date", 0),
    )
    return True


@api_method("getChat")
async def get_chat(emu: TelegramEmulator, call: Call) -> dict[str, Any]:
    chat = find_chat(emu, call.params["chat_id"])
    info: dict[str, Any] = dict(chat.info)
    info["accent_color_id"] = 0
    info["max_reaction_count"] = 11
    info["accepted_gift_types"] = {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    }
    if chat.linked_chat_id is not None:
        info["linked_chat_id"] = chat.linked_chat_id
    if chat.pinned_message_id in chat.messages:
        info["pinned_message"] = chat.messages[chat.pinned_message_id]
    return info


@api_method("getChatMember")
async def get_chat_member(emu: TelegramEmulator, call: Call) -> dict[str, Any]:
    chat = find_chat(emu, call.params["chat_id"])
    if call.params["user_id"] not in emu.users:
        raise bad_request("user not found")
    return emu.member(chat.id, call.params["user_id"])


@api_method("getChatAdministrators")
async def get_chat_administrators(emu: TelegramEmulator, call: Call) -> list[dict[str, Any]]:
    chat = find_chat(emu, call.params["chat_id"])
    if chat.kind == "private":
        raise bad_request("there are no administrators in the private chat")
    return [
        emu.member(chat.id, user_id)
        for user_id, (status, _) in chat.members.items()
        if status in ("creator", "administrator")
    ]


@api_method("getChatMemberCount")
async def get_chat_member_count(emu: TelegramEmulator, call: Call) -> int:
    chat = find_chat(emu, call.params["chat_id"])
    return sum(1 for user_id in chat.members if is_present(chat, user_id))
