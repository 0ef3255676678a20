"""The VK outbox through the unmodified vk_api over HTTP against the emulator."""

from __future__ import annotations

import pytest

from bot.vk.client import TokenInvalid, VKError
from bot.vk.outbox import random_id_for
from handlers.ports import DeliveryError, Target
from tests.fakes import FakeDesk
from tests.vk.helpers import GROUP, Sleeps, make_runtime, vk_community


@pytest.fixture
def world(emu):
    sleeps = Sleeps()
    runtime = make_runtime(emu, vk_community(), sleeps)
    bob = emu.add_user("Bob", "Smith")["id"]
    post = emu.group_posts("Новинки недели")["id"]
    return runtime, sleeps, bob, post


def wall_target(comment: dict, post: int) -> Target:
    return Target(-GROUP, comment["id"], "wall", post, comment["from_id"])


async def test_reply_on_the_wall_answers_that_comment(emu, world):
    runtime, _sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "Когда доставка?")
    new_id = await runtime.outbox.reply(wall_target(comment, post), "Завтра", idempotency_key="k1")
    reply = emu.comments(post)[-1]
    assert reply["id"] == new_id and reply["from_id"] == -GROUP
    assert reply["reply_to_comment"] == comment["id"] and reply["text"] == "Завтра"
    (call,) = emu.calls("wall.createComment")
    assert call["params"]["from_group"] == "1" and call["params"]["guid"]


async def test_reply_to_a_message_is_sent_once_per_key(emu, world):
    runtime, _sleeps, bob, _post = world
    message = emu.user_messages(bob, "Здравствуйте")
    target = Target(bob, message["id"], "message", None, bob)
    first = await runtime.outbox.reply(target, "Добрый день!", idempotency_key="same")
    again = await runtime.outbox.reply(target, "Добрый день!", idempotency_key="same")
    (sent,) = emu.messages_sent(bob)
    assert first == again == sent["id"] and sent["reply_to"] == message["id"]
    assert sent["random_id"] == random_id_for(f"{GROUP}:same")


async def test_delete_ban_and_mute(emu, world):
    runtime, _sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "спам спам")
    target = wall_target(comment, post)
    await runtime.outbox.delete(target)
    assert emu.comments(post)[-1]["deleted"]
    await runtime.outbox.mute(target, 30)
    ban_call = emu.calls("groups.ban")[-1]["params"]
    assert int(ban_call["end_date"]) > 0 and ban_call["owner_id"] == str(bob)
    await runtime.outbox.ban(target)
    assert "end_date" not in emu.calls("groups.ban")[-1]["params"]
    assert bob in emu.state.groups[GROUP].banned


async def test_too_many_requests_is_retried(emu, world):
    runtime, sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "?")
    emu.inject("wall.createComment", error_code=6, times=2)
    await runtime.outbox.reply(wall_target(comment, post), "ok", idempotency_key="k")
    assert len(emu.calls("wall.createComment")) == 3 and len(sleeps.delays) == 2
    assert sum(1 for c in emu.comments(post) if c["from_id"] == -GROUP) == 1


async def test_flood_control_backs_off_and_the_reply_lands_once(emu, world):
    runtime, sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "?")
    emu.inject("wall.createComment", error_code=9, times=1)
    await runtime.outbox.reply(wall_target(comment, post), "ответ", idempotency_key="k")
    assert sleeps.delays == [5.0]  # the flood schedule, not the quick one
    assert [c["text"] for c in emu.comments(post) if c["from_id"] == -GROUP] == ["ответ"]


async def test_persistent_flood_tells_the_managers(database, emu, world):
    runtime, _sleeps, bob, post = world
    desk = FakeDesk()
    runtime.outbox.attach(desk, database.sessions)
    comment = emu.user_comments(post, bob, "?")
    emu.inject("wall.createComment", error_code=9, times=10)
    with pytest.raises(VKError) as caught:
        await runtime.outbox.reply(wall_target(comment, post), "ответ", idempotency_key="k")
    assert caught.value.code == 9 and not caught.value.permanent
    assert len(desk.notices) == 1 and "flood" in desk.notices[0]
    assert len(emu.calls("wall.createComment")) == 4  # first try + three backed-off retries


async def test_captcha_is_permanent_and_not_looped(emu, world):
    runtime, sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "?")
    emu.inject("wall.createComment", error_code=14, times=5)
    with pytest.raises(DeliveryError) as caught:
        await runtime.outbox.reply(wall_target(comment, post), "x", idempotency_key="k")
    assert caught.value.permanent and "captcha" in caught.value.reason
    assert len(emu.calls("wall.createComment")) == 1 and sleeps.delays == []


async def test_invalid_token_is_permanent_and_never_logged(emu, world, caplog):
    runtime, sleeps, bob, post = world
    comment = emu.user_comments(post, bob, "?")
    emu.inject("wall.createComment", error_code=5)
    with pytest.raises(TokenInvalid) as caught:
        await runtime.outbox.reply(wall_target(comment, post), "x", idempotency_key="k")
    assert caught.value.permanent and sleeps.delays == []
    assert "token invalid" in caplog.text
    assert "vk-test-token" not in str(caught.value) + caplog.text


async def test_unknown_group_and_message_delete_are_refused(world):
    runtime, *_ = world
    with pytest.raises(DeliveryError, match="no VK token"):
        await runtime.outbox.delete(Target(-5, 1, "wall", 1))
    with pytest.raises(DeliveryError, match="cannot be deleted"):
        await runtime.outbox.delete(Target(5, 1, "message"))
