"""VK emulator methods through the unmodified vk_api client over HTTP."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
import requests
import vk_api
from vk_api.exceptions import ApiError

from bot.emulators.vk import VKEmulator
from tests.emulators.vk_helpers import call, emu_fixture, make_vk, sample, vk_fixture  # noqa: F401

GROUP = 1001
JPEG = b"\xff\xd8fake-jpeg"


async def test_groups_get_by_id_has_5_199_shape(vk):
    answer = await call(vk, "groups.getById", group_id=GROUP, fields="members_count")
    assert set(answer) == {"groups", "profiles"}
    group = answer["groups"][0]
    assert (group["id"], group["name"], group["members_count"]) == (GROUP, "Otklik Test", 0)


async def test_wall_post_and_get_counters(emu, vk):
    bob = emu.add_user("Bob")["id"]
    posted = await call(vk, "wall.post", owner_id=-GROUP, from_group=1, message="Digest")
    post_id = posted["post_id"]
    emu.user_comments(post_id, bob, "Thanks!")
    emu.user_likes(bob, post_id)
    emu.add_views(post_id, 5)
    emu.user_reposts(bob, post_id)
    wall = await call(vk, "wall.get", owner_id=-GROUP)
    post = wall["items"][0]
    assert wall["count"] == 1
    assert post["text"] == "Digest" and post["from_id"] == -GROUP
    assert post["comments"]["count"] == 1
    assert post["likes"]["count"] == 1
    assert post["reposts"]["count"] == 1
    assert post["views"]["count"] == 5
    assert set(post) >= set(sample("wall_post_new.json")["object"]) - {"created_by"}
    by_id = await call(vk, "wall.getById", posts=f"-{GROUP}_{post_id}")
    assert by_id["items"][0]["id"] == post_id
    likes = await call(vk, "likes.getList", type="post", owner_id=-GROUP, item_id=post_id)
    assert likes == {"count": 1, "items": [bob]}


async def test_create_comment_reply_emits_own_wall_reply_new(emu, vk):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("Digest")
    root = emu.user_comments(post["id"], bob, "Спасибо за выпуск!")
    answer = await call(
        vk,
        "wall.createComment",
        owner_id=-GROUP,
        post_id=post["id"],
        message="[id1000001|Bob], пожалуйста!",
        reply_to_comment=root["id"],
        from_group=1,
    )
    assert set(answer) == set(sample("resp_wall.createComment.json")["response"])
    assert answer["parents_stack"] == [root["id"]]
    event = emu.lp_events()[-1]
    expected = sample("wall_reply_new_thread_reply.json")
    assert event["type"] == "wall_reply_new"
    assert set(event) == set(expected)
    assert set(event["object"]) == set(expected["object"])
    assert event["object"]["from_id"] == -GROUP
    assert event["object"]["reply_to_user"] == bob
    listed = await call(
        vk, "wall.getComments", owner_id=-GROUP, post_id=post["id"], thread_items_count=5
    )
    assert listed["count"] == 2 and listed["current_level_count"] == 1
    assert listed["items"][0]["thread"]["items"][0]["id"] == answer["comment_id"]


async def test_delete_and_restore_comment(emu, vk):
    bob = emu.add_user("Bob")["id"]
    post = emu.group_posts("p")
    comment = emu.user_comments(post["id"], bob, "spam")
    assert await call(vk, "wall.deleteComment", owner_id=-GROUP, comment_id=comment["id"]) == 1
    assert emu.comments(post["id"])[0]["deleted"] is True
    assert emu.lp_events()[-1]["type"] == "wall_reply_delete"
    assert await call(vk, "wall.restoreComment", owner_id=-GROUP, comment_id=comment["id"]) == 1
    assert emu.lp_events()[-1]["type"] == "wall_reply_restore"


async def test_messages_send_dedupes_random_id(emu, vk):
    bob = emu.add_user("Bob")["id"]
    first = await call(vk, "messages.send", peer_id=bob, random_id=42, message="hello")
    again = await call(vk, "messages.send", peer_id=bob, random_id=42, message="hello")
    other = await call(vk, "messages.send", user_id=bob, random_id=43, message="second")
    assert first == again != other
    assert [m["text"] for m in emu.messages_sent(bob)] == ["hello", "second"]
    with pytest.raises(ApiError) as info:
        await call(vk, "messages.send", peer_id=bob, message="no random id")
    assert info.value.code == 100 and "random_id" in info.value.error["error_msg"]


async def test_a_message_past_the_specs_9000_characters_gets_error_914(emu, vk):
    bob = emu.add_user("Bob")["id"]
    assert await call(vk, "messages.send", peer_id=bob, random_id=1, message="я" * 9000)
    with pytest.raises(ApiError) as info:
        await call(vk, "messages.send", peer_id=bob, random_id=2, message="я" * 9001)
    assert (info.value.code, info.value.error["error_msg"]) == (914, "Message is too long")
    assert len(emu.messages_sent(bob)) == 1


async def test_photo_upload_attaches_to_wall_post(emu, vk):
    upload = vk_api.VkUpload(vk)
    photo_file = io.BytesIO(b"\xff\xd8fake-jpeg")
    photo_file.name = "pic.jpg"
    photos = await asyncio.to_thread(upload.photo_wall, photo_file, group_id=GROUP)
    ref = f"photo{photos[0]['owner_id']}_{photos[0]['id']}"
    posted = await call(vk, "wall.post", owner_id=-GROUP, message="pic", attachments=ref)
    attachment = emu.wall()[-1]["attachments"][0]
    assert posted["post_id"] == emu.wall()[-1]["id"]
    assert attachment["type"] == "photo" and attachment["photo"]["id"] == photos[0]["id"]
    fetched = await asyncio.to_thread(requests.get, photos[0]["sizes"][0]["url"])
    assert fetched.content == b"\xff\xd8fake-jpeg"


async def upload_url(vk: vk_api.VkApi) -> str:
    return (await call(vk, "photos.getWallUploadServer", group_id=GROUP))["upload_url"]


async def post_file(url: str, data: bytes) -> requests.Response:
    files = {"photo": ("pic.jpg", data, "image/jpeg")}
    return await asyncio.to_thread(requests.post, url, files=files, timeout=5)


@pytest.mark.parametrize(
    ("data", "accepted"),
    [
        (JPEG, True),
        (b"\x89PNG\r\n\x1a\nfake-png", True),
        (b"GIF89afake-gif", True),
        (b"%PDF-1.4 a document", False),
        (b"plain text", False),
        (b"", False),
    ],
)
async def test_upload_server_takes_only_images_as_vk_does(emu, vk, data, accepted):
    answer = await post_file(await upload_url(vk), data)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"server", "photo", "hash"}
    assert (body["photo"] != "[]") is accepted
    assert len(emu.state.pending_uploads) == int(accepted)
    if accepted:
        return
    with pytest.raises(ApiError) as info:  # saving VK's empty photo list: error 100
        await call(vk, "photos.saveWallPhoto", group_id=GROUP, **body)
    assert info.value.code == 100


async def test_injected_upload_fault_hits_the_upload_server_only(emu, vk):
    url = await upload_url(vk)
    emu.inject("*", error_code=9)  # an API fault for any method: uploads are not methods
    emu.inject_upload(http_status=502)
    failed = await post_file(url, JPEG)
    assert failed.status_code == 502 and "error" in failed.json()
    uploaded = await post_file(url, JPEG)  # used up: the next upload works
    assert uploaded.status_code == 200 and json.loads(uploaded.json()["photo"])[0]["photo"]
    with pytest.raises(ApiError) as info:
        await call(vk, "groups.getById")  # the "*" fault was still waiting for an API call
    assert info.value.code == 9


async def test_injected_upload_drop_and_delay_then_cleared(emu, vk):
    url = await upload_url(vk)
    emu.inject_upload(drop=True)
    with pytest.raises(requests.ConnectionError):
        await post_file(url, JPEG)
    emu.inject_upload(delay=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await post_file(url, JPEG)).status_code == 200
    assert loop.time() - started >= 0.2
    emu.inject_upload(http_status=503, times=3)
    emu.clear_faults()
    assert (await post_file(url, JPEG)).status_code == 200
    with pytest.raises(ValueError):
        emu.inject_upload()  # nothing to fail with


async def test_ban_unban_members_and_users(emu, vk):
    bob = emu.add_user("Bob", "Smith", screen_name="bob")["id"]
    emu.user_joins(bob)
    members = await call(vk, "groups.getMembers", group_id=GROUP)
    assert members == {"count": 1, "items": [bob]}
    assert await call(vk, "groups.ban", group_id=GROUP, owner_id=bob, comment="spam") == 1
    assert (await call(vk, "groups.getMembers", group_id=GROUP))["count"] == 0
    assert emu.lp_events()[-1]["type"] == "user_block"
    assert await call(vk, "groups.unban", group_id=GROUP, owner_id=bob) == 1
    users = await call(vk, "users.get", user_ids="bob")
    assert users[0]["id"] == bob and users[0]["last_name"] == "Smith"


async def test_postponed_post_publishes_when_due():
    now = [1_767_225_600.0]
    async with VKEmulator(clock=lambda: now[0]) as emulator:
        vk = make_vk(emulator)
        await call(vk, "wall.post", message="later", publish_date=int(now[0]) + 60)
        assert (await call(vk, "wall.get"))["count"] == 0
        assert (await call(vk, "wall.get", filter="postponed"))["count"] == 1
        now[0] += 61
        assert (await call(vk, "wall.get"))["count"] == 1
        assert emulator.lp_events()[-1]["type"] == "wall_post_new"


# -- errors -------------------------------------------------------------------------------


async def test_unknown_method_is_error_3(vk):
    with pytest.raises(ApiError) as info:
        await call(vk, "wall.frobnicate")
    assert info.value.code == 3 and info.value.error["error_msg"] == "Unknown method passed"


async def test_missing_param_is_error_100_like_sample(vk):
    with pytest.raises(ApiError) as info:
        await call(vk, "wall.createComment", message="x")
    expected = sample("err_100_param.json")["error"]
    assert info.value.error["error_msg"] == expected["error_msg"]
    assert info.value.error["request_params"][:1] == expected["request_params"][:1]
    assert {"key": "v", "value": "5.199"} in info.value.error["request_params"]


async def test_wrong_type_is_error_100(vk):
    with pytest.raises(ApiError) as info:
        await call(vk, "wall.createComment", post_id="abc", message="x")
    assert info.value.code == 100 and "post_id not integer" in info.value.error["error_msg"]


async def test_wrong_token_is_error_5(emu):
    with pytest.raises(ApiError) as info:
        await call(make_vk(emu, token="wrong"), "groups.getById")
    assert info.value.code == 5
    assert info.value.error["error_msg"] == sample("err_5_auth.json")["error"]["error_msg"]
    assert all(p["key"] != "access_token" for p in info.value.error["request_params"])


async def test_missing_v_is_error_8(emu):
    session = emu.make_session()
    answer = await asyncio.to_thread(
        session.post, "https://api.vk.ru/method/groups.getById", {"access_token": "vk-test-token"}
    )
    assert answer.json()["error"]["error_code"] == 8
    assert answer.json()["error"]["error_msg"] == "Invalid request: v is required"


@pytest.mark.parametrize("code", [5, 9])
async def test_injected_error_surfaces_then_clears(emu, vk, code):
    emu.inject("groups.getById", error_code=code)
    with pytest.raises(ApiError) as info:
        await call(vk, "groups.getById")
    assert info.value.code == code
    assert await call(vk, "groups.getById")
    assert [c["error_code"] for c in emu.calls("groups.getById")] == [code, None]


async def test_injected_error_6_is_retried_by_vk_api(emu, vk):
    emu.inject("groups.getById", error_code=6, times=1)
    assert (await call(vk, "groups.getById"))["groups"][0]["id"] == GROUP
    assert [c["error_code"] for c in emu.calls("groups.getById")] == [6, None]


async def test_injected_captcha_then_retry_with_key(emu, vk):
    emu.inject("wall.post", error_code=14)
    with pytest.raises(vk_api.exceptions.Captcha) as info:
        await call(vk, "wall.post", message="hi")
    expected = sample("err_14_captcha.json")["error"]
    raw = info.value
    assert raw.sid and raw.get_url().startswith("https://api.vk.com/captcha.php?sid=")
    answer = await asyncio.to_thread(raw.try_again, "abcd")
    assert "post_id" in answer
    retry = emu.calls("wall.post")[-1]["params"]
    assert retry["captcha_sid"] == raw.sid and retry["captcha_key"] == "abcd"
    assert {"captcha_sid", "captcha_img"} <= set(expected)


async def test_injected_http_500_and_delay(emu, vk):
    emu.inject("*", http_status=500)
    with pytest.raises(vk_api.exceptions.ApiHttpError):
        await call(vk, "groups.getById")
    emu.inject("groups.getById", delay=0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await call(vk, "groups.getById")
    assert loop.time() - started >= 0.2


async def test_a_token_past_its_requests_per_second_gets_error_6(emu, vk):
    emu.rate_cap.per_second = 2
    vk.error_handlers.pop(6)  # vk_api's own handler would sleep and retry
    assert await call(vk, "groups.getById") and await call(vk, "groups.getById")
    with pytest.raises(ApiError) as refused:
        await call(vk, "groups.getById")
    assert refused.value.code == 6
    assert refused.value.error["error_msg"] == "Too many requests per second"
    assert emu.rate_cap.refused == 1
