from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config.settings import Moderation
from handlers.events import (
    Author,
    CommentEdited,
    ManagerActed,
    ManagerReplied,
    MemberJoined,
    ReactionChanged,
)
from storage.models import CommentEditRow, CommentRow, FeedbackRow, FlagRow, MemberEventRow
from tests.fakes import MANAGER, STRANGER, LinkSpamClassifier, SpamClassifier, comment, running


async def count(database, model) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_duplicate_comment_is_stored_and_flagged_once(world):
    build, desk, _outbox, _clock, database = world
    pipeline = build()
    first = await pipeline.handle([comment(1, "Ужас, третий день жду"), comment(2, "Привет")])
    again = await pipeline.handle([comment(1, "Ужас, третий день жду")])
    assert [s.comment.message_id for s in first] == [1, 2]
    assert again == []
    assert await count(database, CommentRow) == 2
    assert await count(database, FlagRow) == 1
    assert len(desk.shown) == 1
    assert desk.shown[0].reasons == ("word: ужас",)


async def test_same_comment_twice_in_one_batch(world):
    build, desk, *_, database = world
    await build().handle([comment(5, "awful"), comment(5, "awful")])
    assert await count(database, CommentRow) == 1
    assert len(desk.shown) == 1


async def test_staff_and_unknown_community_are_not_flagged(world):
    build, desk, *_, database = world
    pipeline = build()
    await pipeline.handle([comment(1, "ужас", from_staff=True), comment(2, "ужас", community="x")])
    assert await count(database, CommentRow) == 1
    assert desk.shown == []


async def test_manager_reply_goes_back_and_card_shows_response_time(world):
    build, desk, outbox, clock, _database = world
    pipeline = build()
    [stored] = await pipeline.handle([comment(1, "Ужасный сервис")])
    clock.advance(minutes=3)
    outcome = await pipeline.command(
        ManagerReplied("cafe", stored.flag_id, "Извините, уже разбираемся", MANAGER, clock.now())
    )
    assert outcome.ok and outcome.key == "replied"
    [(target, text, _key)] = outbox.replies
    assert (target.chat_id, target.message_id, text) == (-100, 1, "Извините, уже разбираемся")
    card = desk.cards[1]
    assert card.status == "replied" and card.acted_by == "Мария"
    assert card.response_seconds == pytest.approx(3600 + 180)


async def test_stranger_cannot_act_and_nothing_changes(world):
    build, _desk, outbox, clock, database = world
    pipeline = build()
    [stored] = await pipeline.handle([comment(1, "ужас")])
    for action in ("resolve", "delete", "ban"):
        outcome = await pipeline.command(
            ManagerActed("cafe", stored.flag_id, action, STRANGER, clock.now())
        )
        assert outcome.key == "refused"
    reply = await pipeline.command(
        ManagerReplied("cafe", stored.flag_id, "hi", STRANGER, clock.now())
    )
    assert reply.key == "refused"
    assert outbox.replies == outbox.deleted == outbox.banned == []
    async with database.sessions() as session:
        assert await session.scalar(select(FlagRow.status)) == "open"


async def test_not_negative_is_stored_as_feedback(world):
    build, desk, _outbox, clock, database = world
    pipeline = build()
    [stored] = await pipeline.handle([comment(1, "ужас как вкусно")])
    outcome = await pipeline.command(
        ManagerActed("cafe", stored.flag_id, "not_negative", MANAGER, clock.now())
    )
    assert outcome.ok
    async with database.sessions() as session:
        feedback = await session.scalar(select(FeedbackRow))
    assert (feedback.label, feedback.predicted) == ("neutral", "negative")
    assert desk.cards[1].status == "not_negative"


async def test_edit_keeps_previous_text_and_flags_when_it_turns_negative(world):
    build, desk, _outbox, clock, database = world
    pipeline = build()
    await pipeline.handle([comment(1, "Нормально")])
    await pipeline.handle([CommentEdited("cafe", "telegram", -100, 1, "Ужасно", clock.now())])
    async with database.sessions() as session:
        row = await session.scalar(select(CommentRow))
        edit = await session.scalar(select(CommentEditRow))
    assert row.text == "Ужасно" and edit.previous_text == "Нормально"
    assert len(desk.shown) == 1


