"""Telegram updates → core events. Pure functions: no I/O, easy to test against samples."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.types import (
    ChatMemberUpdated,
    Message,
    MessageReactionCountUpdated,
    MessageReactionUpdated,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
    User,
)

from bot.telegram.directory import ChatInfo, Directory
from handlers.events import (
    AudienceEvent,
    Author,
    Comment,
    CommentEdited,
    MemberJoined,
    MemberLeft,
    PostPublished,
    ReactionChanged,
    ReactionCount,
)

PLATFORM = "telegram"
_PRESENT = {"member", "administrator", "creator", "restricted"}


def author_of(user: User) -> Author:
    name = " ".join(part for part in (user.first_name, user.last_name) if part) or str(user.id)
    return Author(user.id, name, user.username, user.is_bot, user.language_code)


def message_link(chat_id: int, username: str | None, message_id: int) -> str:
    if username:
        return f"https://t.me/{username}/{message_id}"
    internal = str(chat_id).removeprefix("-100")
    return f"https://t.me/c/{internal}/{message_id}"


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _media(message: Message) -> tuple[str, ...]:
    kinds = ("photo", "video", "document", "voice", "video_note", "sticker", "animation", "audio")
    return tuple(kind for kind in kinds if getattr(message, kind, None))


def map_message(message: Message, directory: Directory) -> list[AudienceEvent]:
    """A message in a community's group or discussion group."""
    info = directory.chat(message.chat.id)
    if info is None:
        return []
    at = _utc(message.date)
    if message.new_chat_members:
        return [
            MemberJoined(
                info.community,
                PLATFORM,
                message.chat.id,
                author_of(user),
                at,
                f"msg:{message.chat.id}:{message.message_id}:{user.id}",
            )
            for user in message.new_chat_members
            if not user.is_bot
        ]
    if message.left_chat_member:
        user = message.left_chat_member
        return [
            MemberLeft(
                info.community,
                PLATFORM,
                message.chat.id,
                author_of(user),
                at,
                f"msg:{message.chat.id}:{message.message_id}:{user.id}",
            )
        ]
    if message.is_automatic_forward and message.forward_origin is not None:
        return _discussion_root(message, info, at)
    text = message.text or message.caption
    if text is None:
        return []
    return [_comment(message, info, text, at)]


def _discussion_root(message: Message, info: ChatInfo, at: datetime) -> list[AudienceEvent]:
    origin = message.forward_origin
    channel = getattr(origin, "chat", None)
    post_id = getattr(origin, "message_id", None)
    if channel is None or post_id is None:
        return []
    return [
        PostPublished(
            info.community,
            PLATFORM,
            channel.id,
            post_id,
            message.text or message.caption or "",
            at,
            discussion_chat_id=message.chat.id,
            discussion_message_id=message.message_id,
        )
    ]


def _comment(message: Message, info: ChatInfo, text: str, at: datetime) -> Comment:
    chat = message.chat
    if message.from_user is not None:
        author = author_of(message.from_user)
        staff = author.user_id in info.staff
    else:
        # Anonymous admins and channels write as a chat: that is the community speaking.
        sender = message.sender_chat or chat
        author = Author(sender.id, sender.title or str(sender.id), sender.username)
        staff = True
    if message.sender_chat is not None and message.sender_chat.id in (chat.id, info.channel_id):
        staff = True
    reply = message.reply_to_message
    in_thread = info.role == "discussion" and message.message_thread_id is not None
    return Comment(
        community=info.community,
        platform=PLATFORM,
        chat_id=chat.id,
        message_id=message.message_id,
        author=author,
        text=text,
        at=at,
        source="discussion" if info.role == "discussion" else "group",
        # For discussion comments: the thread root, i.e. the post's forward in this group.
        post_id=message.message_thread_id if in_thread else None,
        reply_to_id=reply.message_id if reply is not None else None,
        chat_title=chat.title,
        link=message_link(chat.id, chat.username, message.message_id),
        media=_media(message),
        from_staff=staff,
    )


def map_edited(message: Message, directory: Directory) -> list[AudienceEvent]:
    info = directory.chat(message.chat.id)
    text = message.text or message.caption
    if info is None or text is None:
        return []
    at = _utc(message.edit_date) if isinstance(message.edit_date, datetime) else _utc(message.date)
    return [CommentEdited(info.community, PLATFORM, message.chat.id, message.message_id, text, at)]


def map_channel_post(message: Message, directory: Directory) -> list[AudienceEvent]:
    info = directory.chat(message.chat.id)
    if info is None or info.role != "channel":
        return []
    text = message.text or message.caption or ""
    return [
        PostPublished(
            info.community, PLATFORM, message.chat.id, message.message_id, text, _utc(message.date)
        )
    ]


def _emoji(reaction: object) -> str:
    if isinstance(reaction, ReactionTypeEmoji):
        return reaction.emoji
    if isinstance(reaction, ReactionTypeCustomEmoji):
        return f"custom:{reaction.custom_emoji_id}"
    if isinstance(reaction, ReactionTypePaid):
        return "paid"
    return "other"


def map_reaction(update: MessageReactionUpdated, directory: Directory) -> list[AudienceEvent]:
    info = directory.chat(update.chat.id)
    if info is None:
        return []
    old = {_emoji(r) for r in update.old_reaction}
    new = {_emoji(r) for r in update.new_reaction}
    user_id = (
        update.user.id if update.user else (update.actor_chat.id if update.actor_chat else None)
    )
    return [
        ReactionChanged(
            info.community,
            PLATFORM,
            update.chat.id,
            update.message_id,
            user_id,
            tuple(sorted(new - old)),
            tuple(sorted(old - new)),
            _utc(update.date),
        )
    ]


def map_reaction_count(
    update: MessageReactionCountUpdated, directory: Directory
) -> list[AudienceEvent]:
    info = directory.chat(update.chat.id)
    if info is None:
        return []
    counts = tuple((_emoji(r.type), r.total_count) for r in update.reactions)
    return [
        ReactionCount(
            info.community, PLATFORM, update.chat.id, update.message_id, counts, _utc(update.date)
        )
    ]


def map_chat_member(update: ChatMemberUpdated, directory: Directory) -> list[AudienceEvent]:
    """Channel subscribers come and go only through chat_member updates (groups also send
    service messages, which we use there instead, so each join is counted once)."""
    info = directory.chat(update.chat.id)
    if info is None or info.role != "channel":
        return []
    was = update.old_chat_member.status in _PRESENT
    now = update.new_chat_member.status in _PRESENT
    if was == now:
        return []
    user = update.new_chat_member.user
    at = _utc(update.date)
    key = f"cm:{update.chat.id}:{user.id}:{int(at.timestamp())}:{int(now)}"
    event = MemberJoined if now else MemberLeft
    return [event(info.community, PLATFORM, update.chat.id, author_of(user), at, key)]
