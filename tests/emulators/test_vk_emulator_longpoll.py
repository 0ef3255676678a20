"""Bots Long Poll of the VK emulator through vk_api's unmodified VkBotLongPoll."""

from __future__ import annotations

import asyncio

import requests
from vk_api.bot_longpoll import VkBotLongPoll

from bot.emulators.notify import ChangeNotifier
from bot.emulators.vk.events import EventLog
from tests.emulators.vk_helpers import emu_fixture, sample, vk_fixture  # noqa: F401

GROUP = 1001


async def open_longpoll(vk) -> VkBotLongPoll:
    return await asyncio.to_thread(VkBotLongPoll, vk, GROUP, 5)


async def raw_check(lp: VkBotLongPoll, ts: str | None = None) -> dict:
    params = {"act": "a_check", "key": lp.key, "ts": ts or lp.ts, "wait": 0}
    answer = await asyncio.to_thread(requests.get, lp.server, params=params, timeout=5)
    return answer.json()


async def test_server_answer_points_at_emulator(emu, vk):
    lp = await open_longpoll(vk)
    assert lp.server == f"{emu.base_url}/lp/{GROUP}"
    assert set(sample("resp_groups.getLongPollServer.json")["response"]) == {"key", "server", "ts"}
    assert await raw_check(lp) == {"ts": lp.ts, "updates": []}


async def test_wall_comment_arrives_while_waiting(emu, vk):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("Новый выпуск дайджеста")
    lp = await open_longpoll(vk)
    waiting = asyncio.create_task(asyncio.to_thread(lp.check))
    # Let the long poll request reach the server and block, so this tests the wake-up path.
    await emu.wait_for(lambda: emu.longpoll_waiters > 0, timeout=5)
    emu.user_comments(post["id"], bob, "Спасибо за выпуск!")
    events = await asyncio.wait_for(waiting, 5)
    assert [e.raw["type"] for e in events] == ["wall_reply_new"]
    expected = sample("wall_reply_new.json")
    raw = events[0].raw
    assert set(raw) == set(expected)
    assert set(raw["object"]) == set(expected["object"])
    assert set(raw["object"]["thread"]) == set(expected["object"]["thread"])
    assert raw["object"]["text"] == "Спасибо за выпуск!" and raw["group_id"] == GROUP


async def test_every_event_kind_matches_its_sample(emu, vk):
    bob = emu.add_user("Bob")["id"]
    lp = await open_longpoll(vk)
    post = emu.group_posts("post")
    comment = emu.user_comments(post["id"], bob, "hi")
    emu.user_edits_comment(comment["id"], "hi (ред.)")
    emu.delete_comment(comment["id"])
    emu.restore_comment(comment["id"])
    emu.user_messages(bob, "/rules")
    emu.user_likes(bob, post["id"])
    emu.user_unlikes(bob, post["id"])
    emu.user_joins(bob)
    emu.user_leaves(bob)
    answer = await raw_check(lp)
    samples = {
        "wall_post_new": "wall_post_new.json",
        "wall_reply_new": "wall_reply_new.json",
        "wall_reply_edit": "wall_reply_edit.json",
        "wall_reply_delete": "wall_reply_delete.json",
        "wall_reply_restore": "wall_reply_restore.json",
        "message_new": "message_new.json",
        "like_add": "like_add.json",
        "like_remove": "like_remove.json",
        "group_join": "group_join.json",
        "group_leave": "group_leave.json",
    }
    assert [u["type"] for u in answer["updates"]] == list(samples)
    event_ids = {u["event_id"] for u in answer["updates"]}
    assert len(event_ids) == len(samples)
    for update in answer["updates"]:
        expected = sample(samples[update["type"]])
        assert set(update) == set(expected), update["type"]
        keys = set(expected["object"]) - {"created_by"}  # only when the group has an admin
        assert set(update["object"]) == keys, update["type"]
    message = answer["updates"][5]["object"]
    assert set(message["message"]) == set(sample("message_new.json")["object"]["message"])


async def test_failed_answers_match_samples_and_vk_api_recovers(emu, vk):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")
    lp = await open_longpoll(vk)
    for code in (1, 2, 3):
        emu.fail_longpoll(code)
        answer = await raw_check(lp)
        expected = sample(f"lp_failed_{code}.json")
        assert set(answer) == set(expected) and answer["failed"] == code
        if code == 1:
            assert isinstance(answer["ts"], str)
    # The raw checks rotated the key; vk_api must re-request the server and carry on.
    old_key = lp.key
    emu.fail_longpoll(3)
    assert await asyncio.to_thread(lp.check) == []
    assert lp.key != old_key
    emu.fail_longpoll(2)
    assert await asyncio.to_thread(lp.check) == []
    emu.fail_longpoll(1)
    assert await asyncio.to_thread(lp.check) == []
    emu.user_comments(post["id"], bob, "after recovery")
    events = await asyncio.to_thread(lp.check)
    assert [e.raw["object"]["text"] for e in events] == ["after recovery"]


async def test_resume_from_old_ts_gets_missed_events(emu, vk):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")
    lp = await open_longpoll(vk)
    old_ts = lp.ts
    for text in ("one", "two", "three"):
        emu.user_comments(post["id"], bob, text)
    first = await raw_check(lp, old_ts)
    again = await raw_check(lp, old_ts)
    assert [u["object"]["text"] for u in first["updates"]] == ["one", "two", "three"]
    assert again == first
    assert await raw_check(lp, first["ts"]) == {"ts": first["ts"], "updates": []}


async def test_longpoll_http_fault(emu, vk):
    lp = await open_longpoll(vk)
    emu.inject_longpoll_http(502)
    params = {"act": "a_check", "key": lp.key, "ts": lp.ts, "wait": 0}
    answer = await asyncio.to_thread(requests.get, lp.server, params=params, timeout=5)
    assert answer.status_code == 502
    assert (await raw_check(lp))["updates"] == []


async def test_event_log_drops_old_events_and_reports_lost_ts():
    log = EventLog(ChangeNotifier(), max_events=2)
    for n in range(3):
        log.emit(GROUP, "group_join", {"user_id": n, "join_type": "join"})
    assert log.since(GROUP, 1) is None  # outside the kept history -> failed 1
    assert [seq for seq, _ in log.since(GROUP, 2)] == [2, 3]
    assert log.since(GROUP, 4) == []