async def test_spam_is_deleted_when_the_community_says_so(world):
    build, desk, outbox, *_ = world
    pipeline = build(SpamClassifier(), moderation=Moderation(spam_action="delete_and_mute"))
    await pipeline.handle([comment(1, "join t.me/xxx")])
    assert [t.message_id for t in outbox.deleted] == [1]
    assert outbox.muted and outbox.muted[0][1] == 60
    assert desk.shown[0].status == "deleted"


async def test_replayed_reactions_and_joins_count_once(world):
    build, _desk, _outbox, clock, database = world
    pipeline = build()
    joined = MemberJoined("cafe", "telegram", -100, Author(5, "A"), clock.now(), "upd:1")
    reaction = ReactionChanged("cafe", "telegram", -100, 1, 5, ("👍",), (), clock.now())
    await pipeline.handle([joined, reaction])
    await pipeline.handle([joined, reaction])
    assert await count(database, MemberEventRow) == 1


async def test_courier_sends_cards_in_the_background_and_retries_passing_failures(world):
    import asyncio

    from handlers.courier import CardCourier
    from handlers.ports import DeliveryError

    build, desk, *_ = world
    pipeline = build()
    failures = [DeliveryError("Bad Gateway", permanent=False)]
    show = desk.show_card

    async def flaky(community, card):
        if failures:
            raise failures.pop()
        return await show(community, card)

    desk.show_card = flaky
    waits: list[float] = []
    other_instance = build()
    waited = asyncio.Event()

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)
        # While the card waits for its retry it stays claimed: another instance's recovery
        # must not send it as well.
        await other_instance.recover()
        waited.set()

    courier = CardCourier(pipeline.intake.deliver_cards, sleep=no_wait)
    pipeline.intake.courier = courier
    async with running(courier.run()):
        await pipeline.handle([comment(1, "ужас")])
        assert desk.shown == []  # intake did not wait for the card
        await asyncio.wait_for(waited.wait(), timeout=10)
        await courier.drain()  # the retry was queued as the wait ended
        assert waits == [2.0] and len(desk.shown) == 1


def _resolve_on_sight(pipeline, desk, clock, flag_ids: set[int]) -> list:
    """Make the desk's manager resolve these flags the moment their cards appear, before the
    courier has recorded the cards' message ids; returns the actions' outcomes."""
    show = desk.show_card
    outcomes = []

    async def shown_and_resolved_at_once(community, card):
        message_id = await show(community, card)
        if card.flag_id in flag_ids:
            action = ManagerActed("cafe", card.flag_id, "resolve", MANAGER, clock.now())
            outcomes.append(await pipeline.command(action))
        return message_id

    desk.show_card = shown_and_resolved_at_once
    return outcomes


async def test_a_card_acted_on_before_its_id_was_recorded_is_redrawn(world):
    """A manager can press a button the moment a card appears, while its round of cards is
    still being sent and the card's message id is not in the database yet."""
    build, desk, _outbox, clock, _database = world
    pipeline = build()
    outcomes = _resolve_on_sight(pipeline, desk, clock, flag_ids={1})
    await pipeline.handle([comment(1, "ужас"), comment(2, "awful")])
    assert [o.key for o in outcomes] == ["resolve"]
    assert desk.cards[1].status == "resolved" and desk.cards[1].acted_by == "Мария"
    assert desk.cards[2].status == "open"  # untouched cards are not drawn again


async def test_a_failing_redraw_does_not_fail_the_round_of_cards(world, caplog):
    """Checking a round for actions taken meanwhile is a courtesy: it must not lose the round."""
    build, desk, _outbox, clock, database = world
    pipeline = build()
    _resolve_on_sight(pipeline, desk, clock, flag_ids={1})

    async def broken_edit(community, message_id, card):
        raise RuntimeError("desk gone")

    desk.update_card = broken_edit
    stored = await pipeline.handle([comment(1, "ужас")])
    assert [item.flag_id is not None for item in stored] == [True]
    async with database.sessions() as session:
        recorded = (await session.execute(select(FlagRow.card_message_id))).scalars().all()
    assert recorded == [1]  # the card is sent and recorded; only its redraw was lost
    assert "not checked for actions taken meanwhile" in caplog.text


