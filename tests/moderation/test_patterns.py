"""The combined complaint search matches exactly where its patterns do, and no lexicon pattern
hides a control character (a "\\b" written without r"" becomes a backspace and never matches)."""

import re

import pytest

from moderation import complaint_context, complaint_lemmas, complaints, cues, spam, toxicity
from moderation.patterns import any_of, without_word_start

PATTERNS = [
    re.compile(r"\bжду\b\W+ответ"),
    re.compile(r"\b(?:верните|отдайте)\s+деньги|\bобман\w*"),
    re.compile(r"(?:\bне\s+)?работает"),  # an optional start: not hoisted
    re.compile(r"[:;]-?\("),  # no word start at all
]
TEXTS = [
    "третий день жду ответа",
    "верните деньги!",
    "это обманщики",
    "всё работает",
    "не работает опять",
    "грустно :(",
    "ничего такого",
    "перевернитеденьги",
]


@pytest.mark.parametrize("text", TEXTS)
def test_combined_search_agrees_with_the_patterns(text: str) -> None:
    combined = any_of(PATTERNS)
    assert bool(combined.search(text)) == any(rx.search(text) for rx in PATTERNS)


def test_word_start_is_hoisted_only_where_every_branch_has_it() -> None:
    assert without_word_start(r"\bжду|\b(?:ждем|ждали)") == "жду|(?:ждем|ждали)"
    assert without_word_start(r"\bжду|ждем") is None
    assert without_word_start(r"(?:\bне\s+)?работает") is None
    assert without_word_start(r"[\b(]x") is None


def test_the_shipped_combined_searches_agree_with_their_patterns() -> None:
    texts = [*TEXTS, "до сих пор не вернули деньги", "where is my refund", "still waiting"]
    for language, found in complaints._BY_LANGUAGE.items():
        combined = complaints._ANY[language]
        for text in texts:
            expected = any(rx.search(text) for _, rx, _ in found)
            assert bool(combined.search(text)) == expected, (language, text)


def _compiled(module: object) -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = []

    def walk(value: object) -> None:
        if isinstance(value, re.Pattern):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for value in vars(module).values():
        walk(value)
    return found


@pytest.mark.parametrize(
    "module", [complaints, complaint_context, complaint_lemmas, cues, spam, toxicity]
)
def test_no_pattern_contains_a_control_character(module: object) -> None:
    patterns = _compiled(module)
    assert patterns
    for rx in patterns:
        assert not any(ord(ch) < 32 for ch in rx.pattern if ch not in "\t\n"), rx.pattern[:80]
