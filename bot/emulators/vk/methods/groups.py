"""groups.* methods."""

from __future__ import annotations

from typing import Any

from bot.emulators.vk.errors import VkApiError, param_error
from bot.emulators.vk.methods import Context, method, page
from bot.emulators.vk.shapes import group_shape, user_shape


def _admin_of(ctx: Context, group_id: int):
    group = ctx.group_for(group_id)
    if group.id != ctx.group.id:
        raise VkApiError(15, "Access denied: no access to call this method")
    return group


@method("groups.getLongPollServer")
def get_long_poll_server(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    group = _admin_of(ctx, p["group_id"])
    return {
        "key": ctx.events.key(group.id),
        "server": f"{ctx.base_url}/lp/{group.id}",
        "ts": str(ctx.events.current_ts(group.id)),
    }


@method("groups.getById")
def get_by_id(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    idents = list(p.get("group_ids") or [])
    if p.get("group_id"):
        idents.append(p["group_id"])
    groups = [ctx.group_for(i) for i in idents] if idents else [ctx.group]
    fields = p.get("fields") or []
    return {"groups": [group_shape(g, fields) for g in groups], "profiles": []}


@method("groups.ban")
def ban(ctx: Context, p: dict[str, Any]) -> int:
    group = _admin_of(ctx, p["group_id"])
    user_id = p.get("owner_id")
    if not user_id:
        raise param_error("owner_id is undefined")
    if user_id not in ctx.state.users:
        raise VkApiError(113)
    details = {k: p[k] for k in ("end_date", "reason", "comment", "comment_visible") if k in p}
    ctx.wall.ban(group, user_id, ctx.acting_admin, **details)
    return 1


@method("groups.unban")
def unban(ctx: Context, p: dict[str, Any]) -> int:
    group = _admin_of(ctx, p["group_id"])
    if not p.get("owner_id"):
        raise param_error("owner_id is undefined")
    ctx.wall.unban(group, p["owner_id"], ctx.acting_admin)
    return 1


@method("groups.getMembers")
def get_members(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    group = ctx.group_for(p["group_id"]) if p.get("group_id") else ctx.group
    ids = sorted(group.members, reverse=p.get("sort") in ("id_desc", "time_desc"))
    if p.get("sort") == "time_asc":
        ids = list(group.members)
    elif p.get("sort") == "time_desc":
        ids = list(reversed(group.members))
    if p.get("filter") == "managers":
        items: list[Any] = [{"id": uid, "role": "administrator"} for uid in group.admins]
        return {"count": len(items), "items": page(items, p, 1000, 1000)}
    fields = p.get("fields")
    chosen = page(ids, p, 1000, 1000)
    if fields:
        chosen = [user_shape(ctx.state.users[uid], fields) for uid in chosen]
    return {"count": len(ids), "items": chosen}