async def test_a_recovered_card_acted_on_before_its_id_was_recorded_is_redrawn(world):
    from handlers.ports import DeliveryError

    build, desk, _outbox, clock, _database = world
    pipeline = build()
    show = desk.show_card
    refusals = [DeliveryError("Forbidden", permanent=True)]

    async def refused_then_acted_on_at_once(community, card):
        if refusals:
            raise refusals.pop()  # released for the next start's recovery
        message_id = await show(community, card)
        await pipeline.command(ManagerActed("cafe", card.flag_id, "resolve", MANAGER, clock.now()))
        return message_id

    desk.show_card = refused_then_acted_on_at_once
    [stored] = await pipeline.handle([comment(1, "ужас")])
    assert desk.shown == []
    assert await pipeline.recover(timedelta(0)) == 1
    assert desk.cards[1].status == "resolved" and desk.cards[1].flag_id == stored.flag_id


async def test_huge_and_odd_texts_are_stored_whole_and_flagged(world):
    build, desk, *_, database = world
    pipeline = build()
    huge = "ужас " + "очень " * 20000  # 120k characters
    odd = "y\u0306\u200d\u202e ужас \U0001f92c \x00 \ud800 конец"
    await pipeline.handle([comment(1, huge), comment(2, odd), comment(3, "")])
    async with database.sessions() as session:
        texts = dict((await session.execute(select(CommentRow.message_id, CommentRow.text))).all())
    assert texts[1] == huge and texts[3] == ""
    assert texts[2] == "y\u0306\u200d\u202e ужас \U0001f92c \ufffd ? конец"
    assert len(desk.shown) == 2


def watched_pipeline(database, guard):
    """A pipeline of the café community with ``guard`` as its spam watch."""
    from handlers.deps import Deps
    from handlers.pipeline import Pipeline
    from tests.fakes import FakeDesk, FakeOutbox, FixedClock, KeywordClassifier, community

    deps = Deps(
        sessions=database.sessions,
        communities={"cafe": community()},
        classifier_for=lambda _c: KeywordClassifier(),
        desk=FakeDesk(),
        outboxes={"telegram": FakeOutbox()},
        clock=FixedClock(),
        spam_watch=guard,
    )
    return Pipeline(deps)


async def test_a_replayed_comment_is_not_judged_again(database):
    """The spam guard must see each comment once: a replay is not a "repeated message"."""
    from moderation.spam_guard import SpamGuard

    pipeline = watched_pipeline(database, SpamGuard())
    first = comment(1, "Здравствуйте, когда откроетесь?")
    await pipeline.handle([first, first])
    await pipeline.handle([first])
    async with database.sessions() as session:
        row = await session.scalar(select(CommentRow))
    assert row.spam is False
    # A genuinely new message with the same text from the same author still counts.
    [again] = await pipeline.handle([comment(2, "Здравствуйте, когда откроетесь?")])
    assert again.verdict.spam_reasons == ("repeated message",)


async def test_instances_sharing_redis_flag_spam_spread_over_them(database, redis_prefix):
    """Two instances behind a load balancer, each handed some of the copies of one ad: the
    third author's copy is "the same text from many authors" whichever instance gets it."""
    from moderation.spam_guard_redis import RedisSpamGuard
    from tests.conftest import REDIS_URL

    guards = [RedisSpamGuard.from_url(REDIS_URL, prefix=redis_prefix) for _ in range(2)]
    first, second = (watched_pipeline(database, guard) for guard in guards)
    ad = "Заработок от 5000 в день, подробности в профиле"
    try:
        [a] = await first.handle([comment(1, ad, author=Author(1, "A"))])
        [b] = await second.handle([comment(2, ad, author=Author(2, "B"))])
        [c] = await first.handle([comment(3, ad, author=Author(3, "C"))])
    finally:
        for guard in guards:
            await guard.close()
    assert (a.verdict.spam, b.verdict.spam) == (False, False)
    assert c.verdict.spam_reasons == ("same text from many authors",)
    assert c.flag_id is not None
    assert await count(database, FlagRow) == 1


async def test_a_dead_redis_loses_no_comment(database):
    """Without its Redis the spam watch sees no behaviour, and intake goes on: the comment is
    stored, classified and flagged on what it says."""
    from moderation.spam_guard_redis import RedisSpamGuard

    guard = RedisSpamGuard.from_url("redis://127.0.0.1:1/0", prefix="dead")
    try:
        stored = await watched_pipeline(database, guard).handle(
            [comment(1, "Ужас, третий день жду"), comment(2, "Ужас, третий день жду")]
        )
    finally:
        await guard.close()
    assert [s.verdict.spam for s in stored] == [False, False]
    assert await count(database, CommentRow) == 2
    assert await count(database, FlagRow) == 2


