"""Telegram HTML: check a post's markup before it is planned, and turn it into plain text
for VK (which has no formatting on the wall)."""

from __future__ import annotations

import html
from html.parser import HTMLParser

# The tags Telegram's HTML parse mode accepts.
ALLOWED = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "blockquote", "tg-spoiler", "span", "tg-emoji"}
)  # fmt: skip
VOID: frozenset[str] = frozenset()


class MarkupError(ValueError):
    pass


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.plain: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            raise MarkupError(f"tag <{tag}> is not supported by Telegram HTML")
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise MarkupError("<a> needs an href")
            self.links.append(href)
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise MarkupError(f"unexpected </{tag}>")
        self.open.pop()
        if tag == "a" and self.links:
            link = self.links.pop()
            if self.plain and not self.plain[-1].endswith(link):
                self.plain.append(f" ({link})")

    def handle_data(self, data: str) -> None:
        self.plain.append(data)


def _parse(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if checker.open:
        raise MarkupError(f"<{checker.open[-1]}> is never closed")
    return checker


def check_html(text: str) -> None:
    """Raise MarkupError when Telegram would refuse the text's HTML."""
    _parse(text)


def to_plain(text: str) -> str:
    """The text without tags, entities decoded, links kept in brackets after their words."""
    try:
        return "".join(_parse(text).plain)
    except MarkupError:
        return html.unescape(text)
