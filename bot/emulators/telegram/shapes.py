"""Builders for the Bot API objects the emulator hands out, in the real key order."""

from __future__ import annotations

import hashlib
import re
from typing import Any

TELEGRAM_SERVICE_USER = {"id": 777000, "is_bot": False, "first_name": "Telegram"}

_ADMIN_RIGHTS = (
    "can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
    "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
    "can_edit_stories", "can_delete_stories", "can_post_messages", "can_edit_messages",
    "can_pin_messages", "can_manage_topics",
    "can_send_welcome_messages",  # not in the 10.2 spec, but aiogram 3.31 requires it
)  # fmt: skip
PERMISSIONS = (
    "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
    "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
    "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
    "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages",
    "can_manage_topics",
)  # fmt: skip
MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")
PRESENT_STATUSES = frozenset({"creator", "administrator", "member"})


def user_object(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    is_bot: bool = False,
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code and not is_bot:
        user["language_code"] = language_code
    return user


def chat_object(
    chat_id: int, kind: str, title: str, username: str | None, user: dict | None = None
) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id}
    if kind == "private" and user is not None:
        chat["first_name"] = user["first_name"]
        if "last_name" in user:
            chat["last_name"] = user["last_name"]
        if "username" in user:
            chat["username"] = user["username"]
    else:
        chat["title"] = title
        if username:
            chat["username"] = username
    chat["type"] = kind
    return chat


def member_object(user: dict, status: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A ChatMember of the given status with every field the spec requires for it."""
    extra = extra or {}
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member["can_be_edited"] = False
        member["is_anonymous"] = False
        member.update({right: True for right in _ADMIN_RIGHTS})
    elif status == "restricted":
        member["is_member"] = extra.get("is_member", True)
        permissions = extra.get("permissions", {})
        member.update({p: bool(permissions.get(p, False)) for p in PERMISSIONS})
        member["until_date"] = extra.get("until_date", 0)
    elif status == "kicked":
        member["until_date"] = extra.get("until_date", 0)
    return member


def photo_sizes(seed: str, size: int) -> list[dict[str, Any]]:
    """Three thumbnails like the real server makes for one upload."""
    digest = hashlib.sha1(seed.encode()).hexdigest()[:16]
    sizes = []
    variants = (("s", 90, 67, 80), ("m", 320, 240, 8), ("x", 1280, 960, 1))
    for suffix, width, height, share in variants:
        sizes.append(
            {
                "file_id": f"AgACAgIAAxkBAA{digest}_{suffix}",
                "file_unique_id": f"AQAD{digest[:8]}_{suffix}",
                "file_size": max(1, size // share),
                "width": width,
                "height": height,
            }
        )
    return sizes


# The lookahead lets the scan skip, in one test, every place no entity can start at; without
# it each of the four alternatives is tried at every character.
_ENTITY_PATTERN = re.compile(
    r"(?=[@#/h])(?:(?P<mention>(?<!\w)@\w{3,32})|(?P<hashtag>(?<!\w)#\w+)|(?P<bot_command>(?<!\S)/\w+)"
    r"|(?P<url>https?://\S+))"
)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of the Bot API's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Mentions, hashtags, commands and URLs, with offsets in UTF-16 units like the API."""
    if not any(mark in text for mark in "@#/"):
        return []  # fast path for plain text (benchmarks push thousands of these)
    entities = []
    for match in _ENTITY_PATTERN.finditer(text):
        kind = match.lastgroup or "url"
        start = utf16_len(text[: match.start()])
        entities.append({"type": kind, "offset": start, "length": utf16_len(match.group())})
    return entities
