"""мат, insults and English profanity, including obfuscations; no classic false positives."""

from __future__ import annotations

import pytest

from moderation.text import normalize
from moderation.toxicity import ToxicityChecker

checker = ToxicityChecker()


def reasons(text: str) -> tuple[str, ...]:
    return checker.check(normalize(text)).reasons


@pytest.mark.parametrize(
    "text",
    [
        "да пошли вы нахуй",
        "пиздец полный",
        "заебали уже",
        "х*й вам",
        "п***ц",
        "xyй",  # Latin x and y
        "XУЙ",  # Latin X, Cyrillic У
        "х у й",
        "х.у.й",
        "хуууууй",
        "х\u200bу\u200bй",  # zero-width spaces
        "blyat",
        "ху*ня",
    ],
)
def test_mat_and_its_obfuscations(text: str) -> None:
    assert "мат" in reasons(text)


@pytest.mark.parametrize("text", ["ты дебил", "какой идиот это придумал", "cyka"])
def test_insults(text: str) -> None:
    assert "insult" in reasons(text)


@pytest.mark.parametrize("text", ["what the fuck", "this is shit", "f**k this", "FUUUCK"])
def test_english_profanity(text: str) -> None:
    assert "profanity" in reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "не надо оскорблять людей",
        "страхуй меня на скалодроме",
        "застрахую машину",
        "психология общения",
        "отличная команда",
        "Scunthorpe United",
        "хулиган",
        "похудеть к лету",
        "мудрый совет",
        "себе купила хлеба",
        "небо голубое",
        "требуется мастер",
        "рейтинг 5* отель",
        "classic assassin",
        "Dickens novel",
        "",
    ],
)
def test_innocent_words_are_clean(text: str) -> None:
    assert reasons(text) == ()


def test_community_stopwords_match_inflections() -> None:
    custom = ToxicityChecker(extra_stopwords=["конкурент", "Ромашка"])
    result = custom.check(normalize("Идите к конкурентам"))
    assert result.toxic
    assert result.reasons == ("stop-word: конкурентам",)
    assert custom.check(normalize("салон РОМАШКА лучше")).toxic
    assert not custom.check(normalize("отличный сервис")).toxic
