"""Auto-replies: FAQ rules, greeting, acknowledgement of negatives, at most once per comment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from config.settings import AutoReplies, AutoReplyRule, Community, TelegramChat
from handlers.autoreply import AutoReplier, keyword_in, render, stem
from handlers.deps import Deps
from handlers.events import Author, Comment
from handlers.pipeline import Pipeline
from handlers.ports import DeliveryError
from storage.models import AutoReplyRow, FlagRow
from tests.fakes import FakeDesk, FakeOutbox, FixedClock, KeywordClassifier

DELIVERY = AutoReplyRule(
    name="delivery", keywords=("доставка",), reply="Доставка бесплатно от 1000 ₽, {first_name}."
)
HOURS = AutoReplyRule(name="hours", regex=r"\bчасы работы\b|open(ing)? hours", reply="9–21.")
VK_ONLY = AutoReplyRule(name="vk", keywords=("цена",), reply="Цены в меню.", platforms=("vk",))


def settings(**changes: object) -> AutoReplies:
    values: dict[str, object] = {"rules": (DELIVERY, HOURS, VK_ONLY), "cooldown_seconds": 0}
    values.update(changes)
    return AutoReplies.model_validate(values)


def community(autoreplies: AutoReplies) -> Community:
    return Community(
        id="cafe",
        name="Cafe",
        managers=(7,),
        managers_chat_id=-500,
        telegram_chats=(TelegramChat(id=-100),),
        autoreplies=autoreplies,
    )


def comment(message_id: int, text: str, author: Author | None = None, **changes) -> Comment:
    values: dict[str, object] = {
        "community": "cafe",
        "platform": "telegram",
        "chat_id": -100,
        "message_id": message_id,
        "author": author or Author(42, "Пётр Иванов"),
        "text": text,
        "at": datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Comment(**values)  # type: ignore[arg-type]


@pytest.fixture
def world(database):
    outbox, clock = FakeOutbox(), FixedClock()

    def build(**changes: object) -> Pipeline:
        deps = Deps(
            sessions=database.sessions,
            communities={"cafe": community(settings(**changes))},
            classifier_for=lambda _c: KeywordClassifier(),
            desk=FakeDesk(),
            outboxes={"telegram": outbox},
            clock=clock,
        )
        pipeline = Pipeline(deps)
        pipeline.intake.add_after_store(AutoReplier(deps).after_store)
        return pipeline

    return build, outbox, clock, database


async def rows(database) -> list[AutoReplyRow]:
    async with database.sessions() as session:
        return list(await session.scalars(select(AutoReplyRow).order_by(AutoReplyRow.id)))


def test_word_forms_and_templates():
    assert stem("доставка") == "доставк" and stem("цена") == "цен"
    for text in ("Доставку делаете?", "сколько стоит доставки", "ДОСТАВКОЙ"):
        assert keyword_in("доставка", text.lower().split()), text
    assert not keyword_in("доставка", ["достать"])
    assert keyword_in("opening hours", ["your", "opening", "hours"])
    assert render("Hi {first_name}, {unknown}", comment(1, "x")) == "Hi Пётр, {unknown}"
    assert render("stray { brace", comment(1, "x")) == "stray { brace"


async def test_faq_reply_once_even_when_delivered_twice_and_after_restart(world):
    build, outbox, _clock, database = world
    event = comment(1, "А доставку делаете?")
    await build().handle([event])
    await build().handle([event])  # a replayed update, in a "restarted" process
    assert [text for _t, text, _k in outbox.replies] == ["Доставка бесплатно от 1000 ₽, Пётр."]
    target, _text, key = outbox.replies[0]
    assert (target.chat_id, target.message_id) == (-100, 1) and key == "autoreply:telegram:-100:1"
    (row,) = await rows(database)
    assert (row.kind, row.rule, row.status, row.sent_message_id) == (
        "rule",
        "delivery",
        "sent",
        1001,
    )


async def test_claim_blocks_a_second_replier_even_if_the_comment_looks_new(world):
    build, outbox, _clock, _database = world
    pipeline = build()
    stored = await pipeline.handle([comment(1, "часы работы?")])
    await AutoReplier(pipeline.deps).after_store(stored)  # another instance, same batch
    assert len(outbox.replies) == 1


async def test_never_answers_staff_or_bots_and_respects_platform_filter(world):
    build, outbox, _clock, _database = world
    pipeline = build()
    await pipeline.handle(
        [
            comment(1, "доставка?", from_staff=True),
            comment(2, "доставка?", Author(99, "otklik", is_bot=True)),
            comment(3, "какая цена?"),  # a VK-only rule
        ]
    )
    assert outbox.replies == []


async def test_greeting_only_for_the_first_message(world):
    build, outbox, _clock, _database = world
    pipeline = build(greeting="Добро пожаловать, {name}!")
    await pipeline.handle([comment(1, "привет"), comment(2, "ещё раз")])
    await pipeline.handle([comment(3, "hello", Author(43, "Anna"))])
    assert [t for _t, t, _k in outbox.replies] == [
        "Добро пожаловать, Пётр Иванов!",
        "Добро пожаловать, Anna!",
    ]


async def test_negative_gets_an_ack_and_its_flag_stays_open(world):
    build, outbox, _clock, database = world
    pipeline = build(negative_ack="Нам жаль, менеджер ответит вам.")
    await pipeline.handle([comment(1, "Ужас, доставка опять опоздала")])
    assert [t for _t, t, _k in outbox.replies] == ["Нам жаль, менеджер ответит вам."]
    async with database.sessions() as session:
        flag = await session.scalar(select(FlagRow))
    assert flag.status == "open" and flag.ack_sent


async def test_cooldown_per_author(world):
    build, outbox, clock, _database = world
    pipeline = build(cooldown_seconds=600)
    await pipeline.handle([comment(1, "доставка?")])
    clock.advance(minutes=5)
    await pipeline.handle([comment(2, "а часы работы?"), comment(3, "доставка", Author(5, "Ева"))])
    clock.advance(minutes=6)
    await pipeline.handle([comment(4, "часы работы?")])
    assert [(t.message_id, t.author_id) for t, _x, _k in outbox.replies] == [
        (1, 42),
        (3, 5),
        (4, 42),
    ]


async def test_dry_run_records_without_sending(world):
    build, outbox, _clock, database = world
    await build(dry_run=True).handle([comment(1, "доставка?")])
    assert outbox.replies == []
    (row,) = await rows(database)
    assert row.status == "dry_run" and row.dry_run and row.text.startswith("Доставка")


async def test_failed_delivery_is_recorded_and_not_retried(world):
    build, outbox, _clock, database = world
    outbox.fail_with = DeliveryError("chat not found", permanent=True)
    await build().handle([comment(1, "доставка?")])
    outbox.fail_with = None
    await build().handle([comment(1, "доставка?")])
    (row,) = await rows(database)
    assert row.status == "failed" and outbox.replies == []


async def test_disabled_community_is_silent(world):
    build, outbox, _clock, _database = world
    await build(enabled=False).handle([comment(1, "доставка?")])
    assert outbox.replies == []
