"""parse_mode handling: the server strips markup and returns plain text plus entities."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from typing import Any

from .errors import bad_request
from .shapes import detect_entities

_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "a": "text_link", "tg-spoiler": "spoiler",
    "span": "spoiler", "blockquote": "blockquote",
}  # fmt: skip


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _EntityParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # UTF-16 units emitted so far
        self.open: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_data("\n")
            return
        if tag not in _HTML_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        extra: dict[str, Any] = {}
        if tag == "a":
            extra["url"] = dict(attrs).get("href") or ""
        self.open.append((tag, self.length, extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
        _, start, extra = self.open.pop()
        if self.length > start:
            entity = {"type": _HTML_TAGS[tag], "offset": start, "length": self.length - start}
            self.entities.append({**entity, **extra})

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += _utf16(data)


def format_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and its entities, like the server stores a message after parsing."""
    found: list[dict[str, Any]] = list(entities or [])
    if parse_mode and not entities:
        mode = parse_mode.lower()
        if mode == "html":
            parser = _EntityParser()
            parser.feed(text)
            parser.close()
            if parser.open:
                raise bad_request("can't parse entities: Can't find end tag")
            text, found = unescape("".join(parser.parts)), parser.entities
        elif mode in ("markdown", "markdownv2"):
            # Only escapes are undone; Markdown entities are not reproduced by the emulator.
            text = text.replace("\\", "")
        else:
            raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    found.extend(detect_entities(text))
    found.sort(key=lambda entity: entity["offset"])
    return text, found
