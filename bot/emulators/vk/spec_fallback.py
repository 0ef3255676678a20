"""Parameter rules for the implemented methods, used when VK's methods.json is not available.

Each entry: name -> (type, required, minimum, maximum), and string parameters' maxLength in a
table of their own. A test checks both agree with the spec.
"""

from __future__ import annotations

ParamRule = tuple[str | list[str], bool, int | None, int | None]

FALLBACK_METHODS: dict[str, dict[str, ParamRule]] = {
    "groups.getLongPollServer": {"group_id": ("integer", True, 1, None)},
    "groups.getById": {
        "group_ids": ("array", False, None, None),
        "group_id": (["integer", "string"], False, None, None),
        "fields": ("array", False, None, None),
    },
    "groups.ban": {
        "group_id": ("integer", True, 1, None),
        "owner_id": ("integer", False, None, None),
        "end_date": ("integer", False, 0, None),
        "reason": ("integer", False, 0, None),
        "comment": ("string", False, None, None),
        "comment_visible": ("boolean", False, None, None),
    },
    "groups.unban": {
        "group_id": ("integer", True, 1, None),
        "owner_id": ("integer", False, None, None),
    },
    "groups.getMembers": {
        "group_id": (["integer", "string"], False, None, None),
        "offset": ("integer", False, 0, None),
        "count": ("integer", False, 0, 1000),
        "fields": ("array", False, None, None),
        "filter": ("string", False, None, None),
    },
    "wall.get": {
        "offset": ("integer", False, 0, None),
        "count": ("integer", False, 0, None),
        "filter": ("string", False, None, None),
        "extended": ("boolean", False, None, None),
    },
    "wall.getById": {
        "posts": ("array", True, None, None),
        "extended": ("boolean", False, None, None),
    },
    "wall.getComments": {
        "owner_id": ("integer", False, None, None),
        "post_id": ("integer", False, 0, None),
        "need_likes": ("boolean", False, None, None),
        "offset": ("integer", False, None, None),
        "count": ("integer", False, 0, None),
        "sort": ("string", False, None, None),
        "comment_id": ("integer", False, 0, None),
        "thread_items_count": ("integer", False, 0, 10),
    },
    "wall.createComment": {
        "owner_id": ("integer", False, None, None),
        "post_id": ("integer", True, 0, None),
        "from_group": ("integer", False, 0, None),
        "message": ("string", False, None, None),
        "reply_to_comment": ("integer", False, None, None),
        "attachments": ("array", False, None, None),
    },
    "wall.deleteComment": {
        "owner_id": ("integer", False, None, None),
        "comment_id": ("integer", True, 0, None),
    },
    "wall.restoreComment": {
        "owner_id": ("integer", False, None, None),
        "comment_id": ("integer", True, None, None),
    },
    "wall.post": {
        "owner_id": ("integer", False, None, None),
        "from_group": ("boolean", False, None, None),
        "message": ("string", False, None, None),
        "attachments": ("array", False, None, None),
        "publish_date": ("integer", False, 0, None),
    },
    "wall.edit": {
        "owner_id": ("integer", False, None, None),
        "post_id": ("integer", True, 0, None),
        "message": ("string", False, None, None),
        "attachments": ("array", False, None, None),
    },
    "messages.send": {
        "user_id": ("integer", False, None, None),
        "random_id": ("integer", False, None, None),
        "peer_id": ("integer", False, None, None),
        "peer_ids": ("array", False, None, None),
        "chat_id": ("integer", False, 0, 100000000),
        "message": ("string", False, None, None),
        "attachment": ("string", False, None, None),
        "reply_to": ("integer", False, None, None),
        "forward": ("string", False, None, None),
    },
    "messages.edit": {
        "peer_id": ("integer", True, None, None),
        "message": ("string", False, None, None),
        "message_id": ("integer", False, 0, None),
        "cmid": ("integer", False, 0, None),
    },
    "likes.getList": {
        "type": ("string", True, None, None),
        "owner_id": ("integer", False, None, None),
        "item_id": ("integer", False, None, None),
        "extended": ("boolean", False, None, None),
        "offset": ("integer", False, 0, None),
        "count": ("integer", False, 0, 1000),
    },
    "photos.getWallUploadServer": {"group_id": ("integer", False, None, None)},
    "photos.saveWallPhoto": {
        "group_id": ("integer", False, 0, None),
        "photo": ("string", True, None, None),
        "server": ("integer", False, None, None),
        "hash": ("string", False, None, None),
        "caption": ("string", False, None, None),
    },
    "users.get": {
        "user_ids": ("array", False, None, None),
        "fields": ("array", False, None, None),
    },
}

# (method, parameter) -> the most characters VK takes.
FALLBACK_MAX_LENGTHS: dict[tuple[str, str], int] = {
    ("messages.edit", "message"): 9000,
    ("messages.send", "message"): 9000,
    ("messages.send", "attachment"): 9000,
}
