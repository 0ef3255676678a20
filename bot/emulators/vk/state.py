"""In-memory world of the VK emulator: groups, users, walls, comments, likes, messages."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class EmulatorError(ValueError):
    """A control action that VK itself would refuse (unknown post, banned user...)."""


@dataclass
class User:
    id: int
    first_name: str
    last_name: str = ""
    screen_name: str = ""


@dataclass
class Group:
    id: int
    name: str
    screen_name: str
    token: str
    members: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    banned: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Posts and comments of one wall share a single id sequence, as on VK.
    next_item_id: int = 1
    next_message_id: int = 1
    pinned_post: int | None = None  # wall.get lists it first, whatever its date


@dataclass
class Post:
    id: int
    owner_id: int
    from_id: int
    text: str
    date: int
    attachments: list[dict[str, Any]] = field(default_factory=list)
    created_by: int | None = None
    publish_date: int | None = None  # set while the post is postponed
    views: int = 0
    reposted_by: list[int] = field(default_factory=list)
    edited: int | None = None

    @property
    def postponed(self) -> bool:
        return self.publish_date is not None


@dataclass
class Comment:
    id: int
    owner_id: int
    post_id: int
    from_id: int
    text: str
    date: int
    reply_to_comment: int | None = None
    reply_to_user: int | None = None
    parents_stack: list[int] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False


@dataclass
class Message:
    id: int
    group_id: int
    peer_id: int
    from_id: int
    text: str
    date: int
    out: int
    random_id: int = 0
    conversation_message_id: int = 0
    reply_to: int | None = None
    forward: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)
    admin_author_id: int | None = None  # an admin who wrote it in VK's own interface


@dataclass
class Photo:
    id: int
    owner_id: int
    data: bytes
    date: int
    text: str = ""


class VKState:
    """Plain data plus lookups; `on_change` is called after every mutation."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.groups: dict[int, Group] = {}
        self.users: dict[int, User] = {}
        self.posts: dict[tuple[int, int], Post] = {}  # (owner_id, id)
        self.comments: dict[tuple[int, int], Comment] = {}  # (owner_id, id)
        self.comments_by_post: dict[tuple[int, int], list[Comment]] = {}
        self.likes: dict[tuple[str, int, int], list[int]] = {}  # (type, owner_id, item_id)
        self.messages: list[Message] = []
        self.sent_by_random_id: dict[tuple[int, int, int], Message] = {}
        self.photos: dict[int, Photo] = {}
        self.pending_uploads: dict[str, bytes] = {}
        self.cmids: dict[tuple[int, int], int] = {}  # (group_id, peer_id) -> last cmid
        self.next_user_id = 1000001
        self.next_photo_id = 456239001

    def now(self) -> int:
        return int(self.clock())

    def group(self, group_id: int) -> Group:
        try:
            return self.groups[abs(group_id)]
        except KeyError:
            raise EmulatorError(f"unknown group {group_id}") from None

    def group_by_token(self, token: str) -> Group | None:
        return next((g for g in self.groups.values() if g.token == token), None)

    def user(self, user_id: int) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise EmulatorError(f"unknown user {user_id}") from None

    def post(self, owner_id: int, post_id: int) -> Post:
        try:
            return self.posts[(owner_id, post_id)]
        except KeyError:
            raise EmulatorError(f"unknown post {owner_id}_{post_id}") from None

    def comment(self, owner_id: int, comment_id: int) -> Comment:
        try:
            return self.comments[(owner_id, comment_id)]
        except KeyError:
            raise EmulatorError(f"unknown comment {owner_id}_{comment_id}") from None

    def next_item_id(self, group: Group) -> int:
        item_id = group.next_item_id
        group.next_item_id += 1
        return item_id

    def add_comment(self, comment: Comment) -> None:
        self.comments[(comment.owner_id, comment.id)] = comment
        self.comments_by_post.setdefault((comment.owner_id, comment.post_id), []).append(comment)

    def post_comments(self, owner_id: int, post_id: int) -> list[Comment]:
        """Live (not deleted) comments of a post, oldest first."""
        return [c for c in self.comments_by_post.get((owner_id, post_id), []) if not c.deleted]

    def thread_replies(self, comment: Comment) -> list[Comment]:
        return [
            c
            for c in self.post_comments(comment.owner_id, comment.post_id)
            if c.parents_stack and c.parents_stack[0] == comment.id
        ]

    def likers(self, object_type: str, owner_id: int, item_id: int) -> list[int]:
        return self.likes.setdefault((object_type, owner_id, item_id), [])
