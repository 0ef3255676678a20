"""parse_mode handling: the server strips markup and returns plain text plus entities.

HTML is read by one regular expression over tags and text runs rather than html.parser: the
managers' cards are HTML and arrive by the thousand in the benchmarks, and the stdlib parser
cost more than the rest of sendMessage together.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from .errors import bad_request
from .shapes import detect_entities, utf16_len

_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "code": "code", "pre": "pre", "a": "text_link", "tg-spoiler": "spoiler",
    "span": "spoiler", "blockquote": "blockquote",
}  # fmt: skip

# A tag starts with "<" and a letter (or "</" and one); any other "<" is text, as before.
_PIECE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<|[^<]+")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _href(attrs: str) -> str:
    found = _HREF.search(attrs)
    if found is None:
        return ""
    return unescape(next(group for group in found.groups() if group is not None))


def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    parts: list[str] = []
    length = 0  # UTF-16 units emitted so far
    open_tags: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    for piece in _PIECE.finditer(text):
        name = piece.group(2)
        if name is None:
            data = unescape(piece.group()) if "&" in piece.group() else piece.group()
            parts.append(data)
            length += utf16_len(data) if not data.isascii() else len(data)
            continue
        tag = name.lower()
        closing, attrs = piece.group(1), piece.group(3)
        if tag == "br":
            parts.append("\n")
            length += 1
        elif not closing:
            if tag not in _HTML_TAGS:
                raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
            if attrs.rstrip().endswith("/"):
                continue  # "<b/>": opened and closed at once, an empty entity is none
            extra: dict[str, Any] = {}
            if tag == "a":
                extra["url"] = _href(attrs)
            open_tags.append((tag, length, extra))
        else:
            if not open_tags or open_tags[-1][0] != tag:
                raise bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
            _, start, extra = open_tags.pop()
            if length > start:
                entities.append(
                    {"type": _HTML_TAGS[tag], "offset": start, "length": length - start, **extra}
                )
    if open_tags:
        raise bad_request("can't parse entities: Can't find end tag")
    return "".join(parts), entities


def format_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and its entities, like the server stores a message after parsing."""
    found: list[dict[str, Any]] = list(entities or [])
    if parse_mode and not entities:
        mode = parse_mode.lower()
        if mode == "html":
            text, found = _parse_html(text)
        elif mode in ("markdown", "markdownv2"):
            # Only escapes are undone; Markdown entities are not reproduced by the emulator.
            text = text.replace("\\", "")
        else:
            raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    found.extend(detect_entities(text))
    found.sort(key=lambda entity: entity["offset"])
    return text, found
