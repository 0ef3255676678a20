"""Every file the emulated Telegram holds: what a file_id stands for, and its bytes.

A file_id the bot saw (a user's photo, a file it uploaded) can be sent again by id or fetched
with getFile and then downloaded from /file/bot<token>/<file_path>. Telegram keeps the bytes of
every size it made; here a file's own bytes are kept when we have them (an upload, a photo a
test gave), and any other size answers bytes made from its id, of its stated size.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

# getFile: "For the moment, bots can download files of up to 20MB in size."
MAX_DOWNLOAD = 20 * 1024 * 1024


class FileStore:
    def __init__(self) -> None:
        self._objects: dict[str, dict[str, Any]] = {}  # file_id -> {"photo": sizes} | {"document"}
        self._data: dict[str, bytes] = {}  # file_id -> its bytes, where known
        self._paths: dict[str, str] = {}  # file_path handed out by getFile -> file_id
        self._path_of: dict[str, str] = {}  # and back: one path per file, as Telegram does
        self._numbers = itertools.count()

    def photo(self, file_id: str) -> list[dict[str, Any]] | None:
        """The sizes of the photo a file_id belongs to."""
        return self._objects.get(file_id, {}).get("photo")

    def document(self, file_id: str) -> dict[str, Any] | None:
        return self._objects.get(file_id, {}).get("document")

    def add_photo(self, sizes: list[dict[str, Any]], data: bytes | None = None) -> None:
        """A photo's sizes; ``data`` is the largest one's bytes (the original upload)."""
        for entry in sizes:
            self._objects[entry["file_id"]] = {"photo": sizes}
        if data is not None:
            self._data[sizes[-1]["file_id"]] = data

    def add_document(self, document: dict[str, Any], data: bytes | None = None) -> None:
        self._objects[document["file_id"]] = {"document": document}
        if data is not None:
            self._data[document["file_id"]] = data

    def entry(self, file_id: str) -> dict[str, Any] | None:
        """The PhotoSize or Document a file_id names (with file_unique_id and file_size)."""
        document = self.document(file_id)
        if document is not None:
            return document
        sizes = self.photo(file_id) or []
        return next((size for size in sizes if size["file_id"] == file_id), None)

    def path_for(self, file_id: str) -> str:
        """The file_path getFile answers: stable for one file, as on the real server."""
        if file_id not in self._path_of:
            folder, extension = "photos", "jpg"
            document = self.document(file_id)
            if document is not None:
                name = document.get("file_name", "")
                folder = "documents"
                extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
            path = f"{folder}/file_{next(self._numbers)}.{extension}"
            self._path_of[file_id], self._paths[path] = path, file_id
        return self._path_of[file_id]

    def download(self, path: str) -> bytes | None:
        """The bytes behind a file_path getFile handed out; None for any other path."""
        file_id = self._paths.get(path)
        if file_id is None:
            return None
        if file_id in self._data:
            return self._data[file_id]
        entry = self.entry(file_id) or {}
        return stand_in_bytes(file_id, int(entry.get("file_size", 0)))


def stand_in_bytes(file_id: str, size: int) -> bytes:
    """``size`` bytes made from the id: the same every time, a JPEG's first bytes in front."""
    block = hashlib.sha256(file_id.encode()).digest()
    body = b"\xff\xd8\xff" + block * (size // len(block) + 1)
    return body[:size]
