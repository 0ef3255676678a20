"""Comments in: dedupe → store → classify → flag → card → automatic actions.

Comments are handled in batches (all the updates one poll returned) so the database sees one
INSERT per batch instead of one transaction per comment; the unique key on
(platform, chat, message) drops a comment delivered twice, before or after a restart.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.card_refresh import refresh_card
from handlers.cards import Card
from handlers.courier import CardCourier
from handlers.deps import Deps
from handlers.events import Comment
from handlers.ports import DeliveryError, Said, Target
from handlers.verdict import Verdict
from storage import flags as flag_store
from storage.comments import Key, Stored, comment_key, existing_keys, store_comments

log = logging.getLogger(__name__)

# Longer texts are stored whole but classified on their beginning: classification cost must not
# grow with a pasted novel, and the first few thousand characters carry the sentiment.
CLASSIFY_LIMIT = 4000
# A card's claim is a lease its instance renews while it holds the card (see renew_claims); one
# not renewed for this long belongs to an instance that died.
CLAIM_STALE_AFTER = timedelta(minutes=2)

AfterStore = Callable[[Sequence[Stored]], Awaitable[None]]
# Runs inside the transaction that stored the comments: counters that must never drift from
# the comments table (the digest's rollups) commit or roll back with them.
InStore = Callable[[AsyncSession, Sequence[Stored]], Awaitable[None]]


def card_for(stored: Stored, status: str = "open", acted_by: str | None = None) -> Card:
    comment, verdict = stored.comment, stored.verdict
    assert stored.flag_id is not None
    return Card(
        flag_id=stored.flag_id,
        community=comment.community,
        platform=comment.platform,
        source=comment.source,
        chat_title=comment.chat_title,
        author_name=comment.author.name,
        author_id=comment.author.user_id,
        text=comment.text,
        link=comment.link,
        label=verdict.label,
        score=verdict.score,
        reasons=verdict.reasons + verdict.spam_reasons,
        toxic=verdict.toxic,
        spam=verdict.spam,
        status=status,  # type: ignore[arg-type]
        created_at=comment.at,
        acted_by=acted_by,
    )


class Intake:
    def __init__(self, deps: Deps, after_store: Sequence[AfterStore] = ()) -> None:
        self._deps = deps
        self._after_store = list(after_store)
        self._in_store: list[InStore] = []
        # Set by the running application; without it (tests, one-off commands) cards are sent
        # before handle() returns.
        self.courier: CardCourier | None = None
        self._auto_status: dict[int, tuple[str, str | None]] = {}
        # Names this process's card claims, so several instances can share one database.
        self.instance = uuid.uuid4().hex[:16]

    def add_in_store(self, hook: InStore) -> None:
        self._in_store.append(hook)

    def add_after_store(self, hook: AfterStore) -> None:
        """Run ``hook`` on every batch of newly stored comments (auto-replies, counters)."""
        self._after_store.append(hook)

    async def _judge(self, comments: list[Comment]) -> list[tuple[Comment, Verdict, bool]]:
        """Each comment with its verdict (content, then the spam watch's behaviour reasons, in
        one call for the batch) and whether it is flagged."""
        communities, classifier_for = self._deps.communities, self._deps.classifier_for
        verdicts = [
            classifier_for(communities[c.community]).classify(c.text[:CLASSIFY_LIMIT])
            for c in comments
        ]
        watch = self._deps.spam_watch
        audience = [(i, c) for i, c in enumerate(comments) if not c.from_staff]
        if watch is not None and audience:
            said = [Said(c.community, c.author.user_id, c.text, c.at) for _, c in audience]
            behaviours = await watch.check(said)
            for (i, _), behaviour in zip(audience, behaviours, strict=True):
                if behaviour:
                    verdicts[i] = _with_spam(verdicts[i], behaviour)
        return [
            (c, v, not c.from_staff and not c.author.is_bot and v.flagged)
            for c, v in zip(comments, verdicts, strict=True)
        ]

    async def handle(self, comments: Sequence[Comment]) -> list[Stored]:
        # Drop what was seen before judging: a replayed delivery must not count twice in the
        # spam guard's memory (it would call the original a "repeated message").
        fresh: dict[Key, Comment] = {}
        for c in comments:
            if c.community in self._deps.communities:
                fresh.setdefault(comment_key(c.platform, c.chat_id, c.message_id), c)
        if not fresh:
            return []
        # One transaction from the duplicate check to the rollups: a session per step cost
        # more than the statements.
        async with self._deps.sessions() as session, session.begin():
            for key in await existing_keys(session, list(fresh)):
                del fresh[key]
            if not fresh:
                return []
            judged = await self._judge(list(fresh.values()))
            room = self.courier.room() if self.courier is not None else None
            stored = await store_comments(
                session, judged, flagged_at=self._deps.clock.now(), owner=self.instance, claim=room
            )
            for hook in self._in_store:
                await hook(session, stored)
        for item in stored:
            if not item.comment.from_staff:
                self._deps.timeline.record(
                    "arrived", item.comment.community, item.comment.platform, item.comment.text
                )
        flagged = [s for s in stored if s.flag_id is not None]
        for item in flagged:
            await self._enforce(item)
        # Flags were stored already claimed for their cards: build the cards from memory. Cards
        # parked for lack of room in the courier are read back from the database later.
        statuses = {
            item.flag_id: self._auto_status.pop(item.flag_id, ("open", None)) for item in flagged
        }  # type: ignore[arg-type]
        cards = [card_for(item, *statuses[item.flag_id]) for item in flagged if item.card_claimed]  # type: ignore[arg-type]
        if self.courier is not None:
            if len(cards) < len(flagged):
                self.courier.note_parked()
            for card in cards:
                self.courier.put(card)
        elif cards:
            await self.release_cards(await self.deliver_cards(cards))
        for hook in self._after_store:
            await hook(stored)
        return stored

    async def _enforce(self, item: Stored) -> None:
        """Apply the community's automatic action for spam and toxic comments."""
        community = self._deps.communities[item.comment.community]
        rules = community.moderation
        action = "flag"
        if item.verdict.spam:
            action = rules.spam_action
        if item.verdict.toxic and rules.toxic_action != "flag":
            action = rules.toxic_action
        if action == "flag":
            return
        comment = item.comment
        target = Target.of(comment)
        outbox = self._deps.outbox(comment.platform)
        try:
            await outbox.delete(target)
            if action == "delete_and_mute":
                await outbox.mute(target, rules.mute_minutes)
        except DeliveryError as exc:
            log.warning("automatic %s failed for flag %s: %s", action, item.flag_id, exc.reason)
            return
        async with self._deps.sessions() as session, session.begin():
            await flag_store.set_flag(
                session,
                item.flag_id,
                status="deleted",
                acted_by_name="otklik",  # type: ignore[arg-type]
                acted_at=self._deps.clock.now(),
            )
        self._auto_status[item.flag_id] = ("deleted", "otklik")  # type: ignore[index]
        self._deps.timeline.record("auto-deleted", comment.community, comment.platform, action)

    async def deliver_cards(self, cards: Sequence[Card], concurrency: int = 8) -> list[Card]:
        """Send claimed cards (a few at a time) and record their ids in one statement.

        Returns the passing failures, still claimed: the caller tries them again or releases
        them (release_cards); a claim kept meanwhile stops another instance sending them too.
        Permanent failures are released here, for the next start to try.
        """
        limit = asyncio.Semaphore(concurrency)

        async def show(card: Card) -> int | DeliveryError:
            community = self._deps.communities[card.community]
            async with limit:
                try:
                    return await self._deps.desk.show_card(community, card)
                except DeliveryError as exc:
                    log.error("card for flag %s not delivered: %s", card.flag_id, exc.reason)
                    return exc

        results = await asyncio.gather(*(show(card) for card in cards))
        sent = {c.flag_id: r for c, r in zip(cards, results, strict=True) if isinstance(r, int)}
        failed = [(c, r) for c, r in zip(cards, results, strict=True) if not isinstance(r, int)]
        async with self._deps.sessions() as session, session.begin():
            await flag_store.record_cards(session, list(sent.items()))
            await flag_store.release_cards(
                session,
                [card.flag_id for card, error in failed if error.permanent],  # type: ignore[union-attr]
            )
        for card in cards:
            if card.flag_id in sent:
                self._deps.timeline.record("flagged", card.community, card.platform, card.text)
        await self._redraw_acted_on([c for c in cards if c.flag_id in sent])
        return [card for card, error in failed if not error.permanent]  # type: ignore[union-attr]

    async def _redraw_acted_on(self, shown: Sequence[Card]) -> None:
        """A manager who acted on a card between its sending and the recording of its message
        id found nothing to edit (refresh_card skips a card in flight): redraw those cards.
        Read after the recording committed, so an action either saw the id or is seen here."""
        if not shown:
            return
        try:
            async with self._deps.sessions() as session:
                now = await flag_store.acted_on(session, [card.flag_id for card in shown])
            for card in shown:
                if card.flag_id in now and now[card.flag_id] != (card.status, card.acted_by):
                    await refresh_card(self._deps, card.flag_id)
        except Exception:
            # The cards are sent and recorded; a stale status on one is no reason to fail them.
            log.exception("cards of %d flags not checked for actions taken meanwhile", len(shown))

    async def release_cards(self, cards: Sequence[Card]) -> None:
        """Give up this instance's claim on cards it could not deliver: recovery tries them."""
        if cards:
            async with self._deps.sessions() as session, session.begin():
                await flag_store.release_cards(session, [card.flag_id for card in cards])

    async def claim_parked(self, limit: int, *, urgent_only: bool = False) -> list[Card]:
        """Cards parked while the courier was full, claimed for it: urgent ones first, then
        the oldest (with ``urgent_only``, only urgent ones)."""
        async with self._deps.sessions() as session, session.begin():
            return await flag_store.claim_parked(
                session, limit, self.instance, self._deps.clock.now(), urgent_only=urgent_only
            )

    async def renew_claims(self) -> int:
        """Extend the lease on every card this instance holds (queued or being sent), so no
        other instance takes them over while they wait behind the managers' chat's limit."""
        async with self._deps.sessions() as session, session.begin():
            return await flag_store.renew_claims(session, self.instance, self._deps.clock.now())

    async def send_card(self, flag_id: int, stale_before: datetime | None = None) -> bool:
        """Send the card of one flag to its managers' chat, once (claimed in the database; with
        ``stale_before``, a claim whose lease ran out is taken over).

        Returns False when it should be tried again later (a passing network or server error).
        """
        async with self._deps.sessions() as session, session.begin():
            claimed = await flag_store.claim_card(
                session, flag_id, self.instance, self._deps.clock.now(), stale_before=stale_before
            )
            if not claimed:
                return True
            card = await flag_store.load_card(session, flag_id)
        if card is None:
            return True
        community = self._deps.communities[card.community]
        try:
            message_id = await self._deps.desk.show_card(community, card)
        except DeliveryError as exc:
            log.error("card for flag %s not delivered: %s", flag_id, exc.reason)
            async with self._deps.sessions() as session, session.begin():
                # Release the claim: the courier or the next start's recovery tries again.
                await flag_store.set_flag(session, flag_id, card_message_id=None)
            return exc.permanent
        async with self._deps.sessions() as session, session.begin():
            await flag_store.set_flag(session, flag_id, card_message_id=message_id)
        self._deps.timeline.record("flagged", card.community, card.platform, card.text)
        await self._redraw_acted_on([card])
        return True

    async def resend_missing_cards(self, stale_after: timedelta = CLAIM_STALE_AFTER) -> int:
        """After a crash: send the cards of flags that were stored but never shown.

        A claim renewed within ``stale_after`` belongs to a running instance; with one instance
        (long polling allows only one per bot) every claim at start is stale. Taking a stale
        claim over is one conditional update, so two instances recovering at once send a card
        once.
        """
        stale = self._deps.clock.now() - stale_after
        async with self._deps.sessions() as session:
            pending = await flag_store.flags_without_card(session, stale)
        for flag_id in pending:
            await self.send_card(flag_id, stale_before=stale)
        return len(pending)


def _with_spam(verdict: Verdict, reasons: tuple[str, ...]) -> Verdict:
    return replace(verdict, spam=True, spam_reasons=verdict.spam_reasons + reasons)
