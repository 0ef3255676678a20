"""The emulator's parse_mode=HTML: plain text and entities as the Bot API returns them."""

from __future__ import annotations

import pytest

from bot.emulators.telegram.errors import ApiError
from bot.emulators.telegram.formatting import format_text


def _spans(entities: list[dict]) -> list[tuple]:
    return [(e["type"], e["offset"], e["length"], e.get("url")) for e in entities]


def test_nested_tags_and_links_with_offsets_in_utf16_units() -> None:
    text, entities = format_text(
        '😡 <b>Негатив <i>срочно</i></b> · <a href="https://t.me/c/1/2?a=1&amp;b=2">пост</a>',
        "HTML",
        None,
    )
    assert text == "😡 Негатив срочно · пост"
    # The emoji is two UTF-16 units, so "Негатив" starts at 3.
    assert sorted(_spans(entities)) == [
        ("bold", 3, 14, None),
        ("italic", 11, 6, None),
        ("text_link", 20, 4, "https://t.me/c/1/2?a=1&b=2"),
    ]


def test_entities_are_unescaped_once() -> None:
    # "&amp;lt;" is the text "&lt;", not "<": a comment quoting markup shows it as written.
    text, entities = format_text("&lt;b&gt; &amp;lt;i&amp;gt; &#128077; &quot;", "HTML", None)
    assert text == '<b> &lt;i&gt; 👍 "' and entities == []


def test_a_lone_angle_bracket_and_br_are_text() -> None:
    text, _ = format_text("a < b<br>c", "HTML", None)
    assert text == "a < b\nc"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<b>x</i>", 'Unmatched end tag "i"'),
        ("x</b>", 'Unmatched end tag "b"'),
        ("<b>x", "Can't find end tag"),
    ],
)
def test_bad_markup_is_a_bad_request(html: str, reason: str) -> None:
    with pytest.raises(ApiError, match=reason):
        format_text(html, "HTML", None)


def test_mentions_hashtags_commands_and_urls_are_found_after_markup() -> None:
    text, entities = format_text(
        "👍 @ivan_p #отзыв /start https://example.com/a?b e@mail", "HTML", None
    )
    found = {text[e["offset"] - 1 : e["offset"] - 1 + e["length"]]: e["type"] for e in entities}
    # Offsets count the emoji as two units; in Python's string it is one character.
    assert found == {
        "@ivan_p": "mention",
        "#отзыв": "hashtag",
        "/start": "bot_command",
        "https://example.com/a?b": "url",
    }
