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

import requests

from bot.vk.client import VKClient, VKError
from handlers.ports import DeliveryError
from scheduler.markup import to_plain
from scheduler.ports import PostContent, Published

PhotoLoader = Callable[[str], Awaitable[bytes]]
# How far back the wall is read when checking whether a post already went out.
LOOKBACK_POSTS = 50
CLOCK_SKEW = 120  # seconds: VK's post date may differ a little from our clock
UPLOAD_TIMEOUT = 60  # seconds: a photo of many megabytes on a slow link
MAX_REASON = 200  # characters of the upload server's own error a manager gets to read


class VKPublisher:
    platform = "vk"
    can_verify = True

    def __init__(
        self,
        clients: Mapping[int, VKClient],
        *,
        photo_loader: PhotoLoader | None = None,
        upload_timeout: float = UPLOAD_TIMEOUT,
    ) -> None:
        self._clients = dict(clients)  # group id → that community's client
        self._load_photo = photo_loader or load_photo
        self._upload_timeout = upload_timeout

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
        uploaded = await _post_photo(client, server["upload_url"], ref, data, self._upload_timeout)
        saved = await client.call(
            "photos.saveWallPhoto",
            group_id=group_id,
            photo=uploaded["photo"],
            server=uploaded["server"],
            hash=uploaded["hash"],
        )
        photo = saved[0]
        return f"photo{photo['owner_id']}_{photo['id']}"


async def _post_photo(
    client: VKClient, url: str, ref: str, data: bytes, timeout: float
) -> dict[str, Any]:
    """The upload server's answer for one photo, or a VKError a manager can act on.

    Messages never quote the upload URL or a requests error (which does): VK's URL carries
    the upload's hash in its query string.
    """
    try:
        response = await asyncio.to_thread(
            client.vk.http.post,
            url,
            files={"photo": (Path(ref).name or "photo.jpg", data, "image/jpeg")},
            timeout=timeout,
        )
    except requests.Timeout as exc:
        raise _upload_failed(ref, "it did not answer in time") from exc
    except OSError as exc:  # requests' connection errors are OSErrors
        raise _upload_failed(ref, "the connection failed") from exc
    status = response.status_code
    if status >= 500 or status == 429:
        raise _upload_failed(ref, f"it answered HTTP {status}")
    if status >= 400:
        raise VKError(
            None, f"VK's upload server refused the photo {ref}: HTTP {status}", permanent=True
        )
    try:
        uploaded = response.json()
    except ValueError as exc:  # a proxy's error page, a cut-off answer
        raise _upload_failed(ref, "its answer was not JSON") from exc
    if not isinstance(uploaded, dict):
        raise _upload_failed(ref, "its answer was not a JSON object")
    problem = _refusal(uploaded)
    if problem:
        raise VKError(None, f"VK did not accept the photo {ref}: {problem}", permanent=True)
    if "server" not in uploaded or "hash" not in uploaded:
        raise _upload_failed(ref, "its answer was incomplete")
    return uploaded


def _upload_failed(ref: str, why: str) -> VKError:
    """VK's upload server had trouble, not the photo: the publish job tries again later."""
    return VKError(None, f"VK's upload server failed for the photo {ref}: {why}", permanent=False)


def _refusal(uploaded: dict[str, Any]) -> str | None:
    """Why VK's upload server took no photo, or None. It rejects a file that is not an image
    (or too big) with HTTP 200 and ``"photo": "[]"``, so the status alone does not say."""
    error = uploaded.get("error")
    if error:
        return str(error)[:MAX_REASON]
    photo = uploaded.get("photo")
    if not photo or (isinstance(photo, str) and photo.strip() in ("", "[]")):
        return "it is not an image VK can use (a JPEG, PNG or GIF, not too big)"
    return None


async def load_photo(ref: str) -> bytes:
    """A photo's bytes from a local path or an http(s) URL."""
    if ref.startswith(("http://", "https://")):

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
