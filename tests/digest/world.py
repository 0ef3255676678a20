"""A fixed synthetic fortnight (2026-W46 and W47, Moscow time) fed through the live pipeline.

Known counts, asserted number by number in test_metrics.py:
W47: 8 audience comments (telegram 7: group 5, discussion 2; vk wall 1), 3 negative, 5 neutral,
5 commenters (4 new, alice returning), 3 joins and 1 leave, 9 reactions, 2 posts, followers
1700, 3 flags (answered after 30 and 10 min, one still open). W46: 2 comments, 1 flag answered
after 2 h, 1 join.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from config.settings import Community, TelegramChat
from handlers.deps import Deps
from handlers.events import (
    Author,
    Comment,
    MemberJoined,
    MemberLeft,
    PostPublished,
    PostStats,
    ReactionChanged,
    ReactionCount,
)
from handlers.pipeline import Pipeline
from scheduler.digest.members import record_member_counts
from scheduler.digest.rollups import in_store_hook
from storage import flags as flag_store
from storage.models import FlagRow
from tests.fakes import FakeDesk, FakeOutbox, FixedClock, KeywordClassifier

MSK = ZoneInfo("Europe/Moscow")
GROUP, CHANNEL, DISCUSSION, VK_WALL = -100200, -100100, -100500, -200
OWNERS = (501, 502)
ALICE, BOB, CAROL, DAVE, ERIN, FRANK = (
    Author(1, "Alice"), Author(2, "Bob"), Author(3, "Carol"), Author(4, "Dave"),
    Author(5, "Erin"), Author(6, "Frank"),
)  # fmt: skip


def community() -> Community:
    return Community.model_validate(
        {
            "id": "acme",
            "name": "Acme",
            "language": "en",
            "timezone": "Europe/Moscow",
            "owners": OWNERS,
            "managers": (700,),
            "managers_chat_id": -900,
            "telegram_chats": (
                TelegramChat(id=GROUP, kind="group"),
                TelegramChat(id=CHANNEL, kind="channel", discussion_group_id=DISCUSSION),
            ),
        }
    )


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """A Moscow time in November 2026, as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=MSK).astimezone(UTC)


@dataclass
class World:
    pipeline: Pipeline
    clock: FixedClock
    community: Community
    next_id: int = 1

    async def say(self, who: Author, text: str, at: datetime, **where: object) -> int:
        values: dict[str, object] = {"platform": "telegram", "chat_id": GROUP, "source": "group"}
        values.update(where)
        self.next_id += 1
        comment = Comment(
            community="acme", message_id=self.next_id, author=who, text=text, at=at,
            link=f"https://example.org/c/{self.next_id}", **values,  # type: ignore[arg-type]
        )  # fmt: skip
        self.clock.at = at
        stored = await self.pipeline.handle([comment])
        await self.pipeline.handle([comment])  # a replayed delivery must change nothing
        return stored[0].flag_id or 0

    async def answer(self, flag_id: int, after: timedelta, status: str) -> None:
        async with self.pipeline.deps.sessions() as session, session.begin():
            flag = await session.get(FlagRow, flag_id)
            assert flag is not None
            await flag_store.set_flag(
                session, flag_id, status=status, first_response_at=flag.created_at + after
            )


def build_pipeline(database, clock: FixedClock | None = None) -> World:
    acme = community()
    clock = clock or FixedClock()
    deps = Deps(
        sessions=database.sessions,
        communities={"acme": acme},
        classifier_for=lambda _: KeywordClassifier(),
        desk=FakeDesk(),
        outboxes={"telegram": FakeOutbox(), "vk": FakeOutbox("vk")},
        clock=clock,
    )
    pipeline = Pipeline(deps)
    pipeline.intake.add_in_store(in_store_hook(deps.communities))
    return World(pipeline, clock, acme)


async def fill(world: World) -> None:
    """Write the fortnight through the same path live updates take."""
    say, p = world.say, world.pipeline
    # --- W46 (Nov 9–15)
    await say(ALICE, "hello", local(10, 11))
    erin = await say(ERIN, "плохо", local(12, 15))
    await world.answer(erin, timedelta(hours=2), "resolved")
    await p.handle([MemberJoined("acme", "telegram", GROUP, ERIN, local(12, 9), "j0")])
    # --- W47 (Nov 16–22)
    for minute in (0, 10, 20):
        await say(ALICE, "good morning", local(16, 10, minute))
    bob = await say(BOB, "ужас", local(17, 12))
    await world.answer(bob, timedelta(minutes=30), "replied")
    for minute in (0, 5):
        await say(CAROL, "nice post", local(18, 18, minute),
                  chat_id=DISCUSSION, source="discussion", post_id=77)  # fmt: skip
    await say(DAVE, "плохо", local(19, 9), platform="vk", chat_id=VK_WALL, source="wall",
              post_id=10)  # fmt: skip
    frank = await say(FRANK, "terrible", local(21, 20))
    await world.answer(frank, timedelta(minutes=10), "resolved")
    staff = Author(700, "Manager")
    await say(staff, "thanks all", local(21, 21), from_staff=True)  # staff: never counted
    events = [
        MemberJoined("acme", "telegram", GROUP, BOB, local(16, 9), "j1"),
        MemberJoined("acme", "telegram", GROUP, CAROL, local(17, 9), "j2"),
        MemberJoined("acme", "vk", VK_WALL, DAVE, local(18, 9), "j3"),
        MemberLeft("acme", "telegram", GROUP, ERIN, local(19, 9), "l1"),
        ReactionChanged("acme", "telegram", GROUP, 3, 1, ("👍",), (), local(16, 11)),
        ReactionChanged("acme", "telegram", GROUP, 3, 2, ("🔥",), (), local(16, 12)),
        PostPublished(
            "acme",
            "telegram",
            CHANNEL,
            55,
            "Autumn menu",
            local(17, 10),
            DISCUSSION,
            77,
            views=1000,
        ),
        ReactionCount("acme", "telegram", CHANNEL, 55, (("👍", 5), ("❤", 2)), local(18, 10)),
        PostPublished("acme", "vk", VK_WALL, 10, "Opening hours", local(18, 8)),
        PostStats(
            "acme", "vk", VK_WALL, 10, local(20, 8), views=500, likes=20, reposts=5, comments=3
        ),
    ]
    await p.handle(events)
    await p.handle(events)  # replayed: counted once
    async with p.deps.sessions() as session, session.begin():
        counts = {("telegram", CHANNEL): 700, ("vk", VK_WALL): 1000}
        await record_member_counts(session, "acme", counts, date(2026, 11, 22), local(22, 23))
