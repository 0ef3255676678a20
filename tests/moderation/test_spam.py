"""Spam by content, and by behaviour (explicit timestamps): every behaviour rule is proved on
both spam watches, the one in this process's memory and the one in Redis that instances share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest

from handlers.ports import Said, SpamWatch
from moderation.spam import SpamGuard, spam_reasons
from moderation.spam_guard import SpamRules
from moderation.spam_guard_redis import RedisSpamGuard
from moderation.text import normalize
from tests.conftest import REDIS_URL

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


MakeGuard = Callable[..., SpamWatch]


@pytest.fixture(params=["memory", "redis"])
async def make_guard(request: pytest.FixtureRequest) -> AsyncIterator[MakeGuard]:
    """``make_guard(**rules)``: a spam watch of the parametrised kind; Redis ones made in one
    test share their memory, as instances behind a load balancer do."""
    made: list[SpamWatch] = []
    prefix = request.getfixturevalue("redis_prefix") if request.param == "redis" else ""

    def make(**rules: object) -> SpamWatch:
        chosen = SpamRules(**rules)  # type: ignore[arg-type]
        if request.param == "memory":
            guard: SpamWatch = SpamGuard(chosen)
        else:
            guard = RedisSpamGuard.from_url(REDIS_URL, chosen, prefix=prefix)
        made.append(guard)
        return guard

    yield make
    for guard in made:
        await guard.close()


async def check(guard: SpamWatch, author: int, text: str, at: datetime, where: str = "c"):
    [reasons] = await guard.check([Said(where, author, text, at)])
    return reasons


async def test_same_text_from_one_author_is_a_repeat(make_guard: MakeGuard) -> None:
    guard = make_guard()
    assert await check(guard, 1, "Купите слона", T0) == ()
    assert "repeated message" in await check(guard, 1, "купите  СЛОНА", T0 + timedelta(minutes=2))
    # Long after the window it is a new message again.
    assert await check(guard, 1, "Купите слона", T0 + timedelta(hours=2)) == ()


async def test_same_text_from_many_authors(make_guard: MakeGuard) -> None:
    guard = make_guard(many_authors=3)
    assert await check(guard, 1, "лучший курс тут", T0) == ()
    assert await check(guard, 2, "лучший курс тут", T0 + timedelta(seconds=30)) == ()
    assert "same text from many authors" in await check(
        guard, 3, "лучший курс тут", T0 + timedelta(minutes=1)
    )
    # Another community keeps its own counts.
    assert await check(guard, 4, "лучший курс тут", T0 + timedelta(minutes=1), "other") == ()
    # Authors older than the window no longer count.
    assert await check(guard, 5, "лучший курс тут", T0 + timedelta(minutes=30)) == ()


async def test_flood(make_guard: MakeGuard) -> None:
    guard = make_guard(flood_messages=5, flood_window=timedelta(seconds=30))
    results = [await check(guard, 7, f"msg {i}", T0 + timedelta(seconds=i * 5)) for i in range(5)]
    assert results[:4] == [(), (), (), ()]
    assert "flood" in results[4]
    # Slow posting is never a flood.
    slow = make_guard(flood_messages=5, flood_window=timedelta(seconds=30))
    for i in range(10):
        assert "flood" not in await check(slow, 8, f"m{i}", T0 + timedelta(minutes=i))


async def test_messages_in_one_batch_count_in_order(make_guard: MakeGuard) -> None:
    guard = make_guard(many_authors=3)
    batch = [Said("c", author, "пишите в лс", T0) for author in (1, 2, 3)]
    batch.append(Said("c", 1, "пишите в лс", T0 + timedelta(seconds=1)))
    results = await guard.check(batch)
    assert results[:2] == [(), ()]
    assert results[2] == ("same text from many authors",)
    assert results[3] == ("repeated message", "same text from many authors")
    # Text-less messages (a photo, a sticker) are never a repeat, but they do count to a flood.
    assert await guard.check([Said("c", 9, " ", T0), Said("c", 9, "", T0)]) == [(), ()]


async def test_join_post_leave(make_guard: MakeGuard) -> None:
    guard = make_guard(join_leave_window=timedelta(hours=1))
    await guard.note_join("c", 5, T0)
    await check(guard, 5, "реклама", T0 + timedelta(minutes=1))
    assert await guard.note_leave("c", 5, T0 + timedelta(minutes=3)) is True
    # Joined and left without posting; left much later; never seen joining.
    await guard.note_join("c", 6, T0)
    assert await guard.note_leave("c", 6, T0 + timedelta(minutes=3)) is False
    await guard.note_join("c", 9, T0)
    await check(guard, 9, "привет", T0 + timedelta(minutes=1))
    assert await guard.note_leave("c", 9, T0 + timedelta(days=2)) is False
    assert await guard.note_leave("c", 10, T0) is False
    # A leave is seen once.
    await guard.note_join("c", 11, T0)
    await check(guard, 11, "реклама", T0)
    assert await guard.note_leave("c", 11, T0 + timedelta(minutes=1)) is True
    assert await guard.note_leave("c", 11, T0 + timedelta(minutes=1)) is False


async def test_instances_sharing_redis_see_each_others_messages(redis_prefix: str) -> None:
    """Behind a load balancer every instance sees a part: together they see the spam."""
    rules = SpamRules(many_authors=3, flood_messages=4)
    first, second = (
        RedisSpamGuard.from_url(REDIS_URL, rules, prefix=redis_prefix) for _ in range(2)
    )
    try:
        assert await check(first, 1, "заработок t.me/+x", T0) == ()
        assert await check(second, 2, "заработок t.me/+x", T0) == ()
        assert await check(first, 3, "заработок t.me/+x", T0) == ("same text from many authors",)
        assert await check(second, 1, "заработок t.me/+x", T0) == (
            "repeated message",
            "same text from many authors",
        )
        posted = [await check((first, second)[i % 2], 30, f"m{i}", T0) for i in range(4)]
        assert posted == [(), (), (), ("flood",)]
        await first.note_join("c", 20, T0)
        await check(second, 20, "реклама", T0)
        assert await first.note_leave("c", 20, T0 + timedelta(minutes=2)) is True
    finally:
        await first.close()
        await second.close()


async def test_without_redis_the_guard_sees_no_behaviour_and_raises_nothing() -> None:
    """A dead Redis loses no comment: the guard answers "nothing seen" at once (the pause and
    the log are storage.redis_outage's, tested there)."""
    guard = RedisSpamGuard.from_url("redis://127.0.0.1:1/0", prefix="x")
    try:
        for _ in range(2):  # the first call fails on Redis, the second on the pause
            batch = [Said("c", 1, "спам", T0), Said("c", 1, "спам", T0), Said("c", 2, "", T0)]
            assert await guard.check(batch) == [(), (), ()]
            await guard.note_join("c", 1, T0)
            assert await guard.note_leave("c", 1, T0) is False
        assert guard.outage.ongoing
    finally:
        await guard.close()


async def test_memory_is_bounded() -> None:
    guard = SpamGuard(max_entries=100)
    for author in range(1000):
        await guard.check([Said("c", author, f"text {author}", T0 + timedelta(seconds=author))])
        await guard.note_join("c", author, T0)
    assert len(guard._by_author) <= 100
    assert len(guard._by_text) <= 100
    assert len(guard._joins) <= 100
