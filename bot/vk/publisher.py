"""Scheduled posts on a VK community wall: photos uploaded for the wall, then wall.post.

VK walls have no HTML: the Telegram-formatted text goes out as plain text (links kept). Each
wall.post carries a guid (the publication's key) so VK drops a repeat, and a post whose
outcome is unknown is looked up on the wall before it is ever sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from bot.vk.client import VKClient, VKError
from handlers.ports import DeliveryError
from scheduler.markup import to_plain
from scheduler.ports import PostContent, Published

PhotoLoader = Callable[[str], Awaitable[bytes]]
# How far back the wall is read when checking whether a post already went out.
LOOKBACK_POSTS = 50
CLOCK_SKEW = 120  # seconds: VK's post date may differ a little from our clock


class VKPublisher:
    platform = "vk"
    can_verify = True

    def __init__(
        self, clients: Mapping[int, VKClient], *, photo_loader: PhotoLoader | None = None
    ) -> None:
        self._clients = dict(clients)  # group id → that community's client
        self._load_photo = photo_loader or load_photo

    def _client(self, owner_id: int) -> VKClient:
        client = self._clients.get(-owner_id)
        if client is None:
            raise DeliveryError(f"no VK token for community {-owner_id}", permanent=True)
        return client

    async def publish(self, post: PostContent, chat_id: int, *, key: str) -> Published:
        client = self._client(chat_id)
        attachments = [await self._upload(client, -chat_id, ref) for ref in post.photos]
        params: dict[str, Any] = {"owner_id": chat_id, "from_group": 1, "guid": key}
        text = to_plain(post.text)
        if text:
            params["message"] = text
        if attachments:
            params["attachments"] = ",".join(attachments)
        result = await client.call("wall.post", **params)
        return Published((int(result["post_id"]),))

    async def find_published(
        self, post: PostContent, chat_id: int, *, key: str, since: float
    ) -> Published | None:
        client = self._client(chat_id)
        wall = await client.call("wall.get", owner_id=chat_id, count=LOOKBACK_POSTS, filter="owner")
        text = to_plain(post.text)
        for item in wall.get("items", []):
            if item.get("date", 0) >= since - CLOCK_SKEW and item.get("text", "") == text:
                return Published((int(item["id"]),))
        return None

    async def _upload(self, client: VKClient, group_id: int, ref: str) -> str:
        data = await self._load_photo(ref)
        server = await client.call("photos.getWallUploadServer", group_id=group_id)
        try:
            response = await asyncio.to_thread(
                client.vk.http.post,
                server["upload_url"],
                files={"photo": (Path(ref).name or "photo.jpg", data, "image/jpeg")},
                timeout=60,
            )
            uploaded = response.json()
        except (OSError, ValueError) as exc:
            raise VKError(None, f"VK photo upload failed: {exc}", permanent=False) from exc
        if not uploaded.get("photo") or uploaded.get("error"):
            raise VKError(
                None, f"VK refused the photo {ref}: {uploaded.get('error')}", permanent=True
            )
        saved = await client.call(
            "photos.saveWallPhoto",
            group_id=group_id,
            photo=uploaded["photo"],
            server=uploaded["server"],
            hash=uploaded["hash"],
        )
        photo = saved[0]
        return f"photo{photo['owner_id']}_{photo['id']}"


async def load_photo(ref: str) -> bytes:
    """A photo's bytes from a local path or an http(s) URL."""
    if ref.startswith(("http://", "https://")):
        import requests

        def fetch() -> bytes:
            response = requests.get(ref, timeout=60)
            response.raise_for_status()
            return response.content

        try:
            return await asyncio.to_thread(fetch)
        except OSError as exc:
            raise DeliveryError(f"cannot download photo {ref}: {exc}", permanent=False) from exc
    if ref.startswith("tg:"):
        raise DeliveryError(
            "a Telegram photo cannot be posted to VK without a loader", permanent=True
        )
    try:
        return await asyncio.to_thread(Path(ref).read_bytes)
    except OSError as exc:
        raise DeliveryError(f"cannot read photo {ref}: {exc.strerror}", permanent=True) from exc


__all__ = ["VKPublisher", "load_photo"]