def hold_cards(desk) -> asyncio.Event:
    """The desk shows no card until the returned event is set."""
    gate = asyncio.Event()
    show = desk.show_card

    async def held(community, card):
        await gate.wait()
        return await show(community, card)

    desk.show_card = held
    return gate


async def test_a_flood_of_flags_parks_cards_in_the_database_and_sends_each_once(world):
    from handlers.courier import CardCourier
    from storage.flags import PARKED

    build, desk, *_, database = world
    pipeline = build()
    gate = hold_cards(desk)
    intake = pipeline.intake
    courier = CardCourier(intake.deliver_cards, refill=intake.claim_parked, capacity=2)
    intake.courier = courier
    async with running(courier.run()):
        await pipeline.handle([comment(n, f"Ужасный сервис, жду ответа {n}") for n in range(1, 4)])
        # Two cards in memory, the third waits in the database; so do later ones (in order).
        await pipeline.handle([comment(n, f"Ужасный сервис, жду ответа {n}") for n in range(4, 6)])
        async with database.sessions() as session:
            parked = await session.scalar(
                select(func.count()).select_from(FlagRow).where(FlagRow.card_message_id == PARKED)
            )
        assert parked == 3 and courier.parked
        gate.set()
        await courier.drain()
        assert [card.text[-1] for card in desk.shown] == ["1", "2", "3", "4", "5"]
        async with database.sessions() as session:
            unsent = await session.scalar(
                select(func.count()).select_from(FlagRow).where(FlagRow.card_message_id <= 0)
            )
        assert unsent == 0 and not courier.parked


def raid(first: int, count: int) -> list:
    return [
        comment(n, f"Заработок в канале t.me/easy_money_{n}") for n in range(first, first + count)
    ]


async def test_a_complaint_is_not_held_up_behind_a_spam_raids_cards(world):
    """The managers' chat takes 20 cards a minute: a customer's complaint that arrives during
    a raid of ads goes out before the ads' cards, from memory and from the database."""
    from handlers.courier import CardCourier

    build, desk, *_ = world
    pipeline = build(LinkSpamClassifier())
    gate = hold_cards(desk)
    intake = pipeline.intake
    courier = CardCourier(
        intake.deliver_cards, refill=intake.claim_parked, capacity=3, round_size=1
    )
    intake.courier = courier
    async with running(courier.run()):
        await pipeline.handle(
            raid(1, 5)
        )  # three ads in memory (one already being sent), two parked
        await pipeline.handle([comment(6, "Ужасный сервис, третий день жду ответа")])  # parked too
        gate.set()
        await courier.drain()
    texts = [card.text for card in desk.shown]
    assert len(texts) == 6 and texts[1] == "Ужасный сервис, третий день жду ответа"
    assert all("t.me/" in text for text in texts[:1] + texts[2:])


async def test_the_courier_sends_urgent_cards_first_and_each_kind_in_order():
    from datetime import UTC, datetime

    from handlers.cards import Card
    from handlers.courier import CardCourier

    def card(flag_id: int, *, spam: bool = False, status: str = "open") -> Card:
        at = datetime(2026, 11, 20, tzinfo=UTC)
        return Card(
            flag_id, "cafe", "telegram", "group", None, "A", 1, "t", None,
            "negative", 0.9, (), False, spam, status, at,
        )  # fmt: skip

    sent: list[int] = []

    async def deliver(cards):
        sent.extend(c.flag_id for c in cards)
        return []

    courier = CardCourier(deliver, round_size=1)
    for queued in (card(1, spam=True), card(2, status="deleted"), card(3), card(4, spam=True)):
        courier.put(queued)
    courier.put(card(5))
    async with running(courier.run()):
        await courier.drain()
    assert sent == [3, 5, 1, 2, 4]


async def test_a_full_courier_takes_the_complaint_of_a_batch_and_parks_its_ads(world):
    from handlers.courier import CardCourier

    build, *_ = world
    pipeline = build(LinkSpamClassifier())
    intake = pipeline.intake
    intake.courier = CardCourier(intake.deliver_cards, refill=intake.claim_parked, capacity=1)
    stored = await pipeline.handle([*raid(1, 3), comment(4, "Ужас, жду ответа")])
    assert [s.card_claimed for s in stored] == [False, False, False, True]
    parked = await intake.claim_parked(10)
    assert sorted(card.text[-1] for card in parked) == ["1", "2", "3"]


