"""JSON shapes of VK objects (5.199), as they appear in answers and long poll events."""

from __future__ import annotations

from typing import Any

from bot.emulators.vk.state import Comment, Group, Message, Photo, Post, User, VKState

CLIENT_INFO = {
    "button_actions": [
        "text",
        "vkpay",
        "open_app",
        "location",
        "open_link",
        "callback",
        "intent_subscribe",
        "intent_unsubscribe",
    ],
    "keyboard": True,
    "inline_keyboard": True,
    "carousel": True,
    "lang_id": 0,
}


def user_shape(user: User, fields: list[str] | None = None) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "can_access_closed": True,
        "is_closed": False,
    }
    if fields and "screen_name" in fields:
        shape["screen_name"] = user.screen_name
    return shape


def group_shape(group: Group, fields: list[str] | None = None) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "id": group.id,
        "name": group.name,
        "screen_name": group.screen_name,
        "is_closed": 0,
        "type": "group",
        "photo_50": f"https://sun.userapi.com/g{group.id}_50.jpg",
        "photo_100": f"https://sun.userapi.com/g{group.id}_100.jpg",
        "photo_200": f"https://sun.userapi.com/g{group.id}_200.jpg",
    }
    if fields and "members_count" in fields:
        shape["members_count"] = len(group.members)
    return shape


def post_shape(state: VKState, post: Post, viewer_id: int = 0) -> dict[str, Any]:
    likers = state.likers("post", post.owner_id, post.id)
    shape: dict[str, Any] = {
        "inner_type": "wall_wallpost",
        "id": post.id,
        "owner_id": post.owner_id,
        "from_id": post.from_id,
    }
    if post.created_by is not None:
        shape["created_by"] = post.created_by
    shape.update(
        {
            "date": post.publish_date if post.postponed else post.date,
            "text": post.text,
            "post_type": "postpone" if post.postponed else "post",
            "marked_as_ads": 0,
            "attachments": post.attachments,
            "comments": {
                "count": len(state.post_comments(post.owner_id, post.id)),
                "can_post": 1,
                "groups_can_post": True,
            },
            "likes": {
                "count": len(likers),
                "user_likes": int(viewer_id in likers),
                "can_like": 1,
                "can_publish": 1,
            },
            "reposts": {
                "count": len(post.reposted_by),
                "user_reposted": int(viewer_id in post.reposted_by),
            },
            "views": {"count": post.views},
            "post_source": {"type": "api"},
            "is_favorite": False,
        }
    )
    if post.edited is not None:
        shape["edited"] = post.edited
    if state.group(post.owner_id).pinned_post == post.id:
        shape["is_pinned"] = 1
    return shape


def comment_shape(
    state: VKState, comment: Comment, *, event: bool = False, need_likes: bool = False
) -> dict[str, Any]:
    """A wall comment; `event=True` adds post_owner_id like wall_reply_* events do."""
    shape: dict[str, Any] = {
        "id": comment.id,
        "from_id": comment.from_id,
        "date": comment.date,
        "text": comment.text,
    }
    if event:
        shape["post_owner_id"] = comment.owner_id
    shape.update(
        {
            "owner_id": comment.owner_id,
            "post_id": comment.post_id,
            "parents_stack": list(comment.parents_stack),
        }
    )
    if comment.attachments:
        shape["attachments"] = comment.attachments
    if comment.reply_to_comment is None:
        shape["thread"] = {
            "count": len(state.thread_replies(comment)),
            "items": [],
            "can_post": True,
            "show_reply_button": True,
            "groups_can_post": True,
        }
    else:
        shape["reply_to_user"] = comment.reply_to_user
        shape["reply_to_comment"] = comment.reply_to_comment
    if need_likes:
        likers = state.likers("comment", comment.owner_id, comment.id)
        shape["likes"] = {"count": len(likers), "user_likes": 0, "can_like": 1}
    return shape


def message_shape(message: Message) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "date": message.date,
        "from_id": message.from_id,
        "id": message.id,
        "out": message.out,
        "version": 10000000 + message.conversation_message_id,
        "attachments": message.attachments,
        "conversation_message_id": message.conversation_message_id,
        "fwd_messages": [],
        "important": False,
        "is_hidden": False,
        "peer_id": message.peer_id,
        "random_id": message.random_id,
        "text": message.text,
    }
    if message.reply_to is not None:
        shape["reply_message"] = {"id": message.reply_to}
    if message.admin_author_id is not None:
        shape["admin_author_id"] = message.admin_author_id
    return shape


def photo_shape(photo: Photo, base_url: str) -> dict[str, Any]:
    url = f"{base_url}/photos/{photo.id}.jpg"
    return {
        "album_id": -14,
        "date": photo.date,
        "id": photo.id,
        "owner_id": photo.owner_id,
        "access_key": f"ak{photo.id:x}",
        "sizes": [{"height": 0, "width": 0, "type": "x", "url": url}],
        "text": photo.text,
        "has_tags": False,
    }
