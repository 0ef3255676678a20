"""Display names of VK users for cards, fetched in one users.get per batch and remembered."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterable

from bot.vk.client import VKClient
from handlers.ports import DeliveryError

log = logging.getLogger(__name__)


class Names:
    def __init__(self, client: VKClient, size: int = 5000) -> None:
        self._client = client
        self._size = size
        self._known: OrderedDict[int, str] = OrderedDict()

    async def lookup(self, user_ids: Iterable[int]) -> dict[int, str]:
        wanted = {u for u in user_ids if u > 0}
        missing = sorted(wanted - self._known.keys())
        if missing:
            try:
                people = await self._client.call(
                    "users.get", user_ids=",".join(map(str, missing[:1000]))
                )
            except DeliveryError as exc:
                # Names are decoration: a card with "id123" beats a lost comment.
                log.warning("VK names unavailable: %s", exc.reason)
                people = []
            for person in people:
                name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
                self._known[int(person["id"])] = name or f"id{person['id']}"
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return {u: self._known[u] for u in wanted if u in self._known}