async def test_cards_parked_before_a_crash_are_sent_at_the_next_start(world):
    from handlers.courier import CardCourier

    build, desk, _outbox, clock, _database = world
    pipeline = build()
    intake = pipeline.intake
    # A courier that is never run: the process "dies" with one card claimed, two parked.
    intake.courier = CardCourier(intake.deliver_cards, refill=intake.claim_parked, capacity=1)
    await pipeline.handle([comment(n, f"Ужасный сервис, жду ответа {n}") for n in range(1, 4)])
    clock.advance(minutes=1)
    restarted = build()
    # One instance (long polling): every claim left at start is stale.
    assert await restarted.recover(timedelta(0)) == 3
    assert sorted(card.text[-1] for card in desk.shown) == ["1", "2", "3"]


async def test_cards_parked_while_the_courier_fetches_are_not_forgotten(world):
    import asyncio

    from handlers.courier import CardCourier

    build, desk, *_ = world
    pipeline = build()
    intake = pipeline.intake
    calls = 0

    async def racing_refill(limit: int):
        # The first fetch finds nothing, and meanwhile intake parks cards it could not see.
        nonlocal calls
        calls += 1
        if calls == 1:
            courier.note_parked()
            await pipeline.handle([comment(n, f"Ужасный сервис, жду ответа {n}") for n in (1, 2)])
            return []
        return await intake.claim_parked(limit)

    async def next_turn(seconds: float) -> None:
        await asyncio.sleep(0)

    courier = CardCourier(intake.deliver_cards, refill=racing_refill, capacity=5, sleep=next_turn)
    intake.courier = courier
    courier.note_parked()

    async def both_shown() -> None:
        while len(desk.shown) < 2:
            await asyncio.sleep(0)

    async with running(courier.run()):
        await asyncio.wait_for(both_shown(), timeout=10)
        assert [card.text[-1] for card in desk.shown] == ["1", "2"] and calls >= 2


async def test_a_running_instance_keeps_its_queued_cards_and_a_dead_ones_are_taken_over(world):
    """Webhook mode with several instances: a card that waits a long time in a live instance's
    courier (the managers' chat takes 20 a minute) is never sent a second time by another
    instance's recovery; once its instance stops renewing the lease, another sends it once."""
    from handlers.courier import CardCourier

    build, desk, _outbox, clock, _database = world
    busy, other = build(), build()
    # A courier that holds its cards without sending them, like one behind the rate limit.
    busy.intake.courier = CardCourier(busy.intake.deliver_cards, refill=busy.intake.claim_parked)
    await busy.handle([comment(n, f"Ужасный сервис, жду ответа {n}") for n in range(1, 3)])
    for _ in range(3):
        clock.advance(minutes=1)
        assert await busy.intake.renew_claims() == 2
        await other.recover()
    assert desk.shown == []
    # The busy instance dies: its leases run out and the other instance takes the cards over.
    clock.advance(minutes=3)
    await asyncio.gather(other.recover(), build().recover())
    assert sorted(card.text[-1] for card in desk.shown) == ["1", "2"]
    assert await busy.intake.renew_claims() == 0  # the dead instance's claims are gone


async def test_a_card_that_fails_every_retry_is_released_for_recovery(world):
    from handlers.courier import CardCourier
    from handlers.ports import DeliveryError

    build, desk, *_, database = world
    pipeline = build()
    show = desk.show_card

    async def down(community, card):
        raise DeliveryError("Bad Gateway", permanent=False)

    async def no_wait(seconds: float) -> None:
        return None

    desk.show_card = down
    intake = pipeline.intake
    released = asyncio.Event()

    async def release(cards) -> None:
        await intake.release_cards(cards)
        released.set()

    courier = CardCourier(intake.deliver_cards, release=release, retry_delays=(1.0,), sleep=no_wait)
    intake.courier = courier
    async with running(courier.run()):
        await pipeline.handle([comment(1, "Ужасный сервис, жду ответа")])
        await asyncio.wait_for(released.wait(), timeout=10)
    assert await count_where(database, FlagRow.card_message_id.is_(None)) == 1
    desk.show_card = show
    assert await build().recover() == 1 and len(desk.shown) == 1


async def count_where(database, condition) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(FlagRow).where(condition))
