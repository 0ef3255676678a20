"""Telegram updates → core events. Pure functions over the Bot API's JSON: no I/O, easy to test
against samples.

They read the update as Telegram sends it, not aiogram's models: validating every comment into
pydantic objects cost more than polling it, and a comment needs a dozen fields. Each field is
type-checked as it is read, so a malformed update raises MalformedUpdate (naming the field)
instead of letting a wrong type into the core.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.telegram.directory import ChatInfo, Directory
from handlers.events import (
    AudienceEvent,
    Author,
    Comment,
    CommentEdited,
    MemberJoined,
    MemberLeft,
    PostPublished,
    ReactionChanged,
    ReactionCount,
)

PLATFORM = "telegram"
_PRESENT = {"member", "administrator", "creator", "restricted"}
_ADMINS = {"administrator", "creator"}
_MEDIA = ("photo", "video", "document", "voice", "video_note", "sticker", "animation", "audio")

Json = dict[str, Any]


class MalformedUpdate(ValueError):
    """An update whose shape is not the Bot API's."""


def obj(parent: Json, key: str) -> Json | None:
    value = parent.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise MalformedUpdate(f"{key} is not an object")


def need(parent: Json, key: str) -> Json:
    value = obj(parent, key)
    if value is None:
        raise MalformedUpdate(f"{key} is missing")
    return value


def integer(parent: Json, key: str) -> int:
    value = parent.get(key)
    if type(value) is not int:
        raise MalformedUpdate(f"{key} is not an integer")
    return value


def _opt_int(parent: Json, key: str) -> int | None:
    return None if parent.get(key) is None else integer(parent, key)


def _opt_str(parent: Json, key: str) -> str | None:
    value = parent.get(key)
    if value is None or isinstance(value, str):
        return value
    raise MalformedUpdate(f"{key} is not a string")


def _list(parent: Json, key: str) -> list[Json]:
    value = parent.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise MalformedUpdate(f"{key} is not a list of objects")
    return value


def _at(parent: Json, key: str = "date") -> datetime:
    return datetime.fromtimestamp(integer(parent, key), UTC)


def author_of(user: Json) -> Author:
    user_id = integer(user, "id")
    names = (_opt_str(user, "first_name"), _opt_str(user, "last_name"))
    name = " ".join(part for part in names if part) or str(user_id)
    return Author(
        user_id,
        name,
        _opt_str(user, "username"),
        user.get("is_bot") is True,
        _opt_str(user, "language_code"),
    )


def message_link(chat_id: int, username: str | None, message_id: int) -> str:
    if username:
        return f"https://t.me/{username}/{message_id}"
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{message_id}"


def _text(message: Json) -> str | None:
    text = _opt_str(message, "text")
    return text if text is not None else _opt_str(message, "caption")


def map_message(message: Json, info: ChatInfo) -> list[AudienceEvent]:
    """A message in a community's group or discussion group (``info``: its chat's entry in
    the directory, which the caller looked up to decide that this is an audience message)."""
    chat = need(message, "chat")
    chat_id = integer(chat, "id")
    at = _at(message)
    message_id = integer(message, "message_id")
    joined = _list(message, "new_chat_members")
    if joined:
        return [
            MemberJoined(
                info.community,
                PLATFORM,
                chat_id,
                author,
                at,
                f"msg:{chat_id}:{message_id}:{author.user_id}",
            )
            for author in map(author_of, joined)
            if not author.is_bot
        ]
    left = obj(message, "left_chat_member")
    if left is not None:
        author = author_of(left)
        key = f"msg:{chat_id}:{message_id}:{author.user_id}"
        return [MemberLeft(info.community, PLATFORM, chat_id, author, at, key)]
    origin = obj(message, "forward_origin")
    if message.get("is_automatic_forward") is True and origin is not None:
        return _discussion_root(message, chat_id, message_id, origin, info, at)
    text = _text(message)
    if text is None:
        return []
    return [_comment(message, chat, message_id, info, text, at)]


def _discussion_root(
    message: Json, chat_id: int, message_id: int, origin: Json, info: ChatInfo, at: datetime
) -> list[AudienceEvent]:
    channel = obj(origin, "chat")
    post_id = _opt_int(origin, "message_id")
    if channel is None or post_id is None:
        return []
    return [
        PostPublished(
            info.community,
            PLATFORM,
            integer(channel, "id"),
            post_id,
            _text(message) or "",
            at,
            discussion_chat_id=chat_id,
            discussion_message_id=message_id,
        )
    ]


