"""VK events → core events, against the real payload samples."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.vk.mapping import people_to_name, to_events, wall_link
from handlers.events import (
    Comment,
    CommentDeleted,
    CommentEdited,
    MemberJoined,
    MemberLeft,
    PostPublished,
    ReactionChanged,
)

SAMPLES = Path("/work/shared/samples/vk")
GROUP = 229000001
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def mapped(name: str, **kwargs) -> tuple:
    return to_events(sample(name), community="cafe", now=NOW, **kwargs)


def test_wall_comment():
    (event,) = mapped("wall_reply_new.json", names={1000002: "Bob Smith"})
    assert isinstance(event, Comment)
    assert (event.platform, event.source, event.chat_id, event.message_id) == (
        "vk",
        "wall",
        -GROUP,
        501,
    )
    assert event.post_id == 77 and event.reply_to_id is None
    assert event.author.user_id == 1000002 and event.author.name == "Bob Smith"
    assert event.text == "Спасибо за выпуск!" and not event.from_staff
    assert event.at == datetime.fromtimestamp(1767225660, UTC)
    assert event.link == f"https://vk.com/wall-{GROUP}_77?reply=501"


def test_thread_reply_points_at_its_parent_and_names_default():
    (event,) = mapped("wall_reply_new_thread_reply.json")
    assert event.reply_to_id == 501 and event.message_id == 502
    assert event.author.name == "id1000001"


def test_admin_and_community_comments_are_staff():
    raw = sample("wall_reply_new.json")
    (by_admin,) = to_events(raw, community="cafe", now=NOW, admins=(1000002,))
    raw["object"]["from_id"] = -GROUP
    (by_group,) = to_events(raw, community="cafe", now=NOW)
    assert by_admin.from_staff and by_group.from_staff


def test_edit_delete_restore():
    (edit,) = mapped("wall_reply_edit.json")
    assert isinstance(edit, CommentEdited) and edit.chat_id == -GROUP and edit.at == NOW
    (deleted,) = mapped("wall_reply_delete.json")
    assert deleted == CommentDeleted("cafe", "vk", -GROUP, 501, NOW)
    comment, restored = mapped("wall_reply_restore.json")
    assert isinstance(comment, Comment) and restored.restored
    assert (restored.chat_id, restored.message_id) == (comment.chat_id, comment.message_id)


def test_message_to_the_community_in_a_chat_uses_its_conversation_number():
    (event,) = mapped("message_new.json")
    assert event.source == "message" and event.chat_id == 2000000001
    assert event.message_id == 15  # id is 0 in chats
    assert event.text == "/rules" and event.post_id is None


def test_private_message_keeps_its_id():
    raw = sample("message_new.json")
    raw["object"]["message"].update(id=42, peer_id=1000002)
    (event,) = to_events(raw, community="cafe", now=NOW)
    assert (event.chat_id, event.message_id) == (1000002, 42)


def test_post_likes_and_members():
    (post,) = mapped("wall_post_new.json")
    assert isinstance(post, PostPublished)
    assert (post.chat_id, post.post_id, post.views) == (-GROUP, 77, 1)
    (like,) = mapped("like_add.json")
    (unlike,) = mapped("like_remove.json")
    assert isinstance(like, ReactionChanged) and like.added == ("like",) and not like.removed
    assert unlike.removed == ("like",) and not unlike.added
    assert (like.chat_id, like.message_id, like.user_id) == (-GROUP, 77, 1000002)
    (joined,) = mapped("group_join.json")
    (left,) = mapped("group_leave.json")
    assert isinstance(joined, MemberJoined) and isinstance(left, MemberLeft)
    assert joined.event_id == sample("group_join.json")["event_id"]
    assert joined.chat_id == -GROUP


def test_own_messages_and_unknown_types_are_ignored():
    raw = sample("message_new.json")
    assert to_events({**raw, "type": "message_reply"}, community="c", now=NOW) == ()
    assert to_events({**raw, "type": "photo_new"}, community="c", now=NOW) == ()


def test_an_answer_an_admin_typed_in_vk_is_kept_as_theirs():
    message = {**sample("message_new.json")["object"]["message"], "out": 1, "from_id": -GROUP}
    raw = {"type": "message_reply", "group_id": GROUP, "object": message}
    assert to_events(raw, community="c", now=NOW) == ()  # sent through the API: ours
    typed = {**raw, "object": {**message, "admin_author_id": 900}}
    (answer,) = to_events(typed, community="c", now=NOW, names={900: "Anna Admin"})
    assert isinstance(answer, Comment) and answer.from_staff and answer.source == "message"
    assert (answer.author.user_id, answer.author.name) == (900, "Anna Admin")
    assert answer.chat_id == message["peer_id"]
    assert people_to_name([typed]) == {900}


def test_malformed_event_is_a_clear_error():
    raw = sample("wall_reply_new.json")
    del raw["object"]["from_id"]
    with pytest.raises(ValueError, match="malformed VK wall_reply_new"):
        to_events(raw, community="c", now=NOW)


def test_people_to_name_and_links():
    raws = [sample(n) for n in ("wall_reply_new.json", "message_new.json", "group_join.json")]
    assert people_to_name(raws) == {1000002}
    assert wall_link(5, 7) == "https://vk.com/wall-5_7"
