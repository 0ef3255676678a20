"""What the scheduler needs from a platform: publish a post, and (where the platform allows)
check whether an earlier attempt already went out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PostContent:
    """A post as the platforms see it. ``text`` is Telegram HTML; VK gets it as plain text."""

    text: str
    photos: tuple[str, ...] = ()  # file paths, http(s) URLs, or "tg:<file_id>"
    pin: bool = False
    link_preview: bool = True


@dataclass(frozen=True, slots=True)
class Published:
    """The platform's ids of what was sent (an album is several messages; the first leads)."""

    message_ids: tuple[int, ...]
    warnings: tuple[str, ...] = ()  # a failed pin: the post is out, the managers should know

    @property
    def post_id(self) -> int:
        return self.message_ids[0]


class Publisher(Protocol):
    """One platform. ``publish`` raises handlers.ports.DeliveryError when the platform refused
    (``permanent`` says whether trying again can help); any other exception means the outcome
    is unknown (the request may have reached the platform)."""

    platform: str
    # True when find_published can tell whether an attempt went out (VK wall.get); Telegram
    # bots cannot read a chat's history, so there it is False.
    can_verify: bool

    async def publish(self, post: PostContent, chat_id: int, *, key: str) -> Published: ...

    async def find_published(
        self, post: PostContent, chat_id: int, *, key: str, since: float
    ) -> Published | None:
        """The post sent by an earlier attempt (``since``: unix time it started), or None."""
        ...
