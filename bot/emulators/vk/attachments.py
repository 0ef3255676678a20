"""Parse VK attachment strings ("photo-1001_456239001") into attachment objects."""

from __future__ import annotations

import re
from typing import Any

from bot.emulators.vk.shapes import photo_shape
from bot.emulators.vk.state import EmulatorError, VKState

_ATTACHMENT_RE = re.compile(
    r"^(photo|video|audio|doc|link|poll|market|podcast)(-?\d+)_(\d+)(?:_([0-9A-Za-z]+))?$"
)


def parse_attachments(state: VKState, items: list[str], base_url: str) -> list[dict[str, Any]]:
    """Known photos get their full object; other media types get a minimal stub."""
    result = []
    for item in items:
        match = _ATTACHMENT_RE.match(item.strip())
        if not match:
            raise EmulatorError(f"attachments: bad attachment {item!r}")
        kind, owner_id, item_id = match.group(1), int(match.group(2)), int(match.group(3))
        if kind == "photo":
            photo = state.photos.get(item_id)
            if photo is None or photo.owner_id != owner_id:
                raise EmulatorError(f"attachments: unknown photo {item!r}")
            result.append({"type": "photo", "photo": photo_shape(photo, base_url)})
        else:
            result.append({"type": kind, kind: {"id": item_id, "owner_id": owner_id}})
    return result
