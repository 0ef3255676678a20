"""VK's counters for the digest, read with the unmodified vk_api from the emulator: members,
and the likes, reposts, views and comments of the wall's recent posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.vk.client import RetryPolicy, VKClient
from bot.vk.readings import PAGE, VKReadings
from bot.vk.transport import make_session
from handlers.ports import DeliveryError
from tests.vk.helpers import GROUP, TOKEN, Sleeps, vk_community

DAY = 86_400


def readings(emu) -> VKReadings:
    client = VKClient(
        TOKEN, session=make_session(emu.base_url), sleep=Sleeps(), policy=RetryPolicy((), ())
    )
    return VKReadings({GROUP: client})


def age(emu, post_id: int, days: float) -> None:
    """Make a post as old as ``days`` (the emulator dates posts by its clock)."""
    emu.state.post(-GROUP, post_id).date = emu.state.now() - int(days * DAY)


async def test_members_and_the_counters_of_the_fortnights_posts(emu):
    people = [emu.add_user(f"U{n}")["id"] for n in range(4)]
    for person in people:
        emu.user_joins(person)
    old = emu.group_posts("Last month's news")["id"]
    recent = emu.group_posts("Opening hours")["id"]
    fresh = emu.group_posts("Autumn menu")["id"]
    age(emu, old, 30)
    age(emu, recent, 10)
    for person in people[:3]:
        emu.user_likes(person, fresh)
    emu.user_reposts(people[0], fresh)
    emu.add_views(fresh, 250)
    emu.user_comments(fresh, people[1], "Когда будет тыквенный латте?")
    emu.user_likes(people[3], recent)
    community = vk_community()
    wall = readings(emu)
    now = datetime.now(UTC)

    assert await wall.member_counts(community) == {("vk", -GROUP): 4}
    found = await wall.post_stats(community, now - timedelta(days=14), now)
    assert [(s.post_id, s.likes, s.reposts, s.views, s.comments) for s in found] == [
        (fresh, 3, 1, 250, 1),
        (recent, 1, 0, 0, 0),
    ]
    menu = found[0]
    assert (menu.community, menu.platform, menu.chat_id, menu.text) == (
        "shop",
        "vk",
        -GROUP,
        "Autumn menu",
    )
    assert menu.at == now and abs(menu.published_at - now) < timedelta(minutes=1)


async def test_an_old_pinned_post_does_not_end_the_reading_and_pages_are_followed(emu):
    pinned = emu.group_posts("Rules of the community")["id"]
    age(emu, pinned, 300)
    emu.pin_post(pinned)
    ids = [emu.group_posts(f"post {n}")["id"] for n in range(PAGE + 20)]
    for n, post_id in enumerate(ids):
        age(emu, post_id, (len(ids) - n) / 10)  # one every 2.4 h, the newest last
    now = datetime.now(UTC)
    found = await readings(emu).post_stats(vk_community(), now - timedelta(days=7), now)
    # Seven days hold the newest 70; the pinned post, a year old, is not among them.
    assert [s.post_id for s in found] == ids[::-1][:69]
    assert len(emu.calls("wall.get")) == 1  # the first page already reached past the week
    everything = await readings(emu).post_stats(vk_community(), now - timedelta(days=400), now)
    assert len(everything) == len(ids) + 1 and len(emu.calls("wall.get")) == 3


async def test_a_community_without_vk_is_asked_nothing(emu):
    community = vk_community(vk=None)
    now = datetime.now(UTC)
    assert await readings(emu).member_counts(community) == {}
    assert await readings(emu).post_stats(community, now, now) == []
    assert emu.calls() == []


async def test_a_failing_vk_raises_for_the_digest_to_leave_the_figures_out(emu):
    emu.inject("wall.get", error_code=15)
    now = datetime.now(UTC)
    with pytest.raises(DeliveryError, match="VK error 15"):
        await readings(emu).post_stats(vk_community(), now, now)
