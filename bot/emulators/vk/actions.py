"""Changes to the world that VK reports as Bots Long Poll events (walls, likes, membership)."""

from __future__ import annotations

from typing import Any

from bot.emulators.notify import ChangeNotifier
from bot.emulators.vk.attachments import parse_attachments
from bot.emulators.vk.events import EventLog
from bot.emulators.vk.shapes import comment_shape, post_shape
from bot.emulators.vk.state import Comment, EmulatorError, Group, Post, User, VKState


class WallActions:
    def __init__(
        self, state: VKState, events: EventLog, notifier: ChangeNotifier, base_url: str = ""
    ) -> None:
        self.state = state
        self.events = events
        self.notifier = notifier
        self.base_url = base_url

    def attachments(self, items: list[str] | None) -> list[dict[str, Any]]:
        return parse_attachments(self.state, items or [], self.base_url) if items else []

    # -- people ---------------------------------------------------------------------------
    def add_user(
        self,
        first_name: str,
        last_name: str = "",
        *,
        user_id: int | None = None,
        screen_name: str | None = None,
    ) -> User:
        state = self.state
        if user_id is None:
            while state.next_user_id in state.users:
                state.next_user_id += 1
            user_id = state.next_user_id
        if user_id in state.users or user_id <= 0:
            raise EmulatorError(f"user id {user_id} is taken or invalid")
        user = User(user_id, first_name, last_name, screen_name or f"id{user_id}")
        state.users[user_id] = user
        self.notifier.notify()
        return user

    def join(self, group: Group, user_id: int) -> None:
        self.state.user(user_id)
        if user_id in group.banned:
            raise EmulatorError(f"user {user_id} is banned in group {group.id}")
        if user_id not in group.members:
            group.members.append(user_id)
            self.events.emit(group.id, "group_join", {"user_id": user_id, "join_type": "join"})

    def leave(self, group: Group, user_id: int, *, by_self: bool = True) -> None:
        if user_id in group.members:
            group.members.remove(user_id)
            self.events.emit(group.id, "group_leave", {"user_id": user_id, "self": int(by_self)})

    def ban(self, group: Group, user_id: int, admin_id: int, **details: Any) -> None:
        group.banned[user_id] = dict(details)
        if user_id in group.members:
            group.members.remove(user_id)
        obj = {
            "admin_id": admin_id,
            "user_id": user_id,
            "unblock_date": details.get("end_date", 0),
            "reason": details.get("reason", 0),
        }
        if details.get("comment"):
            obj["comment"] = details["comment"]
        self.events.emit(group.id, "user_block", obj)

    def unban(self, group: Group, user_id: int, admin_id: int) -> None:
        if group.banned.pop(user_id, None) is not None:
            obj = {"admin_id": admin_id, "user_id": user_id, "by_end_date": 0}
            self.events.emit(group.id, "user_unblock", obj)

    # -- posts ----------------------------------------------------------------------------
    def create_post(
        self,
        group: Group,
        text: str,
        *,
        from_id: int | None = None,
        attachments: list[str] | None = None,
        publish_date: int | None = None,
    ) -> Post:
        state = self.state
        now = state.now()
        post = Post(
            id=state.next_item_id(group),
            owner_id=-group.id,
            from_id=from_id if from_id is not None else -group.id,
            text=text,
            date=now,
            attachments=self.attachments(attachments),
            created_by=group.admins[0] if group.admins else None,
            publish_date=publish_date if publish_date and publish_date > now else None,
        )
        state.posts[(post.owner_id, post.id)] = post
        if not post.postponed:
            self.events.emit(group.id, "wall_post_new", post_shape(state, post))
        else:
            self.notifier.notify()
        return post

    def publish_due(self) -> list[Post]:
        """Publish postponed posts whose time has come (checked lazily on each request)."""
        now = self.state.now()
        due = [p for p in self.state.posts.values() if p.postponed and p.publish_date <= now]
        for post in due:
            post.date, post.publish_date = post.publish_date, None
            self.events.emit(-post.owner_id, "wall_post_new", post_shape(self.state, post))
        return due

    def edit_post(
        self, group: Group, post_id: int, text: str | None, attachments: list[str] | None
    ) -> Post:
        post = self.state.post(-group.id, post_id)
        if text is not None:
            post.text = text
        if attachments is not None:
            post.attachments = self.attachments(attachments)
        post.edited = self.state.now()
        self.notifier.notify()
        return post

    def add_views(self, group: Group, post_id: int, n: int) -> None:
        self.state.post(-group.id, post_id).views += n
        self.notifier.notify()

    def repost(self, group: Group, user_id: int, post_id: int) -> None:
        post = self.state.post(-group.id, post_id)
        if user_id not in post.reposted_by:
            post.reposted_by.append(user_id)
        self.notifier.notify()

    # -- comments -------------------------------------------------------------------------
    def create_comment(
        self,
        group: Group,
        post_id: int,
        from_id: int,
        text: str,
        *,
        reply_to_comment: int | None = None,
        attachments: list[str] | None = None,
        emit: bool = True,
    ) -> Comment:
        state = self.state
        post = state.post(-group.id, post_id)
        if from_id > 0:
            state.user(from_id)
            if from_id in group.banned:
                raise EmulatorError(f"user {from_id} is banned in group {group.id}")
        parents: list[int] = []
        reply_to_user = None
        if reply_to_comment:
            parent = state.comment(post.owner_id, reply_to_comment)
            if parent.post_id != post_id or parent.deleted:
                raise EmulatorError(f"comment {reply_to_comment} is not on post {post_id}")
            # VK threads are one level deep: a reply to a reply joins the root's thread.
            parents = list(parent.parents_stack) or [parent.id]
            reply_to_user = parent.from_id
        comment = Comment(
            id=state.next_item_id(group),
            owner_id=post.owner_id,
            post_id=post_id,
            from_id=from_id,
            text=text,
            date=state.now(),
            reply_to_comment=reply_to_comment or None,
            reply_to_user=reply_to_user,
            parents_stack=parents,
            attachments=self.attachments(attachments),
        )
        state.add_comment(comment)
        if emit:
            self._emit_comment(group, "wall_reply_new", comment)
        return comment

    def edit_comment(self, group: Group, comment_id: int, text: str) -> Comment:
        comment = self.state.comment(-group.id, comment_id)
        if comment.deleted:
            raise EmulatorError(f"comment {comment_id} is deleted")
        comment.text = text
        self._emit_comment(group, "wall_reply_edit", comment)
        return comment

    def delete_comment(self, group: Group, comment_id: int, deleter_id: int) -> Comment:
        comment = self.state.comment(-group.id, comment_id)
        if not comment.deleted:
            comment.deleted = True
            obj = {
                "owner_id": comment.owner_id,
                "id": comment.id,
                "deleter_id": deleter_id,
                "post_id": comment.post_id,
            }
            self.events.emit(group.id, "wall_reply_delete", obj)
        return comment

    def restore_comment(self, group: Group, comment_id: int) -> Comment:
        comment = self.state.comment(-group.id, comment_id)
        if comment.deleted:
            comment.deleted = False
            self._emit_comment(group, "wall_reply_restore", comment)
        return comment

    def _emit_comment(self, group: Group, event_type: str, comment: Comment) -> None:
        self.events.emit(group.id, event_type, comment_shape(self.state, comment, event=True))

    # -- likes ----------------------------------------------------------------------------
    def set_like(self, group: Group, user_id: int, item_id: int, liked: bool) -> None:
        """Like a post or a comment (ids share one sequence per wall, so the id tells which)."""
        owner_id = -group.id
        if (owner_id, item_id) in self.state.posts:
            object_type, post_id = "post", 0
        elif (owner_id, item_id) in self.state.comments:
            object_type, post_id = "comment", self.state.comments[(owner_id, item_id)].post_id
        else:
            raise EmulatorError(f"nothing with id {item_id} on wall {owner_id}")
        likers = self.state.likers(object_type, owner_id, item_id)
        if liked == (user_id in likers):
            return
        if liked:
            likers.append(user_id)
        else:
            likers.remove(user_id)
        obj = {
            "liker_id": user_id,
            "object_type": object_type,
            "object_owner_id": owner_id,
            "object_id": item_id,
            "thread_reply_id": 0,
            "post_id": post_id,
        }
        self.events.emit(group.id, "like_add" if liked else "like_remove", obj)
