"""The digest asks VK, just before it is built, for what no event carries: the group's members
and its posts' likes, reposts and views; the figures then show in the digest's numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.emulators.vk import VKEmulator
from bot.vk.client import RetryPolicy, VKClient
from bot.vk.readings import VKReadings
from bot.vk.transport import make_session
from config.settings import Community
from scheduler.digest.job import prepare_digest
from scheduler.digest.readings import MemberCounters, Readings
from scheduler.digest.week import Week
from storage.models import MemberCountRow, PostRow
from tests.vk.helpers import Sleeps

GROUP, TOKEN = 200, "vk-digest-token"
DAY = 86_400


def shop() -> Community:
    return Community.model_validate(
        {
            "id": "shop",
            "name": "Shop",
            "language": "en",
            "timezone": "Europe/Moscow",
            "owners": (501,),
            "managers_chat_id": -900,
            "vk": {"group_id": GROUP, "token": TOKEN},
        }
    )


class Unreachable:
    async def member_counts(self, community: Community) -> dict:
        raise ConnectionError("Telegram is down")


def vk_readings(emu: VKEmulator) -> VKReadings:
    client = VKClient(
        TOKEN, session=make_session(emu.base_url), sleep=Sleeps(), policy=RetryPolicy((), ())
    )
    return VKReadings({GROUP: client})


async def test_vk_likes_reposts_views_and_followers_reach_the_digest(database):
    community = shop()
    async with VKEmulator(group_id=GROUP, token=TOKEN) as emu:
        fans = [emu.add_user(f"Fan {n}")["id"] for n in range(5)]
        for fan in fans:
            emu.user_joins(fan)
        last_week = emu.group_posts("Opening hours")["id"]
        emu.state.post(-GROUP, last_week).date -= 7 * DAY  # same moment, a week earlier
        menu = emu.group_posts("Autumn menu")["id"]
        for fan in fans[:3]:
            emu.user_likes(fan, menu)
        emu.user_reposts(fans[0], menu)
        emu.add_views(menu, 250)
        emu.add_views(last_week, 40)
        wall = vk_readings(emu)
        # Telegram failing to answer leaves its counts out, not VK's.
        readings = Readings(MemberCounters(Unreachable(), wall), posts=wall)
        now = datetime.now(UTC)
        week = Week.containing(now.astimezone(community.tz).date(), community.tz)
        prepared = await prepare_digest(
            database.sessions, community, week, readings=readings, now=now
        )
    numbers = prepared.digest.now
    assert (numbers.vk_likes, numbers.vk_reposts, numbers.vk_views) == (3, 1, 250)
    assert numbers.followers == 5
    [post] = numbers.posts
    assert (post.text, post.likes, post.reposts, post.views) == ("Autumn menu", 3, 1, 250)
    assert post.link == f"https://vk.com/wall-{GROUP}_{menu}"
    assert prepared.digest.before.vk_views == 40  # the week before, read in the same pass
    [line] = [line for line in prepared.text.splitlines() if line.startswith("VK: likes")]
    assert line == "VK: likes <b>3</b> (+3), reposts <b>1</b> (+1), views <b>250</b> (+210, +525%)"


async def test_an_old_week_is_not_given_todays_counters(database):
    community = shop()
    async with VKEmulator(group_id=GROUP, token=TOKEN) as emu:
        emu.user_joins(emu.add_user("Fan")["id"])
        emu.group_posts("Autumn menu")
        wall = vk_readings(emu)
        now = datetime.now(UTC)
        month_ago = (now - timedelta(days=30)).astimezone(community.tz).date()
        week = Week.containing(month_ago, community.tz)
        await prepare_digest(
            database.sessions, community, week, readings=Readings(wall, wall), now=now
        )
        assert emu.calls() == []
    async with database.sessions() as session:
        for table in (MemberCountRow, PostRow):
            assert await session.scalar(select(func.count()).select_from(table)) == 0
