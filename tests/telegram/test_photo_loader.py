"""A manager's Telegram photo fetched for VK: getFile, then the file server, and each failure
turned into a DeliveryError the publish job can act on (retry later, or fail and tell)."""

from __future__ import annotations

import pytest

from bot.emulators.telegram import TelegramEmulator
from bot.telegram.publisher import telegram_photo_loader
from handlers.ports import DeliveryError
from tests.scheduler.helpers import MANAGERS_ID, make_bot, telegram_world

MANAGER = 42


@pytest.fixture
async def world():
    async with TelegramEmulator() as emu:
        telegram_world(emu)
        emu.add_user("Manager", user_id=MANAGER)
        bot = make_bot(emu.base_url, emu.token)
        try:
            yield emu, telegram_photo_loader(bot)
        finally:
            await bot.session.close()


def photo_ref(emu: TelegramEmulator, data: bytes) -> str:
    message = emu.user_writes(MANAGERS_ID, MANAGER, "", photo=data)
    return f"tg:{message['photo'][-1]['file_id']}"


async def test_a_telegram_photo_comes_back_byte_for_byte(world) -> None:
    emu, load = world
    jpeg = b"\xff\xd8\xff\xe0" + b"menu" * 500
    assert await load(photo_ref(emu, jpeg)) == jpeg
    assert [c["method"] for c in emu.calls()] == ["getFile"]


async def test_a_photo_past_telegrams_20_mb_fails_for_good(world) -> None:
    emu, load = world
    with pytest.raises(DeliveryError, match="file is too big") as info:
        await load(photo_ref(emu, b"\xff\xd8" + bytes(20 << 20)))
    assert info.value.permanent


async def test_an_unknown_file_id_fails_for_good(world) -> None:
    _emu, load = world
    with pytest.raises(DeliveryError, match="invalid file_id") as info:
        await load("tg:AgACAgIAAxkBAAgone")
    assert info.value.permanent


@pytest.mark.parametrize("where", ["getFile", "download"])
async def test_a_failing_telegram_is_tried_again_later(world, where) -> None:
    emu, load = world
    ref = photo_ref(emu, b"\xff\xd8\xff\xe0 photo")
    emu.inject(where, kind="502")
    with pytest.raises(DeliveryError) as info:
        await load(ref)
    assert not info.value.permanent
    assert emu.token not in info.value.reason  # the file URL carries it: never shown
    assert await load(ref) == b"\xff\xd8\xff\xe0 photo"  # the next attempt gets it


async def test_a_path_photo_is_read_from_disk(world, tmp_path) -> None:
    _emu, load = world
    (tmp_path / "a.jpg").write_bytes(b"\xff\xd8 disk")
    assert await load(str(tmp_path / "a.jpg")) == b"\xff\xd8 disk"
    with pytest.raises(DeliveryError, match="cannot read photo") as info:
        await load(str(tmp_path / "gone.jpg"))
    assert info.value.permanent
