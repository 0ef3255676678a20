"""VK Bots Long Poll / Callback API events (API 5.199) → the core's platform-neutral events.

Pure functions: a raw event dict in, a tuple of events out (empty for what the core ignores).
Times VK does not give (likes, joins, deletions, edits) come from ``now``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from handlers.events import (
    AudienceEvent,
    Author,
    Comment,
    CommentDeleted,
    CommentEdited,
    MemberJoined,
    MemberLeft,
    PostPublished,
    ReactionChanged,
)

# Peer ids at or above this are group chats, where VK gives messages no global id.
CHAT_PEER_BASE = 2_000_000_000
LIKE = ("like",)
# Our own outgoing messages come back as these: never treat them as audience messages. An
# outgoing message an admin typed in VK itself carries admin_author_id: that one is kept.
IGNORED = frozenset({"message_edit"})
_SKIPPED_POST_TYPES = frozenset({"suggest", "postpone"})


def wall_link(group_id: int, post_id: int, comment_id: int | None = None) -> str:
    link = f"https://vk.com/wall-{group_id}_{post_id}"
    return f"{link}?reply={comment_id}" if comment_id else link


def dialog_link(group_id: int, peer_id: int) -> str:
    """Where a community admin opens this conversation."""
    return f"https://vk.com/gim{group_id}?sel={peer_id}"


def message_key(message: Mapping[str, Any]) -> int:
    """Private messages have a global id; chat messages only a per-chat one (id is 0)."""
    return int(message.get("id") or message["conversation_message_id"])


def _when(value: Any, now: datetime) -> datetime:
    return datetime.fromtimestamp(int(value), UTC) if value else now


def _author(user_id: int, names: Mapping[int, str], group_id: int) -> Author:
    default = f"club{group_id}" if user_id < 0 else f"id{user_id}"
    return Author(user_id, names.get(user_id, default), is_bot=False)


def _is_staff(from_id: int, admins: Collection[int]) -> bool:
    # A negative author is a community (ours when it writes on its own wall).
    return from_id < 0 or from_id in admins


def _media(obj: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(a.get("type", "")) for a in obj.get("attachments") or () if a.get("type"))


def _wall_comment(
    community: str, group_id: int, obj: Mapping[str, Any], names: Mapping[int, str], admins, now
) -> Comment:
    owner_id = int(obj.get("owner_id") or obj.get("post_owner_id") or -group_id)
    from_id = int(obj["from_id"])
    post_id = int(obj["post_id"])
    return Comment(
        community=community,
        platform="vk",
        chat_id=owner_id,
        message_id=int(obj["id"]),
        author=_author(from_id, names, group_id),
        text=str(obj.get("text") or ""),
        at=_when(obj.get("date"), now),
        source="wall",
        post_id=post_id,
        reply_to_id=obj.get("reply_to_comment") or None,
        link=wall_link(-owner_id, post_id, int(obj["id"])),
        media=_media(obj),
        from_staff=_is_staff(from_id, admins),
    )


def _message(
    community: str, group_id: int, message: Mapping[str, Any], names: Mapping[int, str], admins, now
) -> Comment:
    from_id = int(message["from_id"])
    peer_id = int(message.get("peer_id") or from_id)
    return Comment(
        community=community,
        platform="vk",
        chat_id=peer_id,
        message_id=message_key(message),
        author=_author(from_id, names, group_id),
        text=str(message.get("text") or ""),
        at=_when(message.get("date"), now),
        source="message",
        reply_to_id=(message.get("reply_message") or {}).get("id") or None,
        link=dialog_link(group_id, peer_id),
        media=_media(message),
        from_staff=_is_staff(from_id, admins),
    )


def to_events(
    raw: Mapping[str, Any],
    *,
    community: str,
    now: datetime,
    names: Mapping[int, str] | None = None,
    admins: Collection[int] = (),
) -> tuple[AudienceEvent, ...]:
    """Map one VK event. Unknown or ignored types give ``()``; a malformed one raises
    ``ValueError`` naming the event type (the caller logs it and moves on)."""
    kind = raw.get("type")
    if kind in IGNORED or kind not in _MAPPERS:
        return ()
    try:
        return _MAPPERS[kind](raw, community, now, names or {}, admins)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"malformed VK {kind} event: {exc!r}") from exc


def _reply_new(raw, community, now, names, admins):
    return (_wall_comment(community, int(raw["group_id"]), raw["object"], names, admins, now),)


def _reply_edit(raw, community, now, names, admins):
    obj = raw["object"]
    owner_id = int(obj.get("owner_id") or obj.get("post_owner_id") or -int(raw["group_id"]))
    return (CommentEdited(community, "vk", owner_id, int(obj["id"]), str(obj["text"]), now),)


def _reply_delete(raw, community, now, names, admins):
    obj = raw["object"]
    return (CommentDeleted(community, "vk", int(obj["owner_id"]), int(obj["id"]), now),)


def _reply_restore(raw, community, now, names, admins):
    # The restored comment may be one we never saw: store it (a no-op if known), then undelete.
    comment = _wall_comment(community, int(raw["group_id"]), raw["object"], names, admins, now)
    restored = CommentDeleted(community, "vk", comment.chat_id, comment.message_id, now, True)
    return (comment, restored)


def _message_new(raw, community, now, names, admins):
    message = raw["object"]["message"]
    return (_message(community, int(raw["group_id"]), message, names, admins, now),)


def _message_reply(raw, community, now, names, admins):
    message = raw["object"]
    admin = message.get("admin_author_id")
    if not admin:
        return ()  # sent through the API: otklik's own answer, already on record
    comment = _message(community, int(raw["group_id"]), message, names, admins, now)
    # Written as the community; the admin behind it is who answered.
    author = _author(int(admin), names, int(raw["group_id"]))
    return (replace(comment, author=author, from_staff=True),)


def _post_new(raw, community, now, names, admins):
    obj = raw["object"]
    if obj.get("post_type") in _SKIPPED_POST_TYPES:
        return ()
    views = (obj.get("views") or {}).get("count")
    return (
        PostPublished(
            community,
            "vk",
            int(obj["owner_id"]),
            int(obj["id"]),
            str(obj.get("text") or ""),
            _when(obj.get("date"), now),
            views=views,
        ),
    )


def _like(raw, community, now, names, admins):
    obj = raw["object"]
    if obj.get("object_type") not in ("post", "comment"):
        return ()  # photos, videos...: their ids live in other sequences than wall items
    added = raw["type"] == "like_add"
    return (
        ReactionChanged(
            community,
            "vk",
            int(obj["object_owner_id"]),
            int(obj["object_id"]),
            int(obj["liker_id"]),
            LIKE if added else (),
            () if added else LIKE,
            now,
        ),
    )


def _membership(raw, community, now, names, admins):
    group_id = int(raw["group_id"])
    member = _author(int(raw["object"]["user_id"]), names, group_id)
    event_type = MemberJoined if raw["type"] == "group_join" else MemberLeft
    return (event_type(community, "vk", -group_id, member, now, event_id=raw.get("event_id")),)


_MAPPERS = {
    "wall_reply_new": _reply_new,
    "wall_reply_edit": _reply_edit,
    "wall_reply_delete": _reply_delete,
    "wall_reply_restore": _reply_restore,
    "message_new": _message_new,
    "message_reply": _message_reply,
    "wall_post_new": _post_new,
    "like_add": _like,
    "like_remove": _like,
    "group_join": _membership,
    "group_leave": _membership,
}


def people_to_name(raws: Iterable[Mapping[str, Any]]) -> set[int]:
    """User ids whose names the mapped events will show (comment authors, new members)."""
    ids: set[int] = set()
    for raw in raws:
        obj = raw.get("object") or {}
        kind = raw.get("type")
        if kind in ("wall_reply_new", "wall_reply_restore"):
            ids.add(int(obj.get("from_id", 0)))
        elif kind == "message_new":
            ids.add(int((obj.get("message") or {}).get("from_id", 0)))
        elif kind == "message_reply":
            ids.add(int(obj.get("admin_author_id") or 0))
        elif kind in ("group_join", "group_leave"):
            ids.add(int(obj.get("user_id", 0)))
    return {i for i in ids if i > 0}
