"""/flags and /stats in the managers' chat, over the emulator."""

from __future__ import annotations

import json

from bot.telegram.routers import managers as managers_router
from bot.telegram.texts import COMMANDS, help_text, t
from tests.fakes import LinkSpamClassifier
from tests.telegram.harness import GROUP, MANAGERS, flag_of, running_world

COMPLAINT = "Ужас, третий день жду заказ"
AD = "Заработок в канале t.me/easy_money"


async def ask(emu, user: int, command: str, already: int) -> str:
    """The bot's answer to ``command``, the managers' chat's message after ``already`` ones."""
    emu.user_writes(MANAGERS, user, command)
    return (await emu.wait_sent(MANAGERS, count=already + 1))[-1]["text"]


async def test_flags_lists_people_before_spam_and_counts_every_open_flag(database):
    async with running_world(database, classifier_for=lambda _c: LinkSpamClassifier()) as world:
        emu = world.emu
        emu.user_writes(GROUP, world.member, AD)
        emu.user_writes(GROUP, world.member, COMPLAINT)
        shown = await emu.wait_sent(MANAGERS, count=2)
        [ad_card] = [card for card in shown if "easy_money" in card["text"]]
        [complaint_card] = [card for card in shown if COMPLAINT in card["text"]]
        answer = await ask(emu, world.manager, "/flags", already=2)
        title, first, second = answer.splitlines()
        assert title == "Открытые флаги (2):"
        assert first.startswith(f"#{flag_of(complaint_card)} · telegram · Пётр Иванов: Ужас")
        assert second.startswith(f"#{flag_of(ad_card)} · telegram · спам · ")


async def test_flags_says_how_many_more_than_it_lists(database, monkeypatch):
    monkeypatch.setattr(managers_router, "FLAGS_LISTED", 2)
    async with running_world(database) as world:
        emu = world.emu
        for n in range(3):
            emu.user_writes(GROUP, world.member, f"{COMPLAINT} ({n})")
        await emu.wait_sent(MANAGERS, count=3)
        answer = await ask(emu, world.manager, "/flags", already=3)
        lines = answer.splitlines()
        assert lines[0] == "Открытые флаги (3):" and len(lines) == 4
        assert lines[-1].startswith("…и ещё 1:")


async def test_stats_counts_the_last_week(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.user_writes(GROUP, world.member, COMPLAINT)
        emu.user_writes(GROUP, world.member, "Спасибо, всё вкусно")
        await emu.wait_sent(MANAGERS, count=1)
        answer = await ask(emu, world.manager, "/stats", already=1)
        assert answer.startswith("За 7 дней: комментариев 2, флагов 1, отвечено 0, решено 0,")
        assert "открыто 1" in answer


async def test_a_stranger_in_the_managers_chat_gets_no_list(database):
    async with running_world(database) as world:
        emu = world.emu
        emu.user_writes(GROUP, world.member, COMPLAINT)
        await emu.wait_sent(MANAGERS, count=1)
        answer = await ask(emu, world.stranger, "/flags", already=1)
        assert answer == t("en", "outcome.refused")


async def test_help_answers_in_the_managers_language(database):
    async with running_world(database) as world:
        answer = await ask(world.emu, world.manager, "/help", already=0)
        assert answer == help_text("ru")
        for command in ("/flags", "/stats", "/schedule", "/queue", "/digest", "/negative"):
            assert command in answer


async def test_the_managers_chat_gets_a_command_menu_in_russian_and_english(database):
    async with running_world(database) as world:
        emu = world.emu
        scope = json.dumps({"chat_id": MANAGERS, "type": "chat"}, sort_keys=True)
        menus = await emu.wait_for(
            lambda: (
                [emu.commands.get(f"{scope}|{lang}") for lang in ("", "en")]
                if f"{scope}|en" in emu.commands
                else None
            )
        )
        russian, english = ([c["command"] for c in menu] for menu in menus)
        assert russian == english == [name for name, _ in COMMANDS["ru"]]
        assert menus[1][0]["description"] == "open flags"
        assert not [key for key in emu.commands if str(GROUP) in key]  # the audience sees none
