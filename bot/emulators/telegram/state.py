"""The emulated world: users, chats, members, messages, and world-building calls."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from .file_store import FileStore
from .shapes import MEMBER_STATUSES, chat_object, member_object, user_object
from .updates import UpdateQueue

CHAT_KINDS = ("private", "group", "supergroup", "channel")


@dataclass
class ChatRecord:
    info: dict[str, Any]  # the Chat object as it appears inside messages
    members: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    bot_message_ids: list[int] = field(default_factory=list)
    next_message_id: int = 1
    linked_chat_id: int | None = None
    pinned_message_id: int | None = None
    # channel post id -> id of its automatic forward in the linked discussion group
    forwards: dict[int, int] = field(default_factory=dict)
    # message id -> {user id: [emoji, ...]}
    reactions: dict[int, dict[int, list[str]]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.info["id"]

    @property
    def kind(self) -> str:
        return self.info["type"]

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def status_of(self, user_id: int) -> str | None:
        entry = self.members.get(user_id)
        return entry[0] if entry else None


class World:
    def __init__(self, *, bot_id: int, bot_username: str, bot_name: str = "Otklik") -> None:
        self.bot_user = user_object(bot_id, bot_name, username=bot_username, is_bot=True)
        self.users: dict[int, dict[str, Any]] = {bot_id: self.bot_user}
        self.chats: dict[int, ChatRecord] = {}
        self.usernames: dict[str, int] = {}  # lower-case @username -> chat id
        self.blocked_by: set[int] = set()
        self.queue = UpdateQueue()
        self.files = FileStore()
        self._user_ids = itertools.count(1_000_000_001)
        self._group_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self.callback_queries: dict[str, dict[str, Any]] = {}

    @property
    def bot_id(self) -> int:
        return self.bot_user["id"]

    # --- world building -------------------------------------------------------------------

    def add_user(
        self,
        first_name: str,
        *,
        user_id: int | None = None,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "ru",
        is_bot: bool = False,
    ) -> dict[str, Any]:
        """A user plus the private chat with the bot (as if they had pressed Start)."""
        user_id = user_id if user_id is not None else next(self._user_ids)
        user = user_object(
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            is_bot=is_bot,
        )
        self.users[user_id] = user
        if not is_bot:
            chat = self._register_chat(chat_object(user_id, "private", "", None, user))
            chat.members[user_id] = ("member", {})
            chat.members[self.bot_id] = ("member", {})
        return user

    def add_chat(
        self, kind: str, title: str, *, chat_id: int | None = None, username: str | None = None
    ) -> dict[str, Any]:
        if kind not in CHAT_KINDS or kind == "private":
            raise ValueError(f"kind must be group, supergroup or channel, got {kind!r}")
        if chat_id is None:
            number = next(self._group_ids)
            chat_id = -number if kind == "group" else -1_001_000_000_000 - number
        return self._register_chat(chat_object(chat_id, kind, title, username)).info

    def _register_chat(self, info: dict[str, Any]) -> ChatRecord:
        if info["id"] in self.chats:
            raise ValueError(f"chat {info['id']} already exists")
        record = ChatRecord(info)
        self.chats[info["id"]] = record
        if info.get("username") and info["type"] != "private":
            self.usernames[info["username"].lower()] = info["id"]
        return record

    def link_discussion(self, channel_id: int, group_id: int) -> None:
        channel, group = self.chat(channel_id), self.chat(group_id)
        if channel.kind != "channel" or group.kind != "supergroup":
            raise ValueError("a discussion links a channel to a supergroup")
        channel.linked_chat_id, group.linked_chat_id = group_id, channel_id

    def set_member(
        self, chat_id: int, user_id: int, status: str = "member", **extra: Any
    ) -> dict[str, Any]:
        """Set a status silently (no updates); returns the ChatMember object."""
        if status not in MEMBER_STATUSES:
            raise ValueError(f"status must be one of {MEMBER_STATUSES}")
        self.user(user_id)
        self.chat(chat_id).members[user_id] = (status, extra)
        return self.member(chat_id, user_id)

    def block_bot(self, user_id: int) -> None:
        self.user(user_id)
        self.blocked_by.add(user_id)

    def unblock_bot(self, user_id: int) -> None:
        self.blocked_by.discard(user_id)

    # --- lookups --------------------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatRecord:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise ValueError(f"unknown chat {chat_id}") from None

    def user(self, user_id: int) -> dict[str, Any]:
        try:
            return self.users[user_id]
        except KeyError:
            raise ValueError(f"unknown user {user_id}") from None

    def member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        status, extra = self.chat(chat_id).members.get(user_id, ("left", {}))
        return member_object(self.user(user_id), status, extra)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Current state of a message (None once deleted or if it never existed)."""
        record = self.chats.get(chat_id)
        return record.messages.get(message_id) if record else None

    def pending_updates(self) -> int:
        return len(self.queue)

    # --- message plumbing shared by audience actions and bot methods ----------------------

    def new_message(
        self, chat: ChatRecord, sender: dict[str, Any] | None, *, sender_chat: dict | None = None
    ) -> dict[str, Any]:
        """A stored message skeleton; callers add content keys in the real order."""
        message: dict[str, Any] = {"message_id": chat.take_message_id()}
        if sender is not None:
            message["from"] = sender
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        message["chat"] = chat.info
        message["date"] = int(time.time())
        chat.messages[message["message_id"]] = message
        return message

    @staticmethod
    def quoted(message: dict[str, Any]) -> dict[str, Any]:
        """A message as embedded in reply_to_message: one level deep, no nested reply."""
        return {k: v for k, v in message.items() if k != "reply_to_message"}
