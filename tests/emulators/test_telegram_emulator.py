"""The Telegram emulator through the unmodified aiogram client over HTTP."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)

from .telegram_helpers import GROUP_ID


async def test_get_me(bot, emu):
    me = await bot.get_me()
    assert me.id == emu.bot_id and me.is_bot and me.username == "otklik_bot"


async def test_wrong_token_is_unauthorized(emu):
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    intruder = Bot("999:wrong", session=session)
    with pytest.raises(TelegramUnauthorizedError):
        await intruder.get_me()
    await session.close()


async def test_send_reply_with_keyboard_then_edit(bot, emu):
    alice = emu.people["alice"]
    original = emu.user_writes(GROUP_ID, alice, "Когда созвон?")
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="OK", callback_data="ok:1")]]
    )
    sent = await bot.send_message(
        GROUP_ID,
        "В четверг",
        reply_parameters=ReplyParameters(message_id=original["message_id"]),
        reply_markup=keyboard,
    )
    assert sent.reply_to_message.message_id == original["message_id"]
    assert sent.from_user.id == emu.bot_id
    assert sent.message_id == original["message_id"] + 1
    assert emu.sent(GROUP_ID)[0]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok:1"

    edited = await bot.edit_message_text("В пятницу", chat_id=GROUP_ID, message_id=sent.message_id)
    assert edited.text == "В пятницу" and edited.edit_date is not None
    assert "reply_markup" not in emu.message(GROUP_ID, sent.message_id)  # edit drops keyboard
    await bot.edit_message_reply_markup(
        chat_id=GROUP_ID, message_id=sent.message_id, reply_markup=keyboard
    )
    assert emu.message(GROUP_ID, sent.message_id)["reply_markup"] == keyboard.model_dump(
        exclude_none=True
    )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "В пятницу", chat_id=GROUP_ID, message_id=sent.message_id, reply_markup=keyboard
        )
    assert await bot.delete_message(GROUP_ID, sent.message_id)
    assert emu.message(GROUP_ID, sent.message_id) is None and emu.sent(GROUP_ID) == []


async def test_html_parse_mode_becomes_entities(bot, emu):
    sent = await bot.send_message(GROUP_ID, "<b>Жирный</b> и &lt;нет&gt;", parse_mode="HTML")
    assert sent.text == "Жирный и <нет>"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 6)]


async def test_text_checks(bot, emu):
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(GROUP_ID, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(GROUP_ID, "")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(-100555, "hi")


async def test_blocked_user_is_forbidden(bot, emu):
    emu.block_bot(emu.people["bob"])
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(emu.people["bob"], "hi")
    assert (await bot.send_message(emu.people["alice"], "hi")).chat.type == "private"


async def test_long_poll_returns_when_a_user_writes(bot, emu):
    assert await bot.get_updates(timeout=0) == []
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    while not emu.calls("getUpdates")[1:]:  # the poll reached the server
        await asyncio.sleep(0)
        if poll.done():
            break
    emu.user_writes(GROUP_ID, emu.people["bob"], "привет")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in updates] == ["привет"]
    again = await bot.get_updates(offset=updates[-1].update_id, timeout=0)
    assert [u.update_id for u in again] == [updates[-1].update_id]  # not confirmed yet
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == []
    assert emu.pending_updates() == 0


async def test_allowed_updates_filter(bot, emu):
    message = emu.user_writes(GROUP_ID, emu.people["bob"], "hi")
    emu.user_reacts(GROUP_ID, message["message_id"], emu.people["alice"], ["👍"])
    default = await bot.get_updates(timeout=0)
    assert [u.event_type for u in default] == ["message"]  # reactions are opt-in
    emu.user_writes(GROUP_ID, emu.people["bob"], "again")
    emu.user_reacts(GROUP_ID, message["message_id"], emu.people["alice"], ["🔥"])
    only = await bot.get_updates(
        offset=default[-1].update_id + 1, timeout=0, allowed_updates=["message_reaction"]
    )
    assert [u.event_type for u in only] == ["message_reaction"]
    assert only[0].message_reaction.old_reaction[0].emoji == "👍"


async def test_faults(bot, emu):
    emu.inject("sendMessage", kind="429", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(GROUP_ID, "hi")
    assert info.value.retry_after == 7
    emu.inject("sendMessage", kind="500", chat_id=GROUP_ID)
    with pytest.raises(TelegramServerError):
        await bot.send_message(GROUP_ID, "hi")
    emu.inject("getMe", kind="drop")
    with pytest.raises(TelegramNetworkError):
        await bot.get_me()
    assert (await bot.send_message(GROUP_ID, "hi")).text == "hi"
    assert [c.get("fault") for c in emu.calls("sendMessage")] == ["429", "500", None]


async def test_missing_parameter_and_unknown_method(emu):
    import aiohttp

    async with aiohttp.ClientSession() as http:
        url = f"{emu.base_url}/bot{emu.token}"
        async with http.post(f"{url}/sendMessage", data={"text": "hi"}) as resp:
            body = await resp.json()
        assert resp.status == 400 and body == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: chat_id is empty",
        }
        async with http.post(f"{url}/sendMessage", json={"chat_id": "x", "text": "hi"}) as resp:
            assert (await resp.json())["description"] == "Bad Request: chat not found"
        async with http.get(f"{url}/noSuchMethod") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


class _UnknownMethod(TelegramMethod[bool]):
    __returning__ = bool
    __api_method__ = "definitelyNotAMethod"


async def test_unknown_method_through_aiogram(bot):
    with pytest.raises(TelegramNotFound):
        await bot(_UnknownMethod())


async def test_members_and_chat_info(bot, emu):
    bob = emu.people["bob"]
    assert (await bot.get_chat_member(GROUP_ID, bob)).status == "member"
    assert await bot.get_chat_member_count(GROUP_ID) == 3
    admins = await bot.get_chat_administrators(GROUP_ID)
    assert {a.status for a in admins} == {"creator", "administrator"}
    await bot.restrict_chat_member(GROUP_ID, bob, permissions={"can_send_messages": False})
    assert (await bot.get_chat_member(GROUP_ID, bob)).status == "restricted"
    await bot.ban_chat_member(GROUP_ID, bob)
    assert (await bot.get_chat_member(GROUP_ID, bob)).status == "kicked"
    await bot.unban_chat_member(GROUP_ID, bob, only_if_banned=True)
    assert (await bot.get_chat_member(GROUP_ID, bob)).status == "left"
    with pytest.raises(TelegramBadRequest, match="administrator"):
        await bot.ban_chat_member(GROUP_ID, emu.people["alice"])
    chat = await bot.get_chat(GROUP_ID)
    assert chat.linked_chat_id is not None and chat.title == "Community Chat"
    updates = await bot.get_updates(timeout=0, allowed_updates=["chat_member"])
    assert [u.chat_member.new_chat_member.status for u in updates] == [
        "restricted",
        "kicked",
        "left",
    ]


async def test_commands_pin_and_harmless_calls(bot, emu):
    await bot.set_my_commands([BotCommand(command="digest", description="Недельный дайджест")])
    assert [c.command for c in await bot.get_my_commands()] == ["digest"]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    sent = await bot.send_message(GROUP_ID, "pin me")
    assert await bot.pin_chat_message(GROUP_ID, sent.message_id)
    assert (await bot.get_chat(GROUP_ID)).pinned_message.message_id == sent.message_id
    assert await bot.close() and await bot.log_out()


async def test_wait_sent_and_control_api(bot, emu):
    import aiohttp

    waiter = asyncio.create_task(emu.wait_sent(GROUP_ID, count=2))
    await bot.send_message(GROUP_ID, "one")
    assert not waiter.done()
    await bot.send_message(GROUP_ID, "two")
    assert [m["text"] for m in await asyncio.wait_for(waiter, 1)] == ["one", "two"]
    with pytest.raises(TimeoutError):
        await emu.wait_sent(GROUP_ID, count=3, timeout=0.05)

    async with aiohttp.ClientSession(base_url=emu.base_url) as http:
        payload = {"chat_id": GROUP_ID, "user_id": emu.people["bob"], "text": "через HTTP"}
        async with http.post("/_control/user_writes", json=payload) as resp:
            written = (await resp.json())["result"]
        async with http.get("/_control/sent", params={"chat_id": GROUP_ID}) as resp:
            texts = [m["text"] for m in (await resp.json())["result"]]
        async with http.post("/_control/user_writes", json={"chat_id": 1}) as resp:
            assert resp.status == 400
    assert written["text"] == "через HTTP" and texts == ["one", "two"]
    assert (await bot.get_updates(timeout=0))[-1].message.text == "через HTTP"
