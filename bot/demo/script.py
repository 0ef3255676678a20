"""The people in the demo: an audience that writes, reacts and comes and goes, and a manager
who works the flag cards in the managers' chat."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from bot.demo.corpus import (
    ENDINGS,
    MANAGER_ANSWERS,
    NEGATIVE,
    NEUTRAL,
    OPENINGS,
    POSITIVE,
    POSTS,
)
from bot.demo.timeline import PrintingTimeline
from bot.demo.world import CHANNEL, GROUP, MANAGERS, DemoWorld

# Share of each kind of comment; the first comment on each platform is negative so that even a
# short demo shows the whole managers' loop.
MIX = ((NEGATIVE, 0.25), (NEUTRAL, 0.4), (POSITIVE, 0.35))


def _pick_text(rng: random.Random, used: set[str], negative: bool = False) -> str:
    roll, total, texts = rng.random(), 0.0, POSITIVE
    for candidates, share in MIX:
        total += share
        if roll < total:
            texts = candidates
            break
    if negative:
        texts = NEGATIVE
    for _ in range(50):
        body = rng.choice(texts)
        language = "en" if body[:20].isascii() else "ru"
        text = rng.choice(OPENINGS[language]) + body + rng.choice(ENDINGS[language])
        if text not in used:
            break
    used.add(text)
    return text


async def audience(world: DemoWorld, rng: random.Random, seconds: float, pace: float) -> int:
    """Write comments on both platforms for ``seconds``; returns how many were written."""
    tg, vk = world.tg, world.vk
    world.channel_posts.append(tg.channel_posts(CHANNEL, POSTS[0])["message_id"])
    world.vk_posts.append(vk.group_posts(POSTS[1])["id"])
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    written = 0
    tg_messages: list[int] = []
    used: set[str] = set()
    while loop.time() < until:
        text = _pick_text(rng, used, negative=written < 2)
        on_vk = written % 2 == 1
        index = rng.randrange(len(world.tg_members))
        if on_vk:
            user = world.vk_members[index]
            if rng.random() < 0.8:
                vk.user_comments(world.vk_posts[-1], user, text)
            else:
                vk.user_messages(user, text)
            if rng.random() < 0.5:
                vk.user_likes(user, world.vk_posts[-1])
        else:
            user = world.tg_members[index]
            if rng.random() < 0.6:
                tg_messages.append(tg.user_writes(GROUP, user, text)["message_id"])
            else:
                tg.comment_on_post(CHANNEL, world.channel_posts[-1], user, text)
            if tg_messages and rng.random() < 0.4:
                tg.user_reacts(GROUP, rng.choice(tg_messages), user, [rng.choice("👍❤🔥")])
        written += 1
        if written % 15 == 0:
            newcomer = world.vk_members[rng.randrange(len(world.vk_members))]
            vk.user_joins(newcomer)
        # Simulated people type at a human pace: this pause is the simulation, not a wait.
        await asyncio.sleep(pace)
    return written


def _flag_of(message: dict[str, Any]) -> tuple[int, str] | None:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data", "")
            if data.endswith(":reply"):
                platform = "vk" if " VK " in message.get("text", "")[:40] else "telegram"
                return int(data.split(":")[1]), platform
    return None


async def manager(world: DemoWorld, rng: random.Random, timeline: PrintingTimeline) -> None:
    """Answer the first card of each platform, then about half of the rest; resolve some."""
    tg = world.tg
    worker = world.managers[0]
    seen: set[int] = set()
    answered_platforms: set[str] = set()
    while True:
        await tg.wait_sent(
            MANAGERS, count=len(seen) + 1, timeout=3600, predicate=lambda m: _flag_of(m) is not None
        )
        for card in tg.sent(MANAGERS):
            found = _flag_of(card)
            if found is None or found[0] in seen:
                continue
            flag_id, platform = found
            seen.add(flag_id)
            roll = rng.random()
            if platform not in answered_platforms or roll < 0.5:
                try:
                    await _reply(world, card["message_id"], flag_id, worker, rng)
                except TimeoutError:
                    timeline.say(f"flag #{flag_id}: the reply prompt did not come, moving on")
                    continue
                answered_platforms.add(platform)
            elif roll < 0.75:
                tg.press_button(MANAGERS, card["message_id"], worker, f"flag:{flag_id}:resolve")
            else:
                timeline.say(f"flag #{flag_id} left open for now")


async def _reply(
    world: DemoWorld, card_id: int, flag_id: int, worker: int, rng: random.Random
) -> None:
    tg = world.tg
    tg.press_button(MANAGERS, card_id, worker, f"flag:{flag_id}:reply")
    [prompt] = await tg.wait_sent(
        MANAGERS,
        timeout=30,
        # The prompt is the bot's own reply to the card.
        predicate=lambda m: (
            (m.get("reply_to_message") or {}).get("message_id") == card_id
            and "reply_markup" not in m
        ),
    )
    tg.reply_to_bot_message(MANAGERS, worker, prompt["message_id"], rng.choice(MANAGER_ANSWERS))
