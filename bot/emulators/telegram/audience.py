"""What the audience does: each action stores its effect and queues the real update(s)."""

from __future__ import annotations

import time
from typing import Any

from .shapes import (
    PRESENT_STATUSES,
    TELEGRAM_SERVICE_USER,
    detect_entities,
    photo_sizes,
)
from .state import ChatRecord, World


class AudienceActions(World):
    def user_writes(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        *,
        reply_to: int | None = None,
        thread_id: int | None = None,
        photo: bool | bytes = False,
    ) -> dict[str, Any]:
        """A user's message (a photo with `text` as caption if photo is set: True, or the
        photo's bytes for the bot to download)."""
        chat = self.chat(chat_id)
        if chat.kind == "channel":
            raise ValueError("users do not write in channels: use channel_posts/comment_on_post")
        user = self._speaker(chat, user_id)
        replied = chat.messages.get(reply_to) if reply_to is not None else None
        if reply_to is not None and replied is None:
            raise ValueError(f"message {reply_to} not found in chat {chat_id}")
        if thread_id is None and replied is not None:
            thread_id = replied.get("message_thread_id")
        message = self.new_message(chat, user)
        if thread_id is not None:
            message["message_thread_id"] = thread_id
        if replied is not None:
            message["reply_to_message"] = self.quoted(replied)
        put_content(message, text, photo=photo)
        if photo:
            self.files.add_photo(message["photo"], photo if isinstance(photo, bytes) else None)
        self.queue.push("message", message)
        return message

    def reply_to_bot_message(
        self, chat_id: int, user_id: int, bot_message_id: int, text: str
    ) -> dict[str, Any]:
        """A manager answers one of the bot's messages (e.g. a flagged-comment card)."""
        return self.user_writes(chat_id, user_id, text, reply_to=bot_message_id)

    def bulk_user_writes(self, items: list[tuple[int, int, str]]) -> None:
        """Fast path for benchmarks: plain text messages, no entity detection or replies."""
        push, now = self.queue.push, int(time.time())
        for chat_id, user_id, text in items:
            chat = self.chats[chat_id]
            message_id = chat.take_message_id()
            message = {
                "message_id": message_id,
                "from": self.users[user_id],
                "chat": chat.info,
                "date": now,
                "text": text,
            }
            chat.messages[message_id] = message
            push("message", message)

    def user_edits(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        chat = self.chat(chat_id)
        message = chat.messages.get(message_id)
        if message is None:
            raise ValueError(f"message {message_id} not found in chat {chat_id}")
        message.pop("entities", None)
        message.pop("caption_entities", None)
        message["edit_date"] = int(time.time())
        put_content(message, text, photo="photo" in message, replace=True)
        kind = "edited_channel_post" if chat.kind == "channel" else "edited_message"
        self.queue.push(kind, message)
        return message

    def channel_posts(
        self, channel_id: int, text: str, *, signature: str | None = None
    ) -> dict[str, Any]:
        """A post by the channel's admins; the linked discussion group gets its forward."""
        channel = self.chat(channel_id)
        if channel.kind != "channel":
            raise ValueError(f"chat {channel_id} is not a channel")
        post = self.new_message(channel, None, sender_chat=channel.info)
        put_content(post, text)
        if signature:
            post["author_signature"] = signature
        self.queue.push("channel_post", post)
        self.forward_to_discussion(channel, post)
        return post

    def forward_to_discussion(self, channel: ChatRecord, post: dict[str, Any]) -> None:
        if channel.linked_chat_id is None:
            return
        group = self.chat(channel.linked_chat_id)
        forward = self.new_message(group, TELEGRAM_SERVICE_USER, sender_chat=channel.info)
        forward["date"] = post["date"]
        forward["forward_origin"] = {
            "type": "channel",
            "chat": channel.info,
            "message_id": post["message_id"],
            "date": post["date"],
        }
        forward["is_automatic_forward"] = True
        forward["forward_from_chat"] = channel.info
        forward["forward_from_message_id"] = post["message_id"]
        forward["forward_date"] = post["date"]
        for key in ("text", "entities", "photo", "caption", "caption_entities"):
            if key in post:
                forward[key] = post[key]
        channel.forwards[post["message_id"]] = forward["message_id"]
        self.queue.push("message", forward)

    def comment_on_post(
        self, channel_id: int, post_id: int, user_id: int, text: str
    ) -> dict[str, Any]:
        """A comment under a channel post: a threaded reply to its forward in the group."""
        channel = self.chat(channel_id)
        forward_id = channel.forwards.get(post_id)
        if forward_id is None or channel.linked_chat_id is None:
            raise ValueError(f"post {post_id} of channel {channel_id} has no discussion thread")
        group = self.chat(channel.linked_chat_id)
        # The forward becomes a thread root once someone comments.
        group.messages[forward_id].setdefault("message_thread_id", forward_id)
        return self.user_writes(group.id, user_id, text, reply_to=forward_id, thread_id=forward_id)

    def user_reacts(self, chat_id: int, message_id: int, user_id: int, emojis: list[str]) -> None:
        """Set a user's reactions; channels show only anonymous totals (message_reaction_count)."""
        chat = self.chat(chat_id)
        if message_id not in chat.messages:
            raise ValueError(f"message {message_id} not found in chat {chat_id}")
        per_user = chat.reactions.setdefault(message_id, {})
        old = per_user.get(user_id, [])
        per_user[user_id] = list(emojis)
        now = int(time.time())
        if chat.kind == "channel":
            totals: dict[str, int] = {}
            for chosen in per_user.values():
                for emoji in chosen:
                    totals[emoji] = totals.get(emoji, 0) + 1
            reactions = [
                {"type": {"type": "emoji", "emoji": e}, "total_count": n}
                for e, n in sorted(totals.items(), key=lambda item: -item[1])
            ]
            payload = {"chat": chat.info, "message_id": message_id, "date": now}
            payload["reactions"] = reactions
            self.queue.push("message_reaction_count", payload)
            return
        self.queue.push(
            "message_reaction",
            {
                "chat": chat.info,
                "message_id": message_id,
                "user": self.user(user_id),
                "date": now,
                "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
                "new_reaction": [{"type": "emoji", "emoji": e} for e in emojis],
            },
        )

    def user_joins(self, chat_id: int, user_id: int) -> None:
        chat, user = self.chat(chat_id), self.user(user_id)
        if chat.kind != "channel":
            message = self.new_message(chat, user)
            message["new_chat_participant"] = user
            message["new_chat_member"] = user
            message["new_chat_members"] = [user]
            self.queue.push("message", message)
        self.change_member(chat, user_id, "member", actor=user)

    def user_leaves(self, chat_id: int, user_id: int) -> None:
        chat, user = self.chat(chat_id), self.user(user_id)
        if chat.kind != "channel":
            message = self.new_message(chat, user)
            message["left_chat_participant"] = user
            message["left_chat_member"] = user
            self.queue.push("message", message)
        self.change_member(chat, user_id, "left", actor=user)

    def change_member(
        self, chat: ChatRecord, user_id: int, status: str, *, actor: dict, **extra: Any
    ) -> None:
        """Change a status and queue the chat_member update describing the change."""
        old = self.member(chat.id, user_id)
        chat.members[user_id] = (status, extra)
        payload = {
            "chat": chat.info,
            "from": actor,
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": self.member(chat.id, user_id),
        }
        self.queue.push("my_chat_member" if user_id == self.bot_id else "chat_member", payload)

    def press_button(self, chat_id: int, message_id: int, user_id: int, data: str) -> str:
        """A user presses an inline button; returns the callback query id."""
        message = self.message(chat_id, message_id)
        if message is None:
            raise ValueError(f"message {message_id} not found in chat {chat_id}")
        query_id = f"{self.bot_id}{next(self._callback_ids):010d}"
        query = {
            "id": query_id,
            "from": self.user(user_id),
            "message": message,
            "chat_instance": str(abs(hash((chat_id, self.bot_id))) % 10**19),
            "data": data,
        }
        self.callback_queries[query_id] = {"query": query, "answer": None}
        self.queue.push("callback_query", query)
        return query_id

    def _speaker(self, chat: ChatRecord, user_id: int) -> dict[str, Any]:
        user = self.user(user_id)
        status = chat.status_of(user_id)
        if status in ("kicked", "left") and chat.kind != "private":
            raise ValueError(f"user {user_id} is {status} in chat {chat.id} and cannot write")
        if status is None:
            chat.members[user_id] = ("member", {})  # convenience: writing implies membership
        elif status not in PRESENT_STATUSES and status != "restricted":
            raise ValueError(f"user {user_id} cannot write in chat {chat.id}")
        return user


def put_content(
    message: dict[str, Any], text: str, *, photo: bool | bytes = False, replace: bool = False
) -> None:
    """Text (or photo + caption) with detected entities, in the real key order."""
    if photo:
        if not replace:
            seed = f"{message['chat']['id']}:{message['message_id']}"
            message["photo"] = photo_sizes(seed, len(photo) if isinstance(photo, bytes) else 98765)
        if text:
            message["caption"] = text
            if entities := detect_entities(text):
                message["caption_entities"] = entities
        return
    message["text"] = text
    if entities := detect_entities(text):
        message["entities"] = entities
