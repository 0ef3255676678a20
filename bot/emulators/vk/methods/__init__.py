"""VK API method handlers, registered by name. Each gets a Context and validated parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.emulators.vk.actions import WallActions
from bot.emulators.vk.errors import VkApiError, param_error
from bot.emulators.vk.events import EventLog
from bot.emulators.vk.messaging import MessageActions
from bot.emulators.vk.state import Group, VKState


@dataclass
class Context:
    state: VKState
    wall: WallActions
    messages: MessageActions
    events: EventLog
    group: Group  # the community whose token made the call
    base_url: str

    def own_owner_id(self, params: dict[str, Any], key: str = "owner_id") -> int:
        """Write methods only work on the calling community's own wall."""
        owner_id = params.get(key, -self.group.id)
        if owner_id != -self.group.id:
            raise VkApiError(15, "Access denied: you can only act on your own community wall")
        return owner_id

    @property
    def acting_admin(self) -> int:
        """Who VK names as the actor when a community token acts: first admin, else the group."""
        return self.group.admins[0] if self.group.admins else -self.group.id

    def group_for(self, ident: Any) -> Group:
        """A group by id or screen_name (`club123` works too)."""
        text = str(ident).strip().lstrip("-")
        for group in self.state.groups.values():
            if text in (str(group.id), group.screen_name, f"club{group.id}", f"public{group.id}"):
                return group
        raise param_error(f"group_id {ident} is invalid")


Handler = Callable[[Context, dict[str, Any]], Any]
METHODS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        METHODS[name] = handler
        return handler

    return register


def page(items: list, params: dict[str, Any], default: int, maximum: int) -> list:
    offset = params.get("offset", 0) or 0
    count = min(params.get("count", default), maximum)
    return items[offset : offset + count]


# Registration happens on import.
from bot.emulators.vk.methods import groups, media, messages, wall  # noqa: E402

__all__ = ["METHODS", "Context", "groups", "media", "messages", "method", "page", "wall"]
