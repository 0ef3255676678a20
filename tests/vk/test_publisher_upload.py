"""A wall post's photo upload: which upload server failures are tried again, which are final,
and what the managers get to read about them."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from bot.emulators.vk import VKEmulator
from bot.vk.client import RetryPolicy, VKClient, VKError
from bot.vk.publisher import VKPublisher
from scheduler.ports import PostContent
from tests.vk.helpers import GROUP, TOKEN, Sleeps

JPEG = b"\xff\xd8shop front"


def publisher(emu: VKEmulator, **options: Any) -> VKPublisher:
    return VKPublisher({GROUP: vk_client(emu)}, **options)


def vk_client(emu: VKEmulator) -> VKClient:
    policy = RetryPolicy(busy_delays=(0,), flood_delays=(0,))
    return VKClient(TOKEN, session=emu.make_session(), sleep=Sleeps(), policy=policy)


async def publish_photo(pub: VKPublisher, tmp_path, data: bytes = JPEG) -> VKError:
    photo = tmp_path / "shop.jpg"
    photo.write_bytes(data)
    with pytest.raises(VKError) as refused:
        await pub.publish(PostContent("New shop", photos=(str(photo),)), -GROUP, key="k1")
    return refused.value


def readable(error: VKError) -> None:
    """Names the photo, and never the upload URL nor the token (VK's URL carries a hash)."""
    assert "shop.jpg" in error.reason
    assert "upload/wall" not in error.reason and "group_id=" not in error.reason
    assert TOKEN not in error.reason


@pytest.mark.parametrize(
    ("fault", "permanent", "says"),
    [
        ({"http_status": 500}, False, "HTTP 500"),
        ({"http_status": 502}, False, "HTTP 502"),
        ({"http_status": 503}, False, "HTTP 503"),
        ({"http_status": 429}, False, "HTTP 429"),
        ({"http_status": 400}, True, "HTTP 400"),
        ({"http_status": 413}, True, "HTTP 413"),
        ({"drop": True}, False, "connection failed"),
    ],
)
async def test_upload_server_failures_are_transient_or_final_by_status(
    emu, tmp_path, fault, permanent, says
):
    emu.inject_upload(**fault)
    error = await publish_photo(publisher(emu), tmp_path)
    assert (error.permanent, error.code) == (permanent, None)
    assert says in error.reason
    readable(error)
    assert emu.wall() == [] and emu.calls("photos.saveWallPhoto") == []


async def test_an_upload_server_that_does_not_answer_in_time_is_tried_again(emu, tmp_path):
    emu.inject_upload(delay=1.0)
    error = await publish_photo(publisher(emu, upload_timeout=0.2), tmp_path)
    assert not error.permanent and "did not answer in time" in error.reason
    readable(error)


async def test_a_file_vk_cannot_use_as_an_image_is_refused_for_good(emu, tmp_path):
    error = await publish_photo(publisher(emu), tmp_path, b"PK\x03\x04 a zip archive")
    assert error.permanent
    assert "VK did not accept the photo" in error.reason and "not an image" in error.reason
    readable(error)
    assert emu.calls("photos.saveWallPhoto") == []


@pytest.mark.parametrize(
    ("status", "body", "permanent", "says"),
    [
        (200, b"<html>bad gateway</html>", False, "not JSON"),
        (200, b"[1, 2]", False, "not a JSON object"),
        (200, b'{"photo": "[{}]"}', False, "incomplete"),
        (200, b'{"error": "ERR_UPLOAD_BAD_IMAGE_SIZE: too big"}', True, "BAD_IMAGE_SIZE"),
        (200, b'{"server": 1, "photo": "", "hash": "h"}', True, "not an image"),
        (502, b'{"error": "ERR_UPLOAD_FAILED"}', False, "HTTP 502"),
    ],
)
async def test_upload_server_answers_are_read_before_saving(
    emu, tmp_path, monkeypatch, status, body, permanent, says
):
    client = vk_client(emu)
    http = client.vk.http
    post = http.post  # API calls go through it too: only the upload gets the canned answer

    def answer(url: str, *args: Any, **kwargs: Any) -> requests.Response:
        if "/upload/" not in url:
            return post(url, *args, **kwargs)
        response = requests.Response()
        response.status_code, response._content, response.url = status, body, url
        return response

    monkeypatch.setattr(http, "post", answer)
    error = await publish_photo(VKPublisher({GROUP: client}), tmp_path)
    assert error.permanent is permanent and says in error.reason
    readable(error)
