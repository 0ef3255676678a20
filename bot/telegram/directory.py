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
        # Staff from the config alone, per chat: learned admins are added to it, never kept.
        self._configured = {chat_id: info.staff for chat_id, info in self.chats.items()}

    def set_chat_admins(self, chat_id: int, admins: Iterable[int]) -> None:
        """The chat's admins as Telegram lists them now: staff there with the configured
        managers and owners (an admin who was demoted stops being staff)."""
        info = self.chats.get(chat_id)
        if info is not None:
            self.chats[chat_id] = replace(info, staff=self._configured[chat_id] | set(admins))

    def chat(self, chat_id: int) -> ChatInfo | None:
        return self.chats.get(chat_id)

    def managers_chat(self, chat_id: int) -> Community | None:
        return self.managers_chats.get(chat_id)

    def community_of_staff(self, user_id: int) -> list[Community]:
        return [c for c in self.communities.values() if c.is_staff(user_id)]
