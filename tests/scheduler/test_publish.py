"""Publishing due posts to the emulators: text, albums, pins, retries, refusals, grace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.emulators.telegram import TelegramEmulator
from bot.emulators.vk import VKEmulator
from storage.models import PostRow
from tests.fakes import FakeDesk, FixedClock
from tests.scheduler.helpers import (
    CHANNEL_ID,
    START,
    VK_OWNER,
    VK_TOKEN,
    community,
    make_bot,
    make_job,
    plan,
    publishers,
    states,
    telegram_world,
)


@pytest.fixture
async def world():
    async with TelegramEmulator() as tg, VKEmulator(token=VK_TOKEN) as vk:
        telegram_world(tg)
        bot = make_bot(tg.base_url, tg.token)
        try:
            yield tg, vk, bot
        finally:
            await bot.session.close()


async def test_text_post_goes_to_telegram_and_vk_once(database, world) -> None:
    tg, vk, bot = world
    clock, desk = FixedClock(START), FakeDesk()
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), desk, clock)
    await plan(
        database.sessions,
        "<b>Hello</b> <a href='https://acme.example'>site</a>",
        START + timedelta(minutes=10),
        (f"telegram:{CHANNEL_ID}", f"vk:{VK_OWNER}"),
        link_preview=False,
        pin=True,
    )
    assert (await job.tick()).published == 0  # not due yet
    clock.advance(minutes=10)
    report = await job.tick()
    await job.tick()  # a second pass finds nothing left to do
    assert report.published == 2
    [sent] = tg.sent(CHANNEL_ID)
    assert sent["text"] == "Hello site" and sent["entities"][0]["type"] == "bold"
    assert sent["link_preview_options"] == {"is_disabled": True}
    assert tg.chat(CHANNEL_ID).pinned_message_id == sent["message_id"]
    [wall_post] = vk.wall()
    assert wall_post["text"] == "Hello site (https://acme.example)"
    async with database.sessions() as session:
        posts = {(p.platform, p.post_id) for p in (await session.scalars(select(PostRow))).all()}
    assert posts == {("telegram", sent["message_id"]), ("vk", wall_post["id"])}
    assert desk.notices == []


async def test_album_on_telegram_and_attachments_on_vk(database, world, tmp_path) -> None:
    tg, vk, bot = world
    photos = []
    for n in range(3):
        path = tmp_path / f"p{n}.jpg"
        path.write_bytes(b"\xff\xd8photo" + bytes([n]))
        photos.append(str(path))
    clock = FixedClock(START)
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), FakeDesk(), clock)
    await plan(
        database.sessions,
        "Album <i>day</i>",
        START,
        (f"telegram:{CHANNEL_ID}", f"vk:{VK_OWNER}"),
        photos=tuple(photos),
    )
    assert (await job.tick()).published == 2
    album = tg.sent(CHANNEL_ID)
    assert len(album) == 3 and album[0]["caption"] == "Album day"
    assert len({m["media_group_id"] for m in album}) == 1
    [wall_post] = vk.wall()
    assert [a["type"] for a in wall_post["attachments"]] == ["photo"] * 3


async def test_retryable_errors_back_off_then_publish(database, world) -> None:
    _tg, vk, bot = world
    clock = FixedClock(START)
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), FakeDesk(), clock)
    await plan(database.sessions, "flood", START, (f"vk:{VK_OWNER}",))
    vk.inject("wall.post", error_code=9, times=3)  # more than the client's own retries
    report = await job.tick()
    assert report.retried == 1 and vk.wall() == []
    assert (await job.tick()).published == 0  # waiting out the backoff
    clock.advance(seconds=31)
    assert (await job.tick()).published == 1
    assert len(vk.wall()) == 1


async def test_permanent_refusal_fails_and_tells_managers(database, world) -> None:
    _tg, vk, bot = world
    clock, desk = FixedClock(START), FakeDesk()
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), desk, clock)
    await plan(database.sessions, "nowhere", START, ("telegram:-100999",))
    await plan(database.sessions, "denied", START, (f"vk:{VK_OWNER}",))
    vk.inject("wall.post", error_code=15)
    report = await job.tick()
    assert report.failed == 2
    assert await states(database.sessions) == [("telegram", "failed"), ("vk", "failed")]
    assert any("chat not found" in n for n in desk.notices)
    assert any("VK error 15" in n for n in desk.notices)


async def test_late_posts_go_out_within_grace_else_missed(database, world) -> None:
    tg, vk, bot = world
    clock, desk = FixedClock(START), FakeDesk()
    comm = community(publish_grace_minutes=60)
    job = make_job(database.sessions, comm, publishers(bot, vk.base_url), desk, clock)
    await plan(database.sessions, "slightly late", START - timedelta(minutes=50))
    await plan(database.sessions, "far too late", START - timedelta(minutes=70))
    report = await job.tick()
    assert (report.published, report.missed) == (1, 1)
    assert [m["text"] for m in tg.sent(CHANNEL_ID)] == ["slightly late"]
    assert len(desk.notices) == 1 and "NOT published" in desk.notices[0]


async def test_pin_failure_keeps_the_post_and_warns(database, world) -> None:
    tg, _vk, bot = world
    clock, desk = FixedClock(START), FakeDesk()
    tg.set_member(CHANNEL_ID, tg.bot_id, "member")  # may post (emulator), may not pin
    job = make_job(database.sessions, community(), publishers(bot, None), desk, clock)
    await plan(database.sessions, "pin me", START, pin=True)
    report = await job.tick()
    assert report.published == 1
    assert any("pinning failed" in n for n in desk.notices)


async def test_upload_server_failure_is_retried_then_the_photo_goes_out(
    database, world, tmp_path
) -> None:
    _tg, vk, bot = world
    photo = tmp_path / "shop.jpg"
    photo.write_bytes(b"\xff\xd8shop front")
    clock, desk = FixedClock(START), FakeDesk()
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), desk, clock)
    await plan(database.sessions, "New shop", START, (f"vk:{VK_OWNER}",), photos=(str(photo),))
    vk.inject_upload(http_status=502)  # with a JSON body: only the status says "try again"
    report = await job.tick()
    assert report.retried == 1 and vk.wall() == []
    assert await states(database.sessions) == [("vk", "planned")]
    clock.advance(seconds=31)  # past the first backoff
    assert (await job.tick()).published == 1
    [wall_post] = vk.wall()
    [attachment] = wall_post["attachments"]
    assert attachment["type"] == "photo"
    assert vk.state.photos[attachment["photo"]["id"]].data == b"\xff\xd8shop front"
    assert len(vk.calls("photos.saveWallPhoto")) == 1
    assert desk.notices == []


async def test_a_file_vk_does_not_take_as_an_image_fails_and_tells_managers(
    database, world, tmp_path
) -> None:
    _tg, vk, bot = world
    notes = tmp_path / "notes.jpg"  # named like a photo, but text inside
    notes.write_bytes(b"not a picture at all")
    clock, desk = FixedClock(START), FakeDesk()
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), desk, clock)
    await plan(database.sessions, "Look!", START, (f"vk:{VK_OWNER}",), photos=(str(notes),))
    report = await job.tick()
    assert report.failed == 1 and vk.wall() == []
    assert await states(database.sessions) == [("vk", "failed")]
    [note] = desk.notices
    assert "VK did not accept the photo" in note and str(notes) in note
    assert "not an image" in note and "error 100" not in note
    assert vk.calls("photos.saveWallPhoto") == []  # refused before it could be saved


async def test_a_missing_photo_file_fails_before_anything_is_sent(
    database, world, tmp_path
) -> None:
    _tg, vk, bot = world
    gone = tmp_path / "deleted.jpg"
    clock, desk = FixedClock(START), FakeDesk()
    job = make_job(database.sessions, community(), publishers(bot, vk.base_url), desk, clock)
    await plan(database.sessions, "Gone", START, (f"vk:{VK_OWNER}",), photos=(str(gone),))
    report = await job.tick()
    assert report.failed == 1 and vk.wall() == []
    assert await states(database.sessions) == [("vk", "failed")]
    [note] = desk.notices
    assert f"cannot read photo {gone}" in note
    assert vk.calls("photos.getWallUploadServer") == []
