"""The fixed synthetic fortnight: every number of the digest and its week-over-week change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select

from scheduler.digest.metrics import build_digest
from scheduler.digest.numbers import Pair
from scheduler.digest.rollups import rebuild_rollups
from scheduler.digest.week import BadWeek, Week
from storage.models import ActivityRollupRow, AuthorSeenRow, AuthorWeekRow, PostCommentRollupRow
from tests.digest.world import MSK, build_pipeline, fill


@pytest.fixture
async def world(database):
    world = build_pipeline(database)
    await fill(world)
    return world


async def digest_of(world, week: str = "2026-W47"):
    async with world.pipeline.deps.sessions() as session:
        return await build_digest(session, world.community, Week.parse(week, MSK))


def test_week_bounds_follow_the_community_zone():
    week = Week.parse("2026-W47", MSK)
    assert week.start.isoformat() == "2026-11-15T21:00:00+00:00"
    assert week.end.isoformat() == "2026-11-22T21:00:00+00:00"
    assert week.previous().label == "2026-W46"
    assert Week.previous_of(week.end, MSK).label == "2026-W47"
    with pytest.raises(BadWeek):
        Week.parse("2026-47", MSK)


async def test_every_number_and_its_change(world):
    digest = await digest_of(world)
    now, before = digest.now, digest.before
    expected = {
        "comments": (8, 2),
        "active": (5, 2),
        "new": (4, 2),
        "returning": (1, 0),
        "joins": (3, 1),
        "leaves": (1, 0),
        "net_growth": (2, 1),
        "reactions": (9, 0),
        "discussion_replies": (2, 0),
        "vk_likes": (20, 0),
        "vk_reposts": (5, 0),
        "vk_views": (500, 0),
        "followers": (1700, None),
        "negatives": (3, 1),
        "answered": (2, 1),
        "resolved": (2, 1),
        "still_open": (1, 0),
        "response_median": (1200.0, 7200.0),
        "response_p90": (1800.0, 7200.0),
    }
    for name, (value, previous) in expected.items():
        assert digest.pair(name) == Pair(value, previous), name
    assert digest.pair("comments").change == 6
    assert digest.pair("comments").change_pct == 300.0
    assert digest.pair("response_median").change == -6000.0
    assert digest.pair("followers").change is None
    assert digest.pair("still_open").change_pct is None  # no division by zero

    assert now.by_platform == {"telegram": 7, "vk": 1}
    assert before.by_platform == {"telegram": 2}
    assert digest.platform_pair("vk") == Pair(1, 0)
    assert now.by_source == {"group": 5, "discussion": 2, "wall": 1}
    assert now.sentiment == {"neutral": 5, "negative": 3}
    assert digest.sentiment_pair("negative") == Pair(3, 1)
    assert now.open_links == ("https://example.org/c/10",)  # Dave, on VK
    assert now.busiest_hours == [(10, 3), (18, 2), (9, 1)]
    assert now.daily[date(2026, 11, 16)] == {"telegram": 3}
    assert now.daily[date(2026, 11, 19)] == {"vk": 1}
    assert now.daily[date(2026, 11, 22)] == {}
    assert now.heat[0][10] == 3 and now.heat[2][18] == 2 and now.heat[5][20] == 1
    assert sum(map(sum, now.heat)) == 8
    top = [(c.name, c.comments) for c in now.top_commenters]
    assert top == [("Alice", 3), ("Carol", 2), ("Bob", 1), ("Frank", 1), ("Dave", 1)]


async def test_post_engagement_formulas(world):
    digest = await digest_of(world)
    vk, tg = digest.now.posts  # ranked by interactions
    assert (vk.likes, vk.reposts, vk.comments, vk.views, vk.followers) == (20, 5, 3, 500, 1000)
    assert vk.er_post == pytest.approx(2.8)
    assert vk.er_view == pytest.approx(5.6)
    assert (tg.likes, tg.reposts, tg.comments, tg.views, tg.followers) == (7, 0, 2, 1000, 700)
    assert tg.er_post == pytest.approx(9 / 700 * 100)
    assert tg.er_view == pytest.approx(0.9)
    assert digest.now.er_post == pytest.approx((2.8 + 9 / 7) / 2)
    assert digest.now.er_view == pytest.approx(3.25)
    assert digest.pair("er_post").before is None


async def test_rebuild_reproduces_the_live_rollups(world):
    tables = (ActivityRollupRow, AuthorWeekRow, AuthorSeenRow, PostCommentRollupRow)
    live = await digest_of(world)
    async with world.pipeline.deps.sessions() as session, session.begin():
        for table in tables:
            await session.execute(delete(table))
    async with world.pipeline.deps.sessions() as session, session.begin():
        read = await rebuild_rollups(session, "acme", MSK, date(2026, 11, 1), date(2026, 11, 30))
        # Twice: a rebuild replaces, never adds.
        await rebuild_rollups(session, "acme", MSK, date(2026, 11, 1), date(2026, 11, 30))
        assert await session.scalar(select(func.count()).select_from(AuthorSeenRow)) == 6
    assert read == 10
    assert await digest_of(world) == live
