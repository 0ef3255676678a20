"""Platform-neutral events: what happened in a community, whatever the platform.

Adapters in bot/ turn Telegram updates and VK events into these; the core only sees these.
All times are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Platform = Literal["telegram", "vk"]
# Where a comment was written: a Telegram group, a channel's discussion thread, a VK wall post's
# comments, or a private message to the VK community.
Source = Literal["group", "discussion", "wall", "message"]


@dataclass(frozen=True, slots=True)
class Author:
    user_id: int
    name: str
    username: str | None = None
    is_bot: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """Someone in the audience wrote something. Unique on (platform, chat_id, message_id)."""

    community: str
    platform: Platform
    chat_id: int
    message_id: int
    author: Author
    text: str
    at: datetime
    source: Source = "group"
    post_id: int | None = None  # the channel post / wall post this comment is under
    reply_to_id: int | None = None  # the comment (or message) it answers
    chat_title: str | None = None
    link: str | None = None
    media: tuple[str, ...] = ()  # kinds of attachments ("photo", "video", ...)
    # The author is the community itself or one of its admins: stored, never flagged or answered.
    from_staff: bool = False


@dataclass(frozen=True, slots=True)
class CommentEdited:
    community: str
    platform: Platform
    chat_id: int
    message_id: int
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class CommentDeleted:
    community: str
    platform: Platform
    chat_id: int
    message_id: int
    at: datetime
    restored: bool = False  # VK can restore a deleted comment


@dataclass(frozen=True, slots=True)
class ReactionChanged:
    """One person's reactions on a message changed (Telegram reactions, a VK like)."""

    community: str
    platform: Platform
    chat_id: int
    message_id: int
    user_id: int | None
    added: tuple[str, ...]
    removed: tuple[str, ...]
    at: datetime


@dataclass(frozen=True, slots=True)
class ReactionCount:
    """Anonymous totals (Telegram channels): a snapshot that replaces the previous one."""

    community: str
    platform: Platform
    chat_id: int
    message_id: int
    counts: tuple[tuple[str, int], ...]
    at: datetime


@dataclass(frozen=True, slots=True)
class MemberJoined:
    community: str
    platform: Platform
    chat_id: int
    member: Author
    at: datetime
    # The platform's own id of this event (Telegram update_id, VK event_id): a replayed
    # delivery is recognised and counted once.
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class MemberLeft:
    community: str
    platform: Platform
    chat_id: int
    member: Author
    at: datetime
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class PostPublished:
    """A post appeared in a channel or on a wall (by the community, or by otklik's scheduler)."""

    community: str
    platform: Platform
    chat_id: int
    post_id: int
    text: str
    at: datetime
    # For a channel post, the id of its automatic forward in the discussion group, where the
    # comments thread hangs.
    discussion_chat_id: int | None = None
    discussion_message_id: int | None = None
    views: int | None = None


@dataclass(frozen=True, slots=True)
class PostStats:
    """Engagement counters read from the platform (VK wall.get, Telegram views)."""

    community: str
    platform: Platform
    chat_id: int
    post_id: int
    at: datetime
    views: int | None = None
    likes: int | None = None
    reposts: int | None = None
    comments: int | None = None
    # For a post otklik never saw published (it was made before otklik ran): when, and its text.
    published_at: datetime | None = None
    text: str = ""


FlagAction = Literal["resolve", "not_negative", "delete", "ban", "reopen"]


@dataclass(frozen=True, slots=True)
class ManagerActed:
    """A manager pressed a button on a flag card."""

    community: str
    flag_id: int
    action: FlagAction
    manager: Author
    at: datetime


@dataclass(frozen=True, slots=True)
class ManagerReplied:
    """A manager wrote the answer to a flagged comment; otklik posts it where the comment was."""

    community: str
    flag_id: int
    text: str
    manager: Author
    at: datetime


@dataclass(frozen=True, slots=True)
class MissedNegative:
    """A manager marks a comment the classifier did not flag (feedback for training)."""

    community: str
    platform: Platform
    chat_id: int
    message_id: int
    manager: Author
    at: datetime


AudienceEvent = (
    Comment
    | CommentEdited
    | CommentDeleted
    | ReactionChanged
    | ReactionCount
    | MemberJoined
    | MemberLeft
    | PostPublished
    | PostStats
)
ManagerEvent = ManagerActed | ManagerReplied | MissedNegative
Event = AudienceEvent | ManagerEvent
