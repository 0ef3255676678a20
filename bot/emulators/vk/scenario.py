"""What users do (comment, like, join, write) and what tests inspect, as VKEmulator methods."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from bot.emulators.vk.shapes import comment_shape, post_shape
from bot.emulators.vk.state import EmulatorError

if TYPE_CHECKING:
    from bot.emulators.vk.actions import WallActions
    from bot.emulators.vk.events import EventLog
    from bot.emulators.vk.messaging import MessageActions
    from bot.emulators.vk.state import Group, Message, VKState


class ScenarioMixin:
    """`group_id=None` everywhere means the emulator's default community."""

    state: VKState
    events: EventLog
    wall_actions: WallActions
    message_actions: MessageActions

    def _group(self, group_id: int | None) -> Group:
        raise NotImplementedError

    # -- actors ---------------------------------------------------------------------------
    def add_user(
        self,
        first_name: str,
        last_name: str = "",
        *,
        user_id: int | None = None,
        screen_name: str | None = None,
    ) -> dict[str, Any]:
        user = self.wall_actions.add_user(
            first_name, last_name, user_id=user_id, screen_name=screen_name
        )
        return {
            "id": user.id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "screen_name": user.screen_name,
        }

    def add_admin(self, user_id: int, *, group_id: int | None = None) -> None:
        self.state.user(user_id)
        group = self._group(group_id)
        if user_id not in group.admins:
            group.admins.append(user_id)
        if user_id not in group.members:
            group.members.append(user_id)

    def user_joins(self, user_id: int, *, group_id: int | None = None) -> None:
        self.wall_actions.join(self._group(group_id), user_id)

    def user_leaves(self, user_id: int, *, group_id: int | None = None) -> None:
        self.wall_actions.leave(self._group(group_id), user_id)

    # -- wall -----------------------------------------------------------------------------
    def group_posts(
        self, text: str, *, attachments: list[str] | None = None, group_id: int | None = None
    ) -> dict[str, Any]:
        post = self.wall_actions.create_post(self._group(group_id), text, attachments=attachments)
        return post_shape(self.state, post)

    def user_comments(
        self,
        post_id: int,
        user_id: int,
        text: str,
        *,
        reply_to_comment: int | None = None,
        group_id: int | None = None,
    ) -> dict[str, Any]:
        comment = self.wall_actions.create_comment(
            self._group(group_id), post_id, user_id, text, reply_to_comment=reply_to_comment
        )
        return comment_shape(self.state, comment, event=True)

    def bulk_user_comments(
        self, post_id: int, items: list[tuple[int, str]], *, group_id: int | None = None
    ) -> None:
        """Many top-level comments at once (benchmarks): one event each, one wake-up at the end."""
        group = self._group(group_id)
        for user_id, text in items:
            comment = self.wall_actions.create_comment(group, post_id, user_id, text, emit=False)
            self.events.emit(
                group.id, "wall_reply_new", comment_shape(self.state, comment, event=True)
            )

    def user_edits_comment(
        self, comment_id: int, text: str, *, group_id: int | None = None
    ) -> dict[str, Any]:
        comment = self.wall_actions.edit_comment(self._group(group_id), comment_id, text)
        return comment_shape(self.state, comment, event=True)

    def delete_comment(
        self, comment_id: int, *, by_user: int | None = None, group_id: int | None = None
    ) -> None:
        group = self._group(group_id)
        comment = self.state.comment(-group.id, comment_id)
        self.wall_actions.delete_comment(group, comment_id, by_user or comment.from_id)

    def restore_comment(self, comment_id: int, *, group_id: int | None = None) -> None:
        self.wall_actions.restore_comment(self._group(group_id), comment_id)

    def user_likes(self, user_id: int, post_id: int, *, group_id: int | None = None) -> None:
        """Like a post, or a comment when `post_id` is a comment id."""
        self.wall_actions.set_like(self._group(group_id), user_id, post_id, True)

    def user_unlikes(self, user_id: int, post_id: int, *, group_id: int | None = None) -> None:
        self.wall_actions.set_like(self._group(group_id), user_id, post_id, False)

    def pin_post(self, post_id: int | None, *, group_id: int | None = None) -> None:
        """An admin pins a post on the wall (None unpins); wall.get lists it first."""
        group = self._group(group_id)
        if post_id is not None:
            self.state.post(-group.id, post_id)  # raises for a post that is not there
        group.pinned_post = post_id

    def add_views(self, post_id: int, n: int, *, group_id: int | None = None) -> None:
        self.wall_actions.add_views(self._group(group_id), post_id, n)

    def user_reposts(self, user_id: int, post_id: int, *, group_id: int | None = None) -> None:
        self.wall_actions.repost(self._group(group_id), user_id, post_id)

    # -- messages -------------------------------------------------------------------------
    def user_messages(
        self, user_id: int, text: str, *, peer_id: int | None = None, group_id: int | None = None
    ) -> dict[str, Any]:
        message = self.message_actions.receive(
            self._group(group_id), user_id, text, peer_id=peer_id
        )
        return _message_dict(message)

    def admin_messages(
        self,
        admin_id: int,
        peer_id: int,
        text: str,
        *,
        reply_to: int | None = None,
        group_id: int | None = None,
    ) -> dict[str, Any]:
        """An admin answers a dialog by hand in VK's interface: a message from the community
        that carries ``admin_author_id`` (a message_reply event, like every outgoing one)."""
        group = self._group(group_id)
        if admin_id not in group.admins:
            raise EmulatorError(f"user {admin_id} is not an admin of group {group.id}")
        message = self.message_actions.send(
            group,
            peer_id,
            text,
            random_id=secrets.randbelow(2**31 - 1) + 1,  # VK's web client picks one at random
            reply_to=reply_to,
            admin_author_id=admin_id,
        )
        return _message_dict(message)

    # -- inspection -----------------------------------------------------------------------
    def comments(self, post_id: int | None = None, *, group_id: int | None = None) -> list[dict]:
        """Every comment (deleted ones too, flagged), oldest first."""
        owner_id = -self._group(group_id).id
        found = [
            c
            for c in self.state.comments.values()
            if c.owner_id == owner_id and (post_id is None or c.post_id == post_id)
        ]
        found.sort(key=lambda c: c.id)
        return [{**comment_shape(self.state, c, event=True), "deleted": c.deleted} for c in found]

    def messages_sent(self, peer_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the community sent (messages.send), oldest first."""
        return [
            _message_dict(m)
            for m in self.state.messages
            if m.out and (peer_id is None or m.peer_id == peer_id)
        ]

    def wall(self, *, group_id: int | None = None) -> list[dict[str, Any]]:
        """All posts of the wall, postponed included, oldest first."""
        owner_id = -self._group(group_id).id
        posts = sorted(
            (p for (owner, _), p in self.state.posts.items() if owner == owner_id),
            key=lambda p: p.id,
        )
        return [post_shape(self.state, p) for p in posts]

    def lp_events(self, *, group_id: int | None = None) -> list[dict[str, Any]]:
        """Long poll events still kept for the community."""
        return self.events.all_events(self._group(group_id).id)


def _message_dict(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "peer_id": message.peer_id,
        "from_id": message.from_id,
        "text": message.text,
        "date": message.date,
        "random_id": message.random_id,
        "conversation_message_id": message.conversation_message_id,
        "reply_to": message.reply_to,
        "forward": message.forward,
        "attachments": message.attachments,
    }
