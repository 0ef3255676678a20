"""Flag cards go out in the background, several at a time.

Intake commits a batch and moves on; the cards follow. Telegram allows a chat about 20 messages
a minute, so a burst of negatives (or a flood of spam) would otherwise hold up every comment
behind the managers' chat's rate limit. Cards are built from what intake already holds (no
database read), sent concurrently, and their message ids recorded in one UPDATE per round.
A card that was claimed but never recorded is picked up by recovery after a crash.

The queue is bounded: under a flood of flags (the managers' chat takes 20 cards a minute) the
cards beyond ``capacity`` are parked in the database, not in memory, and fetched whenever the
queue runs dry; once cards are parked, new ones queue behind them there.

Urgent cards (a person's comment waiting for a manager, Card.urgent) go first, in memory and
out of the database: a spam raid's hundred cards must not hold up a customer's complaint for
five minutes. While the queue holds only cards that can wait and urgent ones are parked, those
are fetched before the next round.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Protocol

from handlers.cards import Card

log = logging.getLogger(__name__)

# Deliver a round of cards; returns the ones worth trying again later (passing failures).
Deliver = Callable[[Sequence[Card]], Awaitable[list[Card]]]


class Refill(Protocol):
    def __call__(self, limit: int, *, urgent_only: bool = False) -> Awaitable[list[Card]]:
        """Claim up to ``limit`` parked cards, urgent first, then oldest (``urgent_only``:
        only urgent ones)."""
        ...


# Give up the claim on cards that could not be delivered after the last retry.
Release = Callable[[Sequence[Card]], Awaitable[None]]


class CardCourier:
    def __init__(
        self,
        deliver: Deliver,
        *,
        refill: Refill | None = None,
        release: Release | None = None,
        capacity: int = 200,
        round_size: int = 50,
        retry_delays: tuple[float, ...] = (2.0, 10.0, 60.0),
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._deliver = deliver
        self._refill = refill
        self._release = release
        self.capacity = capacity
        self.parked = False  # cards wait in the database
        self._parkings = 0  # counts note_parked() calls, so a fetch never forgets a newer one
        self._round_size = round_size
        # (0 urgent / 1 can wait, arrival, card, attempt): urgent first, each kind in order.
        self._queue: asyncio.PriorityQueue[tuple[int, int, Card, int]] = asyncio.PriorityQueue()
        self._arrivals = itertools.count()
        self._urgent_queued = 0
        self._retry_delays = retry_delays
        self._sleep = sleep
        self._later: set[asyncio.Task[None]] = set()

    def put(self, card: Card, attempt: int = 0) -> None:
        self._urgent_queued += card.urgent
        self._queue.put_nowait((0 if card.urgent else 1, next(self._arrivals), card, attempt))

    def _taken(self, entry: tuple[int, int, Card, int]) -> tuple[Card, int]:
        _, _, card, attempt = entry
        self._urgent_queued -= card.urgent
        return card, attempt

    def room(self) -> int | None:
        """How many more cards to hand over now (None: no limit); the rest are parked."""
        if self._refill is None:
            return None
        return 0 if self.parked else max(self.capacity - self._queue.qsize(), 0)

    def note_parked(self) -> None:
        """Intake left cards in the database: fetch them before taking new ones."""
        self.parked = True
        self._parkings += 1

    async def _fetch_parked(self) -> None:
        assert self._refill is not None
        parkings = self._parkings
        try:
            cards = await self._refill(self.capacity)
        except Exception:
            log.exception("parked cards could not be fetched; trying again after the next round")
            return
        # Cards parked while this fetch ran may not have been visible to it: look again then.
        self.parked = bool(cards) or self._parkings != parkings
        for card in cards:
            self.put(card)

    async def _fetch_urgent_parked(self) -> None:
        """Urgent cards parked behind a queue of cards that can wait: fetched ahead of them
        (a round's worth at most, so memory stays bounded). Other parked cards stay parked."""
        assert self._refill is not None
        try:
            cards = await self._refill(self._round_size, urgent_only=True)
        except Exception:
            log.exception("parked urgent cards could not be fetched; trying after the next round")
            return
        for card in cards:
            self.put(card)

    async def run(self) -> None:
        while True:
            # Never wait on an empty queue while cards are parked: intake hands over no new
            # ones until the parked are fetched.
            while self.parked and self._queue.empty():
                await self._fetch_parked()
                if self.parked and self._queue.empty():
                    await self._sleep(1.0)  # the database failed, or a parking raced the fetch
            if self.parked and not self._urgent_queued and not self._queue.empty():
                await self._fetch_urgent_parked()
            batch = [self._taken(await self._queue.get())]
            while len(batch) < self._round_size and not self._queue.empty():
                batch.append(self._taken(self._queue.get_nowait()))
            try:
                retry = {card.flag_id for card in await self._deliver([c for c, _ in batch])}
                for card, attempt in batch:
                    if card.flag_id in retry:
                        self._retry(card, attempt)
            except Exception:
                log.exception("a round of %d cards failed; the next start sends them", len(batch))
            # Not in a `finally`: a cancelled courier (shutdown) must not start database work.
            if self.parked and self._queue.empty():
                # Before this round counts as done, so drain() also waits for these.
                await self._fetch_parked()
            for _ in batch:
                self._queue.task_done()

    def _retry(self, card: Card, attempt: int) -> None:
        if attempt < len(self._retry_delays):
            self._spawn(self._put_later(card, attempt))
            return
        log.error("card for flag %s still not delivered; left for recovery", card.flag_id)
        if self._release is not None:
            self._spawn(self._give_up(card, self._release))

    async def _put_later(self, card: Card, attempt: int) -> None:
        await self._sleep(self._retry_delays[attempt])
        self.put(card, attempt + 1)

    @staticmethod
    async def _give_up(card: Card, release: Release) -> None:
        try:
            await release([card])
        except Exception:
            log.exception("flag %s kept its claim; the next start sends it", card.flag_id)

    def _spawn(self, work: Coroutine[object, object, None]) -> None:
        task = asyncio.create_task(work)
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def drain(self) -> None:
        """Wait until every card queued so far was handled."""
        await self._queue.join()

    @property
    def backlog(self) -> int:
        return self._queue.qsize()
