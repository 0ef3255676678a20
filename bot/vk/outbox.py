"""Acting on VK for the core: answers on the wall or in messages, deletions, bans, posts.

Idempotency: messages.send gets a random_id derived from the idempotency key, so VK itself drops a
retried send. wall.createComment and wall.post get a ``guid`` derived the same way; VK documents
guid as the guard against posting the same comment/post twice. We only retry when VK said it did
not do the work (errors 6, 9, 10, HTTP 5xx) or the connection broke; the guid covers the last case
(the emulator ignores guid, so there a lost answer after success could still duplicate).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.vk.client import FLOOD, VKClient, VKError
from bot.vk.mapping import CHAT_PEER_BASE
from config.settings import Community
from handlers.ports import DeliveryError, ManagerDesk, Target
from storage.comments import find_comment

log = logging.getLogger(__name__)


def random_id_for(key: str) -> int:
    """A stable non-zero int32 for messages.send: the same key never sends twice."""
    return int.from_bytes(sha256(key.encode()).digest()[:4], "big") % (2**31 - 1) + 1


def guid_for(key: str) -> str:
    return sha256(key.encode()).hexdigest()[:32]


class VKOutbox:
    platform = "vk"

    def __init__(
        self,
        clients: Mapping[int, VKClient],
        communities: Mapping[int, Community],
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_token_invalid: Callable[[int], None] | None = None,
    ) -> None:
        self._clients = dict(clients)
        self._communities = dict(communities)  # group id → community
        self._now = now
        self._on_token_invalid = on_token_invalid
        self._desk: ManagerDesk | None = None
        self._sessions: async_sessionmaker[AsyncSession] | None = None

    def attach(self, desk: ManagerDesk, sessions: async_sessionmaker[AsyncSession]) -> None:
        """The core's desk (to warn managers) and database (to route private messages)."""
        self._desk, self._sessions = desk, sessions

    # -- Outbox ---------------------------------------------------------------------------
    async def reply(self, target: Target, text: str, *, idempotency_key: str) -> int:
        group_id = await self._group_of(target)
        if target.source == "message":
            params: dict[str, Any] = {
                "peer_id": target.chat_id,
                "message": text,
                "random_id": random_id_for(f"{group_id}:{idempotency_key}"),
            }
            if target.chat_id >= CHAT_PEER_BASE:
                # Chat messages have no global id: reply by their number in the conversation.
                params["forward"] = json.dumps(
                    {
                        "peer_id": target.chat_id,
                        "conversation_message_ids": [target.message_id],
                        "is_reply": 1,
                    }
                )
            else:
                params["reply_to"] = target.message_id
            sent = await self._call(group_id, "messages.send", **params)
            return int(sent if isinstance(sent, int) else sent[0]["message_id"])
        if target.post_id is None:
            raise DeliveryError("a VK wall comment without its post id", permanent=True)
        answer = await self._call(
            group_id,
            "wall.createComment",
            owner_id=-group_id,
            post_id=target.post_id,
            reply_to_comment=target.message_id,
            from_group=1,
            message=text,
            guid=guid_for(f"{group_id}:{idempotency_key}"),
        )
        return int(answer["comment_id"])

    async def delete(self, target: Target) -> None:
        if target.source == "message":
            raise DeliveryError("VK community messages cannot be deleted here", permanent=True)
        group_id = await self._group_of(target)
        await self._call(
            group_id, "wall.deleteComment", owner_id=-group_id, comment_id=target.message_id
        )

    async def ban(self, target: Target) -> None:
        await self._ban(target, None)

    async def mute(self, target: Target, minutes: int) -> None:
        until = self._now() + timedelta(minutes=minutes)
        await self._ban(target, int(until.timestamp()))

    # -- internals ------------------------------------------------------------------------
    async def _ban(self, target: Target, end_date: int | None) -> None:
        if target.author_id is None or target.author_id <= 0:
            return  # nobody to ban (or a community, which groups.ban cannot take)
        group_id = await self._group_of(target)
        params: dict[str, Any] = {"group_id": group_id, "owner_id": target.author_id}
        if end_date is not None:
            params["end_date"] = end_date
        await self._call(group_id, "groups.ban", **params)

    def _client(self, group_id: int) -> VKClient:
        try:
            return self._clients[group_id]
        except KeyError:
            raise DeliveryError(f"no VK token for group {group_id}", permanent=True) from None

    async def _call(self, group_id: int, method: str, /, **params: Any) -> Any:
        client = self._client(group_id)
        try:
            return await client.call(method, **params)
        except VKError as exc:
            community = self._communities.get(group_id)
            if client.token_invalid and self._on_token_invalid is not None:
                self._on_token_invalid(group_id)
            if exc.code == FLOOD and community is not None and self._desk is not None:
                await self._warn(community, f"VK flood control: {method} keeps failing")
            raise

    async def _warn(self, community: Community, text: str) -> None:
        try:
            await self._desk.tell(community, text)  # type: ignore[union-attr]
        except DeliveryError as exc:
            log.warning("could not warn the managers of %s: %s", community.id, exc.reason)

    async def _group_of(self, target: Target) -> int:
        if target.source != "message":
            return -target.chat_id  # the wall owner
        if len(self._clients) == 1:
            return next(iter(self._clients))
        # A private message's peer is a user: the stored comment knows which community got it.
        if self._sessions is not None:
            async with self._sessions() as session:
                row = await find_comment(session, "vk", target.chat_id, target.message_id)
            for group_id, community in self._communities.items():
                if row is not None and community.id == row.community:
                    return group_id
        raise DeliveryError(f"no VK community for peer {target.chat_id}", permanent=True)
