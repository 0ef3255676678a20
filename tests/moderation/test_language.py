"""Language routing by letter counts, and text clean-up on odd input."""

from __future__ import annotations

import pytest

from moderation.text import detect_language, model_language, normalize, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Третий день жду ответа", "ru"),
        ("норм", "ru"),
        ("ok", "en"),
        ("Still waiting for my refund", "en"),
        ("Дякую, все чудово, їжа смачна", "uk"),
        ("Заказ #123 не пришёл, order number AB", "ru"),
        ("My order from магазин never came", "en"),
        ("👍👍👍", "other"),
        ("", "other"),
        ("   !!! ??? 123", "other"),
        ("这是中文", "other"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_ukrainian_uses_the_russian_vocabulary() -> None:
    assert model_language("uk") == "ru"
    assert model_language("other") == "en"


def test_zero_width_and_combining_marks_are_removed() -> None:
    assert normalize("х\u200bо\u200dр\ufeffошо") == "хорошо"
    assert normalize("замо\u0301к") == "замок"
    assert normalize("Ёлка") == "елка"
    assert words(normalize("Не\u200b работает!")) == ["не", "работает"]


def test_huge_text_is_cut() -> None:
    assert len(normalize("а" * 100_000)) <= 4000
