"""wall.* methods."""

from __future__ import annotations

import re
from typing import Any

from bot.emulators.vk.errors import VkApiError, param_error
from bot.emulators.vk.methods import Context, method, page
from bot.emulators.vk.shapes import comment_shape, group_shape, post_shape, user_shape
from bot.emulators.vk.state import Post

_POST_REF_RE = re.compile(r"^(-?\d+)_(\d+)$")


def _extended(ctx: Context, posts: list[Post], answer: dict[str, Any]) -> dict[str, Any]:
    user_ids = {p.from_id for p in posts if p.from_id > 0}
    answer["profiles"] = [user_shape(ctx.state.users[u]) for u in user_ids if u in ctx.state.users]
    answer["groups"] = [group_shape(ctx.state.group(p.owner_id)) for p in posts[:1]]
    return answer


@method("wall.get")
def get(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    if p.get("domain"):
        owner_id = -ctx.group_for(p["domain"]).id
    else:
        owner_id = int(p.get("owner_id") or -ctx.group.id)
    want = p.get("filter") or "all"
    posts = [
        post
        for (owner, _), post in ctx.state.posts.items()
        if owner == owner_id and post.postponed == (want == "postponed")
    ]
    if want == "owner":
        posts = [post for post in posts if post.from_id == owner_id]
    elif want == "others":
        posts = [post for post in posts if post.from_id != owner_id]
    pinned = ctx.state.group(owner_id).pinned_post
    # Newest first, the pinned post ahead of them all.
    posts.sort(key=lambda post: (post.id == pinned, post.id), reverse=True)
    chosen = page(posts, p, 20, 100)
    answer = {"count": len(posts), "items": [post_shape(ctx.state, post) for post in chosen]}
    return _extended(ctx, chosen, answer) if p.get("extended") else answer


@method("wall.getById")
def get_by_id(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    found = []
    for ref in p["posts"]:
        match = _POST_REF_RE.match(ref)
        if not match:
            raise param_error(f"posts {ref} is invalid")
        post = ctx.state.posts.get((int(match.group(1)), int(match.group(2))))
        if post is not None and not post.postponed:
            found.append(post)
    answer = {"items": [post_shape(ctx.state, post) for post in found]}
    return _extended(ctx, found, answer) if p.get("extended") else answer


@method("wall.getComments")
def get_comments(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    owner_id = int(p.get("owner_id") or -ctx.group.id)
    if "post_id" not in p:
        raise param_error("post_id is undefined")
    if (owner_id, p["post_id"]) not in ctx.state.posts:
        raise VkApiError(15, "Access denied: post was not found")
    everything = ctx.state.post_comments(owner_id, p["post_id"])
    if p.get("comment_id"):
        level = [c for c in everything if c.parents_stack[:1] == [p["comment_id"]]]
    else:
        level = [c for c in everything if not c.parents_stack]
    if p.get("sort") == "desc":
        level.reverse()
    need_likes = bool(p.get("need_likes"))
    items = []
    for comment in page(level, p, 10, 100):
        shape = comment_shape(ctx.state, comment, need_likes=need_likes)
        if "thread" in shape and p.get("thread_items_count"):
            replies = ctx.state.thread_replies(comment)[: p["thread_items_count"]]
            shape["thread"]["items"] = [comment_shape(ctx.state, r) for r in replies]
        items.append(shape)
    return {
        "count": len(level) if p.get("comment_id") else len(everything),
        "items": items,
        "current_level_count": len(level),
        "can_post": True,
        "show_reply_button": True,
        "groups_can_post": True,
    }


@method("wall.createComment")
def create_comment(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    ctx.own_owner_id(p)
    if not p.get("message") and not p.get("attachments") and not p.get("sticker_id"):
        raise param_error("message is undefined")
    # A community token always writes as the community (from_group is implied), like VK.
    comment = ctx.wall.create_comment(
        ctx.group,
        p["post_id"],
        -ctx.group.id,
        p.get("message", ""),
        reply_to_comment=p.get("reply_to_comment"),
        attachments=p.get("attachments"),
    )
    return {"comment_id": comment.id, "parents_stack": list(comment.parents_stack)}


@method("wall.deleteComment")
def delete_comment(ctx: Context, p: dict[str, Any]) -> int:
    ctx.own_owner_id(p)
    ctx.wall.delete_comment(ctx.group, p["comment_id"], ctx.acting_admin)
    return 1


@method("wall.restoreComment")
def restore_comment(ctx: Context, p: dict[str, Any]) -> int:
    ctx.own_owner_id(p)
    ctx.wall.restore_comment(ctx.group, p["comment_id"])
    return 1


@method("wall.post")
def post(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    ctx.own_owner_id(p)
    if not p.get("message") and not p.get("attachments"):
        raise param_error("message is empty or invalid")
    created = ctx.wall.create_post(
        ctx.group,
        p.get("message", ""),
        attachments=p.get("attachments"),
        publish_date=p.get("publish_date"),
    )
    return {"post_id": created.id}


@method("wall.edit")
def edit(ctx: Context, p: dict[str, Any]) -> dict[str, Any]:
    ctx.own_owner_id(p)
    edited = ctx.wall.edit_post(ctx.group, p["post_id"], p.get("message"), p.get("attachments"))
    return {"post_id": edited.id}
