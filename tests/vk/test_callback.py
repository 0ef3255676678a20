"""VK Callback API mode: confirmation, secret, "ok" only after the core committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.vk.runtime import VKRuntime
from config.settings import Settings
from storage.models import CommentRow
from tests.vk.helpers import Sleeps, make_pipeline, vk_community

SAMPLES = Path("/work/shared/samples/vk")
GROUP = 229000001


def event(name: str, **changes) -> dict:
    raw = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    raw.update(changes)
    return raw


class BrokenCore:
    def __init__(self, pipeline) -> None:
        self.deps = pipeline.deps

    async def handle(self, events):
        raise RuntimeError("database down")


@pytest.fixture
async def client(database):
    community = vk_community(
        vk={"group_id": GROUP, "token": "t", "confirmation_code": "c0nf1rm", "secret": "s3"}
    )
    settings = Settings(communities=(community,), _env_file=None)  # type: ignore[call-arg]
    # No VK API here (nothing to ask users.get): names come from the ids.
    runtime = VKRuntime(settings, sleep=Sleeps(), resolve_names=False)
    pipeline = make_pipeline(database, community, runtime)
    app = web.Application()
    runtime.callback(pipeline).register(app, "/vk/callback")
    broken = web.Application()
    runtime.callback(BrokenCore(pipeline)).register(broken, "/vk/callback")
    async with TestClient(TestServer(app)) as good, TestClient(TestServer(broken)) as bad:
        yield good, bad


async def post(client: TestClient, body: dict) -> tuple[int, str]:
    response = await client.post("/vk/callback", data=json.dumps(body))
    return response.status, await response.text()


async def stored(database) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(CommentRow))


async def test_confirmation_and_secret(client):
    good, _bad = client
    confirm = {"type": "confirmation", "group_id": GROUP, "secret": "s3"}
    assert await post(good, confirm) == (200, "c0nf1rm")
    assert (await post(good, {**confirm, "secret": "wrong"}))[0] == 403
    assert (await post(good, {**confirm, "group_id": 5}))[0] == 404
    response = await good.post("/vk/callback", data="not json")
    assert response.status == 400


async def test_event_is_committed_before_ok_and_duplicates_are_harmless(client, database):
    good, _bad = client
    body = event("wall_reply_new.json", secret="s3")
    assert await post(good, body) == (200, "ok")
    assert await post(good, body) == (200, "ok")  # VK retried
    assert await stored(database) == 1


async def test_core_failure_answers_500_so_vk_retries(client, database):
    _good, bad = client
    status, _text = await post(bad, event("wall_reply_new.json", secret="s3"))
    assert status == 500 and await stored(database) == 0
