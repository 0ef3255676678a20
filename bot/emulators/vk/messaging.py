"""Community messages: users writing to the group (message_new) and the bot's answers."""

from __future__ import annotations

from bot.emulators.vk.events import EventLog
from bot.emulators.vk.shapes import CLIENT_INFO, message_shape
from bot.emulators.vk.state import EmulatorError, Group, Message, VKState

CHAT_PEER_BASE = 2_000_000_000


class MessageActions:
    def __init__(self, state: VKState, events: EventLog) -> None:
        self.state = state
        self.events = events

    def _next_cmid(self, group: Group, peer_id: int) -> int:
        key = (group.id, peer_id)
        self.state.cmids[key] = self.state.cmids.get(key, 0) + 1
        return self.state.cmids[key]

    def receive(
        self, group: Group, user_id: int, text: str, *, peer_id: int | None = None
    ) -> Message:
        """A user writes to the community (private chat, or a group chat when peer_id is given)."""
        self.state.user(user_id)
        peer_id = peer_id or user_id
        is_chat = peer_id >= CHAT_PEER_BASE
        message = Message(
            id=0 if is_chat else self._next_message_id(group),
            group_id=group.id,
            peer_id=peer_id,
            from_id=user_id,
            text=text,
            date=self.state.now(),
            out=0,
            conversation_message_id=self._next_cmid(group, peer_id),
        )
        self.state.messages.append(message)
        obj = {"message": message_shape(message), "client_info": dict(CLIENT_INFO)}
        self.events.emit(group.id, "message_new", obj)
        return message

    def send(
        self,
        group: Group,
        peer_id: int,
        text: str,
        *,
        random_id: int,
        reply_to: int | None = None,
        forward: str | None = None,
        attachments: list | None = None,
        admin_author_id: int | None = None,
    ) -> Message:
        """The community answers; a repeated non-zero random_id returns the first message.
        ``admin_author_id``: an admin wrote it by hand in VK (API sends never carry one)."""
        dedupe_key = (group.id, peer_id, random_id)
        if random_id and dedupe_key in self.state.sent_by_random_id:
            return self.state.sent_by_random_id[dedupe_key]
        if not text and not attachments and not forward:
            raise EmulatorError("message is empty")
        message = Message(
            id=self._next_message_id(group),
            group_id=group.id,
            peer_id=peer_id,
            from_id=-group.id,
            text=text,
            date=self.state.now(),
            out=1,
            random_id=random_id,
            conversation_message_id=self._next_cmid(group, peer_id),
            reply_to=reply_to,
            forward=forward,
            attachments=attachments or [],
            admin_author_id=admin_author_id,
        )
        self.state.messages.append(message)
        if random_id:
            self.state.sent_by_random_id[dedupe_key] = message
        # VK reports the community's own outgoing messages as message_reply.
        self.events.emit(group.id, "message_reply", message_shape(message))
        return message

    def edit(
        self, group: Group, peer_id: int, text: str, *, message_id: int | None, cmid: int | None
    ) -> Message:
        for message in self.state.messages:
            if (
                message.group_id == group.id
                and message.peer_id == peer_id
                and message.out
                and (message.id == message_id or message.conversation_message_id == cmid)
            ):
                message.text = text
                self.events.emit(group.id, "message_edit", message_shape(message))
                return message
        raise EmulatorError(f"no outgoing message {message_id or cmid} in peer {peer_id}")

    def _next_message_id(self, group: Group) -> int:
        message_id = group.next_message_id
        group.next_message_id += 1
        return message_id
