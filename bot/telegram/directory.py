"""Which community a Telegram chat belongs to, and in what role."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from config.settings import Community

ChatRole = Literal["group", "channel", "discussion"]


@dataclass(frozen=True, slots=True)
class ChatInfo:
    community: str
    role: ChatRole
    staff: frozenset[int]
    # For a discussion group: the channel it discusses (its own posts there are not comments).
    channel_id: int | None = None


class Directory:
    def __init__(self, communities: Iterable[Community]) -> None:
        self.chats: dict[int, ChatInfo] = {}
        self.managers_chats: dict[int, Community] = {}
        self.communities: dict[str, Community] = {}
        for community in communities:
            self.communities[community.id] = community
            staff = frozenset(community.managers) | frozenset(community.owners)
            self.managers_chats[community.managers_chat_id] = community
            for chat in community.telegram_chats:
                self.chats[chat.id] = ChatInfo(community.id, chat.kind, staff)
                if chat.discussion_group_id is not None:
                    self.chats[chat.discussion_group_id] = ChatInfo(
                        community.id, "discussion", staff, channel_id=chat.id
                    )
        # Staff per chat: the configured managers and owners, and the admins Telegram lists.
        self._configured = {chat_id: info.staff for chat_id, info in self.chats.items()}
        self._admins: dict[int, frozenset[int]] = {}

    def set_chat_admins(self, chat_id: int, admins: Iterable[int]) -> None:
        """The chat's admins as Telegram lists them now (an admin who was demoted stops
        being staff; the configured managers and owners stay)."""
        if chat_id in self.chats:
            self._admins[chat_id] = frozenset(admins)
            self._restaff(chat_id)

    def note_admin(self, chat_id: int, user_id: int, *, admin: bool) -> None:
        """One promotion or demotion, as a chat_member update tells it: staff at once."""
        if chat_id in self.chats:
            admins = self._admins.get(chat_id, frozenset())
            self._admins[chat_id] = admins | {user_id} if admin else admins - {user_id}
            self._restaff(chat_id)

    def _restaff(self, chat_id: int) -> None:
        staff = self._configured[chat_id] | self._admins.get(chat_id, frozenset())
        self.chats[chat_id] = replace(self.chats[chat_id], staff=staff)

    def chat(self, chat_id: int) -> ChatInfo | None:
        return self.chats.get(chat_id)

    def managers_chat(self, chat_id: int) -> Community | None:
        return self.managers_chats.get(chat_id)

    def community_of_staff(self, user_id: int) -> list[Community]:
        return [c for c in self.communities.values() if c.is_staff(user_id)]
