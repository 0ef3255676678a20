"""messages.* methods."""

from __future__ import annotations

from typing import Any

from bot.emulators.vk.attachments import parse_attachments
from bot.emulators.vk.errors import param_error
from bot.emulators.vk.messaging import CHAT_PEER_BASE
from bot.emulators.vk.methods import Context, method


def _peers(p: dict[str, Any]) -> list[int]:
    if p.get("peer_ids"):
        return [int(x) for x in p["peer_ids"]]
    if p.get("peer_id"):
        return [p["peer_id"]]
    if p.get("user_id"):
        return [p["user_id"]]
    if p.get("chat_id"):
        return [CHAT_PEER_BASE + p["chat_id"]]
    raise param_error("peer_id is undefined")


@method("messages.send")
def send(ctx: Context, p: dict[str, Any]) -> Any:
    # Since 5.90 random_id is mandatory (the spec still marks it optional).
    if "random_id" not in p:
        raise param_error("random_id is undefined")
    attachment_refs = [a for a in (p.get("attachment") or "").split(",") if a.strip()]
    attachments = parse_attachments(ctx.state, attachment_refs, ctx.base_url)
    if not p.get("message") and not attachments and not p.get("forward"):
        raise param_error("message is empty or invalid")
    sent = [
        ctx.messages.send(
            ctx.group,
            peer_id,
            p.get("message", ""),
            random_id=p["random_id"],
            reply_to=p.get("reply_to"),
            forward=p.get("forward"),
            attachments=attachments,
        )
        for peer_id in _peers(p)
    ]
    if p.get("peer_ids"):
        return [
            {
                "peer_id": m.peer_id,
                "message_id": m.id,
                "conversation_message_id": m.conversation_message_id,
            }
            for m in sent
        ]
    return sent[0].id


@method("messages.edit")
def edit(ctx: Context, p: dict[str, Any]) -> int:
    if not p.get("message_id") and not p.get("cmid"):
        raise param_error("message_id is undefined")
    ctx.messages.edit(
        ctx.group,
        p["peer_id"],
        p.get("message", ""),
        message_id=p.get("message_id"),
        cmid=p.get("cmid"),
    )
    return 1
