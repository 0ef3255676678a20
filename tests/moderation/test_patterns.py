"""The rewritten searches match exactly where their patterns do, and no lexicon pattern hides a
control character (a "\\b" written without r"" becomes a backspace and never matches)."""

import random
import re

import pytest

from moderation import complaint_context, complaint_lemmas, complaints, cues, spam, toxicity
from moderation.patterns import PatternSet, any_of, fast

PATTERNS = [
    re.compile(r"\bжду\b\W+ответ"),
    re.compile(r"\b(?:верните|отдайте)\s+деньги|\bобман\w*"),
    re.compile(r"(?:\bне\s+)?работает"),  # an optional start: cannot be spread
    re.compile(r"[:;]-?\("),  # no word start at all
    re.compile(r"(?<!не\s)\bрешил[аи]?\s+(?:вопрос|проблем)|^\W*ну\b"),
    re.compile(r"\b(?:\d+|пят\w+)\s+раз\b|\bа{2,}|\bx{,3}y"),
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
    "не решила проблему, но решил вопрос",
    "ну вот, 5 раз, пятый раз, ааа xxy",
    "",
]


def _fuzz(count: int = 2000) -> list[str]:
    rng = random.Random(11)
    words = "жду ответа верните деньги обман не работает решил вопрос ну 5 раз пятый ааа xy :( ,"
    words = words.split(" ")
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 8))) for _ in range(count)]


def _starts(rx: re.Pattern[str], text: str) -> list[int]:
    return [i for i in range(len(text) + 1) if rx.match(text, i)]


@pytest.mark.parametrize("text", TEXTS)
def test_combined_search_agrees_with_the_patterns(text: str) -> None:
    combined = any_of(PATTERNS)
    assert bool(combined.search(text)) == any(rx.search(text) for rx in PATTERNS)


def test_fast_patterns_match_at_the_same_places() -> None:
    for rx in PATTERNS:
        quick = fast(rx)
        for text in TEXTS + _fuzz(300):
            assert _starts(quick, text) == _starts(rx, text), (rx.pattern, text)


def test_only_plain_patterns_are_rewritten() -> None:
    with pytest.raises(ValueError):
        fast(re.compile(r"(a)b"))
    with pytest.raises(ValueError):
        fast(re.compile(r"ab", re.IGNORECASE))


def test_pattern_set_finds_what_each_pattern_finds() -> None:
    scan = PatternSet(PATTERNS)
    for text in TEXTS + _fuzz():
        assert scan.matching(text) == [i for i, rx in enumerate(PATTERNS) if rx.search(text)]


@pytest.mark.parametrize(
    ("scans", "patterns"),
    [
        (
            complaints._SCANS,
            {k: [rx for _, rx, _ in v] for k, v in complaints._BY_LANGUAGE.items()},
        ),
        (
            complaint_lemmas._SCANS,
            {k: [rx for _, rx in v] for k, v in complaint_lemmas._COMPILED.items()},
        ),
    ],
)
def test_the_shipped_scans_agree_with_their_patterns(scans: dict, patterns: dict) -> None:
    texts = [*TEXTS, "до сих пор не вернули деньги", "where is my refund", "still waiting"]
    texts += [
        "третий день жду ответа от поддержки, никто не отвечает",
        "опять 3 раз списали дважды, верните деньги за заказ",
        "статус заказа до сих пор не обновлялся, напишу жалобу в роспотребнадзор",
        "charged me twice, still pending and stuck in transit, how much longer",
        "i was told it would arrive, it's been 5 days, this is the 3rd time",
    ]
    for language, scan in scans.items():
        for text in texts:
            expected = [i for i, rx in enumerate(patterns[language]) if rx.search(text)]
            assert scan.matching(text) == expected, (language, text)


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
