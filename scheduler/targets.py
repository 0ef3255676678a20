"""Where a post goes: "telegram" (the community's channels, else its chats),
"telegram:<id|@username>" (one of its chats) or "vk" (its wall), stored as
"telegram:<chat id>" / "vk:<owner id>" (a VK wall's owner id is minus the group id)."""

from __future__ import annotations

from collections.abc import Sequence

from config.settings import Community


def resolve_targets(community: Community, wanted: Sequence[str]) -> tuple[str, ...]:
    """ "telegram" (the community's channels, else its chats), "telegram:<id|@name>", "vk"."""
    wanted = list(wanted) or ["telegram"] * bool(community.telegram_chats) + ["vk"] * bool(
        community.vk
    )
    if not wanted:
        raise ValueError(f"community {community.id!r} has no Telegram chats and no VK group")
    found: list[str] = []
    for item in wanted:
        platform, _, which = item.strip().lower().partition(":")
        if platform == "vk":
            if community.vk is None:
                raise ValueError(f"community {community.id!r} has no VK group")
            found.append(f"vk:{-community.vk.group_id}")
        elif platform == "telegram":
            found.extend(f"telegram:{chat}" for chat in _telegram_chats(community, which))
        else:
            raise ValueError(f"unknown target {item!r} (telegram, telegram:<chat>, vk)")
    return tuple(dict.fromkeys(found))


def _telegram_chats(community: Community, which: str) -> list[int]:
    chats = community.telegram_chats
    if not which:
        channels = [c.id for c in chats if c.kind == "channel"]
        if not chats:
            raise ValueError(f"community {community.id!r} has no Telegram chats")
        return channels or [c.id for c in chats]
    for chat in chats:
        if which.lstrip("@") == (chat.username or "").lower() or which == str(chat.id):
            return [chat.id]
    raise ValueError(f"Telegram chat {which!r} does not belong to {community.id!r}")
