"""Spam by content and by behaviour (SpamGuard, explicit timestamps)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from moderation.spam import SpamGuard, spam_reasons
from moderation.text import normalize

T0 = datetime(2026, 1, 1, 12, 0, 0)


def content(text: str) -> tuple[str, ...]:
    return spam_reasons(normalize(text))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("вступай t.me/joinchat/AbCdEf", "invite link"),
        ("наш чат t.me/+AbCdEf123", "invite link"),
        ("пиши vk.me/club123", "invite link"),
        ("скидки тут bit.ly/3xYz", "shortened link"),
        ("смотри clck.ru/abc", "shortened link"),
        ("vk.cc/c1abc", "shortened link"),
        ("подписывайтесь t.me/best_channel", "link to another channel"),
        ("звоните +7 (912) 345-67-89", "phone number"),
        ("8 912 345 67 89", "phone number"),
        ("пишите в личку, расскажу", "invite to private messages"),
        ("все подробности в лс", "invite to private messages"),
        ("лучший канал о скидках: @cheap_deals_ru", "link to another channel"),
        ("подписывайтесь на @cheap_deals_ru", "link to another channel"),
        ("все скидки @cheap_deals_ru", "link to another channel"),  # "...и @", not "и @"
        ("DM me for details", "invite to private messages"),
        ("заработок от 5000 руб в день без вложений", "earnings offer"),
        ("https://example.com/page", "link"),
    ],
)
def test_content_rules(text: str, reason: str) -> None:
    assert reason in content(text)


@pytest.mark.parametrize(
    "text",
    [
        "Спасибо, всё понравилось",
        "Заказ №123456 не пришёл",
        "Ждём в 18.00",
        "в 2024 году",
        "",
        # Customers and members talking to each other: a reply to a user, a reply sent in
        # private, a request that the business answer privately.
        "@olga_petrova да, у них по субботам тоже открыто",
        "уже отправила вам фото в директ",
        "напишите мне в личку стоимость маникюра",
        # A member tagging a friend.
        "Tagging @dan_r because he needs new running shoes",
        "отмечаю @masha_k, пойдём в субботу",
        "@masha_k смотри какие платья",
        "Giveaway entry, tagging @jess_k and @tomw_p",
    ],
)
def test_ordinary_comments_are_not_spam(text: str) -> None:
    assert content(text) == ()


def test_same_text_from_one_author_is_a_repeat() -> None:
    guard = SpamGuard()
    assert guard.check("c", 1, "Купите слона", T0) == ()
    assert "repeated message" in guard.check("c", 1, "купите  СЛОНА", T0 + timedelta(minutes=2))
    # Long after the window it is a new message again.
    assert guard.check("c", 1, "Купите слона", T0 + timedelta(hours=2)) == ()


def test_same_text_from_many_authors() -> None:
    guard = SpamGuard(many_authors=3)
    assert guard.check("c", 1, "лучший курс тут", T0) == ()
    assert guard.check("c", 2, "лучший курс тут", T0 + timedelta(seconds=30)) == ()
    assert "same text from many authors" in guard.check(
        "c", 3, "лучший курс тут", T0 + timedelta(minutes=1)
    )
    # Another community keeps its own counts.
    assert guard.check("other", 4, "лучший курс тут", T0 + timedelta(minutes=1)) == ()


def test_flood() -> None:
    guard = SpamGuard(flood_messages=5, flood_window=timedelta(seconds=30))
    results = [guard.check("c", 7, f"msg {i}", T0 + timedelta(seconds=i * 5)) for i in range(5)]
    assert results[:4] == [(), (), (), ()]
    assert "flood" in results[4]
    # Slow posting is never a flood.
    slow = SpamGuard(flood_messages=5, flood_window=timedelta(seconds=30))
    assert all(
        "flood" not in slow.check("c", 8, f"m{i}", T0 + timedelta(minutes=i)) for i in range(10)
    )


def test_join_post_leave() -> None:
    guard = SpamGuard(join_leave_window=timedelta(hours=1))
    guard.note_join("c", 5, T0)
    guard.check("c", 5, "реклама", T0 + timedelta(minutes=1))
    assert guard.note_leave("c", 5, T0 + timedelta(minutes=3)) is True
    # Joined and left without posting; left much later; never seen joining.
    guard.note_join("c", 6, T0)
    assert guard.note_leave("c", 6, T0 + timedelta(minutes=3)) is False
    guard.note_join("c", 9, T0)
    guard.check("c", 9, "привет", T0 + timedelta(minutes=1))
    assert guard.note_leave("c", 9, T0 + timedelta(days=2)) is False
    assert guard.note_leave("c", 10, T0) is False


def test_memory_is_bounded() -> None:
    guard = SpamGuard(max_entries=100)
    for author in range(1000):
        guard.check("c", author, f"text {author}", T0 + timedelta(seconds=author))
        guard.note_join("c", author, T0)
    assert len(guard._by_author) <= 100
    assert len(guard._by_text) <= 100
    assert len(guard._joins) <= 100
