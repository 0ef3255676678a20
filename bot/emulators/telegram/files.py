"""Files the bot sends (multipart uploads, earlier file_ids, or URLs) and getFile."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .errors import bad_request
from .file_store import MAX_DOWNLOAD
from .registry import Call, api_method
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


def _source(value: Any, files: dict) -> tuple[str, int, str, bytes | None]:
    """(seed for ids, size, file name, bytes if uploaded) of the file a value refers to."""
    part = _upload(value, files)
    if part is not None:
        name, data = part
        if not data:
            raise bad_request("file must be non-empty")
        return hashlib.sha1(data).hexdigest(), len(data), name, data
    if not isinstance(value, str) or not value:
        raise bad_request("wrong file identifier/HTTP URL specified")
    if value.startswith(("http://", "https://")):
        return value, 54_321, value.rsplit("/", 1)[-1] or "file", None
    raise bad_request("wrong file identifier/HTTP URL specified")


def resolve_photo(emu: TelegramEmulator, value: Any, files: dict) -> list[dict[str, Any]]:
    known = emu.files.photo(value) if isinstance(value, str) else None
    if known is not None:
        return known
    seed, size, _, data = _source(value, files)
    sizes = photo_sizes(seed, size)
    emu.files.add_photo(sizes, data)
    return sizes


def resolve_upload(emu: TelegramEmulator, value: Any, files: dict) -> dict[str, Any]:
    known = emu.files.document(value) if isinstance(value, str) else None
    if known is not None:
        return known
    seed, size, name, data = _source(value, files)
    digest = hashlib.sha1(seed.encode()).hexdigest()[:16]
    document = {
        "file_name": name,
        "file_id": f"BQACAgIAAxkBAA{digest}",
        "file_unique_id": f"AgAD{digest[:8]}",
        "file_size": size,
    }
    emu.files.add_document(document, data)
    return document


@api_method("getFile")
async def get_file(emu: TelegramEmulator, call: Call) -> dict[str, Any]:
    file_id = call.params["file_id"]
    entry = emu.files.entry(file_id) if isinstance(file_id, str) else None
    if entry is None:
        raise bad_request("invalid file_id")
    size = entry.get("file_size", 0)
    if size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return {
        "file_id": file_id,
        "file_unique_id": entry["file_unique_id"],
        "file_size": size,
        "file_path": emu.files.path_for(file_id),
    }
