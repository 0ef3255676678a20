"""VK emulator: HTTP control API, wait_for, spec loading and the built-in fallback table."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import aiohttp
import pytest
from vk_api.exceptions import ApiError

from bot.emulators.vk import VKEmulator
from bot.emulators.vk.spec import DEFAULT_SPEC_DIR, MethodSpec, resolve_spec_dir
from bot.emulators.vk.spec_fallback import FALLBACK_MAX_LENGTHS, FALLBACK_METHODS
from tests.emulators.vk_helpers import call, emu_fixture, make_vk, vk_fixture  # noqa: F401

SPEC_PRESENT = (DEFAULT_SPEC_DIR / "methods.json").is_file()
# CI always has ../shared: there a missing spec must fail the run, not skip.
SPEC_PRESENT = SPEC_PRESENT or bool(os.environ.get("CI"))


async def test_http_control_api_drives_and_inspects(emu):
    async with aiohttp.ClientSession(base_url=emu.base_url) as http:
        user = await (await http.post("/_control/add_user", json={"first_name": "Ann"})).json()
        post = await (await http.post("/_control/group_posts", json={"text": "hi"})).json()
        body = {"post_id": post["result"]["id"], "user_id": user["result"]["id"], "text": "wow"}
        assert (await http.post("/_control/user_comments", json=body)).status == 200
        listed = await (await http.get("/_control/comments", params={"post_id": "1"})).json()
        assert [c["text"] for c in listed["result"]] == ["wow"]
        bad = await http.post("/_control/user_comments", json={"post_id": 999, "user_id": 1})
        assert bad.status == 400 and not (await bad.json())["ok"]
        assert (await http.post("/_control/nope", json={})).status == 404
        fault = await http.post("/_control/inject", json={"method": "wall.get", "error_code": 14})
        assert "captcha_sid" in (await fault.json())["result"]
        upload = await http.post("/_control/inject_upload", json={"http_status": 502})
        assert (await upload.json()) == {"ok": True, "result": {"times": 1}}
        assert emu.faults.take_upload().http_status == 502


async def test_wait_for_wakes_on_api_call(emu, vk):
    bob = emu.add_user("Bob")["id"]
    sending = asyncio.create_task(
        call(vk, "messages.send", peer_id=bob, random_id=1, message="answer")
    )
    sent = await emu.wait_for(lambda: emu.messages_sent(bob), timeout=5)
    await sending
    assert sent[0]["text"] == "answer"
    with pytest.raises(TimeoutError):
        await emu.wait_for(lambda: False, timeout=0.05)


async def test_second_group_has_its_own_token_and_wall(emu):
    emu.add_group(2002, "Second", token="second-token")
    other = make_vk(emu, token="second-token")
    await call(other, "wall.post", message="from second")
    assert [p["text"] for p in emu.wall(group_id=2002)] == ["from second"]
    assert emu.wall() == []
    with pytest.raises(ApiError) as info:
        await call(other, "wall.post", owner_id=-1001, message="not mine")
    assert info.value.code == 15


def test_spec_dir_resolution(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("OTKLIK_VK_SPEC", str(tmp_path))
    assert resolve_spec_dir() == tmp_path
    assert MethodSpec.from_dir().source == "builtin"  # no methods.json there
    assert resolve_spec_dir(Path("/x")) == Path("/x")


async def test_emulator_works_with_builtin_table(tmp_path: Path):
    async with VKEmulator(spec_dir=tmp_path) as emulator:
        assert emulator.spec.source == "builtin"
        vk = make_vk(emulator)
        assert (await call(vk, "groups.getById"))["groups"][0]["id"] == 1001
        with pytest.raises(ApiError) as info:
            await call(vk, "wall.createComment", message="x")
        assert info.value.code == 100


@pytest.mark.skipif(not SPEC_PRESENT, reason="VK spec not available")
def test_builtin_table_agrees_with_spec():
    spec = MethodSpec.from_dir(DEFAULT_SPEC_DIR)
    for method, params in FALLBACK_METHODS.items():
        assert spec.knows(method), method
        for name, (ptype, required, minimum, maximum) in params.items():
            rule = spec.methods[method][name]
            assert (rule.type, rule.required) == (ptype, required), f"{method}.{name}"
            assert (rule.minimum, rule.maximum) == (minimum, maximum), f"{method}.{name}"
            assert rule.max_length == FALLBACK_MAX_LENGTHS.get((method, name)), f"{method}.{name}"
    longest = {
        (method, name): rule.max_length
        for method, rules in spec.methods.items()
        if method in FALLBACK_METHODS
        for name, rule in rules.items()
        if rule.max_length is not None and name in FALLBACK_METHODS[method]
    }
    assert longest == FALLBACK_MAX_LENGTHS