def _comment(
    message: Json, chat: Json, message_id: int, info: ChatInfo, text: str, at: datetime
) -> Comment:
    chat_id = integer(chat, "id")
    user = obj(message, "from")
    sender_chat = obj(message, "sender_chat")
    if user is not None:
        author = author_of(user)
        staff = author.user_id in info.staff
    else:
        # Anonymous admins and channels write as a chat: that is the community speaking.
        sender = sender_chat or chat
        sender_id = integer(sender, "id")
        author = Author(
            sender_id, _opt_str(sender, "title") or str(sender_id), _opt_str(sender, "username")
        )
        staff = True
    if sender_chat is not None and integer(sender_chat, "id") in (chat_id, info.channel_id):
        staff = True
    reply = obj(message, "reply_to_message")
    thread_id = _opt_int(message, "message_thread_id")
    discussion = info.role == "discussion"
    return Comment(
        community=info.community,
        platform=PLATFORM,
        chat_id=chat_id,
        message_id=message_id,
        author=author,
        text=text,
        at=at,
        source="discussion" if discussion else "group",
        # For discussion comments: the thread root, i.e. the post's forward in this group.
        post_id=thread_id if discussion else None,
        reply_to_id=integer(reply, "message_id") if reply is not None else None,
        chat_title=_opt_str(chat, "title"),
        link=message_link(chat_id, _opt_str(chat, "username"), message_id),
        media=tuple(kind for kind in _MEDIA if message.get(kind)),
        from_staff=staff,
    )


def map_edited(message: Json, directory: Directory) -> list[AudienceEvent]:
    chat_id = integer(need(message, "chat"), "id")
    info = directory.chat(chat_id)
    text = _text(message)
    if info is None or text is None:
        return []
    at = _at(message, "edit_date" if message.get("edit_date") is not None else "date")
    message_id = integer(message, "message_id")
    return [CommentEdited(info.community, PLATFORM, chat_id, message_id, text, at)]


def map_channel_post(message: Json, directory: Directory) -> list[AudienceEvent]:
    chat_id = integer(need(message, "chat"), "id")
    info = directory.chat(chat_id)
    if info is None or info.role != "channel":
        return []
    message_id = integer(message, "message_id")
    text = _text(message) or ""
    return [PostPublished(info.community, PLATFORM, chat_id, message_id, text, _at(message))]


def _emoji(reaction: Json) -> str:
    kind = reaction.get("type")
    if kind == "emoji":
        return _opt_str(reaction, "emoji") or "other"
    if kind == "custom_emoji":
        return f"custom:{_opt_str(reaction, 'custom_emoji_id')}"
    if kind == "paid":
        return "paid"
    return "other"


def map_reaction(update: Json, directory: Directory) -> list[AudienceEvent]:
    chat_id = integer(need(update, "chat"), "id")
    info = directory.chat(chat_id)
    if info is None:
        return []
    old = {_emoji(r) for r in _list(update, "old_reaction")}
    new = {_emoji(r) for r in _list(update, "new_reaction")}
    actor = obj(update, "user") or obj(update, "actor_chat")
    return [
        ReactionChanged(
            info.community,
            PLATFORM,
            chat_id,
            integer(update, "message_id"),
            integer(actor, "id") if actor is not None else None,
            tuple(sorted(new - old)),
            tuple(sorted(old - new)),
            _at(update),
        )
    ]


def map_reaction_count(update: Json, directory: Directory) -> list[AudienceEvent]:
    chat_id = integer(need(update, "chat"), "id")
    info = directory.chat(chat_id)
    if info is None:
        return []
    counts = tuple(
        (_emoji(need(r, "type")), integer(r, "total_count")) for r in _list(update, "reactions")
    )
    message_id = integer(update, "message_id")
    return [ReactionCount(info.community, PLATFORM, chat_id, message_id, counts, _at(update))]


def map_chat_member(update: Json, directory: Directory) -> list[AudienceEvent]:
    """Channel subscribers come and go only through chat_member updates (groups also send
    service messages, which we use there instead, so each join is counted once). In any
    community chat, a promotion to admin or a demotion changes who is staff there."""
    chat_id = integer(need(update, "chat"), "id")
    info = directory.chat(chat_id)
    if info is None:
        return []
    old, new = need(update, "old_chat_member"), need(update, "new_chat_member")
    promoted = new.get("status") in _ADMINS
    if promoted != (old.get("status") in _ADMINS):
        # A promotion or demotion makes or unmakes staff now, not at the next hourly read.
        user = need(new, "user")
        if not user.get("is_bot"):
            directory.note_admin(chat_id, integer(user, "id"), admin=promoted)
    if info.role != "channel":
        return []
    was = old.get("status") in _PRESENT
    now = new.get("status") in _PRESENT
    if was == now:
        return []
    author = author_of(need(new, "user"))
    at = _at(update)
    key = f"cm:{chat_id}:{author.user_id}:{int(at.timestamp())}:{int(now)}"
    event = MemberJoined if now else MemberLeft
    return [event(info.community, PLATFORM, chat_id, author, at, key)]
