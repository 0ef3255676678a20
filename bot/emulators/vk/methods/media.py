"""likes.getList, photos.* and users.get."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bot.emulators.vk.errors import VkApiError, param_error
from bot.emulators.vk.methods import Context, method, page
from bot.emulators.vk.shapes import photo_shape, user_shape
from bot.emulators.vk.state import Photo


@method("likes.getList")
def likes_get_list(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    owner_id = int(p.get("owner_id") or -ctx.group.id)
    if p["type"] not in ("post", "comment"):
        raise param_error("type is invalid")
    if "item_id" not in p:
        raise param_error("item_id is undefined")
    if p.get("filter") == "copies":
        post = ctx.state.posts.get((owner_id, p["item_id"]))
        ids = list(post.reposted_by) if post else []
    else:
        ids = list(ctx.state.likes.get((p["type"], owner_id, p["item_id"]), []))
    chosen = page(ids, p, 100, 1000)
    if p.get("extended"):
        items: list[Any] = [
            {"type": "profile", **user_shape(ctx.state.users[uid])}
            for uid in chosen
            if uid in ctx.state.users
        ]
        return {"count": len(ids), "items": items}
    return {"count": len(ids), "items": chosen}


def upload_hash(token: str) -> str:
    return hashlib.md5(token.encode()).hexdigest()


@method("photos.getWallUploadServer")
def get_wall_upload_server(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    group_id = p.get("group_id") or ctx.group.id
    return {
        "album_id": -14,
        "upload_url": f"{ctx.base_url}/upload/wall?group_id={group_id}",
        "user_id": 0,
    }


@method("photos.saveWallPhoto")
def save_wall_photo(ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        token = json.loads(p["photo"])[0]["photo"]
    except (ValueError, LookupError, TypeError):
        raise param_error("photo is undefined") from None
    if token not in ctx.state.pending_uploads:
        raise param_error("photo is undefined")
    if p.get("hash") != upload_hash(token):
        raise VkApiError(121, "Invalid hash")
    group_id = p.get("group_id") or ctx.group.id
    photo = Photo(
        id=ctx.state.next_photo_id,
        owner_id=-group_id,
        data=ctx.state.pending_uploads.pop(token),
        date=ctx.state.now(),
        text=p.get("caption", ""),
    )
    ctx.state.next_photo_id += 1
    ctx.state.photos[photo.id] = photo
    return [photo_shape(photo, ctx.base_url)]


@method("users.get")
def users_get(ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for ident in p.get("user_ids") or []:
        user = next(
            (u for u in ctx.state.users.values() if ident in (str(u.id), u.screen_name)), None
        )
        if user is None:
            raise VkApiError(113)
        result.append(user_shape(user, p.get("fields")))
    return result
