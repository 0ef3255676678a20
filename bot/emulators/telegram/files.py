"""Files the bot sends: multipart uploads, earlier file_ids, or URLs."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .shapes import photo_sizes

if TYPE_CHECKING:
    from .emulator import TelegramEmulator


def _upload(value: Any, files: dict[str, tuple[str, bytes]]) -> tuple[str, bytes] | None:
    """The uploaded part a value points at (attach://name or the part itself), if any."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, str) and value.startswith("attach://"):
        part = files.get(value[len("attach://") :])
        if part is None:
            raise bad_request(f"file {value} not found in the request")
        return part
    return None


def _source_key(emu: TelegramEmulator, value: Any, files: dict) -> tuple[str, int, str]:
    """(seed for ids, size, file name) of the file a value refers to."""
    part = _upload(value, files)
    if part is not None:
        name, data = part
        if not data:
            raise bad_request("file must be non-empty")
        return hashlib.sha1(data).hexdigest(), len(data), name
    if not isinstance(value, str) or not value:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if value.startswith(("http://", "https://")):
        return value, 54_321, value.rsplit("/", 1)[-1] or "file"
    raise bad_request("wrong file identifier/HTTP URL specified")


def resolve_photo(emu: TelegramEmulator, value: Any, files: dict) -> list[dict[str, Any]]:
    if isinstance(value, str) and value in emu.files:
        known = emu.files[value]
        if "photo" in known:
            return known["photo"]
    seed, size, _ = _source_key(emu, value, files)
    sizes = photo_sizes(seed, size)
    for entry in sizes:
        emu.files[entry["file_id"]] = {"photo": sizes}
    return sizes


def resolve_upload(emu: TelegramEmulator, value: Any, files: dict) -> dict[str, Any]:
    if isinstance(value, str) and value in emu.files and "document" in emu.files[value]:
        return emu.files[value]["document"]
    seed, size, name = _source_key(emu, value, files)
    digest = hashlib.sha1(seed.encode()).hexdigest()[:16]
    document = {
        "file_name": name,
        "file_id": f"BQACAgIAAxkBAA{digest}",
        "file_unique_id": f"AgAD{digest[:8]}",
        "file_size": size,
    }
    emu.files[document["file_id"]] = {"document": document}
    return document
